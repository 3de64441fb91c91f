"""Networks and organisations: which ones a person sees, works in and may act for.

Also what the main menu offers, so that the pages never decide it on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from network.access.rules import everything, fetch_visible
from network.access.situation import may_read_situation
from network.access.viewer import (
    AUTHOR_ROLES,
    COORDINATOR_ROLES,
    PARTICIPANT_ROLES,
    REPORT_ROLES,
    Roles,
    Viewer,
)
from network.errors import Forbidden, NotFound
from network.models import Network, NetworkMembership, Organisation

ANY_ROLE = frozenset(Roles.values)


def networks_visible_q(viewer: Viewer) -> Q:
    """Networks in which the viewer holds any role (a report reader sees its networks' names)."""
    if viewer.is_superuser:
        return everything()
    return Q(pk__in=viewer.networks_with(ANY_ROLE))


def networks_taking_part_q(viewer: Viewer) -> Q:
    """Networks whose work the viewer takes part in (sees what is visible to them)."""
    if viewer.is_superuser:
        return everything()
    return Q(pk__in=viewer.networks_with(PARTICIPANT_ROLES))


def network_for_view(viewer: Viewer, pk: object) -> Network:
    rows = Network.objects.filter(networks_visible_q(viewer))
    return fetch_visible(rows, pk, _("No such network."))


def organisations_visible_q(viewer: Viewer) -> Q:
    """Organisations in the networks the viewer sees, and the viewer's own."""
    if viewer.is_superuser:
        return everything()
    in_network = NetworkMembership.objects.filter(
        organisation_id=OuterRef("pk"), network_id__in=viewer.networks_with(ANY_ROLE)
    )
    own = Q(pk=viewer.organisation_id) if viewer.organisation_id else Q(pk__in=[])
    return Q(Exists(in_network)) | own


def organisations_in_network_q(viewer: Viewer, network_id: int) -> Q:
    """Members of one network, if the viewer sees that network; else none at all."""
    if not (viewer.is_superuser or network_id in viewer.networks_with(ANY_ROLE)):
        return Q(pk__in=[])
    member = NetworkMembership.objects.filter(organisation_id=OuterRef("pk"), network_id=network_id)
    return Q(Exists(member))


def organisation_for_view(viewer: Viewer, pk: object) -> Organisation:
    rows = Organisation.objects.filter(organisations_visible_q(viewer))
    return fetch_visible(rows, pk, _("No such organisation."))


# Acting in a network


def can_create_in(viewer: Viewer, network_id: int) -> bool:
    """Whether the viewer logs activities and posts updates in the network."""
    return viewer.has_role(network_id, AUTHOR_ROLES)


def require_create_in(viewer: Viewer, network_id: int) -> None:
    if not can_create_in(viewer, network_id):
        raise Forbidden(_("You may not log activities in this network."))


def may_author_for(viewer: Viewer, network_id: int, organisation_id: int) -> bool:
    """Whether the viewer may log work in the name of the organisation."""
    if viewer.has_role(network_id, COORDINATOR_ROLES):
        return True
    return organisation_id == viewer.organisation_id and can_create_in(viewer, network_id)


def authoring_organisations_q(viewer: Viewer, network_id: int) -> Q:
    """The organisations the viewer may log work for in the network (members of it)."""
    if viewer.has_role(network_id, COORDINATOR_ROLES):
        return organisations_in_network_q(viewer, network_id)
    if not (viewer.organisation_id and can_create_in(viewer, network_id)):
        return Q(pk__in=[])
    return Q(pk=viewer.organisation_id) & organisations_in_network_q(viewer, network_id)


def can_tag_in(viewer: Viewer, network_id: int) -> bool:
    return viewer.has_role(network_id, COORDINATOR_ROLES)


def can_read_network_reports(viewer: Viewer, network_id: int) -> bool:
    """Whether the viewer reads the figures of the whole network, not just of what they see."""
    return viewer.has_role(network_id, REPORT_ROLES)


def require_content_reader(viewer: Viewer) -> None:
    """Refuse a report reader (an API consumer) any collection of network content."""
    if viewer.reads_reports_only:
        raise Forbidden(_("A report reader reads the aggregated reports only."))


# What the pages offer


@dataclass(frozen=True)
class Menu:
    """What the main menu offers; computed from the memoised viewer, without queries."""

    activities: bool = False
    log: bool = False
    tagging: bool = False
    reports: bool = False
    directory: bool = False
    situation: bool = False
    knowledge: bool = False


def menu_for(viewer: Viewer) -> Menu:
    if viewer.is_anonymous:
        return Menu()
    if viewer.is_superuser:
        return Menu(
            activities=True,
            log=True,
            tagging=True,
            reports=True,
            directory=True,
            situation=True,
            knowledge=True,
        )
    held = list(viewer.roles)
    return Menu(
        activities=viewer.takes_part_anywhere,
        log=any(can_create_in(viewer, nid) for nid in held),
        tagging=any(can_tag_in(viewer, nid) for nid in held),
        reports=any(can_read_network_reports(viewer, nid) for nid in held)
        or viewer.takes_part_anywhere,
        directory=viewer.takes_part_anywhere,
        situation=may_read_situation(viewer),
        knowledge=viewer.takes_part_anywhere,
    )


def require_takes_part(viewer: Viewer) -> None:
    """Refuse the pages of the network's work to someone who takes part in none."""
    if not viewer.takes_part_anywhere:
        raise NotFound(_("Nothing here."))


def _taking_part(viewer: Viewer) -> QuerySet[Network]:
    if viewer.is_anonymous:
        return Network.objects.none()
    return Network.objects.filter(networks_taking_part_q(viewer))


def networks_for_logging(viewer: Viewer) -> list[Network]:
    return [n for n in _taking_part(viewer) if can_create_in(viewer, n.pk)]


def networks_for_tagging(viewer: Viewer) -> list[Network]:
    return [n for n in _taking_part(viewer) if can_tag_in(viewer, n.pk)]


def networks_for_reports(viewer: Viewer) -> list[Network]:
    """Networks whose report the person may open: those they take part in or read reports of."""
    if viewer.is_anonymous:
        return []
    return list(Network.objects.filter(networks_visible_q(viewer)))


def require_networks_for_logging(viewer: Viewer) -> list[Network]:
    """The networks to log in; forbidden to a participant who logs nowhere, else not found."""
    networks = networks_for_logging(viewer)
    if not networks:
        if viewer.takes_part_anywhere:
            raise Forbidden(_("You may not log activities."))
        raise NotFound(_("Nothing here."))
    return networks


def require_networks_for_tagging(viewer: Viewer) -> list[Network]:
    networks = networks_for_tagging(viewer)
    if not networks:
        raise NotFound(_("Nothing here."))
    return networks


def require_networks_for_reports(viewer: Viewer) -> list[Network]:
    networks = networks_for_reports(viewer)
    if not networks:
        raise NotFound(_("Nothing here."))
    return networks
