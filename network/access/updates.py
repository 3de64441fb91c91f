"""Updates: seen when their own visibility allows it and, when on an activity, that activity too."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from network.access.activities import activity_audience_q, activity_is_visible, activity_visible_q
from network.access.rules import (
    fetch_visible,
    visibility_allows,
    visibility_audience_q,
    visibility_q,
)
from network.access.viewer import AUTHOR_ROLES, Viewer
from network.errors import Forbidden
from network.models import Update, User


def update_visible_q(viewer: Viewer) -> Q:
    own_rule = visibility_q(viewer)
    on_visible_activity = Q(activity__isnull=True) | activity_visible_q(viewer, "activity__")
    return own_rule & on_visible_activity


def update_is_visible(viewer: Viewer, update: Update) -> bool:
    own = visibility_allows(
        viewer,
        network_id=update.network_id,
        organisation_id=update.organisation_id,
        visibility=update.visibility,
    )
    return own and (update.activity is None or activity_is_visible(viewer, update.activity))


def update_for_view(viewer: Viewer, pk: object, queryset: QuerySet[Update] | None = None) -> Update:
    rows = queryset if queryset is not None else Update.objects.all()
    return fetch_visible(rows.filter(update_visible_q(viewer)), pk, _("No such update."))


def require_post(viewer: Viewer, network_id: int) -> None:
    if not viewer.has_role(network_id, AUTHOR_ROLES):
        raise Forbidden(_("You may not post updates in this network."))


def update_audience(update: Update) -> QuerySet[User]:
    """Everyone who may see the update, as one query."""
    audience = visibility_audience_q(
        network_id=update.network_id,
        organisation_id=update.organisation_id,
        visibility=update.visibility,
    )
    if update.activity is not None:
        audience &= activity_audience_q(update.activity)
    return User.objects.filter(audience)
