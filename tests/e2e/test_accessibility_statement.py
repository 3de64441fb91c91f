"""The accessibility statement in a real browser, on a phone: no axe violations, the feedback
form filled and sent with the keyboard alone (the honeypot out of the way), errors shown and
announced, and screenshots for a person to look at."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from network.models import AccessibilityFeedback
from tests.conftest import World
from tests.e2e.pages import assert_accessible

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at
PHONE = {"width": 390, "height": 844}


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"accessibility-{name}.png"), full_page=True)


def _no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def phone(browser: Browser, live_server: object, directions: None) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,  # type: ignore[attr-defined]
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="sv-SE",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_statement_reads_well_on_a_phone_in_swedish(phone: Page, world: World) -> None:
    page = phone
    page.goto("/stod/")
    page.locator("footer a[href^='/tillganglighet/']").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("redogörelse för Samverkan")
    expect(page.get_by_role("link", name="digg.se")).to_have_attribute(
        "href", "https://www.digg.se/"
    )
    expect(page.locator("#id_page_url")).to_have_value("/stod/")  # the page it came from
    expect(page.locator("#id_website")).to_be_hidden()
    _no_horizontal_scroll(page)
    assert_accessible(page)
    _shot(page, "phone-sv")


def test_a_visitor_reports_a_problem_with_the_keyboard_alone(phone: Page, world: World) -> None:
    page = phone
    page.goto("/en/support/")
    page.locator("footer a[href^='/en/accessibility/']").click()
    assert_accessible(page)

    # Sent empty first: the summary takes focus and leads to the field.
    page.locator("#id_message").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send the report")).to_be_focused()
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    message = page.get_by_label("The problem you came across")
    expect(message).to_have_attribute("aria-invalid", "true")
    assert "id_message_error" in (message.get_attribute("aria-describedby") or "")
    assert_accessible(page)
    _shot(page, "phone-en-error")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the link in the summary
    expect(message).to_be_focused()
    page.keyboard.type("The meeting agenda cannot be reordered with a screen reader.")
    page.keyboard.press("Tab")
    expect(page.locator("#id_page_url")).to_be_focused()
    expect(page.locator("#id_page_url")).to_have_value("/en/support/")
    page.keyboard.press("Control+A")
    page.keyboard.type("/en/meetings/")
    page.keyboard.press("Tab")
    expect(page.locator("#id_email")).to_be_focused()
    page.keyboard.type("anna@example.org")
    page.keyboard.press("Tab")
    # The honeypot is skipped: from the e-mail field straight to the button.
    expect(page.get_by_role("button", name="Send the report")).to_be_focused()
    page.keyboard.press("Enter")

    status = page.get_by_role("status")
    expect(status).to_contain_text("Thank you")
    assert page.url.endswith("/en/accessibility/")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page_url == "/en/meetings/"
    assert feedback.email == "anna@example.org"
    assert feedback.language == "en"
    _no_horizontal_scroll(page)
    assert_accessible(page)
    _shot(page, "phone-en-sent")
