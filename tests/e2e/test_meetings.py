"""A meeting run in a real browser, from invitation to approved minutes, with axe on each page;
the agenda reordered by keyboard alone; the meeting page on a phone."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from network.meetings import services
from network.models import ActionItem, AgendaItem, Meeting, MinutesEntry, Visibility
from tests.conftest import World
from tests.e2e.pages import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _titles(meeting: Meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("position", "pk").values_list("title", flat=True))


def _group(page: Page, name: str):  # noqa: ANN202 - a Playwright locator
    return page.get_by_role("group", name=name, exact=True)


def test_a_meeting_runs_from_invitation_to_approved_minutes(tab: Page, world: World) -> None:
    page = tab
    sign_in(page, "samordnare")
    page.goto("/en/")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    assert_accessible(page)
    page.get_by_role("link", name="New meeting").click()
    assert_accessible(page)

    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    page.get_by_label("Title").fill("Nätverksmöte i april")
    page.get_by_label("Kind").select_option("network_meeting")
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Starts at").fill("09:00")
    page.get_by_label("Ends at").fill("10:00")
    page.get_by_label("Place").fill("Rådhuset, sal 2")
    page.get_by_label("Whole network").check()
    page.get_by_label("Chair").select_option(label="samordnare (Socialförvaltningen)")
    page.get_by_label("Secretary").select_option(label="skola (Skol- och fritidsförvaltningen)")
    _group(page, "Approvers (optional)").get_by_label("polis (Polisen)").check()
    invited = _group(page, "Invited organisations (optional)")
    for name in ("Polisen", "Skol- och fritidsförvaltningen", "Socialförvaltningen"):
        invited.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Create the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nätverksmöte i april")
    assert_accessible(page)
    meeting = Meeting.objects.get(title="Nätverksmöte i april")

    # The agenda, added item by item, with the running total against the hour.
    for title, minutes in (("Lägesbild", "20"), ("Beslut om insats", "30"), ("Övrigt", "15")):
        page.locator("summary", has_text="Add an agenda item").click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Planned minutes").fill(minutes)
        page.get_by_role("button", name="Add the item").click()
        expect(page.locator("#agenda-list")).to_contain_text(title)
    expect(page.locator("#agenda-total")).to_contain_text("Over time by 5 minutes")
    assert_accessible(page)

    page.get_by_role("button", name="Schedule and send the invitations").click()
    expect(page.locator(".meeting-state")).to_contain_text("Scheduled")
    assert_accessible(page)

    # Attendance ticks.
    for person in (world.coordinator, world.police, world.contact_person):
        page.locator(f"#attendance-{person.pk}").get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status").first).to_contain_text("attendance was saved")
    assert meeting.attendance.count() == 3

    # Minutes typed during the meeting, saved by themselves when the field is left.
    items = list(meeting.agenda_items.order_by("position"))
    first = page.locator(f"#minutes-{items[0].pk}")
    first.get_by_role("radio", name="Decision").check()
    expect(first.get_by_role("status")).to_contain_text("Saved")
    first.get_by_label("Minutes").fill("Polisen redogjorde för läget i Drottninghög.")
    first.get_by_label("Decision (optional)").fill("Nätverket ställer sig bakom insatsen.")
    first.get_by_label("Decision (optional)").blur()
    # The copy kept in the browser goes once the server has the text.
    page.wait_for_function("() => localStorage.length === 0")
    expect(first.get_by_role("status")).to_contain_text("Saved")
    entry = MinutesEntry.objects.get(agenda_item=items[0])
    assert entry.text.startswith("Polisen redogjorde")
    assert entry.outcome == "decision"
    assert entry.decision == "Nätverket ställer sig bakom insatsen."

    second = page.locator(f"#minutes-{items[1].pk}")
    second.locator("summary", has_text="Add an action item").click()
    second.get_by_label("What is to be done").fill("Ta fram underlag om mötesplatser")
    second.get_by_label("Responsible organisation").select_option(label="Polisen")
    second.get_by_label("Responsible person").select_option(label="polis (Polisen)")
    second.get_by_label("Due").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    assert_accessible(page)
    second.get_by_role("button", name="Add the action item").click()
    expect(page.locator(f"#minutes-{items[1].pk}")).to_contain_text(
        "Ta fram underlag om mötesplatser"
    )
    assert ActionItem.objects.filter(meeting=meeting).count() == 1

    page.get_by_role("button", name="Mark the meeting held and number the minutes").click()
    expect(page.locator(".meeting-state")).to_contain_text("Held")
    expect(page.locator(f"#minutes-{items[0].pk}-heading")).to_contain_text("§ 1")
    assert_accessible(page)

    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator("#approval")).to_contain_text("You have approved this version.")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")

    sign_in(page, "polis")
    page.goto(f"/en/meetings/{meeting.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Approve the minutes").click()
    version = Meeting.objects.get(pk=meeting.pk).versions.get()
    expect(page.locator("[data-sha256]")).to_have_text(version.sha256)
    expect(page.locator(".meeting-state")).to_contain_text("Approved")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="My action items"
    ).click()
    expect(page.locator("main")).to_contain_text("Ta fram underlag om mötesplatser")
    assert_accessible(page)
    action = page.locator(f"#action-item-{ActionItem.objects.get().pk}")
    action.get_by_label("Status").select_option("in_progress")
    action.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("status of the action item")
    assert ActionItem.objects.get().status == "in_progress"

    page.goto("/en/meetings/?view=calendar")
    expect(page.locator("table.month-calendar caption")).to_be_visible()
    assert_accessible(page)
    page.goto("/en/")
    expect(page.get_by_role("heading", name="My open action items")).to_be_visible()
    assert_accessible(page)


def _meeting_with_agenda(world: World) -> Meeting:
    starts = timezone.now() + timedelta(days=2)
    meeting = services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title="Arbetsgruppen",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        visibility=Visibility.NETWORK,
        chair=world.coordinator,
        secretary=world.contact_person,
        invited_organisations=[world.police_org, world.school, world.social],
        agenda=[
            {"title": "Första punkten", "planned_minutes": 10},
            {"title": "Andra punkten", "planned_minutes": 20},
            {"title": "Tredje punkten", "planned_minutes": 10},
        ],
    )
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    return meeting


def test_agenda_is_reordered_with_the_keyboard_alone(tab: Page, world: World) -> None:
    meeting = _meeting_with_agenda(world)
    page = tab
    sign_in(page, "samordnare")
    page.goto(f"/en/meetings/{meeting.pk}/")
    assert_accessible(page)
    first = meeting.agenda_items.get(title="Första punkten")

    def button(name: str):  # noqa: ANN202 - a Playwright locator
        return page.locator(f"#agenda-item-{first.pk}").get_by_role("button", name=name)

    button("Move down").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-status")).to_contain_text("Moved")
    assert _titles(meeting) == ["Andra punkten", "Första punkten", "Tredje punkten"]
    # Focus stays with the moved item, so that it can be moved again at once.
    expect(button("Move down")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-list li").last).to_contain_text("Första punkten")
    assert _titles(meeting) == ["Andra punkten", "Tredje punkten", "Första punkten"]
    # At the bottom, Move down is disabled: focus is on Move up.
    expect(button("Move up")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-list li").nth(1)).to_contain_text("Första punkten")
    assert _titles(meeting) == ["Andra punkten", "Första punkten", "Tredje punkten"]
    # The minutes follow the new order.
    order = page.eval_on_selector_all("#minutes-list article", "els => els.map(e => e.id)")
    ids = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    assert order == [f"minutes-{pk}" for pk in ids]
    assert_accessible(page)


def test_minutes_typed_while_the_save_fails_are_kept_in_the_browser(
    tab: Page, world: World
) -> None:
    meeting = _meeting_with_agenda(world)
    item = meeting.agenda_items.order_by("position").first()
    assert isinstance(item, AgendaItem)
    page = tab
    sign_in(page, "samordnare")
    page.goto(f"/en/meetings/{meeting.pk}/")
    page.route("**/minutes/", lambda route: route.abort())
    section = page.locator(f"#minutes-{item.pk}")
    section.get_by_label("Minutes").fill("Text som inte får försvinna.")
    section.get_by_label("Minutes").blur()
    expect(section.get_by_role("status")).to_contain_text("Could not save")
    page.unroute("**/minutes/")
    page.reload()
    section = page.locator(f"#minutes-{item.pk}")
    expect(section.get_by_label("Minutes")).to_have_value("Text som inte får försvinna.")
    expect(section.get_by_role("status")).to_contain_text("restored")
    section.get_by_role("button", name="Save the minutes").click()
    expect(section.get_by_role("status")).to_contain_text("Saved")
    assert MinutesEntry.objects.get(agenda_item=item).text == "Text som inte får försvinna."


@pytest.fixture
def sized(browser: Browser, live_server: object, directions: None) -> Iterator[object]:
    contexts = []

    def make(viewport: dict[str, int], mobile: bool) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="sv-SE",
            viewport=viewport,
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


@pytest.mark.parametrize(
    ("name", "viewport", "mobile"), [("phone", PHONE, True), ("desktop", DESKTOP, False)]
)
def test_meeting_page_fits_a_phone_and_a_desktop(
    sized,
    world: World,
    name: str,
    viewport: dict[str, int],
    mobile: bool,  # noqa: ANN001
) -> None:
    meeting = _meeting_with_agenda(world)
    page = sized(viewport, mobile)
    sign_in(page, "samordnare")
    page.goto(f"/en/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbetsgruppen")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"meeting-{name}.png"), full_page=True)
    page.screenshot(path=str(SHOTS / f"meeting-{name}-top.png"))
    page.locator("#agenda").screenshot(path=str(SHOTS / f"meeting-{name}-agenda.png"))
    page.locator("#attendance").screenshot(path=str(SHOTS / f"meeting-{name}-attendance.png"))
    page.goto("/en/meetings/?view=calendar")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / f"calendar-{name}.png"), full_page=True)
