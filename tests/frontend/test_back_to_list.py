"""The way back from an activity keeps the list's filters and page, and leads nowhere else."""

import html
import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from tests.conftest import World
from tests.factories import ActivityFactory
from tests.frontend.conftest import Activities

LIST = "/insatser/"


def _back_link(page: str) -> str:
    match = re.search(r'<p class="breadcrumb"><a href="([^"]*)"', page)
    assert match is not None
    return html.unescape(match.group(1))


def _links_stay_here(page: str) -> bool:
    """Every link and form of the page leads to a path of this site (or is a data URL)."""
    targets = [html.unescape(t) for t in re.findall(r'(?:href|action)="([^"]*)"', page)]
    return all(
        (t.startswith("/") and not t.startswith(("//", "/\\"))) or t.startswith(("#", "data:"))
        for t in targets
    )


def test_list_links_each_activity_with_its_filters_and_page(
    web_client_for: Any, world: World
) -> None:
    activities = [
        ActivityFactory(network=world.net, organisation=world.school, title=f"Insats {index}")
        for index in range(30)
    ]
    page = (
        web_client_for("police")
        .get(LIST, {"q": "Insats", "status": "planned", "page": "2"})
        .content.decode()
    )
    back = quote(f"{LIST}?q=Insats&status=planned&page=2", safe="")
    shown = [a for a in activities if f"/insatser/{a.pk}/" in page]
    assert shown
    for activity in shown:
        assert f'href="/insatser/{activity.pk}/?back={back}"' in page


def test_list_without_filters_links_plainly(web_client_for: Any, activities: Activities) -> None:
    page = web_client_for("police").get(LIST).content.decode()
    assert f'href="/insatser/{activities.school_network.pk}/"' in page


def test_activity_page_leads_back_to_the_filtered_list(
    web_client_for: Any, activities: Activities
) -> None:
    url = f"/insatser/{activities.school_network.pk}/"
    back = f"{LIST}?status=planned&page=2"
    page = web_client_for("police").get(url, {"back": back}).content.decode()
    assert _back_link(page) == back


def test_way_back_survives_the_language_switch(web_client_for: Any, activities: Activities) -> None:
    url = f"/en/activities/{activities.school_network.pk}/"
    page = web_client_for("police").get(url, {"back": f"{LIST}?status=planned"}).content.decode()
    assert _back_link(page) == "/en/activities/?status=planned"


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example",
        "https://evil.example/insatser/?status=planned",
        "//evil.example/insatser/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "/admin/?status=planned",
        "/insatser/../admin/",
        "http://[::1",
        "/insatser/?" + "x" * 5_000,
    ],
)
def test_a_way_back_elsewhere_is_ignored(
    web_client_for: Any, activities: Activities, back: str
) -> None:
    url = f"/insatser/{activities.school_network.pk}/"
    response = web_client_for("police").get(url, {"back": back})
    page = response.content.decode()
    assert response.status_code == 200
    assert _back_link(page) == LIST
    assert _links_stay_here(page)
    assert f'action="/insatser/{activities.school_network.pk}/lagesuppdateringar/"' in page


def test_only_the_lists_own_parameters_are_carried_back(
    web_client_for: Any, activities: Activities
) -> None:
    url = f"/insatser/{activities.school_network.pk}/"
    back = f"{LIST}?status=planned&next=https://evil.example&page=3"
    page = web_client_for("police").get(url, {"back": back}).content.decode()
    assert _back_link(page) == f"{LIST}?status=planned&page=3"
    assert _links_stay_here(page)
    assert "next=" not in _back_link(page)


def test_editing_keeps_the_way_back(web_client_for: Any, activities: Activities) -> None:
    activity = activities.school_network
    back = f"{LIST}?status=planned&page=2"
    carried = urlencode({"back": back})
    client = web_client_for("contact_person")
    detail_url = f"/insatser/{activity.pk}/"
    edit_url = f"/insatser/{activity.pk}/andra/"

    detail = client.get(detail_url, {"back": back}).content.decode()
    form = client.get(edit_url, {"back": back}).content.decode()
    saved = client.post(
        f"{edit_url}?{carried}",
        {
            "title": "Läxhjälp och fika",
            "organisation": activity.organisation_id,
            "status": "planned",
            "starts_on": "2026-02-10",
            "participants_count": "0",
            "visibility": "network",
        },
    )

    assert f'href="{edit_url}?{html.escape(carried)}"' in detail
    assert _back_link(form) == f"{detail_url}?{carried}"
    assert saved.status_code == 302
    assert saved["Location"] == f"{detail_url}?{carried}"
    after = client.get(saved["Location"]).content.decode()
    assert _back_link(after) == back


def test_posting_an_update_keeps_the_way_back(web_client_for: Any, activities: Activities) -> None:
    activity = activities.school_network
    carried = urlencode({"back": f"{LIST}?status=planned"})
    detail_url = f"/insatser/{activity.pk}/"
    client = web_client_for("police")
    page = client.get(f"{detail_url}?{carried}").content.decode()
    action = f"/insatser/{activity.pk}/lagesuppdateringar/?{carried}"
    assert f'action="{html.escape(action)}"' in page

    response = client.post(action, {"update-body": "Lugnt.", "update-visibility": "network"})

    assert response["Location"] == f"{detail_url}?{carried}#updates"
