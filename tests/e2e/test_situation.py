"""The chain from problem to follow-up in a real browser: the contact person writes a situational
picture and a plan, the coordinator finds the gap; axe on each page; the pages on a phone."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from network.activities.services import activity_create
from network.models import ActionPlan, AuditEvent, SituationPicture
from network.situation import services
from tests.conftest import World
from tests.e2e.pages import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PERSONNUMMER = "19811218-9876"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"situation-{name}.png"), full_page=True)


def test_a_picture_and_a_plan_are_written_and_the_coordinator_finds_the_gap(
    tab: Page, world: World
) -> None:
    page = tab
    sign_in(page, "skola")
    page.goto("/en/")
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Situational pictures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Situational pictures")
    assert_accessible(page)
    page.get_by_role("link", name="New situational picture").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New situational picture")
    expect(page.locator("main")).to_contain_text("Aggregates only, never individuals.")
    assert_accessible(page)

    page.get_by_label("Period").fill("2026")
    first = page.get_by_role("group", name="Problem 1")
    first.get_by_label("Problem").fill("Skolfrånvaro")
    first.get_by_label("Extent").fill("12 % i årskurs 9")
    first.get_by_label("Consequences").fill("Sämre betyg, mer tid på gatan")
    second = page.get_by_role("group", name="Problem 2")
    second.get_by_label("Problem").fill("Rekrytering vid köpcentret")
    second.get_by_label("Extent").fill("Ökande sedan 2025")
    page.get_by_label("Cause analysis").fill("Få fritidsaktiviteter kvällstid")
    typed = f"Gruppen kring {PERSONNUMMER} vid torget"
    page.get_by_label("Groups and milieus that are active").fill(typed)
    page.get_by_role("button", name="Save the situational picture").click()

    # Refused: the error is at the field, the summary links to it, and the typed text is kept.
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Groups and milieus that are active")
    expect(page.get_by_label("Groups and milieus that are active")).to_have_value(typed)
    expect(page.get_by_role("group", name="Problem 2").get_by_label("Problem")).to_have_value(
        "Rekrytering vid köpcentret"
    )
    assert_accessible(page)
    _shot(page, "picture-refused")
    assert not SituationPicture.objects.exists()

    page.get_by_label("Groups and milieus that are active").fill("Två grupperingar i centrum")
    page.get_by_role("button", name="Save the situational picture").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skol- och fritidsförvaltningen")
    expect(page.get_by_role("heading", name="Detailed part")).to_be_visible()
    assert_accessible(page)
    _shot(page, "picture-detail")
    picture = SituationPicture.objects.get()
    assert AuditEvent.objects.filter(action="situation_picture.read", object_id=picture.pk).exists()

    # The plan, and a measure that answers the first problem.
    page.get_by_role("link", name="Back to situational pictures").click()
    page.get_by_role("link", name="Action plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plans")
    assert_accessible(page)
    page.get_by_role("link", name="New action plan").click()
    assert_accessible(page)
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Title").fill("Handlingsplan 2026")
    page.get_by_label("Decided by").fill("Skol- och fritidsnämnden")
    page.get_by_label("Decided on").fill("2026-02-01")
    page.get_by_label("Reference number").fill("SFN 2026/12")
    page.get_by_role("button", name="Create the action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlingsplan 2026")
    assert_accessible(page)
    page.get_by_role("link", name="Add a measure").click()
    assert_accessible(page)
    page.get_by_label("Problem the measure answers").select_option(label="2026: Skolfrånvaro")
    page.get_by_label("Measure", exact=True).fill("Närvaroteam")
    page.get_by_label("Strategic direction").select_option("prevention")
    page.get_by_label("Indicator (optional)").fill("Andel elever med hög frånvaro")
    page.get_by_label("At risk").check()
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlingsplan 2026")
    measure_item = page.locator(".chain-measure", has_text="Närvaroteam")
    expect(measure_item).to_contain_text("At risk")
    expect(measure_item).to_contain_text("No activity carries this measure out yet.")
    assert_accessible(page)
    _shot(page, "plan-detail")
    plan = ActionPlan.objects.get()
    assert plan.measures.get().problem.title == "Skolfrånvaro"

    page.locator(".chain-measure", has_text="Närvaroteam").get_by_role(
        "link", name="Record an indicator value"
    ).click()
    assert_accessible(page)
    page.get_by_label("Period").fill("2026-Q1")
    page.get_by_label("Value").fill("14.5")
    page.get_by_role("button", name="Record the value").click()
    expect(page.locator(".chain-measure", has_text="Närvaroteam")).to_contain_text("2026-Q1")
    assert_accessible(page)

    page.goto("/")
    sign_out(page)
    sign_in(page, "samordnare")
    page.goto("/en/action-plans/gaps/?period=2026-Q1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaps in the chain")
    no_measures = page.locator(
        "section", has=page.get_by_role("heading", name="Problems without measures")
    )
    expect(no_measures).to_contain_text("Rekrytering vid köpcentret")
    expect(no_measures).not_to_contain_text("Skolfrånvaro")
    no_activities = page.locator(
        "section", has=page.get_by_role("heading", name="Measures without activities")
    )
    expect(no_activities).to_contain_text("Närvaroteam")
    assert_accessible(page)
    _shot(page, "gaps")
    # The link leads to the place to act: a measure for that problem, on the department's plan.
    no_measures.get_by_role("link", name="Add a measure for Rekrytering vid köpcentret").click()
    expect(page.get_by_label("Problem the measure answers")).to_have_value(
        str(picture.problems.get(title="Rekrytering vid köpcentret").pk)
    )
    assert_accessible(page)


def _chain(world: World) -> tuple[SituationPicture, ActionPlan]:
    picture = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility="authorities",
        problems=[
            {"title": "Skolfrånvaro", "extent": "12 %", "consequences": "Sämre betyg"},
            {"title": "Rekrytering vid köpcentret", "extent": "Ökande"},
        ],
        cause_analysis="Få fritidsaktiviteter kvällstid",
        recruitment_venues="Köpcentrets entré kvällstid",
    )
    services.picture_update(
        picture=picture,
        actor=world.contact_person,
        cause_analysis="Få fritidsaktiviteter kvällstid och helger",
        areas="Centrum och Drottninghög",
    )
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan 2026 för Skol- och fritidsförvaltningen",
        decided_by_body="Skol- och fritidsnämnden",
        decided_on=date(2026, 2, 1),
        reference_number="SFN 2026/12",
    )
    statuses = ("green", "yellow", "red")
    for number, status in enumerate(statuses):
        measure = services.measure_add(
            plan=plan,
            actor=world.contact_person,
            direction=("prevention", "competence", "coordination")[number],
            problem=picture.problems.order_by("position").first(),
            title=f"Åtgärd {number + 1} med ett ganska långt namn som bryts",
            owner_organisation=world.school,
            indicator="Andel elever med hög frånvaro",
            baseline="12 %",
            target="8 %",
            status=status,
            status_comment="Enligt plan" if status == "green" else "Sen start",
        )
        services.indicator_record(
            measure=measure, actor=world.contact_person, period="2026-Q1", value=Decimal("11.5")
        )
        services.indicator_record(
            measure=measure,
            actor=world.contact_person,
            period="2026",
            value=Decimal("9"),
            kind="evaluation",
        )
        if number == 0:
            activity = activity_create(
                author=world.contact_person,
                network=world.net,
                title="Närvarocoacher på tre skolor",
                starts_on=date(2026, 2, 1),
            )
            activity.measure = measure
            activity.save()
    return picture, plan


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
def test_the_pages_fit_a_phone_and_a_desktop_and_pass_axe(
    sized,  # noqa: ANN001
    world: World,
    name: str,
    viewport: dict[str, int],
    mobile: bool,
) -> None:
    picture, plan = _chain(world)
    measure = plan.measures.order_by("pk").first()
    assert measure is not None
    page = sized(viewport, mobile)
    sign_in(page, "samordnare")
    pages = {
        "pictures": "/en/situation-pictures/",
        "picture": f"/en/situation-pictures/{picture.pk}/",
        "versions": f"/en/situation-pictures/{picture.pk}/versions/?a=1&b=2",
        "picture-edit": f"/en/situation-pictures/{picture.pk}/edit/",
        "plans": "/en/action-plans/",
        "plan": f"/en/action-plans/{plan.pk}/",
        "revise": f"/en/action-plans/{plan.pk}/revise/",
        "measure-edit": f"/en/action-plans/{plan.pk}/measures/{measure.pk}/edit/",
        "gaps": "/en/action-plans/gaps/?period=2026-Q2",
    }
    for label, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (url, width)
        assert_accessible(page)
        _shot(page, f"{label}-{name}")
    page.goto(f"/en/situation-pictures/{picture.pk}/versions/?a=1&b=2")
    changed = page.locator("tr.is-changed")
    expect(changed.first).to_contain_text("Changed")
    expect(page.locator("main")).to_contain_text("Centrum och Drottninghög")


def test_the_security_chief_approves_and_the_police_read_the_summary_only(
    tab: Page, world: World
) -> None:
    picture, plan = _chain(world)
    page = tab
    sign_in(page, "sakerhetschef")
    page.goto(f"/en/action-plans/{plan.pk}/")
    page.get_by_role("button", name="Approve the plan").click()
    expect(page.locator("main")).to_contain_text("The action plan was approved.")
    assert_accessible(page)
    page.goto("/")
    sign_out(page)
    sign_in(page, "polis")
    page.goto(f"/en/situation-pictures/{picture.pk}/")
    expect(page.get_by_role("heading", name="Mapping of problems")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Köpcentrets entré kvällstid")
    expect(page.locator("main")).to_contain_text("You read the summary.")
    assert_accessible(page)
    _shot(page, "picture-summary-only")
    page.goto("/")
    sign_out(page)
    sign_in(page, "forening")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav.get_by_role("link", name="Situational pictures")).to_have_count(0)
    for url in (f"/en/situation-pictures/{picture.pk}/", f"/en/action-plans/{plan.pk}/"):
        response = page.goto(url)
        assert response is not None and response.status == 404
