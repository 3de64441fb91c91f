"""The start page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from network.core.selectors import networks_visible_to
from network.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = (
        Role.objects.filter(user=request.user)
        .select_related("network")
        .order_by("network__name", "code")
    )
    networks: dict[int, dict] = {}
    for role in roles:
        entry = networks.setdefault(role.network_id, {"network": role.network, "roles": []})
        entry["roles"].append(role.get_code_display())
    visible = set(networks_visible_to(request.user).values_list("pk", flat=True))
    return render(
        request,
        "frontend/home.html",
        {
            "organisation": request.user.organisation,
            "memberships": [entry | {"open": nid in visible} for nid, entry in networks.items()],
        },
    )
