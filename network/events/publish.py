"""Publishing events: after the writing transaction commits, never for one that rolls back.

The recipients are the object's audience (the access layer's ``audience``) at the moment of
sending, narrowed to the people it concerns, never the actor. Each notification is stored first,
then handed to the channel layer once per event, not once per person: one
:data:`BATCH` message to the group of the object's network carries the fields every recipient
shares and the recipients as two parallel lists of ids (people, ascending, and their
notifications). Each socket of the network sends on only the entry addressed to its own person
(:mod:`api.consumers`). The list is the permission check: it is the audience read afresh for this
delivery, so a socket need not ask the database again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import cast

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connections, transaction
from django.db.models import Exists, F, Field, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from network.access import activity_audience, update_audience
from network.access.rules import holds_role_q
from network.access.viewer import COORDINATOR_ROLES, PARTICIPANT_ROLES
from network.activities.selectors import followers_q
from network.events.mail import send_immediately
from network.events.models import Notification, NotificationPreference
from network.events.types import Event, EventName, Message, SharedMessage
from network.meetings.events import action_item_target, meeting_target
from network.models import Activity, Role, Update, User
from network.situation.events import picture_target, plan_target

log = logging.getLogger(__name__)

# The channel-layer message type of a delivery: handled by ``notification_batch`` on a socket.
BATCH = "notification.batch"


def user_group(user_id: int) -> str:
    """The channel-layer group of one person's open sockets."""
    return f"notifications.user.{user_id}"


def network_group(network_id: int) -> str:
    """The channel-layer group of the open sockets of everyone who takes part in the network."""
    return f"notifications.network.{network_id}"


def in_network_group_q(network_id: int) -> Q:
    """People (rows of ``User``) whose sockets join the network's group: those who take part in
    it, and superusers, who take part everywhere (as ``networks_taking_part_q`` says)."""
    return Q(is_superuser=True) | holds_role_q(network_id, PARTICIPANT_ROLES)


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
        # Those who chose network-wide news; the audience still decides whether they may see it.
        concerned |= Q(notification_settings__all_new_activities=True)
    return activity_audience(activity).filter(concerned)


def _update_recipients(update: Update) -> QuerySet[User]:
    audience = update_audience(update)
    if update.activity is None:
        return audience  # news for the whole of its audience
    return audience.filter(followers_q(update.activity))


Target = tuple[str, int, int | None, str, str, QuerySet[User]]


def _target(event: Event) -> Target | None:
    """What the event is about, and who is concerned: ``None`` if the object is gone."""
    if "meeting" in event:
        return meeting_target(event["meeting"])
    if "action_item" in event:
        return action_item_target(event["action_item"])
    if "situation_picture" in event:
        return picture_target(event["situation_picture"])
    if "action_plan" in event:
        return plan_target(event["action_plan"])
    if "update" in event:
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
    if "activity" not in event:
        return None
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
    """Store one notification per person concerned, then hand them to the channel layer at once.

    One message goes to the network's group for those who take part in the network; anyone else
    in the audience (someone granted this one object, or an object of no network) is sent the
    same message with only their own entry, through their own group.
    """
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
    now = timezone.now()
    shared: SharedMessage = {
        "event": event["event"],
        "created_at": now.isoformat(),
        "object": {"type": object_type, "id": object_id},
        "title": title[:300],
        "url": url,
    }
    stored = _store(recipients, shared, network_id, now)
    if stored:
        if send is None:
            layer = get_channel_layer()
            if layer is not None:
                send = async_to_sync(layer.group_send)
        if send is not None:  # without a channel layer nobody is told live
            _send(send, network_id, shared, stored)
    # After the live message, which is what someone waits for: the stored rows as objects.
    notifications = [
        Notification(
            pk=notification_id,
            recipient_id=user_id,
            event=event["event"],
            object_type=object_type,
            object_id=object_id,
            network_id=network_id,
            title=shared["title"],
            url=url,
            created_at=now,
        )
        for user_id, notification_id in stored
    ]
    try:
        send_immediately(notifications)
    except Exception:  # the mail comes after the live message: a failure here must not undo it
        log.exception("Could not e-mail the notifications of %s", event["event"])
    return notifications


