"""The :class:`Viewer`: what the access rules need to know of a person, read once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce

from network.models import (
    ActivityGroupObjectPermission,
    ActivityUserObjectPermission,
    Role,
    User,
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
# Roles that change their own organisation's activities.
OWNER_ROLES = frozenset({Roles.MEMBER, Roles.CONTACT_PERSON})
# Roles that may read the aggregated reports of the whole network.
REPORT_ROLES = frozenset({Roles.REPORT_READER, Roles.COORDINATOR, Roles.SECURITY_CHIEF})
COORDINATOR_ROLES = frozenset({Roles.COORDINATOR})
SECURITY_ROLES = frozenset({Roles.SECURITY_CHIEF})


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

    @property
    def takes_part_anywhere(self) -> bool:
        return self.is_superuser or bool(self.networks_with(PARTICIPANT_ROLES))

    @property
    def reads_reports_only(self) -> bool:
        """A report reader (an API consumer) that takes part in no network's work."""
        return not self.takes_part_anywhere and bool(
            self.networks_with(frozenset({Roles.REPORT_READER}))
        )


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
        organisation_id=user.organisation_id,
        is_authority=is_authority,
        is_superuser=user.is_superuser,
        has_grants=has_grants,
        roles={nid: frozenset(codes) for nid, codes in roles.items()},
    )
    user._samverkan_viewer = viewer  # type: ignore[attr-defined]
    return viewer


def forget_viewer(user: Person) -> None:
    """Drop the memoised viewer after the user's roles, organisation or grants changed."""
    if hasattr(user, "_samverkan_viewer"):
        del user._samverkan_viewer
