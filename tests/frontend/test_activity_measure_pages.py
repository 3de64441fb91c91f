"""The measure an activity carries out, on the pages: the form offers the measures the person may
link, grouped by plan; the activity shows a link to the plan to its readers only; the plan
lists the activities the reader sees; the gap page loses the measure once it is carried out.

The plans are those of ``tests/situation/plans.py``.
"""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from network.activities import services as activity_services
from network.models import Activity, Visibility
from tests.conftest import PERSONAS, World
from tests.situation.plans import Plans, make_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(world: World) -> Plans:
    return make_plans(world)


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.persona(name))
    return client


def _offered(page: str) -> dict[str, list[str]]:
    """The measure select's options, by the label of their group."""
    match = re.search(r'<select name="measure".*?</select>', page, re.S)
    if match is None:
        return {}
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', match.group(0), re.S)
    return {
        label: re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', options)
        for label, options in groups
    }


SCHOOL = "Skol- och fritidsförvaltningen, action plan 2026"
SOCIAL = "Socialförvaltningen, action plan 2026"
OFFERED = {
    "coordinator": {SCHOOL: ["Närvaroteam", "Kvällspatrullering"], SOCIAL: ["Uppsökande arbete"]},
    "contact_person": {SCHOOL: ["Närvaroteam", "Kvällspatrullering"]},
    "police": {SCHOOL: ["Kvällspatrullering"]},
    "civil": {},
    # The department of the other network's plan: its measures, in its own network only.
    "other_member": {"Grannkommunen, action plan 2026": ["Grannkommunens åtgärd"]},
}
LOG_PAGE = {
    "coordinator": 200,
    "security_chief": 403,
    "contact_person": 200,
    "police": 200,
    "civil": 200,
    "report_reader": 404,
    "outsider": 404,
    "other_member": 200,
}


@pytest.mark.parametrize("name", PERSONAS)
def test_the_form_offers_each_persona_the_measures_it_may_link_grouped_by_plan(
    world: World, plans: Plans, name: str
) -> None:
    response = _client(world, name).get(_english("frontend:activity_create"))

    assert response.status_code == LOG_PAGE[name]
    page = response.content.decode()
    assert _offered(page) == OFFERED.get(name, {})
    if not OFFERED.get(name):
        assert 'name="measure"' not in page
        assert "Närvaroteam" not in page


def _english(name: str, *args: object) -> str:
    """The page in English, where the labels the test reads are not translated."""
    with translation.override("en"):
        return reverse(name, args=args)


def _activity_data(world: World, **overrides: object) -> dict[str, object]:
    return {
        "network": world.net.pk,
        "title": "Närvarocoacher",
        "organisation": world.police_org.pk,
        "status": "planned",
        "starts_on": "2026-05-08",
        "participants_count": "0",
        "visibility": "network",
        **overrides,
    }


def test_the_police_log_an_activity_carrying_out_their_measure(world: World, plans: Plans) -> None:
    response = _client(world, "police").post(
        reverse("frontend:activity_create"), _activity_data(world, measure=plans.patrols.pk)
    )

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.measure == plans.patrols


@pytest.mark.parametrize("measure", ["attendance", "outreach", "elsewhere"])
def test_a_measure_the_form_does_not_offer_is_refused_and_nothing_is_logged(
    world: World, plans: Plans, measure: str
) -> None:
    response = _client(world, "police").post(
        reverse("frontend:activity_create"),
        _activity_data(world, measure=getattr(plans, measure).pk),
    )

    assert response.status_code == 200
    assert 'id="id_measure_error"' in response.content.decode()
    assert not Activity.objects.exists()


@pytest.fixture
def linked(world: World, plans: Plans) -> Activity:
    activity = activity_services.activity_create(
        author=world.civil,
        network=world.net,
        title="Läxhjälp i föreningslokalen",
        starts_on=date(2026, 3, 2),
        partners=[world.school],
        visibility=Visibility.NETWORK,
    )
    return activity_services.activity_update(
        activity=activity, actor=world.coordinator, measure=plans.attendance
    )


def test_civil_society_edits_its_activity_without_seeing_or_losing_the_measure(
    world: World, plans: Plans, linked: Activity
) -> None:
    client = _client(world, "civil")
    url = reverse("frontend:activity_edit", args=[linked.pk])
    page = client.get(url).content.decode()
    assert 'name="measure"' not in page
    assert "Närvaroteam" not in page

    response = client.post(
        url,
        _activity_data(
            world,
            title="Läxhjälp, ny titel",
            organisation=world.association.pk,
            partners=[world.school.pk],
        ),
    )

    assert response.status_code == 302
    activity = Activity.objects.get(pk=linked.pk)
    assert (activity.title, activity.measure_id) == ("Läxhjälp, ny titel", plans.attendance.pk)


def test_the_edit_form_shows_the_current_measure_chosen(
    world: World, plans: Plans, linked: Activity
) -> None:
    page = _client(world, "coordinator").get(_english("frontend:activity_edit", linked.pk))

    assert _offered(page.content.decode())[SCHOOL] == ["Närvaroteam", "Kvällspatrullering"]
    assert f'<option value="{plans.attendance.pk}" selected>Närvaroteam</option>' in (
        page.content.decode()
    )


SHOWS_THE_PLAN = {
    "coordinator": True,
    "security_chief": True,
    "contact_person": True,
    "police": True,
    "civil": False,
}


@pytest.mark.parametrize("name", SHOWS_THE_PLAN)
def test_the_activity_links_its_measure_s_plan_for_those_who_read_it(
    world: World, plans: Plans, linked: Activity, name: str
) -> None:
    response = _client(world, name).get(reverse("frontend:activity_detail", args=[linked.pk]))

    page = response.content.decode()
    plan_url = reverse("frontend:action_plan_detail", args=[plans.school_plan.pk])
    assert response.status_code == 200
    assert (f'href="{plan_url}"' in page) is SHOWS_THE_PLAN[name]
    assert ("Närvaroteam" in page) is SHOWS_THE_PLAN[name]


def test_the_plan_lists_only_the_activities_its_reader_sees(
    world: World, plans: Plans, linked: Activity
) -> None:
    hidden = activity_services.activity_create(
        author=world.coordinator,
        network=world.net,
        title="Socialtjänstens interna planering",
        starts_on=date(2026, 3, 9),
        visibility=Visibility.ORGANISATION,
        measure=plans.attendance,
    )
    url = reverse("frontend:action_plan_detail", args=[plans.school_plan.pk])

    coordinator = _client(world, "coordinator").get(url).content.decode()
    police = _client(world, "police").get(url).content.decode()

    assert linked.title in coordinator and hidden.title in coordinator
    assert linked.title in police and hidden.title not in police


def _without_activities(page: str) -> str:
    match = re.search(r'aria-labelledby="no-activities-heading".*?</section>', page, re.S)
    assert match is not None
    return match.group(0)


def test_the_gap_page_loses_the_measure_once_an_activity_carries_it_out(
    world: World, plans: Plans
) -> None:
    client = _client(world, "coordinator")
    url = reverse("frontend:gaps")
    before = _without_activities(client.get(url, {"period": "2026-Q1"}).content.decode())
    assert "Kvällspatrullering" in before

    _client(world, "police").post(
        reverse("frontend:activity_create"), _activity_data(world, measure=plans.patrols.pk)
    )

    after = _without_activities(client.get(url, {"period": "2026-Q1"}).content.decode())
    assert "Kvällspatrullering" not in after
    assert "Närvaroteam" in after
