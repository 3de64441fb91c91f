"""Activities: who sees, changes, tags and deletes one, and who is told of it.

A grant (django-guardian, per-model tables) lets one person or one organisation see or edit one
activity beyond the rules. It lets its holder edit the content, never the ownership (the lead
organisation) or the visibility: those stay with the owning organisation and the coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from network.access.rules import (
    fetch_visible,
    nothing,
    visibility_allows,
    visibility_audience_q,
    visibility_q,
)
from network.access.viewer import (
    AUTHOR_ROLES,
    COORDINATOR_ROLES,
    OWNER_ROLES,
    Viewer,
)
from network.errors import Forbidden, Locked, NotFound
from network.models import (
    Activity,
    ActivityGroupObjectPermission,
    ActivityUserObjectPermission,
    User,
)

VIEW = "view_activity"
CHANGE = "change_activity"
# What a grant never lets its holder change.
OWNERSHIP_FIELDS = frozenset({"organisation", "visibility"})


def _grants_q(viewer: Viewer, codename: str, outer: str = "pk") -> Q:
    """Activities granted to the viewer, or to the viewer's groups, one by one."""
    user_id = viewer.user_id
    if user_id is None or not viewer.has_grants:
        return nothing()
    by_user = ActivityUserObjectPermission.objects.filter(
        content_object_id=OuterRef(outer), user_id=user_id, permission__codename=codename
    )
    by_group = ActivityGroupObjectPermission.objects.filter(
        content_object_id=OuterRef(outer), group__user=user_id, permission__codename=codename
    )
    return Q(Exists(by_user)) | Q(Exists(by_group))


def _granted(viewer: Viewer, activity: Activity, codename: str) -> bool:
    if not viewer.has_grants:
        return False
    return Activity.objects.filter(Q(pk=activity.pk) & _grants_q(viewer, codename)).exists()


def activity_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """The activities the viewer may see: the rule OR a grant, one SQL predicate."""
    outer = f"{prefix}pk" if prefix else "pk"
    return visibility_q(viewer, prefix) | _grants_q(viewer, VIEW, outer)


def activity_is_visible(viewer: Viewer, activity: Activity) -> bool:
    return visibility_allows(
        viewer,
        network_id=activity.network_id,
        organisation_id=activity.organisation_id,
        visibility=activity.visibility,
    ) or _granted(viewer, activity, VIEW)


def _owns(viewer: Viewer, activity: Activity) -> bool:
    """The coordinator, or a member of the lead organisation: may change everything."""
    held = viewer.roles_in(activity.network_id)
    return (
        viewer.is_superuser
        or bool(held & COORDINATOR_ROLES)
        or (activity.organisation_id == viewer.organisation_id and bool(held & OWNER_ROLES))
    )


@dataclass(frozen=True)
class ActivityAbilities:
    """What the viewer may do with one activity they see: for templates and payloads."""

    change: bool = False
    change_ownership: bool = False
    tag: bool = False
    post_update: bool = False
    delete: bool = False
    locked: bool = False


def activity_abilities(viewer: Viewer, activity: Activity) -> ActivityAbilities:
    locked = activity.is_locked
    owns = _owns(viewer, activity)
    may_change = owns or _granted(viewer, activity, CHANGE)
    coordinates = viewer.has_role(activity.network_id, COORDINATOR_ROLES)
    return ActivityAbilities(
        change=may_change and not locked,
        change_ownership=owns and not locked,
        tag=coordinates and not locked,
        post_update=viewer.has_role(activity.network_id, AUTHOR_ROLES),
        delete=coordinates and not locked,
        locked=locked,
    )


# Getters for a change: not found, forbidden or locked, each with its one message.


def require_visible(viewer: Viewer, activity: Activity) -> None:
    if not activity_is_visible(viewer, activity):
        raise NotFound(_("No such activity."))


def require_change(
    viewer: Viewer, activity: Activity, fields: frozenset[str] = frozenset()
) -> None:
    """Refuse a change to ``fields`` (all content when empty) of a visible activity."""
    require_visible(viewer, activity)
    if not (_owns(viewer, activity) or _granted(viewer, activity, CHANGE)):
        raise Forbidden(_("You may not change this activity."))
    require_unlocked(activity)
    if fields & OWNERSHIP_FIELDS and not _owns(viewer, activity):
        raise Forbidden(
            _(
                "You may change the content of this activity, not its lead organisation or visibility."
            )
        )


def require_tag(viewer: Viewer, activity: Activity) -> None:
    require_visible(viewer, activity)
    if not viewer.has_role(activity.network_id, COORDINATOR_ROLES):
        raise Forbidden(_("Only the central coordinator tags activities."))
    require_unlocked(activity)


def require_delete(viewer: Viewer, activity: Activity) -> None:
    require_visible(viewer, activity)
    if not viewer.has_role(activity.network_id, COORDINATOR_ROLES):
        raise Forbidden(_("Only the central coordinator deletes activities."))
    require_unlocked(activity)


def require_unlocked(activity: Activity) -> None:
    if activity.is_locked:
        raise Locked(_("The reporting period of this activity is closed."))


def _fetch(viewer: Viewer, pk: object, queryset: QuerySet[Activity] | None) -> Activity:
    rows = queryset if queryset is not None else Activity.objects.select_related("network")
    return fetch_visible(rows.filter(activity_visible_q(viewer)), pk, _("No such activity."))


def activity_for_view(
    viewer: Viewer, pk: object, queryset: QuerySet[Activity] | None = None
) -> Activity:
    """The activity, or not found whether it does not exist or is not visible."""
    return _fetch(viewer, pk, queryset)


def activity_for_change(
    viewer: Viewer, pk: object, queryset: QuerySet[Activity] | None = None
) -> Activity:
    activity = _fetch(viewer, pk, queryset)
    require_change(viewer, activity)
    return activity


def activity_for_tagging(
    viewer: Viewer, pk: object, queryset: QuerySet[Activity] | None = None
) -> Activity:
    activity = _fetch(viewer, pk, queryset)
    require_tag(viewer, activity)
    return activity


def activity_for_posting(
    viewer: Viewer, pk: object, queryset: QuerySet[Activity] | None = None
) -> Activity:
    activity = _fetch(viewer, pk, queryset)
    if not viewer.has_role(activity.network_id, AUTHOR_ROLES):
        raise Forbidden(_("You may not post updates in this network."))
    return activity


# The inverse question


def activity_audience_q(activity: Activity) -> Q:
    """People (rows of ``User``) who may see the activity: the rule OR a grant."""
    by_user = ActivityUserObjectPermission.objects.filter(
        content_object_id=activity.pk, user_id=OuterRef("pk"), permission__codename=VIEW
    )
    by_group = ActivityGroupObjectPermission.objects.filter(
        content_object_id=activity.pk, group__user=OuterRef("pk"), permission__codename=VIEW
    )
    return visibility_audience_q(
        network_id=activity.network_id,
        organisation_id=activity.organisation_id,
        visibility=activity.visibility,
    ) | (Q(is_active=True) & (Q(Exists(by_user)) | Q(Exists(by_group))))


def activity_audience(activity: Activity) -> QuerySet[User]:
    """Everyone who may see the activity, as one query."""
    return User.objects.filter(activity_audience_q(activity))
