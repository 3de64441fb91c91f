"""The start page: what is new for the person, and where to go from here."""

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from network.access import menu_for, networks_for_tagging, viewer_for
from network.activities.selectors import (
    activities_for_listing,
    activities_visible_to,
    untagged_activities_for,
    updates_visible_to,
)
from network.core.selectors import networks_visible_to
from network.events.selectors import notifications_for, unread_notifications_for
from network.meetings.selectors import next_meetings, open_action_items
from network.models import Role, User

LATEST = 5
UNREAD_SHOWN = 10


def _dashboard(request: HttpRequest) -> dict[str, Any]:
    """The figures and lists of the start page, each filtered by what the person may see."""
    user = request.user
    viewer = viewer_for(user)
    menu = menu_for(viewer)
    unread = unread_notifications_for(user)
    context: dict[str, Any] = {
        "unread": list(unread[:UNREAD_SHOWN]),
        "unread_count": unread.count(),
        "last_notification": notifications_for(user).values_list("pk", flat=True).first() or 0,
    }
    if not menu.activities:
        return context
    context["next_meetings"] = next_meetings(viewer, limit=LATEST)
    context["open_action_items"] = open_action_items(viewer, limit=LATEST)
    if menu.tagging:
        context["untagged_count"] = (
            untagged_activities_for(user).filter(network__in=networks_for_tagging(viewer)).count()
        )
    if viewer.organisation_id:
        own = activities_visible_to(user).filter(organisation_id=viewer.organisation_id)
        context["own_activities"] = list(activities_for_listing(own)[:LATEST])
        context["own_count"] = own.count()
        context["own_ongoing_count"] = own.filter(status="ongoing").count()
    context["latest_updates"] = list(
        updates_visible_to(user).select_related("organisation", "activity")[:LATEST]
    )
    return context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required: signed in
    roles = (
        Role.objects.filter(user=user).select_related("network").order_by("network__name", "code")
    )
    networks: dict[int, dict] = {}
    for role in roles:
        entry = networks.setdefault(role.network_id, {"network": role.network, "roles": []})
        entry["roles"].append(role.get_code_display())
    visible = set(networks_visible_to(user).values_list("pk", flat=True))
    return render(
        request,
        "frontend/home.html",
        {
            "organisation": user.organisation,
            "memberships": [entry | {"open": nid in visible} for nid, entry in networks.items()],
            **_dashboard(request),
        },
    )
