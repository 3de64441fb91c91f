"""``manage.py remind_action_items``: the responsible person of each open, overdue action item is
told once; a second run sends nothing."""

from collections.abc import Callable
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from network.events.models import Notification
from network.meetings import services
from network.models import ActionItem, Meeting
from tests.conftest import World
from tests.meetings.test_state_machine import hold, make_meeting

pytestmark = pytest.mark.django_db


def _remind() -> str:
    out = StringIO()
    call_command("remind_action_items", stdout=out)
    return out.getvalue()


@pytest.fixture
def overdue(world: World) -> ActionItem:
    """An open item of the police member, due yesterday."""
    meeting = hold(world, make_meeting(world), due_on=timezone.localdate() - timedelta(days=1))
    return meeting.action_items.get()


def test_the_command_reminds_of_each_overdue_item_once_and_says_how_many(
    world: World, overdue: ActionItem
) -> None:
    first = _remind()
    overdue.refresh_from_db()
    claimed_at = overdue.overdue_notified_at

    second = _remind()
    overdue.refresh_from_db()

    assert "Sent 1 " in first
    assert "Sent 0 " in second
    assert claimed_at is not None
    assert overdue.overdue_notified_at == claimed_at


def test_items_not_yet_due_done_cancelled_or_of_a_cancelled_meeting_are_left_alone(
    world: World, overdue: ActionItem
) -> None:
    meeting = overdue.meeting
    today = timezone.localdate()

    def item(title: str, due_on: date, status: str = "open") -> ActionItem:
        made = services.action_item_create(
            meeting=meeting,
            actor=world.coordinator,
            title=title,
            owner_organisation=world.school,
            due_on=due_on,
        )
        ActionItem.objects.filter(pk=made.pk).update(status=status)
        return made

    due_today = item("I dag", today)
    later = item("Senare", today + timedelta(days=30))
    done = item("Klart", today - timedelta(days=5), "done")
    dropped = item("Strukit", today - timedelta(days=5), "cancelled")
    in_progress = item("Pågår", today - timedelta(days=5), "in_progress")
    cancelled_meeting = make_meeting(world, starts=meeting.starts_at + timedelta(days=60))
    services.meeting_schedule(meeting=cancelled_meeting, actor=world.coordinator)
    of_cancelled = services.action_item_create(
        meeting=cancelled_meeting,
        actor=world.coordinator,
        title="Inställt",
        owner_organisation=world.school,
        due_on=today - timedelta(days=5),
    )
    services.meeting_cancel(meeting=cancelled_meeting, actor=world.coordinator)

    assert services.remind_overdue() == 2

    reminded = set(
        ActionItem.objects.filter(overdue_notified_at__isnull=False).values_list("pk", flat=True)
    )
    assert reminded == {overdue.pk, in_progress.pk}
    for untouched in (due_today, later, done, dropped, of_cancelled):
        assert untouched.pk not in reminded


def test_an_item_of_approved_minutes_is_still_reminded_of(
    world: World, overdue: ActionItem
) -> None:
    meeting = overdue.meeting
    for user in (world.coordinator, world.police):
        services.meeting_approve(meeting=meeting, actor=user)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.APPROVED

    assert services.remind_overdue() == 1


def test_a_reminder_already_claimed_by_another_run_is_not_sent_again(
    world: World, overdue: ActionItem
) -> None:
    ActionItem.objects.filter(pk=overdue.pk).update(overdue_notified_at=timezone.now())

    assert services.remind_overdue() == 0


def test_the_overdue_notification_is_stored_once_for_the_responsible_person_only(
    world: World, overdue: ActionItem, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _remind()
    with django_capture_on_commit_callbacks(execute=True):
        _remind()

    stored = Notification.objects.filter(event="action_item.overdue")
    assert list(stored.values_list("recipient_id", "object_id")) == [(world.police.pk, overdue.pk)]
