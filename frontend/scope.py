"""Which networks a signed-in person may work in from the web pages.

The rules themselves live in :mod:`network.access`; this module only asks them, once per network
the person takes part in, so that views and templates never decide on their own.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from network.access import (
    PARTICIPANT_ROLES,
    Viewer,
    can_create_in,
    can_read_network_reports,
    can_tag,
    networks_visible_q,
    viewer_for,
)
from network.models import Network


@dataclass(frozen=True)
class Menu:
    """What the main menu offers; computed from the memoised viewer, without queries."""

    activities: bool = False
    log: bool = False
    tagging: bool = False
    reports: bool = False


def menu_for(viewer: Viewer) -> Menu:
    if viewer.is_anonymous:
        return Menu()
    if viewer.is_superuser:
        return Menu(activities=True, log=True, tagging=True, reports=True)
    held = list(viewer.roles)
    return Menu(
        activities=bool(viewer.networks_with(PARTICIPANT_ROLES)),
        log=any(can_create_in(viewer, nid) for nid in held),
        tagging=any(can_tag(viewer, nid) for nid in held),
        reports=any(can_read_network_reports(viewer, nid) for nid in held)
        or bool(viewer.networks_with(PARTICIPANT_ROLES)),
    )


def takes_part_anywhere(user: object) -> bool:
    return menu_for(viewer_for(user)).activities


def networks_for_logging(user: object) -> list[Network]:
    viewer = viewer_for(user)
    return [n for n in _visible(viewer) if can_create_in(viewer, n.pk)]


def networks_for_tagging(user: object) -> list[Network]:
    viewer = viewer_for(user)
    return [n for n in _visible(viewer) if can_tag(viewer, n.pk)]


def networks_for_reports(user: object) -> list[Network]:
    """Networks whose report the person may open: those they take part in or read reports of."""
    viewer = viewer_for(user)
    if viewer.is_anonymous:
        return []
    readers = [nid for nid in viewer.roles if can_read_network_reports(viewer, nid)]
    return list(Network.objects.filter(networks_visible_q(viewer) | Q(pk__in=readers)))


def _visible(viewer: Viewer) -> QuerySet[Network]:
    if viewer.is_anonymous:
        return Network.objects.none()
    return Network.objects.filter(networks_visible_q(viewer))
