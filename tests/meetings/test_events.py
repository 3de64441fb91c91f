"""Meeting, minutes and action-item events: told to the people concerned who may see the meeting.

The scene: the coordinator calls a meeting of the network organised by Socialförvaltningen, the
police and the school department (and, when the visibility lets it, the association) invited; the
security chief chairs, the police member approves. The school's contact person is secretary.
"""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from network.access.meetings import meeting_audience
from network.events.publish import deliver
from network.events.selectors import notifications_for
from network.events.types import Event
from network.meetings import services
from network.models import Meeting, Notification, Visibility
from tests.conftest import PERSONAS, World

pytestmark = pytest.mark.django_db

STARTS = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
ENDS = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recording = Recorder()
    monkeypatch.setattr(services, "publish", recording)
    return recording


def _told(world: World, event: Event) -> set[str]:
    sent: list[tuple[str, dict[str, Any]]] = []
    notifications = deliver(event, send=lambda group, payload: sent.append((group, payload)))
    by_id = {world.persona(name).pk: name for name in PERSONAS}
    told = {n.recipient_id for n in notifications}
    assert told <= set(by_id)
    for _group, payload in sent:
        assert set(payload["users"]) <= told
    return {by_id[pk] for pk in told}


def _meeting(world: World, visibility: str) -> Meeting:
    invited = [world.police_org, world.school]
    if visibility == Visibility.NETWORK:
        invited.append(world.association)
    if visibility == Visibility.ORGANISATION:
        invited = [world.social]
    return services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title="Samverkansmöte",
        starts_at=STARTS,
        ends_at=ENDS,
        visibility=visibility,
        chair=world.coordinator,
        approvers=[world.security_chief],
        secretary=world.contact_person if visibility != Visibility.ORGANISATION else None,
        invited_organisations=invited,
        agenda=[{"title": "Lägesbild"}],
    )


SCHEDULED = {
    Visibility.ORGANISATION: {"security_chief"},
    Visibility.AUTHORITIES: {"security_chief", "contact_person", "police"},
    Visibility.NETWORK: {"security_chief", "contact_person", "police", "civil"},
}


@pytest.mark.parametrize("visibility", list(SCHEDULED))
def test_a_scheduled_meeting_is_told_to_the_invited_who_may_see_it(
    world: World, recorder: Recorder, visibility: str
) -> None:
    meeting = _meeting(world, visibility)
    assert recorder.events == []  # a draft tells no one
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    event = recorder.events[-1]
    assert event == {
        "event": "meeting.scheduled",
        "meeting": meeting.pk,
        "actor": world.coordinator.pk,
    }

    told = _told(world, event)

    assert told == SCHEDULED[visibility]
    audience = set(
        meeting_audience(Meeting.objects.get(pk=meeting.pk)).values_list("pk", flat=True)
    )
    assert {world.persona(name).pk for name in told} <= audience


def test_a_change_to_a_scheduled_meeting_and_its_approval_are_told(
    world: World, recorder: Recorder
) -> None:
    meeting = _meeting(world, Visibility.AUTHORITIES)
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    services.meeting_update(meeting=meeting, actor=world.coordinator, place="Rådhuset")
    assert recorder.events[-1]["event"] == "meeting.updated"
    assert _told(world, recorder.events[-1]) == {"security_chief", "contact_person", "police"}

    for person in (world.coordinator, world.security_chief):
        services.attendance_record(
            meeting=meeting, actor=world.coordinator, person=person, status="present"
        )
    services.meeting_hold(meeting=meeting, actor=world.coordinator)
    services.meeting_approve(meeting=meeting, actor=world.coordinator)
    services.meeting_approve(meeting=meeting, actor=world.security_chief)
    assert recorder.events[-1]["event"] == "minutes.approved"
    assert _told(world, recorder.events[-1]) == {"contact_person", "police", "coordinator"}


def test_an_action_item_is_told_to_its_owner_or_else_to_the_owning_organisation(
    world: World, recorder: Recorder
) -> None:
    meeting = _meeting(world, Visibility.NETWORK)
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    services.action_item_create(
        meeting=meeting,
        actor=world.contact_person,
        title="Kartlägg mötesplatser",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=date(2026, 10, 1),
    )
    assert recorder.events[-1]["event"] == "action_item.assigned"
    assert _told(world, recorder.events[-1]) == {"police"}
    services.action_item_create(
        meeting=meeting,
        actor=world.coordinator,
        title="Bjud in till träff",
        owner_organisation=world.association,
        due_on=date(2026, 10, 1),
    )
    assert _told(world, recorder.events[-1]) == {"civil"}


def test_a_meeting_that_became_invisible_to_someone_is_not_listed_to_them_any_more(
    world: World, recorder: Recorder
) -> None:
    meeting = _meeting(world, Visibility.NETWORK)
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    deliver(recorder.events[-1], send=lambda group, payload: None)
    listed = notifications_for(world.civil).filter(object_type="meeting", object_id=meeting.pk)
    assert listed.count() == 1

    Meeting.objects.filter(pk=meeting.pk).update(visibility=Visibility.AUTHORITIES)

    assert not listed.exists()
    assert Notification.objects.filter(recipient=world.civil, object_id=meeting.pk).count() == 1
