"""An activity carries out a measure of an action plan: who may link one, who sees the link, and
that a refused link changes nothing and tells nothing.

The plans are those of ``tests/situation/plans.py``: the school's plan is read by every
authority, the social services' plan by its department, the coordinator and the security chief.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from network.access import viewer_for
from network.access.situation import (
    may_link_measure,
    measure_linkable_q,
    measure_seen_on_activity,
)
from network.activities import services as activity_services
from network.errors import Forbidden
from network.models import Activity, Measure, User, Visibility
from network.situation import selectors
from tests.conftest import PERSONAS, World
from tests.situation.plans import Plans, make_plans

pytestmark = pytest.mark.django_db

NOT_FOUND = {"measure": ["No such measure."]}
NOT_THEIRS = {
    "measure": [
        "Only the department's people, the measure's owner organisation and the coordinator "
        "link activities to this measure."
    ]
}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def plans(world: World) -> Plans:
    return make_plans(world)


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    monkeypatch.setattr(activity_services, "publish", events.append)
    return events


def _log(author: User, world: World, **fields: Any) -> Activity:
    return activity_services.activity_create(
        author=author,
        network=world.net,
        title="Läxhjälp",
        starts_on=date(2026, 3, 2),
        visibility=Visibility.NETWORK,
        **fields,
    )


def _outcome(call: Any) -> Any:
    try:
        return ("linked", call().measure_id)
    except ValidationError as error:
        return error.message_dict
    except Forbidden:
        return "may not log"


LINKING_THE_SCHOOL_MEASURE = {
    "coordinator": "linked",
    "security_chief": "may not log",
    "contact_person": "linked",
    "police": NOT_THEIRS,  # reads the plan, but it is neither its department's nor its measure
    "civil": NOT_FOUND,
    "report_reader": "may not log",
    "outsider": "may not log",
    "other_member": "may not log",
}


@pytest.mark.parametrize("name", PERSONAS)
def test_each_persona_links_a_new_activity_to_the_school_measure_or_is_refused(
    world: World, plans: Plans, name: str
) -> None:
    expected = LINKING_THE_SCHOOL_MEASURE[name]

    outcome = _outcome(lambda: _log(world.persona(name), world, measure=plans.attendance))

    assert outcome == (("linked", plans.attendance.pk) if expected == "linked" else expected)


def test_the_police_link_the_measure_their_organisation_is_responsible_for(
    world: World, plans: Plans
) -> None:
    activity = _log(world.police, world, measure=plans.patrols.pk)

    assert Activity.objects.get(pk=activity.pk).measure == plans.patrols


def test_civil_society_is_refused_an_unknown_and_an_invisible_measure_alike(
    world: World, plans: Plans
) -> None:
    answers = [
        _outcome(lambda value=value: _log(world.civil, world, measure=value))
        for value in (plans.attendance.pk, plans.patrols, 987_654, "0", "x", 2**70)
    ]

    assert answers == [NOT_FOUND] * 6
    assert not Activity.objects.exists()


def test_a_measure_of_a_plan_one_may_not_read_is_not_found(world: World, plans: Plans) -> None:
    # The school's contact person reads the school's plan, not the social services' own.
    assert _outcome(lambda: _log(world.contact_person, world, measure=plans.outreach)) == NOT_FOUND
    assert _outcome(lambda: _log(world.coordinator, world, measure=plans.outreach))[0] == "linked"


def test_a_measure_of_another_network_is_refused(world: World, plans: Plans) -> None:
    admin = User.objects.create_superuser("admin", password="x", organisation=world.social)

    assert _outcome(lambda: _log(world.coordinator, world, measure=plans.elsewhere)) == NOT_FOUND
    assert _outcome(lambda: _log(admin, world, measure=plans.elsewhere)) == {
        "measure": ["The measure belongs to another network's action plan."]
    }


def test_linking_an_activity_publishes_activity_updated(
    world: World, plans: Plans, published: list[dict[str, Any]]
) -> None:
    activity = _log(world.contact_person, world)
    published.clear()

    activity_services.activity_update(
        activity=activity, actor=world.contact_person, measure=plans.attendance
    )

    assert Activity.objects.get(pk=activity.pk).measure_id == plans.attendance.pk
    assert published == [
        {"event": "activity.updated", "activity": activity.pk, "actor": world.contact_person.pk}
    ]


def test_a_refused_link_changes_nothing_and_publishes_nothing(
    world: World, plans: Plans, published: list[dict[str, Any]]
) -> None:
    activity = _log(world.police, world, measure=plans.patrols)
    before = Activity.objects.get(pk=activity.pk)
    published.clear()

    for measure in (plans.attendance, plans.outreach, plans.elsewhere, 987_654):
        with pytest.raises(ValidationError):
            activity_services.activity_update(
                activity=Activity.objects.get(pk=activity.pk),
                actor=world.police,
                title="Ändrad titel",
                measure=measure,
            )

    after = Activity.objects.get(pk=activity.pk)
    assert (after.measure_id, after.title, after.updated_at) == (
        plans.patrols.pk,
        before.title,
        before.updated_at,
    )
    assert published == []


def test_civil_society_sending_back_no_measure_keeps_the_one_it_cannot_see(
    world: World, plans: Plans
) -> None:
    activity = _log(world.civil, world)
    activity_services.activity_update(
        activity=activity, actor=world.coordinator, measure=plans.attendance
    )

    activity_services.activity_update(
        activity=Activity.objects.get(pk=activity.pk), actor=world.civil, measure=None
    )
    with pytest.raises(ValidationError) as refused:
        activity_services.activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            actor=world.civil,
            measure=plans.attendance.pk,
        )

    assert refused.value.message_dict == NOT_FOUND
    assert Activity.objects.get(pk=activity.pk).measure_id == plans.attendance.pk


def test_a_reader_of_the_plan_keeps_or_removes_a_measure_it_may_not_link_anew(
    world: World, plans: Plans
) -> None:
    activity = _log(world.police, world)
    activity_services.activity_update(
        activity=activity, actor=world.coordinator, measure=plans.attendance
    )

    activity_services.activity_update(
        activity=Activity.objects.get(pk=activity.pk),
        actor=world.police,
        measure=plans.attendance.pk,
    )
    assert Activity.objects.get(pk=activity.pk).measure_id == plans.attendance.pk

    activity_services.activity_update(
        activity=Activity.objects.get(pk=activity.pk), actor=world.police, measure=None
    )
    assert Activity.objects.get(pk=activity.pk).measure_id is None


SEES_THE_SCHOOL_MEASURE = {
    "coordinator": True,
    "security_chief": True,
    "contact_person": True,
    "police": True,
    "civil": False,
    "report_reader": False,
    "outsider": False,
    "other_member": False,
}


@pytest.mark.parametrize("name", PERSONAS)
def test_each_persona_sees_the_measure_of_an_activity_only_if_it_reads_the_plan(
    world: World, plans: Plans, name: str
) -> None:
    activity = _log(world.contact_person, world, measure=plans.attendance)

    seen = measure_seen_on_activity(viewer_for(world.persona(name)), activity.measure_id)

    assert (seen == plans.attendance) is SEES_THE_SCHOOL_MEASURE[name]
    assert (seen is None) is not SEES_THE_SCHOOL_MEASURE[name]


@pytest.mark.parametrize("name", PERSONAS)
def test_the_list_rule_and_the_one_measure_rule_agree(
    world: World, plans: Plans, name: str
) -> None:
    viewer = viewer_for(world.persona(name))
    listed = set(Measure.objects.filter(measure_linkable_q(viewer)))
    visible = Measure.objects.select_related("plan").filter(
        pk__in=[m.pk for m in Measure.objects.all() if measure_seen_on_activity(viewer, m.pk)]
    )

    assert listed == {measure for measure in visible if may_link_measure(viewer, measure)}


def test_the_gaps_lose_a_measure_once_an_activity_carries_it_out(
    world: World, plans: Plans
) -> None:
    coordinator = viewer_for(world.coordinator)
    before = selectors.gaps(coordinator, world.net.pk, "2026-Q1").measures_without_activities
    assert plans.attendance in before

    _log(world.contact_person, world, measure=plans.attendance)

    after = selectors.gaps(coordinator, world.net.pk, "2026-Q1").measures_without_activities
    assert after == [m for m in before if m != plans.attendance]
