"""The main menu for every demo persona, on a phone (390 px) and a desktop (1280 px): each entry
the role has is shown, reached by Tab in order, and marked aria-current on its page; the header
never scrolls sideways; entries the role must not have are absent.

The menu is a <details>: on a phone its "Menu" button (the summary) opens it, by tap or by
keyboard, with JavaScript or without; on a desktop every entry is shown without opening anything.
"""

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from network.activities import services as activity_services
from network.events.models import Notification
from network.models import Visibility
from tests.conftest import World
from tests.e2e.pages import PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Every entry of the main menu, in its order (Swedish labels, as a person reads them).
ENTRIES = (
    "Start",
    "Insatser",
    "Möten",
    "Mina uppdrag",
    "Registrera en insats",
    "Taggningskö",
    "Lägesbilder",
    "Kunskapsbank",
    "Kontaktpersoner",
    "Rapporter",
)
WORK = ("Start", "Insatser", "Möten", "Mina uppdrag")
SHARED = ("Kunskapsbank", "Kontaktpersoner", "Rapporter")
# What each demo persona's menu holds (tests/conftest.py: the same users and roles as the demo).
MENUS = {
    "samordnare": ENTRIES,
    "sakerhetschef": (*WORK, "Lägesbilder", *SHARED),
    "skola": (*WORK, "Registrera en insats", "Lägesbilder", *SHARED),
    "polis": (*WORK, "Registrera en insats", "Lägesbilder", *SHARED),
    "forening": (*WORK, "Registrera en insats", *SHARED),
    "rapport": ("Start", "Rapporter"),
}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
PHONE_HEADER_MAX = 160  # px: the header on a phone, menu closed, before the page's heading
MENU_BUTTON = re.compile(r"^(Meny|Menu)\b")  # the Swedish word comes with the translations

# The entry's own words, without the unread badge that "Start" may carry.
LABELS_JS = """nav => [...nav.querySelectorAll('a')].map(a => a.childNodes[0].textContent.trim())"""
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const nav = el.closest('nav[aria-label]');
  return {
    nav: nav ? nav.getAttribute('aria-label') : null,
    inMain: el.closest('main') !== null,
    tag: el.tagName.toLowerCase(),
    cls: el.className || '',
    text: [...el.childNodes].map(n => n.nodeType === 3 ? n.textContent : '').join('').trim()
      || (el.childNodes.length ? (el.childNodes[0].textContent || '').trim() : ''),
  };
}"""
HEADER_JS = """() => {
  const header = document.querySelector('.site-header');
  const main = document.querySelector('main');
  const h1 = document.querySelector('main h1');
  return {
    headerScroll: header.scrollWidth,
    headerClient: header.clientWidth,
    headerHeight: Math.round(header.getBoundingClientRect().height),
    h1Top: h1 ? Math.round(h1.getBoundingClientRect().top + window.scrollY) : null,
    mainTop: Math.round(main.getBoundingClientRect().top + window.scrollY),
    navRows: new Set([...document.querySelectorAll('.site-header nav a')]
      .map(a => Math.round(a.getBoundingClientRect().top))).size,
    docScroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  };
}"""


@pytest.fixture
def sized(browser: Browser, live_server: object, directions: None) -> Iterator[object]:
    contexts = []

    def make(size: str) -> Page:
        mobile = size == "phone"
        context = browser.new_context(
            base_url=live_server.url,  # type: ignore[attr-defined]
            locale="sv-SE",
            viewport=SIZES[size],
            is_mobile=mobile,
            has_touch=mobile,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def _menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name=re.compile(r"^(Huvudmeny|Main menu)$"))


def _button(page: Page) -> Locator:
    """The summary that opens and closes the main menu (shown on a phone only)."""
    return page.locator("details.site-menu > summary")


def _open(page: Page) -> None:
    """Open the main menu if it is closed behind its button, as a person on a phone does."""
    if _button(page).is_visible() and page.locator("details.site-menu[open]").count() == 0:
        _button(page).click()
    expect(_menu(page)).to_be_visible()


def _entry(page: Page, label: str) -> Locator:
    """The menu's link for an entry, found by its own words (a badge may follow "Start")."""
    return _menu(page).locator("a").filter(has_text=label).first


def _shot(page: Page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"nav-{name}.png"), full_page=full_page)


