"""situation_picture.updated and action_plan.revision_due reach only those who may read."""

from datetime import date
from typing import Any

import pytest

from network.events.publish import deliver
from network.events.types import Event
from network.situation import services
from tests.conftest import PERSONAS, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    recorded: list[Event] = []
    monkeypatch.setattr(services, "publish", recorded.append)
    return recorded


def _told(world: World, event: Event) -> set[str]:
    sent: list[tuple[str, dict[str, Any]]] = []
    notifications = deliver(event, send=lambda group, payload: sent.append((group, payload)))
    by_id = {world.persona(name).pk: name for name in PERSONAS}
    return {by_id[n.recipient_id] for n in notifications}


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [
        ("organisation", {"security_chief", "contact_person"}),
        ("authorities", {"security_chief", "contact_person", "police"}),
    ],
)
def test_an_updated_picture_is_told_to_its_readers_only(
    world: World, events: list[Event], visibility: str, expected: set[str]
) -> None:
    picture = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility=visibility,
    )
    services.picture_update(picture=picture, actor=world.coordinator, areas="Centrum")
    assert events[-1]["event"] == "situation_picture.updated"

    told = _told(world, events[-1])

    assert told == expected  # never civil society, never the actor
    assert "civil" not in told


def test_a_revision_due_is_told_to_the_departments_contact_persons_and_the_coordinator(
    world: World, events: list[Event]
) -> None:
    services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan",
        decided_on=date(2025, 3, 1),
    )
    assert services.remind_revisions(date(2026, 2, 20)) == 1
    assert _told(world, events[-1]) == {"contact_person", "coordinator"}


def test_the_reminder_command_reminds_once_and_says_how_many(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2025,
        title="Handlingsplan",
        decided_on=date(2024, 1, 15),
    )
    first, second = StringIO(), StringIO()
    call_command("remind_action_plans", stdout=first)
    call_command("remind_action_plans", stdout=second)
    assert first.getvalue().strip() == "Sent 1 reminders of action plan revisions."
    assert second.getvalue().strip() == "Sent 0 reminders of action plan revisions."
