"""The knowledge bank: who reads, publishes and administers knowledge items.

- An item is read by the people taking part in its network (member, contact person,
  coordinator, security chief); an item for the ``authorities`` only by those of them whose
  organisation is an authority. Civil society never learns that such an item exists: not in a
  list, a count, a search, a download or the admin, whatever its roles.
- The network's coordinator publishes, changes and removes items; a superuser does everything.
  A coordinator changes only what it reads, and publishes only for readers it belongs to.
- In the admin, those who oversee a network (coordinator, security chief) see the items of it
  that they read; the coordinator corrects and removes them. Items are published on the pages
  and through the API, where the upload is checked; nobody adds one in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from network.access.rules import everything, fetch_visible, holds_role_q, nothing
from network.access.viewer import (
    COORDINATOR_ROLES,
    OVERSIGHT_ROLES,
    PARTICIPANT_ROLES,
    Viewer,
)
from network.errors import Forbidden, NotFound
from network.knowledge.models import KnowledgeItem, Readership
from network.models import Network, User


def knowledge_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """The items the viewer reads, as one SQL predicate on columns."""
    if viewer.is_superuser:
        return everything(prefix)
    taking_part = viewer.networks_with(PARTICIPANT_ROLES)
    if viewer.is_anonymous or not taking_part:
        return nothing()
    predicate = Q(**{f"{prefix}network_id__in": taking_part})
    if not viewer.is_authority:
        predicate &= Q(**{f"{prefix}visibility": Readership.NETWORK})
    return predicate


def knowledge_is_visible(viewer: Viewer, item: KnowledgeItem) -> bool:
    """The same rule for one item already loaded, without a query."""
    if viewer.is_superuser:
        return True
    if not viewer.roles_in(item.network_id) & PARTICIPANT_ROLES:
        return False
    return item.visibility == Readership.NETWORK or viewer.is_authority


def may_read_knowledge(viewer: Viewer) -> bool:
    """Whether the knowledge bank exists for the person at all: for menus and pages."""
    return viewer.takes_part_anywhere


def may_publish_in(viewer: Viewer, network_id: int) -> bool:
    return viewer.has_role(network_id, COORDINATOR_ROLES)


def may_publish_anywhere(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.networks_with(COORDINATOR_ROLES))


def readerships_for(viewer: Viewer) -> list[str]:
    """The readerships the viewer may publish for: never one it would not itself belong to."""
    if viewer.is_superuser or viewer.is_authority:
        return [Readership.AUTHORITIES.value, Readership.NETWORK.value]
    return [Readership.NETWORK.value]


def networks_for_publishing(viewer: Viewer) -> list[Network]:
    if viewer.is_anonymous:
        return []
    rows = Network.objects.order_by("name")
    if not viewer.is_superuser:
        rows = rows.filter(pk__in=viewer.networks_with(COORDINATOR_ROLES))
    return list(rows)


def require_knowledge_reader(viewer: Viewer) -> None:
    """Refuse the knowledge pages to someone who takes part in no network: they do not exist."""
    if not may_read_knowledge(viewer):
        raise NotFound(_("Nothing here."))


def require_publisher(viewer: Viewer) -> None:
    """Refuse publishing to whoever coordinates no network: asked before any input is read.
    (The pages ask :func:`require_knowledge_reader` first: for someone who takes part in no
    network, they do not exist.)"""
    if not may_publish_anywhere(viewer):
        raise Forbidden(_("Only the network's coordinator publishes knowledge material."))


def require_publish_in(viewer: Viewer, network_id: int, visibility: str) -> None:
    """Refuse a new item in a network the viewer does not coordinate, or for readers it does
    not belong to (it could not read the item it had published)."""
    if not (viewer.is_superuser or viewer.roles_in(network_id) & PARTICIPANT_ROLES):
        raise NotFound(_("No such network."))
    if not may_publish_in(viewer, network_id):
        raise Forbidden(_("Only the network's coordinator publishes knowledge material."))
    if visibility not in readerships_for(viewer):
        raise Forbidden(_("You may publish only for readers you belong to."))


def knowledge_for_view(
    viewer: Viewer, pk: object, queryset: QuerySet[KnowledgeItem] | None = None
) -> KnowledgeItem:
    rows = queryset if queryset is not None else KnowledgeItem.objects.select_related("network")
    return fetch_visible(rows.filter(knowledge_visible_q(viewer)), pk, _("No such knowledge item."))


def knowledge_for_change(
    viewer: Viewer, pk: object, queryset: QuerySet[KnowledgeItem] | None = None
) -> KnowledgeItem:
    """The item to change or remove: not found if unseen, forbidden unless the coordinator."""
    item = knowledge_for_view(viewer, pk, queryset)
    if not may_publish_in(viewer, item.network_id):
        raise Forbidden(_("Only the network's coordinator changes knowledge material."))
    return item


@dataclass(frozen=True)
class KnowledgeAbilities:
    """What the viewer may do with one item it reads."""

    change: bool = False
    delete: bool = False


def knowledge_abilities(viewer: Viewer, item: KnowledgeItem) -> KnowledgeAbilities:
    if not knowledge_is_visible(viewer, item):
        return KnowledgeAbilities()
    writes = may_publish_in(viewer, item.network_id)
    return KnowledgeAbilities(change=writes, delete=writes)


def knowledge_audience(item: KnowledgeItem) -> QuerySet[User]:
    """Everyone who reads the item, from the same rule: active people only."""
    seen = Q()
    if item.visibility != Readership.NETWORK:
        seen = Q(organisation__is_authority=True)
    return User.objects.filter(
        Q(is_active=True)
        & (Q(is_superuser=True) | (holds_role_q(item.network_id, PARTICIPANT_ROLES) & seen))
    )


def tags_visible_q(viewer: Viewer) -> Q:
    """Tags of the networks the viewer reads knowledge in, used on an item it reads: a tag
    given only to items for the authorities is itself not shown to civil society."""
    if viewer.is_superuser:
        return everything()
    used = KnowledgeItem.objects.filter(knowledge_visible_q(viewer), tags=OuterRef("pk"))
    return Q(Exists(used))


# The admin: those who oversee a network read its items there; the coordinator writes them.


def knowledge_admin_rows_q(viewer: Viewer, *, write: bool = False) -> Q:
    """Items the viewer sees in the admin (or may write, for ``write``)."""
    if viewer.is_superuser:
        return Q()
    ids = viewer.networks_with(COORDINATOR_ROLES if write else OVERSIGHT_ROLES)
    if not ids:
        return nothing()
    return Q(network_id__in=ids) & knowledge_visible_q(viewer)


@dataclass(frozen=True)
class KnowledgeAdminAbilities:
    """What the viewer may do with knowledge items in the admin."""

    view: bool = False
    add: bool = False
    change: bool = False
    delete: bool = False


def knowledge_admin_abilities(
    viewer: Viewer, item: KnowledgeItem | None = None
) -> KnowledgeAdminAbilities:
    """For a kind of row (``item=None``: may the viewer do it to some row?) or for one row."""
    if viewer.is_superuser:
        return KnowledgeAdminAbilities(view=True, change=True, delete=True)
    overseen = viewer.networks_with(OVERSIGHT_ROLES)
    coordinated = viewer.networks_with(COORDINATOR_ROLES)
    if item is None:
        writes = bool(coordinated)
        return KnowledgeAdminAbilities(view=bool(overseen), change=writes, delete=writes)
    if item.network_id not in overseen or not knowledge_is_visible(viewer, item):
        return KnowledgeAdminAbilities()
    writes = item.network_id in coordinated
    return KnowledgeAdminAbilities(view=True, change=writes, delete=writes)