def _header_fits(page: Page, width: int) -> dict[str, int]:
    metrics = page.evaluate(HEADER_JS)
    assert metrics["headerScroll"] <= metrics["headerClient"], (page.url, metrics)
    assert metrics["docScroll"] <= width, (page.url, metrics)
    for link in _menu(page).locator("a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            page.url,
            link.inner_text(),
            box,
        )
    return metrics


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("persona", list(MENUS))
def test_the_main_menu_for_each_persona(sized, world: World, persona: str, size: str) -> None:
    page: Page = sized(size)
    width = SIZES[size]["width"]
    sign_in(page, persona)
    page.goto("/")
    expected = list(MENUS[persona])

    if size == "phone":
        # Closed, the menu is a button beside the brand: the header stays short.
        expect(_button(page)).to_be_visible()
        expect(_button(page)).to_have_text(MENU_BUTTON)
        expect(_menu(page)).to_be_hidden()
        metrics = _header_fits(page, width)
        assert metrics["headerHeight"] <= PHONE_HEADER_MAX, metrics
        brand = page.locator(".site-header .brand").bounding_box()
        button = _button(page).bounding_box()
        assert brand is not None and button is not None
        assert abs(brand["y"] - button["y"]) < 10, (brand, button)  # on the same row
        assert button["height"] >= 44 and button["width"] >= 44, button
        _open(page)
    else:
        # Every entry is shown at once: there is no button to press.
        expect(_button(page)).to_be_hidden()

    # Exactly the role's entries, in order, each visible and inside the screen.
    assert _menu(page).evaluate(LABELS_JS) == expected
    for label in expected:
        expect(_entry(page, label)).to_be_visible()
        if size == "phone":  # rows a finger hits
            box = _entry(page, label).bounding_box()
            assert box is not None and box["height"] >= 44, (label, box)
    for label in set(ENTRIES) - set(expected):
        expect(_menu(page).get_by_role("link", name=label)).to_have_count(0)
    metrics = _header_fits(page, width)
    _shot(page, f"{persona}-{size}")
    _shot(page, f"{persona}-{size}-full", full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with (SHOTS / "nav-metrics.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps({"persona": persona, "size": size, **metrics}) + "\n")

    # The keyboard reaches every entry, in the menu's order, before the content: brand, (on a
    # phone the Menu button, opened with Enter), the entries, language, the person's own account
    # page (their name), sign out, then content.
    page.goto("/")
    reached: list[str] = []
    order: list[str] = []
    for _ in range(len(expected) + 14):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or focused["inMain"]:
            order.append("content")
            break
        if focused["tag"] == "summary":
            order.append("menu-button")
            assert size == "phone", "the Menu button is hidden on a desktop"
            page.keyboard.press("Enter")
            expect(_menu(page)).to_be_visible()
            continue
        kind = {"Huvudmeny": "menu", "Språk": "language"}.get(focused["nav"] or "", "")
        if not kind:
            kind = {"brand": "brand", "skip-link": "skip"}.get(focused["cls"], "")
        if not kind and focused["tag"] == "button":
            kind = "sign-out"
        if not kind and focused["cls"] == "who":
            kind = "account"
        if not order or order[-1] != kind:
            order.append(kind)
        if focused["nav"] == "Huvudmeny":
            reached.append(focused["text"])
            if len(reached) == len(expected):
                box = page.evaluate(
                    "() => { const r = document.activeElement.getBoundingClientRect();"
                    " return [r.left, r.right, r.top, r.bottom]; }"
                )
                assert box[0] >= 0 and box[1] <= width, box  # the focused entry is on screen
                assert box[2] >= 0 and box[3] <= SIZES[size]["height"], box
                _shot(page, f"{persona}-{size}-focus")
    assert reached == expected
    button = ["menu-button"] if size == "phone" else []
    assert order == [
        "skip",
        "brand",
        *button,
        "menu",
        "language",
        "account",
        "sign-out",
        "content",
    ], order

    # Each entry's page marks that entry, and only it, as the current page.
    for label in expected:
        page.goto("/")
        _open(page)
        _entry(page, label).click()
        page.wait_for_load_state("load")
        if size == "phone":  # a new page: the menu is closed again, the heading close by
            expect(_menu(page)).to_be_hidden()
            assert page.evaluate(HEADER_JS)["headerHeight"] <= PHONE_HEADER_MAX
            _open(page)
        current = _menu(page).locator("a[aria-current='page']")
        expect(current).to_have_count(1)
        expect(current).to_contain_text(label)
        _header_fits(page, width)
        if size == "phone":
            assert_accessible(page)


def test_civil_society_has_no_situational_pictures_even_by_url(sized, world: World) -> None:
    page: Page = sized("phone")
    sign_in(page, "forening")
    _open(page)
    expect(_menu(page).get_by_role("link", name="Lägesbilder")).to_have_count(0)
    expect(_menu(page).get_by_role("link", name="Taggningskö")).to_have_count(0)
    for url in ("/en/situation-pictures/", "/en/action-plans/"):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
    page.goto("/en/")
    _open(page)
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link")).to_have_count(8)
    expect(
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Situational pictures"
        )
    ).to_have_count(0)


def _unread(world: World, user: object, count: int) -> None:
    """Unread notifications for a person, about an activity the whole network sees."""
    activity = activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Trygghetsvandring i Dalhem",
        starts_on=date(2026, 5, 1),
        visibility=Visibility.NETWORK,
    )
    Notification.objects.filter(recipient=user).delete()
    for index in range(count):
        Notification.objects.create(
            recipient=user,
            event=Notification.Event.ACTIVITY_CREATED,
            object_type="activity",
            object_id=activity.pk,
            network=world.net,
            title=f"Ny insats {index + 1}",
            url="/",
        )


