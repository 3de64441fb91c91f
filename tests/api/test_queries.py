"""The number of SQL queries of every list and detail does not grow with the page size.

Each request authenticates with a token, as an API consumer does: one query for the token and
its user. Endpoints that decide by visibility then read the caller's roles and whether their
organisation is an authority, two queries, once for the whole request.
"""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from network.activities import services as activity_services
from network.models import Activity, Visibility
from tests.conftest import World

ROWS = 12
TOKEN = 1
VIEWER = 2
AUTHENTICATION = TOKEN + VIEWER


@pytest.fixture
def many(world: World) -> list[Activity]:
    """Activities with partners, suggested and tagged directions, tag history and updates."""
    activities = []
    for number in range(ROWS):
        activity = activity_services.activity_create(
            author=world.police,
            network=world.net,
            title=f"Insats {number}",
            starts_on=date(2026, 1, 1) + timedelta(days=number),
            partners=[world.social, world.school],
            suggested_directions=["prevention", "competence"],
            visibility=Visibility.NETWORK,
        )
        activity_services.activity_tag(
            activity=activity, actor=world.coordinator, directions=["prevention", "evaluation"]
        )
        activity_services.activity_tag(
            activity=activity, actor=world.coordinator, directions=["competence"]
        )
        activity_services.update_post(
            author=world.police,
            network=world.net,
            activity=activity,
            body=f"Uppdatering {number}",
            visibility=Visibility.NETWORK,
        )
        activities.append(activity)
    return activities


LISTS = [
    # path, queries beyond authentication
    pytest.param("/api/v1/activities/", 6, id="activities"),  # count, page, 4 prefetches
    pytest.param("/api/v1/updates/", 2, id="updates"),  # count, page
    pytest.param("/api/v1/networks/", 2, id="networks"),
    pytest.param("/api/v1/organisations/", 2, id="organisations"),
    pytest.param("/api/v1/directions/", 2 - VIEWER, id="directions"),  # the same for all
]


@pytest.mark.parametrize(("path", "queries"), LISTS)
@pytest.mark.parametrize("page_size", [2, 10])
def test_a_list_costs_the_same_number_of_queries_at_every_page_size(
    token_client: Callable[[str | None], APIClient],
    many: list[Activity],
    django_assert_num_queries: Callable,
    path: str,
    queries: int,
    page_size: int,
) -> None:
    client = token_client("coordinator")

    with django_assert_num_queries(AUTHENTICATION + queries):
        response = client.get(path, {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


@pytest.mark.parametrize("page_size", [1, 2])
def test_the_tag_history_costs_the_same_number_of_queries_at_every_page_size(
    token_client: Callable[[str | None], APIClient],
    many: list[Activity],
    django_assert_num_queries: Callable,
    page_size: int,
) -> None:
    client = token_client("police")

    # the activity with its relations (1 + 4 prefetches), then the count and the page
    with django_assert_num_queries(AUTHENTICATION + 5 + 2):
        response = client.get(f"/api/v1/activities/{many[0].pk}/tags/", {"page_size": page_size})

    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("persona", ["coordinator", "civil"])
@pytest.mark.parametrize("page_size", [2, 10])
def test_a_filtered_and_searched_activity_list_costs_the_same_at_every_page_size(
    token_client: Callable[[str | None], APIClient],
    many: list[Activity],
    django_assert_num_queries: Callable,
    persona: str,
    page_size: int,
) -> None:
    client = token_client(persona)
    params = {
        "page_size": page_size,
        "direction": "competence",
        "status": "planned",
        "search": "insats",
        "from": "2026-01-01",
        "ordering": "title",
    }

    with django_assert_num_queries(AUTHENTICATION + 6):
        response = client.get("/api/v1/activities/", params)

    assert response.json()["count"] == ROWS


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        pytest.param("/api/v1/activities/{activity}/", 5, id="activity"),  # row + 4 prefetches
        pytest.param("/api/v1/updates/{update}/", 1, id="update"),
        pytest.param("/api/v1/networks/{network}/", 1, id="network"),
        pytest.param("/api/v1/organisations/{organisation}/", 1, id="organisation"),
        pytest.param("/api/v1/directions/prevention/", 1 - VIEWER, id="direction"),
        # the user, their roles, and the unread count (which needs the viewer)
        pytest.param("/api/v1/me/", 3, id="me"),
    ],
)
def test_a_detail_costs_a_fixed_number_of_queries(
    token_client: Callable[[str | None], APIClient],
    many: list[Activity],
    world: World,
    django_assert_num_queries: Callable,
    path: str,
    queries: int,
) -> None:
    client = token_client("police")
    url = path.format(
        activity=many[0].pk,
        update=many[0].updates.get().pk,
        network=world.net.pk,
        organisation=world.social.pk,
    )

    with django_assert_num_queries(AUTHENTICATION + queries):
        response = client.get(url)

    assert response.status_code == 200


def test_a_report_costs_one_query_whatever_the_grouping(
    token_client: Callable[[str | None], APIClient],
    many: list[Activity],
    django_assert_num_queries: Callable,
) -> None:
    client = token_client("report_reader")

    for group_by in ("", "direction", "organisation", "direction,organisation"):
        with django_assert_num_queries(TOKEN + VIEWER + 1):
            response = client.get("/api/v1/reports/activities/", {"group_by": group_by})
        assert response.status_code == 200
