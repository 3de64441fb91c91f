"""The pages on a phone (390 px wide) and on a desktop: nothing scrolls sideways, all accessible.

Each page is saved as a screenshot under ``var/screenshots/`` for a person to look at.
"""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from network.activities import services as activity_services
from network.models import Activity, Visibility
from tests.conftest import World
from tests.e2e.pages import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 900}
DEMO_USERS = ("samordnare", "sakerhetschef", "skola", "polis", "forening", "rapport")


@pytest.fixture
def phone(browser: Browser, live_server: object, directions: None) -> Iterator[Page]:
    """A tab the size of a phone, touch and all."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=1,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _tab(browser: Browser, live_server: object, viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def tablet(browser: Browser, live_server: object, directions: None) -> Iterator[Page]:
    yield from _tab(browser, live_server, TABLET)


@pytest.fixture
def desktop(browser: Browser, live_server: object, directions: None) -> Iterator[Page]:
    yield from _tab(browser, live_server, DESKTOP)


@pytest.fixture
def listed(world: World, directions: None) -> Activity:
    """Enough activities for two pages, long names included; returns a planned one."""
    authors = [world.contact_person, world.police, world.civil, world.coordinator]
    statuses = [status for status, _label in Activity.Status.choices]
    visibilities = [Visibility.NETWORK, Visibility.AUTHORITIES, Visibility.ORGANISATION]
    for index in range(30):
        author = authors[index % len(authors)]
        activity = activity_services.activity_create(
            author=author,
            network=world.net,
            title=f"Trygghetsvandring med föräldrar och fältassistenter i Drottninghög {index}",
            description="Föräldrar vandrar fredagskvällar tillsammans med fältassistenter.",
            starts_on=date(2026, 1 + index % 12, 1 + index % 27),
            status=statuses[index % len(statuses)],
            participants_count=0 if index % 3 == 0 else 10 * index,
            visibility=visibilities[index % len(visibilities)],
            partners=[world.school, world.police_org, world.association],
            suggested_directions=["prevention", "coordination"],
        )
        if index % 2:
            activity_services.activity_tag(
                activity=activity,
                actor=world.coordinator,
                directions=["prevention", "competence", "coordination", "evaluation"],
            )
    planned = activity_services.activity_create(
        author=world.contact_person,
        network=world.net,
        title="Läxhjälp på fritidsgården i Ödåkra",
        description="Läxhjälp två kvällar i veckan, med bibliotekets personal.",
        starts_on=date(2026, 9, 1),
        place="Ödåkra",
        target_groups="Unga 13–17 år",
        visibility=Visibility.NETWORK,
        partners=[world.police_org, world.association],
        suggested_directions=["prevention"],
    )
    activity_services.update_post(
        author=world.police,
        network=world.net,
        activity=planned,
        body="Polisen är med första kvällen.",
        visibility=Visibility.NETWORK,
    )
    return planned


def _fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide"


def _look(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("username", DEMO_USERS)
def test_activity_list_fits_a_phone_for_every_demo_user(
    phone: Page, world: World, listed: Activity, username: str
) -> None:
    page = phone
    sign_in(page, username)
    page.goto("/insatser/")
    _fits(page, PHONE["width"])
    assert_accessible(page)
    _look(page, f"phone-activity-list-{username}")
    if username == "rapport":
        # A report reader reads reports only: the list does not exist for it, the report does.
        expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
        page.goto("/rapporter/")
        page.wait_for_load_state("networkidle")
        expect(page.locator("#report-table")).to_be_visible()
        _fits(page, PHONE["width"])
        assert_accessible(page)
        _look(page, "phone-report-rapport")
        return
    expect(page.get_by_role("heading", level=1)).to_have_text("Insatser")
    first_row = page.locator(".activity-table tbody tr").first
    box = first_row.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("size", ["phone", "tablet", "desktop"])
def test_pages_fit_the_screen_and_stay_accessible(
    request: pytest.FixtureRequest, world: World, listed: Activity, size: str
) -> None:
    page: Page = request.getfixturevalue(size)
    width = {"phone": PHONE, "tablet": TABLET, "desktop": DESKTOP}[size]["width"]
    sign_in(page, "samordnare")
    pages = {
        "home": "/",
        "activity-list": "/insatser/?status=planned",
        "activity-detail": f"/insatser/{listed.pk}/",
        "activity-form": "/insatser/ny/",
        "activity-edit": f"/insatser/{listed.pk}/andra/",
        "tagging-queue": "/taggning/",
        "report": "/rapporter/?period=quarter&from=2026-01-01&to=2026-12-31"
        "&group_by=direction&group_by=organisation",
        "activity-list-en": "/en/activities/",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        _fits(page, width)
        assert_accessible(page)
        _look(page, f"{size}-{name}")


def test_failed_form_fits_a_phone(phone: Page, world: World) -> None:
    page = phone
    sign_in(page, "skola")
    page.goto("/insatser/ny/")
    page.get_by_label("Beskrivning").fill("Samtal med 811218-9876 om läget.")
    page.get_by_label("Hela nätverket").check()
    page.get_by_role("button", name="Registrera insatsen").click()
    expect(page.locator(".error-summary")).to_be_focused()
    _fits(page, PHONE["width"])
    assert_accessible(page)
    _look(page, "phone-activity-form-errors")