def test_the_phone_menu_opens_and_closes_by_tap_and_by_keyboard(sized, world: World) -> None:
    _unread(world, world.civil, 3)
    page: Page = sized("phone")
    sign_in(page, "forening")
    page.goto("/kunskapsbank/")
    button = _button(page)
    metrics = _header_fits(page, PHONE["width"])
    assert metrics["headerHeight"] <= PHONE_HEADER_MAX, metrics
    assert metrics["h1Top"] is not None and metrics["h1Top"] <= PHONE_HEADER_MAX + 40, metrics

    # Closed, the button carries the unread count, which "Start" carries inside the menu.
    expect(button.locator(".badge")).to_be_visible()
    expect(button.locator(".badge")).to_have_text("3 olästa")
    expect(_menu(page)).to_be_hidden()

    # A tap opens it: a full-width list, below the brand and the button; the current page marked.
    button.tap()
    expect(_menu(page)).to_be_visible()
    expect(_entry(page, "Start").locator(".badge")).to_be_visible()
    expect(button.locator(".badge")).to_be_hidden()  # said once: on "Start"
    expect(_menu(page).locator("a[aria-current='page']")).to_have_text("Kunskapsbank")
    menu_box = _menu(page).bounding_box()
    assert menu_box is not None and menu_box["width"] >= PHONE["width"] - 2, menu_box
    assert menu_box["y"] >= button.bounding_box()["y"] + 44 - 1, menu_box
    _header_fits(page, PHONE["width"])
    assert_accessible(page)
    # ... and another tap closes it.
    button.tap()
    expect(_menu(page)).to_be_hidden()

    # The keyboard: the button takes focus, Enter and Space toggle it, Escape closes it.
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(_menu(page)).to_be_visible()
    page.keyboard.press("Enter")
    expect(_menu(page)).to_be_hidden()
    page.keyboard.press("Space")
    expect(_menu(page)).to_be_visible()
    page.keyboard.press("Tab")
    expect(_entry(page, "Start")).to_be_focused()
    page.keyboard.press("Escape")
    expect(_menu(page)).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(_menu(page)).to_be_visible()
    page.keyboard.press("Space")
    expect(_menu(page)).to_be_hidden()

    # Opened and followed: the entry's page comes, with the menu closed.
    button.tap()
    _entry(page, "Möten").tap()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(_menu(page)).to_be_hidden()
    expect(page.locator(".site-menu nav a[aria-current='page']")).to_have_text("Möten")


def test_on_a_desktop_every_entry_shows_without_opening_anything(sized, world: World) -> None:
    _unread(world, world.coordinator, 2)
    page: Page = sized("desktop")
    sign_in(page, "samordnare")
    page.goto("/")
    expect(_button(page)).to_be_hidden()
    for label in ENTRIES:
        expect(_entry(page, label)).to_be_visible()
    expect(_entry(page, "Start").locator(".badge")).to_have_text("2 olästa")
    metrics = _header_fits(page, DESKTOP["width"])
    # Brand and tools on one row, the entries on one more: no longer a wall of links.
    assert metrics["headerHeight"] <= 130, metrics
    rows = page.evaluate(
        "() => new Set([...document.querySelectorAll('.site-menu nav a')]"
        ".map(a => Math.round(a.getBoundingClientRect().top))).size"
    )
    assert rows == 1, rows
    for language in ("/", "/en/"):
        page.goto(language)
        rows = page.evaluate(
            "() => new Set([...document.querySelectorAll('.site-menu nav a')]"
            ".map(a => Math.round(a.getBoundingClientRect().top))).size"
        )
        assert rows == 1, (language, rows)


