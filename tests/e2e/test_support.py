"""Where to turn in a real browser: the public page without signing in, on a phone and a
desktop, with and without JavaScript; the coordinator's edit; the directory. axe on each page."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from network.models import Network, SupportLine, User
from tests.conftest import World
from tests.e2e.pages import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"support-{name}.png"), full_page=True)


@pytest.fixture
def open_tab(browser: Browser, live_server: object, directions: None):  # noqa: ANN201
    """A factory of fresh tabs: viewport, language and JavaScript chosen per tab."""
    contexts = []

    def make(viewport: dict[str, int], *, locale: str = "sv-SE", javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=live_server.url,  # type: ignore[attr-defined]
            locale=locale,
            viewport=viewport,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def one_network(world: World) -> Iterator[World]:
    Network.objects.filter(pk=world.other_net.pk).delete()
    return world


def _assert_no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_visitor_without_an_account_finds_where_to_turn_on_a_phone(
    open_tab, one_network: World, javascript: bool
) -> None:
    page = open_tab(PHONE, javascript=javascript)

    page.goto("/login/")
    page.context.clear_cookies()  # the sign-in form's CSRF cookie: the support page sets none
    page.get_by_role("main").get_by_role("link", name="Vart du vänder dig").click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    police = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Polisen"))
    expect(police.get_by_role("link", name="114 14")).to_have_attribute("href", "tel:11414")
    for number, href in (
        ("010-568 70 00", "tel:0105687000"),
        ("08-527 442 90", "tel:0852744290"),
    ):
        expect(page.get_by_role("link", name=number)).to_have_attribute("href", href)
    expect(page.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    box = page.get_by_role("link", name="114 14").bounding_box()
    assert box is not None and box["height"] >= 44  # a target a thumb can tap
    assert page.context.cookies() == []  # no session, no CSRF cookie
    if javascript:  # axe and the width check run scripts of their own
        _assert_no_horizontal_scroll(page)
        assert_accessible(page)
        _shot(page, "phone-sv")


def test_the_public_page_in_english_on_a_desktop(open_tab, one_network: World) -> None:
    page = open_tab(DESKTOP, locale="en-GB")

    page.goto("/en/support/hbg/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="The Swedish Security Service")).to_be_visible()
    expect(page.get_by_role("link", name="010-568 70 00")).to_have_attribute(
        "href", "tel:0105687000"
    )
    assert_accessible(page)
    _shot(page, "desktop-en")
    page.get_by_role("link", name="Svenska").click()
    expect(page.get_by_role("heading", name="Säkerhetspolisen")).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_adds_the_citys_line_and_visitors_see_it(
    open_tab, one_network: World
) -> None:
    page = open_tab(DESKTOP)
    sign_in(page, "samordnare")
    page.goto("/en/support/hbg/")
    page.get_by_role("link", name="Edit this page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the support page")
    assert_accessible(page)

    blank = page.get_by_role("group", name="Line 4")
    blank.get_by_label("Position").fill("4")
    blank.get_by_label("Name in Swedish").fill("Helsingborgs stads stödlinje")
    blank.get_by_label("Name in English").fill("The City of Helsingborg's support line")
    blank.get_by_label("Telephone").fill("١١٤ ١٤")
    page.get_by_role("button", name="Save the support page").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Line 4")
    expect(page.get_by_role("group", name="Line 4").get_by_label("Telephone")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)
    _shot(page, "edit-refused")
    assert not SupportLine.objects.exists()

    page.get_by_role("group", name="Line 4").get_by_label("Telephone").fill("040-628 04 10")
    page.get_by_role("button", name="Save the support page").click()
    expect(page.get_by_role("link", name="040-628 04 10")).to_have_attribute(
        "href", "tel:0406280410"
    )
    assert_accessible(page)
    assert SupportLine.objects.count() == 4

    visitor = open_tab(PHONE)
    visitor.goto("/stod/")
    expect(visitor.get_by_role("heading", name="Helsingborgs stads stödlinje")).to_be_visible()
    assert_accessible(visitor)
    _shot(visitor, "phone-with-city-line")


def test_a_civil_society_member_reads_the_directory_on_a_phone(
    open_tab, one_network: World
) -> None:
    User.objects.filter(pk=one_network.contact_person.pk).update(
        first_name="Karim",
        last_name="Kontaktperson",
        email="skola@example.org",
        phone="070-174 06 12",
    )
    page = open_tab(PHONE)
    sign_in(page, "forening")

    page.goto("/en/directory/")

    expect(page.get_by_role("heading", name="Skol- och fritidsförvaltningen")).to_be_visible()
    expect(page.get_by_role("link", name="skola@example.org")).to_have_attribute(
        "href", "mailto:skola@example.org"
    )
    expect(page.get_by_role("link", name="070-174 06 12")).to_have_attribute(
        "href", "tel:0701740612"
    )
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    _shot(page, "directory-phone")

    page.get_by_role("textbox", name="Your work telephone").fill("０４２")
    page.get_by_role("button", name="Save the telephone number").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Your work telephone").fill("042-10 20 30")
    page.get_by_role("button", name="Save the telephone number").click()
    expect(page.get_by_role("textbox", name="Your work telephone")).to_have_value("042-10 20 30")
    assert_accessible(page)
