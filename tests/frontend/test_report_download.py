"""The report's download links give the figures shown on the page: the same network."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from network.activities import services as activity_services
from network.core import services as core_services
from network.models import Role, Visibility
from tests.conftest import World
from tests.frontend.conftest import Activities


@pytest.fixture
def coordinator_of_two(world: World, activities: Activities) -> World:
    """The coordinator also coordinates the neighbouring network, which has one more activity."""
    core_services.network_add_organisation(network=world.other_net, organisation=world.social)
    core_services.role_grant(
        user=world.coordinator, network=world.other_net, code=Role.Code.COORDINATOR
    )
    activity_services.activity_create(
        author=world.other_member,
        network=world.other_net,
        title="Grannkommunens andra insats",
        starts_on=activities.other_network.starts_on,
        visibility=Visibility.NETWORK,
    )
    return world


def _csv_query(page: str) -> dict[str, list[str]]:
    start = page.index('id="csv-download"')
    href = page[page.rindex("<a ", 0, start) : start].split('href="', 1)[1].split('"', 1)[0]
    assert urlsplit(href).path == "/api/v1/reports/activities/"
    return parse_qs(urlsplit(href.replace("&amp;", "&")).query)


def test_csv_link_carries_the_network_chosen_on_the_page(
    web_client_for: Any, coordinator_of_two: World
) -> None:
    world = coordinator_of_two
    client = web_client_for("coordinator")
    query = {"period": "year", "from": "2026-01-01", "to": "2026-12-31", "group_by": "direction"}

    other = client.get(reverse("frontend:report"), {**query, "network": world.other_net.pk})
    own = client.get(reverse("frontend:report"), {**query, "network": world.net.pk})

    assert _csv_query(other.content.decode())["network"] == [str(world.other_net.pk)]
    assert _csv_query(own.content.decode())["network"] == [str(world.net.pk)]
    assert sum(row["activities"] for row in other.context["table"]) == 2


def test_csv_link_of_the_first_report_carries_the_network_shown(
    web_client_for: Any, coordinator_of_two: World
) -> None:
    response = web_client_for("coordinator").get(reverse("frontend:report"))
    shown = response.context["form"].initial["network"]
    assert _csv_query(response.content.decode())["network"] == [str(shown)]


def test_csv_download_has_the_figures_of_the_table(
    web_client_for: Any, coordinator_of_two: World
) -> None:
    world = coordinator_of_two
    client = web_client_for("coordinator")
    response = client.get(
        reverse("frontend:report"),
        {"period": "year", "from": "2026-01-01", "to": "2026-12-31", "network": world.other_net.pk},
    )
    query = {name: values[-1] for name, values in _csv_query(response.content.decode()).items()}
    query["format"] = "json"  # the same rows, easier to read than the CSV

    rows = client.get("/api/v1/reports/activities/", query).json()["results"]

    assert [row["activities"] for row in rows] == [
        row["activities"] for row in response.context["table"]
    ]
    assert sum(row["activities"] for row in rows) == 2
