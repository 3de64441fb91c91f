"""Notifications by e-mail: one at once, or a daily digest, each in the recipient's language.

A mail holds only what the notification holds (the event, the object's title and a link), and
only for notifications the recipient may see: those sent at once were stored for the object's
audience a moment before; a digest is read through ``notifications_for``, which leaves out any
object the person may no longer see. Each notification is mailed at most once: ``emailed_at``
marks it, and a digest run locks the rows it mails on databases that can.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import override

from network.events.models import Notification, NotificationPreference
from network.events.preferences import languages_for
from network.events.selectors import notifications_for
from network.models import User

log = logging.getLogger(__name__)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def absolute_url(url: str, language: str) -> str:
    """The notification's link in the recipient's language, with the site's address in front.

    Stored links are Swedish paths; ``translate_url`` resolves them in Swedish and answers the
    same page's path in ``language``, fragment kept.
    """
    with override("sv"):
        path = translate_url(url, language)
    site = str(getattr(settings, "SITE_URL", DEFAULT_SITE_URL)).rstrip("/")
    return site + path


@dataclass(frozen=True)
class MailItem:
    event: str
    title: str
    url: str


def _item(notification: Notification, language: str) -> MailItem:
    with override(language):
        event = str(notification.get_event_display())
    return MailItem(
        event=event,
        title=notification.title,
        url=absolute_url(notification.url, language),
    )


def _send(template: str, context: dict[str, object], email: str, language: str) -> None:
    """Render subject and body in ``language`` and send; raises whatever the backend raises."""
    with override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, None, [email])


def send_immediately(notifications: list[Notification]) -> int:
    """Mail each notification whose recipient chose ``immediate`` for its event; returns how many.

    Called after the notifications are stored. A failure is logged and leaves the notification
    unmarked: it has been stored and sent live already, and the write that caused it has
    committed, so a mail server that is down must not turn it into an error.
    """
    if not notifications:
        return 0
    wanted = set(
        NotificationPreference.objects.filter(
            delivery=NotificationPreference.Delivery.IMMEDIATE,
            user_id__in={n.recipient_id for n in notifications},
            event__in={n.event for n in notifications},
        ).values_list("user_id", "event")
    )
    chosen = [n for n in notifications if (n.recipient_id, n.event) in wanted]
    if not chosen:
        return 0
    emails = dict(
        User.objects.filter(pk__in={n.recipient_id for n in chosen})
        .exclude(email="")
        .values_list("pk", "email")
    )
    languages = languages_for(emails)
    sent = 0
    for notification in chosen:
        email = emails.get(notification.recipient_id)
        if not email:
            continue  # nowhere to send it; it is still on the page
        language = languages[notification.recipient_id]
        try:
            _send(
                "frontend/mail/notification",
                {"item": _item(notification, language)},
                email,
                language,
            )
        except Exception:
            log.exception("Could not e-mail notification %s", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def _digest_q(user_id: int) -> Q | None:
    """The events the person wants in the digest, each from the moment the digest was chosen."""
    q: Q | None = None
    preferences = NotificationPreference.objects.filter(
        user_id=user_id, delivery=NotificationPreference.Delivery.DIGEST
    ).values_list("event", "changed_at")
    for event, since in preferences:
        part = Q(event=event, created_at__gte=since)
        q = part if q is None else q | part
    return q


def digest_pending(user: User) -> QuerySet[Notification]:
    """The person's notifications waiting for the digest: not mailed yet, and still visible."""
    q = _digest_q(user.pk)
    if q is None:
        return Notification.objects.none()
    return notifications_for(user).filter(q, emailed_at__isnull=True)


@transaction.atomic
def digest_send(*, user: User) -> int:
    """Send the person one mail listing their pending notifications; returns how many it lists.

    The rows are read, mailed and marked in one transaction, the mark set only once the mail has
    gone: a failure rolls back and leaves them for the next run. On PostgreSQL the rows are locked
    and rows that another run holds are skipped, so two runs at once never mail one twice. A
    notification stored after the read is not among the rows, so it waits for the next run.
    """
    if not user.email:
        return 0
    pending = digest_pending(user).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True, of=("self",))
    notifications = list(pending)
    if not notifications:
        return 0
    language = languages_for([user.pk])[user.pk]
    items = [_item(n, language) for n in notifications]
    _send("frontend/mail/digest", {"items": items, "count": len(items)}, user.email, language)
    Notification.objects.filter(
        pk__in=[n.pk for n in notifications], emailed_at__isnull=True
    ).update(emailed_at=timezone.now())
    return len(notifications)


def digest_recipients() -> QuerySet[User]:
    """The people with at least one event in the digest and an address to send it to."""
    wants = NotificationPreference.objects.filter(
        delivery=NotificationPreference.Delivery.DIGEST
    ).values("user_id")
    return User.objects.filter(pk__in=wants, is_active=True).exclude(email="").order_by("pk")


@dataclass(frozen=True)
class DigestRun:
    people: int
    notifications: int
    failed: int


def digests_send() -> DigestRun:
    """Send every person's digest; one person's failure is logged and does not stop the others."""
    people = notifications = failed = 0
    for user in digest_recipients().iterator():
        try:
            count = digest_send(user=user)
        except Exception:
            log.exception("Could not send the digest to person %s", user.pk)
            failed += 1
            continue
        if count:
            people += 1
            notifications += count
    return DigestRun(people=people, notifications=notifications, failed=failed)
