"""The visibility rule, in the three shapes the rest of the access layer needs.

Every row with ``network``, ``organisation`` and ``visibility`` is seen by the same people:

- ``organisation``: the owning organisation, plus the coordinator and the security chief;
- ``authorities``: every member of an authority organisation in the network, plus those two;
- ``network``: every member of the network.

:func:`visibility_q` filters rows for one viewer (lists, one SQL predicate);
:func:`visibility_allows` answers for one row already in hand (no query);
:func:`visibility_audience_q` filters people for one row (the inverse question).
A property test holds the three against each other.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from network.access.viewer import OVERSIGHT_ROLES, PARTICIPANT_ROLES, Viewer
from network.errors import NotFound
from network.models import Role, Visibility

MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """An object id from a path, a form or a query: ASCII digits (or an int) in the range of a
    primary key, or None for anything else.

    ``int()`` also reads ``"١٢"``, ``"１"`` and ``"1_0"``: such look-alikes name no object. A
    longer number would overflow inside the database driver, so it is refused before any lookup.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
            return None
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


M = TypeVar("M", bound=Model)


def fetch_visible(rows: QuerySet[M], pk: object, message: str) -> M:
    """One row of a visible queryset by id; a bad id and an unseen row are both not found."""
    number = parse_id(pk)
    if number is not None:
        found = rows.filter(pk=number).first()
        if found is not None:
            return found
    raise NotFound(message)


def nothing() -> Q:
    return Q(pk__in=[])


def everything(prefix: str = "") -> Q:
    """Every row. Not ``Q()``: an empty Q vanishes when OR-ed with another predicate."""
    return Q(**{f"{prefix}pk__isnull": False})


def visibility_q(viewer: Viewer, prefix: str = "") -> Q:
    """The rule predicate for rows, optionally through a relation (``prefix="activity__"``)."""
    if viewer.is_superuser:
        return everything(prefix)
    if viewer.is_anonymous:
        return nothing()
    p = prefix
    predicate = nothing()
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


def visibility_allows(
    viewer: Viewer, *, network_id: int, organisation_id: int | None, visibility: str
) -> bool:
    """Whether the rule lets the viewer see one row, from columns already loaded."""
    if viewer.is_superuser:
        return True
    held = viewer.roles_in(network_id)
    if held & OVERSIGHT_ROLES:
        return True
    if not held & PARTICIPANT_ROLES:
        return False
    return (
        visibility == Visibility.NETWORK
        or (visibility == Visibility.AUTHORITIES and viewer.is_authority)
        or (organisation_id is not None and organisation_id == viewer.organisation_id)
    )


def holds_role_q(network_id: int, codes: frozenset[str]) -> Q:
    """People (rows of ``User``) who hold one of the roles in the network."""
    return Q(
        Exists(Role.objects.filter(user_id=OuterRef("pk"), network_id=network_id, code__in=codes))
    )


def visibility_audience_q(*, network_id: int, organisation_id: int | None, visibility: str) -> Q:
    """People (rows of ``User``) whom the rule lets see one row: the inverse of the above.

    Only active accounts: a deactivated person is told nothing.
    """
    own = Q(organisation_id=organisation_id) if organisation_id is not None else nothing()
    if visibility == Visibility.NETWORK:
        seen = Q()
    elif visibility == Visibility.AUTHORITIES:
        seen = Q(organisation__is_authority=True) | own
    else:
        seen = own
    return Q(is_active=True) & (
        Q(is_superuser=True)
        | holds_role_q(network_id, OVERSIGHT_ROLES)
        | (holds_role_q(network_id, PARTICIPANT_ROLES) & seen)
    )
