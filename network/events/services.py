"""Writes to notifications: marking them read. Storing them is :mod:`network.events.publish`."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from network.access import Person
from network.events.models import Notification
from network.events.selectors import unread_notifications_for


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read; one already read keeps the moment it was first read.

    The update is conditional so that two requests at once agree on that moment.
    """
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    elif notification.read_at is None:
        notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: Person) -> int:
    """Mark every unread notification the user is shown as read; returns how many were marked.

    Only those the user is shown: counting the hidden ones would tell how many notifications
    concern objects the user may no longer see.
    """
    return unread_notifications_for(user).update(read_at=timezone.now())


@transaction.atomic
def notifications_prune(*, older_than: timedelta) -> int:
    """Delete read notifications created longer ago than ``older_than``; returns how many.

    Unread ones are kept whatever their age: nobody has seen them yet.
    """
    cutoff = timezone.now() - older_than
    deleted, _by_model = Notification.objects.filter(
        read_at__isnull=False, created_at__lt=cutoff
    ).delete()
    return deleted