def test_without_css_details_content_the_menu_button_stays_and_works(sized, world: World) -> None:
    """A browser without ::details-content (the rule removed here): the Menu button is kept on
    a desktop; the script opens the menu there, and without the script the button opens it."""
    page: Page = sized("desktop")
    sign_in(page, "samordnare")
    page.goto("/")
    page.evaluate(
        """() => {
          for (const sheet of document.styleSheets) {
            const drop = (rules) => {
              for (let i = rules.length - 1; i >= 0; i--) {
                const rule = rules[i];
                if (rule.conditionText && rule.conditionText.includes('details-content')) {
                  rule.parentRule ? rule.parentRule.deleteRule(i) : sheet.deleteRule(i);
                } else if (rule.cssRules) { drop(rule.cssRules); }
              }
            };
            drop(sheet.cssRules);
          }
        }"""
    )
    menu = page.locator("details.site-menu")
    menu.evaluate("details => details.classList.remove('is-always-open')")
    menu.evaluate("details => { details.open = false; }")
    expect(_button(page)).to_be_visible()
    expect(_menu(page)).to_be_hidden()
    _button(page).click()
    expect(_menu(page)).to_be_visible()
    for label in ENTRIES:
        expect(_entry(page, label)).to_be_visible()
    _header_fits(page, DESKTOP["width"])


@pytest.fixture
def no_script(browser: Browser, live_server: object, directions: None) -> Iterator[object]:
    contexts = []

    def make(size: str) -> Page:
        context = browser.new_context(
            base_url=live_server.url,  # type: ignore[attr-defined]
            locale="sv-SE",
            viewport=SIZES[size],
            java_script_enabled=False,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def _sign_in_by_hand(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")


def test_without_javascript_the_menu_opens_on_a_phone_and_shows_on_a_desktop(
    no_script, world: World
) -> None:
    page: Page = no_script("phone")
    _sign_in_by_hand(page, "forening")
    expect(_menu(page)).to_be_hidden()
    _button(page).click()
    expect(_menu(page)).to_be_visible()
    _entry(page, "Kunskapsbank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunskapsbank")
    _button(page).click()
    expect(_menu(page).locator("a[aria-current='page']")).to_have_text("Kunskapsbank")
    _button(page).click()
    expect(_menu(page)).to_be_hidden()

    desktop: Page = no_script("desktop")
    _sign_in_by_hand(desktop, "forening")
    expect(_button(desktop)).to_be_hidden()
    for label in MENUS["forening"]:
        expect(_entry(desktop, label)).to_be_visible()


@pytest.mark.parametrize("persona", ["samordnare", "forening"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_screenshots_of_the_menu(sized, world: World, persona: str, language: str) -> None:
    """For a person to look at: /tmp/shots/menu-<persona>-<language>-<view>.png."""
    user = world.coordinator if persona == "samordnare" else world.civil
    if persona == "forening" and language == "sv":  # and the sign-in page, with no menu
        for size in ("phone", "desktop"):
            visitor: Page = sized(size)
            visitor.goto("/login/")
            expect(_button(visitor)).to_have_count(0)
            _header_fits(visitor, SIZES[size]["width"])
            SHOTS.mkdir(parents=True, exist_ok=True)
            visitor.screenshot(path=str(SHOTS / f"menu-signed-out-{size}.png"))
    _unread(world, user, 4)
    home = "/" if language == "sv" else "/en/"
    for size in ("phone", "desktop"):
        page: Page = sized(size)
        sign_in(page, persona)
        page.goto(home)
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = f"menu-{persona}-{language}"
        if size == "phone":
            page.screenshot(path=str(SHOTS / f"{name}-phone-closed.png"))
            _button(page).tap()
            expect(_menu(page)).to_be_visible()
            page.screenshot(path=str(SHOTS / f"{name}-phone-open.png"))
            _button(page).tap()
            _button(page).focus()
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.screenshot(path=str(SHOTS / f"{name}-phone-focus.png"))
        else:
            page.screenshot(path=str(SHOTS / f"{name}-desktop.png"))
            page.goto("/kunskapsbank/" if language == "sv" else "/en/knowledge/")
            page.screenshot(path=str(SHOTS / f"{name}-desktop-knowledge.png"))
            page.set_viewport_size({"width": 820, "height": 900})
            page.screenshot(path=str(SHOTS / f"{name}-tablet.png"))


def test_without_details_content_the_script_opens_the_menu_on_a_wide_screen(
    sized, world: World
) -> None:
    """samverkan.js, told that ::details-content is missing: open from 48rem on, closed below."""
    page: Page = sized("desktop")
    page.add_init_script("CSS.supports = () => false;")
    sign_in(page, "samordnare")
    page.goto("/")
    menu = page.locator("details.site-menu")
    expect(menu).to_have_attribute("open", "")
    expect(menu).to_have_class(re.compile(r"\bis-always-open\b"))
    expect(_button(page)).to_be_hidden()
    for label in ENTRIES:
        expect(_entry(page, label)).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(menu).not_to_have_attribute("open", "")
    expect(_button(page)).to_be_visible()
    _button(page).click()
    expect(_menu(page)).to_be_visible()
