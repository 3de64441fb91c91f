"""The states of a meeting: every allowed and every refused transition, and who approves.

``draft`` → ``scheduled`` → ``held`` → ``approved``; ``draft`` or ``scheduled`` → ``cancelled``;
``approved`` → ``held`` only as a new version with a reason. A refused transition is a conflict
and leaves the database as it was. The helpers here are shared by the other meeting tests.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from network.errors import Conflict, Forbidden, NotFound
from network.meetings import services
from network.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingSeries,
    MinutesApproval,
    MinutesEntry,
    MinutesVersion,
    User,
    Visibility,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db

State = Meeting.State
STARTS = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


# Shared helpers


def make_meeting(
    world: World,
    *,
    starts: datetime = STARTS,
    author: User | None = None,
    series: MeetingSeries | None = None,
    kind: str = Meeting.Kind.NETWORK_MEETING,
    visibility: str = Visibility.NETWORK,
    invited: Sequence[Any] | None = None,
    approvers: Sequence[User] | None = None,
    agenda: list[dict[str, Any]] | None = None,
    title: str = "Nätverksmöte",
) -> Meeting:
    """A draft chaired by the coordinator, written by the contact person, approved with the
    police member (for an ``organisation`` meeting: with nobody else)."""
    organisation_only = visibility == Visibility.ORGANISATION
    if invited is None:
        invited = (
            [world.police_org, world.school]
            if visibility == Visibility.AUTHORITIES
            else [world.police_org, world.association, world.school]
        )
    return services.meeting_create(
        author=author or world.coordinator,
        network=world.net,
        title=title,
        kind=kind,
        series=series,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        visibility=visibility,
        chair=world.coordinator,
        secretary=None if organisation_only else world.contact_person,
        approvers=[] if organisation_only else (approvers or [world.police]),
        invited_organisations=[] if organisation_only else list(invited),
        agenda=agenda
        if agenda is not None
        else [{"title": "Lägesbild", "planned_minutes": 20}, {"title": "Övrigt"}],
    )


def hold(
    world: World,
    meeting: Meeting,
    *,
    present: Sequence[User] | None = None,
    absent: Sequence[User] = (),
    action_item: bool = True,
    due_on: date = date(2026, 4, 1),
) -> Meeting:
    """Schedule, tick attendance, write § 1 with an action item for the police, and hold."""
    services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    people = (
        present
        if present is not None
        else [world.coordinator, world.police, world.contact_person]
        if meeting.visibility != Visibility.ORGANISATION
        else [world.coordinator]
    )
    for user in people:
        services.attendance_record(
            meeting=meeting, actor=world.coordinator, person=user, status="present"
        )
    for user in absent:
        services.attendance_record(
            meeting=meeting, actor=world.coordinator, person=user, status="absent"
        )
    first = meeting.agenda_items.filter(kind=AgendaItem.Kind.ITEM).order_by("position").first()
    assert first is not None
    entry = services.minutes_write(
        item=first, actor=world.coordinator, text="Polisen redogjorde.", outcome="action_item"
    )
    if action_item:
        owner = world.police if meeting.visibility != Visibility.ORGANISATION else None
        services.action_item_create(
            meeting=meeting,
            actor=world.coordinator,
            entry=entry,
            title="Ta fram underlag",
            owner_organisation=owner.organisation if owner else world.social,
            owner=owner,
            due_on=due_on,
        )
    services.meeting_hold(meeting=meeting, actor=world.coordinator)
    meeting.refresh_from_db()
    return meeting


def approve(world: World, meeting: Meeting) -> MinutesVersion:
    """The chair and the named approvers approve; the last approval freezes the minutes."""
    version = None
    for user in [meeting.chair, *meeting.approvers.all()]:
        assert user is not None
        version = services.meeting_approve(meeting=meeting, actor=user)
    assert version is not None
    meeting.refresh_from_db()
    return version


def snapshot(meeting: Meeting) -> dict[str, Any]:
    """Everything of a meeting in the database, to show that a refused write changed nothing."""
    return {
        "meeting": Meeting.objects.filter(pk=meeting.pk).values().get(),
        "approvers": sorted(meeting.approvers.values_list("pk", flat=True)),
        "invited": sorted(meeting.invited_organisations.values_list("pk", flat=True)),
        "invitations": list(Invitation.objects.filter(meeting=meeting).order_by("pk").values()),
        "agenda": list(AgendaItem.objects.filter(meeting=meeting).order_by("pk").values()),
        "minutes": list(MinutesEntry.objects.filter(meeting=meeting).order_by("pk").values()),
        "attendance": list(Attendance.objects.filter(meeting=meeting).order_by("pk").values()),
        "action_items": list(ActionItem.objects.filter(meeting=meeting).order_by("pk").values()),
        "approvals": list(MinutesApproval.objects.filter(meeting=meeting).order_by("pk").values()),
        "versions": list(MinutesVersion.objects.filter(meeting=meeting).order_by("pk").values()),
    }


def meeting_in(world: World, state: str) -> Meeting:
    meeting = make_meeting(world)
    if state == State.CANCELLED:
        return services.meeting_cancel(meeting=meeting, actor=world.coordinator)
    if state == State.SCHEDULED:
        return services.meeting_schedule(meeting=meeting, actor=world.coordinator)
    if state in (State.HELD, State.APPROVED):
        hold(world, meeting)
    if state == State.APPROVED:
        approve(world, meeting)
    meeting.refresh_from_db()
    assert meeting.state == state
    return meeting


# The transitions, each tried from every state

Transition = Callable[[World, Meeting], Any]


def _schedule(world: World, meeting: Meeting) -> Any:
    return services.meeting_schedule(meeting=meeting, actor=world.coordinator)


def _hold(world: World, meeting: Meeting) -> Any:
    return services.meeting_hold(meeting=meeting, actor=world.coordinator)


def _cancel(world: World, meeting: Meeting) -> Any:
    return services.meeting_cancel(meeting=meeting, actor=world.coordinator)


def _approve(world: World, meeting: Meeting) -> Any:
    return services.meeting_approve(meeting=meeting, actor=world.coordinator)


def _revise(world: World, meeting: Meeting) -> Any:
    return services.meeting_revise(meeting=meeting, actor=world.coordinator, reason="Fel i § 1")


TRANSITIONS: dict[str, Transition] = {
    "schedule": _schedule,
    "hold": _hold,
    "cancel": _cancel,
    "approve": _approve,
    "revise": _revise,
}
# The state each transition leads to from the states it is allowed from.
ALLOWED = {
    ("schedule", State.DRAFT): State.SCHEDULED,
    ("hold", State.SCHEDULED): State.HELD,
    ("cancel", State.DRAFT): State.CANCELLED,
    ("cancel", State.SCHEDULED): State.CANCELLED,
    # The chair's approval alone: the meeting waits for the named approver.
    ("approve", State.HELD): State.HELD,
    ("revise", State.APPROVED): State.HELD,
}
STATES = [State.DRAFT, State.SCHEDULED, State.HELD, State.APPROVED, State.CANCELLED]
REFUSED = [
    (name, state) for name in TRANSITIONS for state in STATES if (name, state) not in ALLOWED
]


@pytest.mark.parametrize(("name", "state"), sorted(ALLOWED))
def test_each_allowed_transition_moves_the_meeting_on(world: World, name: str, state: str) -> None:
    meeting = meeting_in(world, state)

    TRANSITIONS[name](world, meeting)

    meeting.refresh_from_db()
    assert meeting.state == ALLOWED[(name, state)]


@pytest.mark.parametrize(("name", "state"), REFUSED)
def test_each_refused_transition_is_a_conflict_and_changes_nothing(
    world: World, name: str, state: str
) -> None:
    meeting = meeting_in(world, state)
    before = snapshot(meeting)

    with pytest.raises(Conflict):
        TRANSITIONS[name](world, meeting)

    assert snapshot(meeting) == before


def test_the_last_approval_freezes_the_minutes(world: World) -> None:
    meeting = meeting_in(world, State.HELD)

    assert services.meeting_approve(meeting=meeting, actor=world.coordinator) is None
    version = services.meeting_approve(meeting=meeting, actor=world.police)

    meeting.refresh_from_db()
    assert meeting.state == State.APPROVED
    assert version is not None and version.number == 1
    assert len(version.sha256) == 64


def test_revising_without_a_reason_is_refused_and_changes_nothing(world: World) -> None:
    meeting = meeting_in(world, State.APPROVED)
    before = snapshot(meeting)

    for reason in ("", "   "):
        with pytest.raises(ValidationError) as raised:
            services.meeting_revise(meeting=meeting, actor=world.coordinator, reason=reason)
        assert "reason" in raised.value.message_dict

    assert snapshot(meeting) == before


def test_a_revision_opens_the_next_version_with_its_reason(world: World) -> None:
    meeting = meeting_in(world, State.APPROVED)

    services.meeting_revise(meeting=meeting, actor=world.coordinator, reason="Fel datum i § 1")

    meeting.refresh_from_db()
    assert (meeting.state, meeting.version, meeting.revision_reason) == (
        State.HELD,
        2,
        "Fel datum i § 1",
    )


def test_only_those_who_run_the_meeting_open_a_new_version(world: World) -> None:
    meeting = meeting_in(world, State.APPROVED)
    before = snapshot(meeting)

    with pytest.raises(Forbidden):
        services.meeting_revise(meeting=meeting, actor=world.police, reason="Fel i § 1")
    with pytest.raises(NotFound):
        services.meeting_revise(meeting=meeting, actor=world.outsider, reason="Fel i § 1")

    assert snapshot(meeting) == before


@pytest.mark.parametrize("name", ["schedule", "hold", "cancel"])
def test_a_member_who_does_not_run_the_meeting_moves_it_nowhere(world: World, name: str) -> None:
    state = {"schedule": State.DRAFT, "hold": State.SCHEDULED, "cancel": State.SCHEDULED}[name]
    meeting = meeting_in(world, state)
    before = snapshot(meeting)
    actor = {"schedule": world.police, "hold": world.civil, "cancel": world.police}[name]
    action = {
        "schedule": services.meeting_schedule,
        "hold": services.meeting_hold,
        "cancel": services.meeting_cancel,
    }[name]

    # A draft does not exist for the police member; a scheduled meeting is seen but not run.
    with pytest.raises(NotFound if state == State.DRAFT else Forbidden):
        action(meeting=meeting, actor=actor)

    assert snapshot(meeting) == before


# Who approves


def test_the_chair_and_the_named_approvers_among_those_present_approve(world: World) -> None:
    meeting = meeting_in(world, State.HELD)

    services.meeting_approve(meeting=meeting, actor=world.police)
    services.meeting_approve(meeting=meeting, actor=world.coordinator)

    meeting.refresh_from_db()
    assert meeting.state == State.APPROVED
    assert set(meeting.approvals.values_list("user_id", flat=True)) == {
        world.coordinator.pk,
        world.police.pk,
    }


@pytest.mark.parametrize("name", ["contact_person", "security_chief", "civil"])
def test_anyone_else_who_sees_the_meeting_may_not_approve(world: World, name: str) -> None:
    meeting = meeting_in(world, State.HELD)
    before = snapshot(meeting)

    with pytest.raises(Forbidden):
        services.meeting_approve(meeting=meeting, actor=world.persona(name))

    assert snapshot(meeting) == before


@pytest.mark.parametrize("name", ["outsider", "other_member", "report_reader"])
def test_someone_who_does_not_see_the_meeting_finds_nothing_to_approve(
    world: World, name: str
) -> None:
    meeting = meeting_in(world, State.HELD)

    with pytest.raises(NotFound):
        services.meeting_approve(meeting=meeting, actor=world.persona(name))


def test_an_approver_who_was_not_present_is_a_conflict(world: World) -> None:
    meeting = make_meeting(world)
    hold(world, meeting, present=[world.coordinator, world.contact_person], absent=[world.police])
    before = snapshot(meeting)

    with pytest.raises(Conflict):
        services.meeting_approve(meeting=meeting, actor=world.police)

    assert snapshot(meeting) == before


def test_approving_twice_is_a_conflict(world: World) -> None:
    meeting = meeting_in(world, State.HELD)
    services.meeting_approve(meeting=meeting, actor=world.coordinator)
    before = snapshot(meeting)

    with pytest.raises(Conflict):
        services.meeting_approve(meeting=meeting, actor=world.coordinator)

    assert snapshot(meeting) == before


def test_approved_minutes_are_not_approved_again(world: World) -> None:
    meeting = meeting_in(world, State.APPROVED)

    for user in (world.coordinator, world.police):
        with pytest.raises(Conflict):
            services.meeting_approve(meeting=meeting, actor=user)

    assert meeting.versions.count() == 1
