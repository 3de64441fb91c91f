"""Reads of notifications, always for the person they were stored for.

A notification is stored for whoever could see its object when it was sent. What that person may
see can narrow afterwards (the visibility is narrowed, the membership ends, a grant is taken
back): a notification about an object the person can no longer see is then not listed, counted or
found, as if it had never been sent. The check is made in SQL, in the same statement as the list,
from the access layer's own predicates.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from network.access import Person, viewer_for
from network.access.kinds import referenced_visible_q
from network.access.rules import fetch_visible
from network.events.models import Notification


def notifications_for(user: Person) -> QuerySet[Notification]:
    """The user's notifications about objects the user may still see, newest first.

    An object type without a visibility predicate here is not listed: a notification is shown
    only once the access layer can say that its object is still visible.
    """
    viewer = viewer_for(user)
    if viewer.user_id is None:
        return Notification.objects.none()
    still_visible = referenced_visible_q(viewer)
    return Notification.objects.filter(still_visible, recipient_id=viewer.user_id).order_by("-id")


def unread_notifications_for(user: Person) -> QuerySet[Notification]:
    return notifications_for(user).filter(read_at__isnull=True)


def unread_count(user: Person) -> int:
    return unread_notifications_for(user).count()


def notification_get_for_user(user: Person, pk: object) -> Notification:
    """One of the user's listed notifications; anyone else's is not found, like a missing one."""
    return fetch_visible(notifications_for(user), pk, _("No such notification."))
