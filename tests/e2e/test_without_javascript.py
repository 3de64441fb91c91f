"""The forms work without JavaScript: the reason for publishing an identity number included."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from network.models import Activity, AuditEvent
from tests.conftest import World
from tests.e2e.pages import PASSWORD

pytestmark = pytest.mark.e2e

IDENTITY_NUMBER = "811218-9876"


@pytest.fixture
def no_script(browser: Browser, live_server: object, directions: None) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_reason_for_an_identity_number_can_be_given_without_javascript(
    no_script: Page, world: World
) -> None:
    page = no_script
    # Signed in by hand: the accessibility check of ``sign_in`` runs a script, which is off here.
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill("skola")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    page.goto("/insatser/ny/")
    reason = page.get_by_label("Skäl att publicera ett personnummer")
    expect(reason).to_be_visible()
    expect(page.locator("#id_personal_data_reason_helptext")).to_be_visible()

    page.get_by_label("Titel").fill("Samtal i Drottninghög")
    page.get_by_label("Beskrivning").fill(f"Samtal med {IDENTITY_NUMBER}.")
    page.get_by_label("Startdatum").fill("2026-02-13")
    page.get_by_label("Hela nätverket").check()
    reason.fill("Uppgiften behövs för samordningen.")
    page.get_by_role("button", name="Registrera insatsen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Samtal i Drottninghög")
    assert Activity.objects.filter(title="Samtal i Drottninghög").exists()
    assert AuditEvent.objects.filter(action="personal_data.published").count() == 1
