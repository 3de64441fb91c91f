"""Approved minutes are frozen: every service refuses a change with a conflict and nothing
changes, while the follow-up of an action item (its status) still moves on. A correction is a
new version; the approved versions stay readable, each with its hash."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from network.errors import Conflict
from network.meetings import services
from network.models import ActionItem, AgendaItem, Meeting, MinutesVersion
from tests.conftest import World
from tests.meetings.test_state_machine import approve, hold, make_meeting, snapshot

pytestmark = pytest.mark.django_db

State = Meeting.State


@pytest.fixture
def approved(world: World) -> Meeting:
    meeting = hold(world, make_meeting(world))
    approve(world, meeting)
    return meeting


def _first_item(meeting: Meeting) -> AgendaItem:
    item = meeting.agenda_items.order_by("position", "pk").first()
    assert item is not None
    return item


def _action_item(meeting: Meeting) -> ActionItem:
    return meeting.action_items.get()


Write = Callable[[World, Meeting], Any]
WRITES: dict[str, Write] = {
    "meeting_update": lambda w, m: services.meeting_update(
        meeting=m, actor=w.coordinator, title="Ändrad titel"
    ),
    "meeting_update_people": lambda w, m: services.meeting_update(
        meeting=m, actor=w.coordinator, approvers=[w.contact_person]
    ),
    "agenda_item_add": lambda w, m: services.agenda_item_add(
        meeting=m, actor=w.coordinator, title="Ny punkt"
    ),
    "agenda_item_update": lambda w, m: services.agenda_item_update(
        item=_first_item(m), actor=w.coordinator, title="Ändrad punkt"
    ),
    "agenda_item_delete": lambda w, m: services.agenda_item_delete(
        item=_first_item(m), actor=w.coordinator
    ),
    "agenda_reorder": lambda w, m: services.agenda_reorder(
        meeting=m,
        actor=w.coordinator,
        order=list(reversed(m.agenda_items.order_by("position").values_list("pk", flat=True))),
    ),
    "minutes_write": lambda w, m: services.minutes_write(
        item=_first_item(m), actor=w.coordinator, text="Ändrad text."
    ),
    "minutes_write_outcome": lambda w, m: services.minutes_write(
        item=_first_item(m), actor=w.contact_person, outcome="decision", decision="Beslut."
    ),
    "attendance_record": lambda w, m: services.attendance_record(
        meeting=m, actor=w.coordinator, person=w.civil, status="present"
    ),
    "attendance_change": lambda w, m: services.attendance_record(
        meeting=m, actor=w.coordinator, person=w.police, status="absent"
    ),
    "action_item_create": lambda w, m: services.action_item_create(
        meeting=m,
        actor=w.coordinator,
        title="Nytt uppdrag",
        owner_organisation=w.school,
        due_on=date(2026, 5, 1),
    ),
    "action_item_update_title": lambda w, m: services.action_item_update(
        item=_action_item(m), actor=w.coordinator, title="Ändrat uppdrag"
    ),
    "action_item_update_due": lambda w, m: services.action_item_update(
        item=_action_item(m), actor=w.coordinator, due_on=date(2026, 12, 1)
    ),
    "action_item_update_title_and_status": lambda w, m: services.action_item_update(
        item=_action_item(m), actor=w.coordinator, title="Ändrat", status="done"
    ),
    "meeting_schedule": lambda w, m: services.meeting_schedule(meeting=m, actor=w.coordinator),
    "meeting_hold": lambda w, m: services.meeting_hold(meeting=m, actor=w.coordinator),
    "meeting_cancel": lambda w, m: services.meeting_cancel(meeting=m, actor=w.coordinator),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_service_refuses_to_change_approved_minutes(
    world: World, approved: Meeting, name: str
) -> None:
    before = snapshot(approved)

    with pytest.raises(Conflict):
        WRITES[name](world, approved)

    assert snapshot(approved) == before


@pytest.mark.parametrize("actor", ["coordinator", "police"])
def test_the_status_of_an_action_item_still_moves_on_after_approval(
    world: World, approved: Meeting, actor: str
) -> None:
    version = approved.versions.get()
    item = _action_item(approved)

    services.action_item_update(item=item, actor=world.persona(actor), status="done")

    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.done_on is not None
    approved.refresh_from_db()
    assert approved.state == State.APPROVED
    frozen = MinutesVersion.objects.get(pk=version.pk)
    assert (frozen.content, frozen.sha256) == (version.content, version.sha256)
    assert services.content_hash(frozen.content) == frozen.sha256


def test_the_stored_hash_is_the_hash_of_the_stored_content(world: World, approved: Meeting) -> None:
    version = MinutesVersion.objects.get(meeting=approved)

    assert services.content_hash(version.content) == version.sha256
    assert version.content["minutes"][0]["number"] == 1
    assert version.content["minutes"][0]["action_items"][0]["title"] == "Ta fram underlag"
    assert version.content["version"] == 1


def test_the_first_version_stays_readable_with_its_hash_after_the_second(
    world: World, approved: Meeting
) -> None:
    first = MinutesVersion.objects.get(meeting=approved)
    first_content, first_hash = first.content, first.sha256

    services.meeting_revise(meeting=approved, actor=world.coordinator, reason="Fel i § 1")
    services.minutes_write(
        item=_first_item(approved), actor=world.contact_person, text="Rättad text."
    )
    second = approve(world, approved)

    versions = list(MinutesVersion.objects.filter(meeting=approved).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert (versions[0].content, versions[0].sha256) == (first_content, first_hash)
    assert versions[0].content["minutes"][0]["text"] == "Polisen redogjorde."
    assert versions[1].content["minutes"][0]["text"] == "Rättad text."
    assert versions[1].reason == "Fel i § 1"
    assert second.sha256 != first_hash
    for version in versions:
        assert services.content_hash(version.content) == version.sha256


def test_the_second_version_is_frozen_again_once_approved(world: World, approved: Meeting) -> None:
    services.meeting_revise(meeting=approved, actor=world.coordinator, reason="Fel i § 1")
    approve(world, approved)
    before = snapshot(approved)

    with pytest.raises(Conflict):
        services.minutes_write(item=_first_item(approved), actor=world.coordinator, text="Igen")

    assert snapshot(approved) == before


def test_a_change_of_content_between_versions_is_seen_in_the_hash(world: World) -> None:
    content: dict[str, Any] = {"minutes": [{"number": 1, "text": "Å ä ö"}], "version": 1}

    changed = {**content, "minutes": [{"number": 1, "text": "Å ä ö."}]}

    assert services.content_hash(content) != services.content_hash(changed)
    assert services.content_hash(content) == services.content_hash(dict(reversed(content.items())))
