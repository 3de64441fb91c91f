"""Leaks through the side doors of the API: filters, and answers that depend on the body."""

from collections.abc import Callable
from datetime import date

import pytest
from rest_framework.test import APIClient

from network.core import services as core_services
from network.models import Activity, ActivityTagging
from tests.api.conftest import Scene
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]


@pytest.mark.parametrize(
    ("persona", "hidden_network"), [("civil", "other_net"), ("other_member", "net")]
)
def test_filtering_organisations_by_a_network_the_persona_does_not_take_part_in_finds_nothing(
    client_for: ClientFor, world: World, persona: str, hidden_network: str
) -> None:
    # Polisen takes part in both networks, so everyone in either sees the organisation itself.
    core_services.network_add_organisation(network=world.other_net, organisation=world.police_org)
    network = getattr(world, hidden_network)

    hidden = client_for(persona).get(f"/api/v1/organisations/?network={network.pk}")
    missing = client_for(persona).get("/api/v1/organisations/?network=999999")

    assert hidden.status_code == missing.status_code == 200
    assert hidden.json() == missing.json()
    assert hidden.json()["count"] == 0


def test_filtering_organisations_by_a_network_the_persona_takes_part_in_still_works(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("civil").get(f"/api/v1/organisations/?network={world.net.pk}")

    assert response.json()["count"] == 5


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("patch", {"starts_on": "not a date"}),
        ("put", {"title": ""}),
        ("patch", {"partners": [999999]}),
    ],
)
def test_changing_a_locked_activity_is_refused_with_403_whatever_the_body(
    client_for: ClientFor, scene: Scene, world: World, method: str, body: dict
) -> None:
    world.net.reporting_closed_until = date(2025, 12, 31)
    world.net.save()
    activity = scene.civil_network

    response = getattr(client_for("civil"), method)(f"/api/v1/activities/{activity.pk}/", body)

    assert response.status_code == 403
    assert Activity.objects.get(pk=activity.pk).title == "Nattvandring i Drottninghög"


def test_tagging_a_locked_activity_is_refused_with_403_whatever_the_body(
    client_for: ClientFor, scene: Scene, world: World
) -> None:
    world.net.reporting_closed_until = date(2025, 12, 31)
    world.net.save()
    activity = scene.civil_network

    response = client_for("coordinator").post(
        f"/api/v1/activities/{activity.pk}/tag/", {"directions": ["no such direction"]}
    )

    assert response.status_code == 403
    assert not ActivityTagging.objects.filter(activity=activity).exists()