def _store(
    recipients: QuerySet[User], shared: SharedMessage, network_id: int | None, now: datetime
) -> list[tuple[int, int]]:
    """Store one notification for each of the recipients, in one statement that reads them.

    ``INSERT ... SELECT``: the audience is read and the rows are written by the database, with no
    row passing through Python on the way (``bulk_create`` of a thousand rows costs a tenth of a
    second here, most of the time from commit to socket). Returns ``(person, notification)``
    pairs, ascending by person.
    """
    people = recipients.order_by().values(person=F("pk"))
    select_sql, select_params = people.query.get_compiler(using=people.db).as_sql()
    connection = connections[people.db]
    meta = Notification._meta
    quote = connection.ops.quote_name
    columns = ["recipient", "event", "object_type", "object_id", "network", "title", "url"]
    values = [
        shared["event"],
        shared["object"]["type"],
        shared["object"]["id"],
        network_id,
        shared["title"],
        shared["url"],
        meta.get_field("created_at").get_db_prep_save(now, connection),
    ]
    names = ", ".join(quote(_column(name)) for name in [*columns, "created_at"])
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608 - names from the model
        f"SELECT audience.{quote('person')}, {', '.join(['%s'] * len(values))} "
        f"FROM ({select_sql}) audience "
        f"RETURNING {quote(_column('id'))}, {quote(_column('recipient'))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *select_params])
        rows = cursor.fetchall()
    return sorted((int(user_id), int(pk)) for pk, user_id in rows)


def _column(name: str) -> str:
    return str(cast(Field, Notification._meta.get_field(name)).column)


def _send(
    send: Callable[[str, dict], None],
    network_id: int | None,
    shared: SharedMessage,
    stored: list[tuple[int, int]],
) -> None:
    outside = set(stored)
    if network_id is not None:
        # Those whose sockets are in the network's group: one question, about the stored only.
        members = set(
            User.objects.filter(in_network_group_q(network_id), pk__in=[u for u, _n in stored])
            .order_by()
            .values_list("pk", flat=True)
        )
        grouped = [pair for pair in stored if pair[0] in members]
        outside = {pair for pair in stored if pair[0] not in members}
        deliveries = [(network_group(network_id), grouped)] if grouped else []
    else:
        deliveries = []
    deliveries.extend((user_group(pair[0]), [pair]) for pair in sorted(outside))
    for group, addressed in deliveries:
        try:
            send(group, batch(shared, addressed))
        except Exception:  # a socket layer that is down must not lose the stored notifications
            log.exception("Could not hand %s notifications to the channel layer", len(addressed))


def batch(shared: SharedMessage, addressed: list[tuple[int, int]]) -> dict:
    """The channel-layer message for the notifications of one event, ordered by recipient.

    ``addressed`` holds ``(person, notification)`` pairs, ascending by person. Plain lists of
    ints and strings, so that it survives msgpack (channels-redis) unchanged.
    """
    return {
        "type": BATCH,
        "message": shared,
        "users": [user_id for user_id, _notification_id in addressed],
        "ids": [notification_id for _user_id, notification_id in addressed],
    }


def shared_message(notification: Notification) -> SharedMessage:
    """The fields of the contract's message that every recipient of one event shares."""
    return {
        "event": notification.event,  # type: ignore[typeddict-item]
        "created_at": notification.created_at.isoformat(),
        "object": {"type": notification.object_type, "id": notification.object_id},
        "title": notification.title,
        "url": notification.url,
    }


def message(notification: Notification) -> Message:
    """The contract's message of one stored notification."""
    return addressed_message(notification.pk, shared_message(notification))


def addressed_message(notification_id: int, shared: SharedMessage) -> Message:
    """The contract's message: the shared fields of an event, with one recipient's id first."""
    return {"id": notification_id, **shared}
