"""Who may see, change and tag what: the one place that decides.

Rules that follow from a person's organisation and roles become a SQL predicate on columns,
computed once per request (the :class:`Viewer`). django-guardian holds the exceptions no rule
covers (one person or organisation granted one object), in direct foreign-key tables; a visible
list is the rule predicate OR an ``Exists()`` on those tables, so that it stays one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from network.models import (
    Activity,
    ActivityGroupObjectPermission,
    ActivityUserObjectPermission,
    Role,
    User,
    Visibility,
)

# Whoever makes a request: a signed-in user or an anonymous visitor.
Person: TypeAlias = User | AnonymousUser

Roles = Role.Code
# Roles that take part in the network's work (see what is visible to them).
PARTICIPANT_ROLES = frozenset(
    {Roles.MEMBER, Roles.CONTACT_PERSON, Roles.COORDINATOR, Roles.SECURITY_CHIEF}
)
# Roles that read everything in the network.
OVERSIGHT_ROLES = frozenset({Roles.COORDINATOR, Roles.SECURITY_CHIEF})
# Roles that log activities and post updates for their own organisation.
AUTHOR_ROLES = frozenset({Roles.MEMBER, Roles.CONTACT_PERSON, Roles.COORDINATOR})
# Roles that may read the aggregated reports of the whole network.
REPORT_ROLES = frozenset({Roles.REPORT_READER, Roles.COORDINATOR, Roles.SECURITY_CHIEF})


@dataclass(frozen=True)
class Viewer:
    """What the access rules need to know of a user, read once per request."""

    user_id: int | None
    organisation_id: int | None = None
    is_authority: bool = False
    is_superuser: bool = False
    has_grants: bool = False
    roles: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def roles_in(self, network_id: int) -> frozenset[str]:
        return self.roles.get(network_id, frozenset())

    def networks_with(self, codes: frozenset[str]) -> list[int]:
        return sorted(nid for nid, held in self.roles.items() if held & codes)

    def has_role(self, network_id: int, codes: frozenset[str]) -> bool:
        return self.is_superuser or bool(self.roles_in(network_id) & codes)


ANONYMOUS = Viewer(user_id=None)


def viewer_for(user: Person | None) -> Viewer:
    """The user's :class:`Viewer`, memoised on the user object for the rest of the request."""
    if user is None or not isinstance(user, User) or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_samverkan_viewer", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    for network_id, code in (
        Role.objects.filter(user_id=user.pk).order_by().values_list("network_id", "code")
    ):
        roles.setdefault(network_id, set()).add(code)
    organisation_id = user.organisation_id
    # One query for the organisation's kind and for whether any object was granted one by one:
    # without grants, lists need not look in the grant tables at all.
    is_authority, has_grants = (
        User.objects.filter(pk=user.pk)
        .annotate(
            authority=Coalesce(F("organisation__is_authority"), Value(False)),
            granted=Exists(ActivityUserObjectPermission.objects.filter(user_id=OuterRef("pk")))
            | Exists(ActivityGroupObjectPermission.objects.filter(group__user=OuterRef("pk"))),
        )
        .values_list("authority", "granted")
        .get()
    )
    viewer = Viewer(
        user_id=user.pk,
        organisation_id=organisation_id,
        is_authority=is_authority,
        is_superuser=user.is_superuser,
        has_grants=has_grants,
        roles={nid: frozenset(codes) for nid, codes in roles.items()},
    )
    user._samverkan_viewer = viewer  # type: ignore[attr-defined]
    return viewer


def forget_viewer(user: Person) -> None:
    """Drop the memoised viewer after the user's roles or organisation changed."""
    if hasattr(user, "_samverkan_viewer"):
        del user._samverkan_viewer


def _nothing() -> Q:
    return Q(pk__in=[])


def visibility_q(viewer: Viewer, prefix: str = "") -> Q:
    """The rule predicate for any row with ``network``, ``organisation`` and ``visibility``.

    ``prefix`` applies it through a relation (``"activity__"``).
    """
    if viewer.is_superuser:
        return Q()
    if viewer.is_anonymous:
        return _nothing()
    p = prefix
    predicate = _nothing()
    overseen = viewer.networks_with(OVERSIGHT_ROLES)
    if overseen:
        predicate |= Q(**{f"{p}network_id__in": overseen})
    taking_part = [nid for nid in viewer.networks_with(PARTICIPANT_ROLES) if nid not in overseen]
    if taking_part:
        seen = Q(**{f"{p}visibility": Visibility.NETWORK})
        if viewer.is_authority:
            seen |= Q(**{f"{p}visibility": Visibility.AUTHORITIES})
        if viewer.organisation_id:
            seen |= Q(**{f"{p}organisation_id": viewer.organisation_id})
        predicate |= Q(**{f"{p}network_id__in": taking_part}) & seen
    return predicate


def _activity_grants_q(viewer: Viewer, codename: str, outer: str = "pk") -> Q:
    """Activities granted to the viewer, or to the viewer's groups, one by one (guardian)."""
    user_id = viewer.user_id
    if user_id is None or not viewer.has_grants:
        return _nothing()
    by_user = ActivityUserObjectPermission.objects.filter(
        content_object_id=OuterRef(outer), user_id=user_id, permission__codename=codename
    )
    by_group = ActivityGroupObjectPermission.objects.filter(
        content_object_id=OuterRef(outer), group__user=user_id, permission__codename=codename
    )
    return Q(Exists(by_user)) | Q(Exists(by_group))


def activity_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    outer = f"{prefix}pk" if prefix else "pk"
    return visibility_q(viewer, prefix) | _activity_grants_q(viewer, "view_activity", outer)


def update_visible_q(viewer: Viewer) -> Q:
    """An update is seen when its own visibility allows it and, if on an activity, that too."""
    own_rule = visibility_q(viewer)
    on_visible_activity = Q(activity__isnull=True) | activity_visible_q(viewer, "activity__")
    return own_rule & on_visible_activity


# What a viewer may do with one object they can see.


def can_create_in(viewer: Viewer, network_id: int) -> bool:
    return viewer.has_role(network_id, AUTHOR_ROLES)


def may_author_for(viewer: Viewer, network_id: int, organisation_id: int) -> bool:
    """Whether the viewer may log work in the name of the organisation."""
    if viewer.is_superuser or Roles.COORDINATOR in viewer.roles_in(network_id):
        return True
    return organisation_id == viewer.organisation_id and can_create_in(viewer, network_id)


def can_change_activity(viewer: Viewer, activity: Activity) -> bool:
    if viewer.is_superuser or Roles.COORDINATOR in viewer.roles_in(activity.network_id):
        return True
    if activity.organisation_id == viewer.organisation_id and viewer.roles_in(
        activity.network_id
    ) & {Roles.MEMBER, Roles.CONTACT_PERSON}:
        return True
    if not viewer.has_grants:
        return False
    return Activity.objects.filter(
        Q(pk=activity.pk) & _activity_grants_q(viewer, "change_activity")
    ).exists()


def can_tag(viewer: Viewer, network_id: int) -> bool:
    return viewer.is_superuser or Roles.COORDINATOR in viewer.roles_in(network_id)


def can_read_network_reports(viewer: Viewer, network_id: int) -> bool:
    return viewer.has_role(network_id, REPORT_ROLES)


def networks_visible_q(viewer: Viewer) -> Q:
    if viewer.is_superuser:
        return Q()
    return Q(pk__in=viewer.networks_with(PARTICIPANT_ROLES))
