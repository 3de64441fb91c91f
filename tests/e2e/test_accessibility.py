"""Keyboard use, failed forms and hidden objects, in a real browser."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from network.activities import services as activity_services
from network.models import Activity, Visibility
from tests.conftest import World
from tests.e2e.pages import PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_keyboard_user_signs_in_and_skips_to_the_content(tab: Page, world: World) -> None:
    page = tab
    page.goto("/login/")
    assert_accessible(page)
    # The user name field has focus on arrival; the rest is typed and tabbed.
    page.keyboard.type("polis")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    assert_accessible(page)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["x"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_failed_form_shows_errors_next_to_the_fields_and_a_summary(tab: Page, world: World) -> None:
    page = tab
    sign_in(page, "forening")
    page.goto("/en/activities/new/")
    page.get_by_label("Title").fill("")
    page.get_by_label("Ends on").fill("2026-01-01")
    page.get_by_label("Starts on").fill("2026-02-01")
    page.get_by_role("button", name="Log the activity").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Title")
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title_error")).to_be_visible()
    assert "id_title_error" in (title.get_attribute("aria-describedby") or "")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)

    # The service's own check, the end before the start, is shown at its field too.
    title.fill("Football evenings")
    page.get_by_role("button", name="Log the activity").click()
    expect(page.locator("#id_ends_on_error")).to_contain_text("end date")
    assert_accessible(page)
    assert not Activity.objects.exists()


def test_civil_society_member_cannot_open_an_authorities_only_activity(
    tab: Page, world: World
) -> None:
    activity = activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Lägesbild från polisen",
        starts_on=date(2026, 3, 1),
        visibility=Visibility.AUTHORITIES,
    )
    page = tab
    sign_in(page, "forening")
    response = page.goto(f"/insatser/{activity.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    expect(page.locator("main")).not_to_contain_text("Lägesbild från polisen")
    assert_accessible(page)
    page.goto("/insatser/")
    expect(page.locator("main")).not_to_contain_text("Lägesbild från polisen")
    assert_accessible(page)
