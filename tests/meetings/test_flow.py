"""A meeting from invitation to approved minutes, through the services, as every path uses them."""

from datetime import UTC, date, datetime

import pytest

from network.errors import Conflict
from network.meetings import services
from network.models import ActionItem, AgendaItem, Attendance, Meeting, MinutesEntry
from tests.conftest import World

pytestmark = pytest.mark.django_db

STARTS = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ENDS = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)


def _meeting(world: World, starts: datetime = STARTS, ends: datetime = ENDS) -> Meeting:
    return services.meeting_create(
        author=world.coordinator,
        network=world.net,
        title="Nätverksmöte",
        starts_at=starts,
        ends_at=ends,
        chair=world.coordinator,
        secretary=world.contact_person,
        approvers=[world.police],
        invited_organisations=[world.police_org, world.association, world.school],
        agenda=[{"title": "Lägesbild", "planned_minutes": 20}, {"title": "Övrigt"}],
    )


def _run(world: World, meeting: Meeting) -> None:
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    for person in (world.coordinator, world.police, world.contact_person):
        services.attendance_record(
            meeting=meeting, actor=world.contact_person, person=person, status="present"
        )
    services.attendance_record(
        meeting=meeting, actor=world.contact_person, person=world.civil, status="excused"
    )
    first = meeting.agenda_items.order_by("position").first()
    assert first is not None
    entry = services.minutes_write(
        item=first,
        actor=world.contact_person,
        text="Polisen redogjorde.",
        outcome="action_item",
    )
    services.action_item_create(
        meeting=meeting,
        actor=world.contact_person,
        entry=entry,
        title="Ta fram underlag",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=date(2026, 4, 1),
    )
    services.meeting_hold(meeting=meeting, actor=world.coordinator)


def test_a_meeting_runs_from_invitation_to_approved_minutes_and_a_new_version(
    world: World,
) -> None:
    meeting = _meeting(world)
    _run(world, meeting)
    numbers = list(meeting.minutes.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2]

    assert services.meeting_approve(meeting=meeting, actor=world.coordinator) is None
    version = services.meeting_approve(meeting=meeting, actor=world.police)
    assert version is not None and len(version.sha256) == 64
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.APPROVED
    assert version.content["minutes"][0]["action_items"][0]["title"] == "Ta fram underlag"

    with pytest.raises(Conflict):
        services.meeting_update(meeting=meeting, actor=world.coordinator, title="Ändrat")
    item = meeting.agenda_items.order_by("position").first()
    assert item is not None
    with pytest.raises(Conflict):
        services.minutes_write(item=item, actor=world.coordinator, text="Ändrat")

    services.meeting_revise(meeting=meeting, actor=world.coordinator, reason="Fel datum i § 1")
    services.minutes_write(item=item, actor=world.contact_person, text="Rättad text.")
    services.meeting_approve(meeting=meeting, actor=world.coordinator)
    second = services.meeting_approve(meeting=meeting, actor=world.police)
    assert second is not None and second.number == 2
    assert second.sha256 != version.sha256
    assert second.reason == "Fel datum i § 1"
    assert meeting.versions.count() == 2


def test_numbering_continues_through_the_year_and_open_items_land_on_the_next_agenda(
    world: World,
) -> None:
    first = _meeting(world)
    _run(world, first)
    later = _meeting(
        world,
        datetime(2026, 5, 5, 9, 0, tzinfo=UTC),
        datetime(2026, 5, 5, 10, 0, tzinfo=UTC),
    )
    review = later.agenda_items.get(kind=AgendaItem.Kind.ACTION_REVIEW)
    assert review.position == 2  # after the opening item
    assert list(services.carried_action_items(later)) == list(ActionItem.objects.all())
    services.meeting_schedule(meeting=later, actor=world.coordinator)
    services.meeting_hold(meeting=later, actor=world.coordinator)
    assert list(
        MinutesEntry.objects.filter(meeting=later)
        .order_by("number")
        .values_list("number", flat=True)
    ) == [3, 4, 5]
    assert Attendance.objects.filter(meeting=first).count() == 4
