"""Searching the activity list finds å, ä and ö in either letter case."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from network.activities import services as activity_services
from network.models import Visibility
from tests.conftest import World

TITLE = "Trygghetsvandring i Ödåkra"


@pytest.mark.parametrize("search", ["ödåkra", "ÖDÅKRA", "Ödåkra", "trygghetsvandring ödåkra"])
def test_search_finds_swedish_letters_in_any_case(
    web_client_for: Any, world: World, search: str
) -> None:
    activity_services.activity_create(
        author=world.police,
        network=world.net,
        title=TITLE,
        starts_on=date(2026, 4, 14),
        visibility=Visibility.NETWORK,
    )
    response = web_client_for("civil").get(reverse("frontend:activity_list"), {"q": search})
    assert [a.title for a in response.context["page"].object_list] == [TITLE]
