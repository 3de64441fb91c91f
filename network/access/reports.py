"""Reports: whose rows a person's figures count."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from network.access.activities import activity_visible_q
from network.access.meetings import meeting_visible_q
from network.access.rules import everything
from network.access.viewer import REPORT_ROLES, Viewer


def _reportable_q(
    viewer: Viewer, visible_q: Callable[[Viewer], Q], network_id: int | None = None
) -> Q:
    """The whole network for report readers, the coordinator and the security chief; for anyone
    else, only the rows they may see. Counts and sums only ever leave this filter."""
    whole = viewer.networks_with(REPORT_ROLES)
    if network_id is not None:
        if viewer.is_superuser or network_id in whole:
            return Q(network_id=network_id)
        return visible_q(viewer) & Q(network_id=network_id)
    if viewer.is_superuser:
        return everything()
    return Q(network_id__in=whole) | visible_q(viewer)


def reportable_activities_q(viewer: Viewer, network_id: int | None = None) -> Q:
    return _reportable_q(viewer, activity_visible_q, network_id)


def reportable_meetings_q(viewer: Viewer, network_id: int | None = None) -> Q:
    return _reportable_q(viewer, meeting_visible_q, network_id)
