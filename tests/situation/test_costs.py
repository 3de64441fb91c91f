"""The search and the admin's list cost the same number of queries however many pictures they
show: the search is one SQL predicate per word, the audit of a list is written at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from network.situation import services
from tests.conftest import World
from tests.network.test_admin import make_coordinator_staff

pytestmark = pytest.mark.django_db


def _pictures(world: World, years: range) -> None:
    for year in years:
        services.picture_create(
            author=world.contact_person,
            network=world.net,
            department=world.school,
            period=str(year),
            visibility="authorities",
            problems=[{"title": "Skolfrånvaro"}, {"title": "Skadegörelse"}],
            cause_analysis="Få vuxna ute i Ödåkra",
            areas="Källarlokalen",
        )


def _cost(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["coordinator", "police"])
def test_a_search_costs_the_same_for_two_pictures_as_for_six(world: World, name: str) -> None:
    client = APIClient()
    client.force_authenticate(user=world.persona(name))

    def search() -> object:
        return client.get("/api/v1/situation-pictures/", {"q": "ödåkra skolfrånvaro källarlokalen"})

    _pictures(world, range(2025, 2027))
    search()  # the first request warms what every later one shares
    few = _cost(search)
    _pictures(world, range(2016, 2020))
    many = _cost(search)

    assert few == many


def test_the_admin_list_costs_the_same_for_two_pictures_as_for_six(world: World) -> None:
    make_coordinator_staff(world.coordinator)
    client = Client()
    client.force_login(world.coordinator)

    def listing() -> object:
        return client.get("/admin/network/situationpicture/")

    _pictures(world, range(2025, 2027))
    listing()
    few = _cost(listing)
    _pictures(world, range(2016, 2020))
    many = _cost(listing)

    assert few == many
