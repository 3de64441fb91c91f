"""The journey of an activity: logged by a contact person, tagged by the coordinator, reported."""

import re

import pytest
from playwright.sync_api import Page, expect

from network.models import Activity
from tests.conftest import World
from tests.e2e.pages import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e

# A valid personnummer (the tax agency's own example): the page must warn as it is typed.
IDENTITY_NUMBER = "811218-9876"


def test_logged_activity_is_tagged_by_the_coordinator_and_counted_in_the_report(
    tab: Page, world: World
) -> None:
    page = tab
    sign_in(page, "skola")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Registrera en insats"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera en insats")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Föräldravandring i Drottninghög")
    description = page.get_by_label("Beskrivning")
    description.fill(f"Samtal med {IDENTITY_NUMBER}")
    expect(page.locator(".pd-warning.is-active")).to_contain_text("personnummer")
    assert_accessible(page)
    description.fill("Föräldrar vandrar fredagskvällar tillsammans med fältassistenter.")
    expect(page.locator(".pd-warning.is-active")).to_have_count(0)
    page.get_by_label("Startdatum").fill("2026-02-13")
    page.get_by_label("Nådda deltagare").fill("25")
    page.get_by_label("Hela nätverket").check()
    page.get_by_label("Förebyggande insatser").check()
    page.get_by_role("button", name="Registrera insatsen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Föräldravandring i Drottninghög")
    expect(page.get_by_role("status")).to_contain_text("Insatsen registrerades")
    assert_accessible(page)
    activity = Activity.objects.get(title="Föräldravandring i Drottninghög")
    assert activity.tagged_at is None
    sign_out(page)

    sign_in(page, "samordnare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Taggningskö").click()
    assert_accessible(page)
    row = page.locator(f"#row-{activity.pk}")
    expect(row.get_by_label("Förebyggande insatser")).to_be_checked()
    row.get_by_role("button", name="Tagga insatsen").click()
    expect(page.get_by_role("status")).to_contain_text("1 insats taggades")
    expect(page.locator(f"#row-{activity.pk}")).to_have_count(0)
    assert_accessible(page)
    assert [d.code for d in Activity.objects.get(pk=activity.pk).directions.all()] == ["prevention"]

    page.goto(f"/insatser/{activity.pk}/")
    expect(page.locator("#tagging table")).to_contain_text("samordnare")
    expect(page.locator("#tagging table")).to_contain_text("Förebyggande insatser")
    assert_accessible(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    assert_accessible(page)
    page.get_by_label("Period", exact=True).select_option("quarter")
    page.locator("#id_from").fill("2026-01-01")
    page.locator("#id_to").fill("2026-12-31")
    page.get_by_role("button", name="Visa rapporten").click()
    assert_accessible(page)
    table = page.locator("#report-table")
    row = (
        table.locator("tbody tr")
        .filter(has=page.locator("th", has_text="2026-Q1"))
        .filter(has_text="Förebyggande insatser")
    )
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("25")
    assert page.evaluate("typeof window.Chart") == "function"
    href = page.get_by_role("link", name="Ladda ner siffrorna som CSV").get_attribute("href")
    assert href is not None
    assert href.startswith("/api/v1/reports/activities/?")
    for part in ("format=csv", "period=quarter", "from=2026-01-01", "to=2026-12-31"):
        assert part in href
    assert re.search(r"group_by=direction(&|$)", href)
