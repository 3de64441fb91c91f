"""The admin's page of an activity shows the measure it carries out only to whoever reads the
measure's action plan, as the pages and the API do: opening the activity there is not enough.

The plans are those of ``tests/situation/plans.py``. Four activities of the network, each
carrying out one measure (or none):

| activity  | measure (plan)                        | the plan is read by, of the admin's users  |
|-----------|---------------------------------------|--------------------------------------------|
| school    | Närvaroteam (school, authorities)     | coordinator, security chief, superuser     |
| social    | Uppsökande arbete (social, own)       | coordinator, security chief, superuser     |
| elsewhere | Grannkommunens åtgärd (other network) | superuser                                  |
| none      | none                                  |                                            |

Every persona is staff with every model permission (the rules, not the staff flag, keep the
admin shut); a coordinator from a civil-society association opens the activities of the network
it coordinates but reads no plan at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from network.models import Activity, Measure, Role, User, Visibility
from tests.api.personas import each_persona
from tests.conftest import PERSONAS, World
from tests.factories import ActivityFactory, person
from tests.network.test_admin import make_coordinator_staff, make_security_staff
from tests.situation.plans import make_plans

pytestmark = pytest.mark.django_db

ACTIVITIES = ("school", "social", "elsewhere", "none")
# The measure each persona is shown on each activity's page, by activity: True shown, False
# withheld; a status other than 200 for those who do not open the page at all.
EVERYTHING_BUT_ELSEWHERE = {"school": True, "social": True, "elsewhere": False, "none": False}
NOTHING = dict.fromkeys(ACTIVITIES, False)


@dataclass
class Scene:
    world: World
    activities: dict[str, Activity]
    measures: dict[str, Measure]
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name] if name in self.users else self.world.persona(name)

    def web(self, name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(self.user(name))
        return client

    def page(self, name: str | None, activity: str) -> Any:
        return self.web(name).get(f"/admin/network/activity/{self.activities[activity].pk}/change/")


def _carrying_out(world: World, title: str, measure: Measure | None) -> Activity:
    activity = ActivityFactory(
        network=world.net,
        organisation=world.social,
        title=title,
        visibility=Visibility.AUTHORITIES,
    )
    # Written as the database holds it: the services link only a measure of the same network.
    Activity.objects.filter(pk=activity.pk).update(measure=measure)
    activity.refresh_from_db()
    return activity


@pytest.fixture
def scene(world: World) -> Scene:
    make_coordinator_staff(world.coordinator)
    make_security_staff(world.security_chief)
    every_permission = Permission.objects.filter(content_type__app_label="network")
    for name in PERSONAS:
        if name not in ("coordinator", "security_chief"):
            user = world.persona(name)
            user.is_staff = True
            user.save()
            user.user_permissions.set(every_permission)
    civil_coordinator = make_coordinator_staff(
        person("foreningssamordnare", world.association, world.net, Role.Code.COORDINATOR)
    )
    superuser = User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests")
    plans = make_plans(world)
    measures = {
        "school": plans.attendance,
        "social": plans.outreach,
        "elsewhere": plans.elsewhere,
    }
    activities = {
        name: _carrying_out(world, f"Insats {name}", measures.get(name)) for name in ACTIVITIES
    }
    return Scene(
        world=world,
        activities=activities,
        measures=measures,
        users={"civil_coordinator": civil_coordinator, "superuser": superuser},
    )


ANSWERS = [
    *each_persona(
        coordinator=(200, EVERYTHING_BUT_ELSEWHERE),
        security_chief=(200, EVERYTHING_BUT_ELSEWHERE),
        contact_person=(403, NOTHING),
        police=(403, NOTHING),
        civil=(403, NOTHING),
        report_reader=(403, NOTHING),
        outsider=(403, NOTHING),
        other_member=(403, NOTHING),
        anonymous=(302, NOTHING),
    ),
    pytest.param("civil_coordinator", (200, NOTHING), id="civil_coordinator"),
    pytest.param(
        "superuser", (200, {**EVERYTHING_BUT_ELSEWHERE, "elsewhere": True}), id="superuser"
    ),
]


@pytest.mark.parametrize("activity", ACTIVITIES)
@pytest.mark.parametrize(("name", "answer"), ANSWERS)
def test_the_activity_s_page_shows_its_measure_only_to_a_reader_of_the_plan(
    scene: Scene, name: str | None, answer: tuple[int, dict[str, bool]], activity: str
) -> None:
    status, shown = answer

    response = scene.page(name, activity)

    assert response.status_code == status
    html = response.content.decode()
    for measure in scene.measures.values():
        assert (measure.title in html) is (
            status == 200 and shown[activity] and measure == scene.measures.get(activity)
        )
    if status != 200:
        return
    assert scene.activities[activity].title in html
    form = response.context["adminform"]
    assert "measure" not in form.form.fields  # never a field to write
    assert ("measure" in form.readonly_fields) is shown[activity]


def test_the_coordinator_still_sees_every_other_field_of_an_activity_whose_measure_is_withheld(
    scene: Scene,
) -> None:
    response = scene.page("civil_coordinator", "school")

    readonly = set(response.context["adminform"].readonly_fields)
    every = {f.name for f in Activity._meta.get_fields() if f.concrete}
    assert readonly == every - {"measure"}


def _cost(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["coordinator", "civil_coordinator"])
def test_the_admin_list_costs_the_same_for_four_activities_carrying_measures_as_for_eight(
    scene: Scene, name: str
) -> None:
    client = scene.web(name)

    def listing() -> object:
        response = client.get("/admin/network/activity/")
        assert response.status_code == 200
        return response

    listing()  # the first request warms what every later one shares
    few = _cost(listing)
    for activity in ACTIVITIES:
        _carrying_out(scene.world, f"Ännu en insats {activity}", scene.measures.get(activity))
    many = _cost(listing)

    assert few == many


@pytest.mark.parametrize("activity", ["school", "elsewhere"])
def test_an_activity_s_page_costs_the_same_whether_its_measure_is_shown_or_not(
    scene: Scene, activity: str
) -> None:
    client = scene.web("coordinator")
    url = f"/admin/network/activity/{scene.activities['none'].pk}/change/"
    client.get(url)
    without = _cost(lambda: client.get(url))

    url = f"/admin/network/activity/{scene.activities[activity].pk}/change/"
    client.get(url)

    # The annotation answers in the same query; only showing the measure reads its row.
    assert _cost(lambda: client.get(url)) == without + (1 if activity == "school" else 0)
