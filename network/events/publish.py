"""Publishing events: after the writing transaction commits, never for one that rolls back.

The recipients are the object's audience (the access layer's ``audience``) at the moment of
sending, narrowed to the people it concerns, never the actor. Each notification is stored first,
then handed to the channel layer for the recipient's open sockets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import override

from network.access import activity_audience, update_audience
from network.access.viewer import COORDINATOR_ROLES
from network.activities.selectors import followers_q
from network.events.mail import send_immediately
from network.events.models import Notification, NotificationPreference
from network.events.types import Event, EventName, Message
from network.models import Activity, Role, Update, User

log = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    """The channel-layer group of one person's open sockets."""
    return f"notifications.user.{user_id}"


def publish(event: Event) -> None:
    """Tell the people concerned, once the current transaction has committed."""
    # Robust: the write has committed; a failure to tell people must not turn it into an error.
    transaction.on_commit(lambda: deliver(event), robust=True)


def _activity_url(activity_id: int) -> str:
    with override("sv"):
        return reverse("frontend:activity_detail", args=[activity_id])


def _coordinators(network_id: int) -> Q:
    roles = Role.objects.filter(network_id=network_id, code__in=COORDINATOR_ROLES)
    return Q(pk__in=roles.values("user_id"))


def _activity_recipients(event: EventName, activity: Activity) -> QuerySet[User]:
    concerned = followers_q(activity)
    if event == "activity.created":
        concerned |= _coordinators(activity.network_id)  # the tagging queue grew
    return activity_audience(activity).filter(concerned)


def _update_recipients(update: Update) -> QuerySet[User]:
    audience = update_audience(update)
    if update.activity is None:
        return audience  # news for the whole of its audience
    return audience.filter(followers_q(update.activity))


Target = tuple[str, int, int | None, str, str, QuerySet[User]]


def _target(event: Event) -> Target | None:
    """What the event is about, and who is concerned: ``None`` if the object is gone."""
    if event["event"] == "update.posted":
        update = (
            Update.objects.select_related("activity", "organisation")
            .filter(pk=event["update"])
            .first()
        )
        if update is None:
            return None
        about = update.activity.title if update.activity else update.organisation.name
        url = (
            _activity_url(update.activity_id) + f"#update-{update.pk}"
            if update.activity_id
            else reverse("frontend:home")
        )
        return ("update", update.pk, update.network_id, about, url, _update_recipients(update))
    activity = Activity.objects.filter(pk=event["activity"]).first()
    if activity is None:
        return None
    return (
        "activity",
        activity.pk,
        activity.network_id,
        activity.title,
        _activity_url(activity.pk),
        _activity_recipients(event["event"], activity),
    )


def deliver(event: Event, *, send: Callable[[str, dict], None] | None = None) -> list[Notification]:
    """Store one notification per person concerned, then send each to that person's sockets."""
    target = _target(event)
    if target is None:
        return []
    object_type, object_id, network_id, title, url, recipients = target
    actor = event["actor"]
    if actor is not None:
        recipients = recipients.exclude(pk=actor)
    # Those who chose to hear nothing of this event get nothing stored at all.
    recipients = recipients.exclude(
        Exists(
            NotificationPreference.objects.filter(
                user_id=OuterRef("pk"),
                event=event["event"],
                delivery=NotificationPreference.Delivery.NONE,
            )
        )
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            event=event["event"],
            object_type=object_type,
            object_id=object_id,
            network_id=network_id,
            title=title[:300],
            url=url,
        )
        for user_id in recipients.order_by("pk").values_list("pk", flat=True)
    )
    if send is None:
        layer = get_channel_layer()
        if layer is not None:
            send = async_to_sync(layer.group_send)
    for notification in notifications:
        if send is None:
            break  # no channel layer: nobody is told live
        try:
            send(
                user_group(notification.recipient_id),
                {"type": "notification.created", "message": message(notification)},
            )
        except Exception:  # a socket layer that is down must not lose the stored notification
            log.exception("Could not hand notification %s to the channel layer", notification.pk)
    try:
        send_immediately(notifications)
    except Exception:  # the mail comes after the live message: a failure here must not undo it
        log.exception("Could not e-mail the notifications of %s", event["event"])
    return notifications


def message(notification: Notification) -> Message:
    return {
        "id": notification.pk,
        "event": notification.event,  # type: ignore[typeddict-item]
        "created_at": notification.created_at.isoformat(),
        "object": {"type": notification.object_type, "id": notification.object_id},
        "title": notification.title,
        "url": notification.url,
    }
