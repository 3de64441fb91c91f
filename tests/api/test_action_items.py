"""Action items through the API: who sees and follows them up, filters, CSV, bad input."""

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from network.meetings import services
from network.models import ActionItem
from tests.api.personas import each_persona
from tests.api.test_meetings import Meetings, _create, approve, meetings_fixture  # noqa: F401
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]


def _names(response: Any, meetings: Meetings) -> set[str] | None:
    if response.status_code != 200:
        return None
    names = {meetings.network_item.pk: "network_item", meetings.authority_item.pk: "authority_item"}
    return {names.get(row["id"], "other") for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"network_item", "authority_item"}),
        security_chief=(200, {"network_item", "authority_item"}),
        contact_person=(200, {"network_item", "authority_item"}),
        police=(200, {"network_item", "authority_item"}),
        civil=(200, {"network_item"}),
        report_reader=(403, None),
        outsider=(200, set()),
        other_member=(200, set()),
        anonymous=(401, None),
    ),
)
def test_action_item_list_shows_those_of_the_meetings_the_persona_sees(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/action-items/")

    assert (response.status_code, _names(response, meetings)) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, 200),
        security_chief=(200, 200),
        contact_person=(200, 200),
        police=(200, 200),
        civil=(200, 404),
        report_reader=(403, 403),
        outsider=(404, 404),
        other_member=(404, 404),
        anonymous=(401, 401),
    ),
)
def test_action_item_detail_is_404_for_whoever_may_not_see_its_meeting(
    client_for: ClientFor, meetings: Meetings, persona: str | None, expected: tuple
) -> None:
    client = client_for(persona)

    answers = tuple(
        client.get(f"/api/v1/action-items/{item.pk}/").status_code
        for item in (meetings.network_item, meetings.authority_item)
    )

    assert answers == expected


def _unlinked_item(world: World, meetings: Meetings) -> ActionItem:
    """Polisen's action item, due 2026-01-15, linked to no activity."""
    return services.action_item_create(
        meeting=meetings.network,
        actor=world.coordinator,
        title="Följ upp helgkvällarna",
        owner_organisation=world.police_org,
        owner=world.police,
        due_on=date(2026, 1, 15),
    )


def test_the_secretary_moves_on_an_item_linked_to_an_activity_hidden_from_them(
    client_for: ClientFor, meetings: Meetings
) -> None:
    response = client_for("contact_person").patch(
        f"/api/v1/action-items/{meetings.network_item.pk}/", {"status": "in_progress"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=200,
        police=200,
        civil=403,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_an_action_items_status_is_moved_on_by_its_owner_and_those_who_run_the_meeting(
    client_for: ClientFor, world: World, meetings: Meetings, persona: str | None, expected: int
) -> None:
    item = _unlinked_item(world, meetings)

    response = client_for(persona).patch(
        f"/api/v1/action-items/{item.pk}/", {"status": "in_progress"}
    )

    assert response.status_code == expected, response.content
    item.refresh_from_db()
    assert item.status == ("in_progress" if expected == 200 else "open")


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=200,
        police=403,
        civil=403,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_an_action_items_content_is_changed_by_those_who_run_the_meeting(
    client_for: ClientFor, world: World, meetings: Meetings, persona: str | None, expected: int
) -> None:
    item = _unlinked_item(world, meetings)

    response = client_for(persona).patch(
        f"/api/v1/action-items/{item.pk}/", {"due_on": "2026-02-01"}
    )

    assert response.status_code == expected
    item.refresh_from_db()
    assert item.due_on == (date(2026, 2, 1) if expected == 200 else date(2026, 1, 15))


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police=403,
        civil=403,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),
)
def test_an_action_item_is_given_by_those_who_run_the_meeting(
    client_for: ClientFor, world: World, meetings: Meetings, persona: str | None, expected: int
) -> None:
    before = ActionItem.objects.count()

    response = client_for(persona).post(
        "/api/v1/action-items/",
        {
            "meeting": meetings.network.pk,
            "title": "Nytt uppdrag",
            "owner_organisation": world.police_org.pk,
            "due_on": "2030-06-01",
        },
    )

    assert response.status_code == expected, response.content
    assert ActionItem.objects.count() == before + (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        assert response["Location"].endswith(f"/api/v1/action-items/{body['id']}/")
        assert body["meeting_title"] == "Nätverksmöte i mars"
    if expected == 400:
        assert "meeting" in response.json()


def test_an_action_item_of_a_hidden_meeting_is_404_before_its_body_is_read(
    client_for: ClientFor, meetings: Meetings
) -> None:
    response = client_for("civil").patch(
        f"/api/v1/action-items/{meetings.authority_item.pk}/", {"status": "nonsense"}
    )

    assert response.status_code == 404


def test_a_hidden_meeting_looks_like_a_missing_one_when_giving_an_action_item(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    body = {"title": "x", "owner_organisation": world.association.pk, "due_on": "2030-01-01"}
    client = client_for("civil")

    hidden = client.post("/api/v1/action-items/", {**body, "meeting": meetings.authority.pk})
    missing = client.post("/api/v1/action-items/", {**body, "meeting": 99_999_999})

    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["meeting"][0].replace(str(meetings.authority.pk), "N") == missing.json()[
        "meeting"
    ][0].replace("99999999", "N")


# Filters


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"network_item", "authority_item"}),
        ({"status": "open"}, {"network_item", "authority_item"}),
        ({"status": "done"}, set()),
        ({"overdue": "true"}, {"network_item"}),
        ({"mine": "true"}, {"network_item"}),
        ({"organisation": "school"}, {"authority_item"}),
        ({"meeting": "authority"}, {"authority_item"}),
    ],
)
def test_action_item_filters(
    client_for: ClientFor, world: World, meetings: Meetings, params: dict, expected: set
) -> None:
    if params.get("organisation") == "school":
        params = {"organisation": world.school.pk}
    if params.get("meeting") == "authority":
        params = {"meeting": meetings.authority.pk}
    client = client_for("police")

    response = client.get("/api/v1/action-items/", params)

    assert _names(response, meetings) == expected


def test_mine_holds_the_organisations_unowned_items(
    client_for: ClientFor, meetings: Meetings
) -> None:
    response = client_for("contact_person").get("/api/v1/action-items/", {"mine": "true"})

    assert _names(response, meetings) == {"authority_item"}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "finished"},
        {"overdue": "maybe"},
        {"mine": "\x00"},
        {"organisation": "99999999999999999999"},
        {"meeting": "abc"},
        {"format": "xml"},
    ],
)
def test_bad_query_parameters_are_field_errors(
    client_for: ClientFor, meetings: Meetings, params: dict
) -> None:
    response = client_for("police").get("/api/v1/action-items/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(params) <= set(response.json())


# CSV


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_list_as_csv_holds_the_filtered_rows_with_their_columns(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    rows = _csv(client_for("police").get("/api/v1/action-items/", {"format": "csv"}))
    by_accept = _csv(client_for("police").get("/api/v1/action-items/", HTTP_ACCEPT="text/csv"))

    assert rows == by_accept
    assert list(rows[0]) == [
        "id", "meeting", "meeting_title", "title", "owner_organisation", "owner", "due_on",
        "status", "done_on", "activity", "direction",
    ]  # fmt: skip
    first = rows[0]
    assert first["title"] == "Ta fram underlag om helgkvällarna"
    assert first["meeting_title"] == "Nätverksmöte i mars"
    assert first["activity"] == str(meetings.hidden_activity.pk)
    assert first["direction"] == "prevention"
    assert first["done_on"] == ""
    assert len(rows) == 2


def test_the_csv_follows_the_filters_and_holds_more_than_a_page(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    for number in range(3):
        services.action_item_create(
            meeting=meetings.network,
            actor=world.coordinator,
            title=f"Uppdrag {number}",
            owner_organisation=world.school,
            due_on=date(2031, 1, 1),
        )

    rows = _csv(
        client_for("police").get(
            "/api/v1/action-items/",
            {"format": "csv", "organisation": world.school.pk, "page_size": 1},
        )
    )

    assert len(rows) == 4


def test_a_civil_society_member_never_gets_an_authorities_action_item_in_the_csv(
    client_for: ClientFor, meetings: Meetings
) -> None:
    response = client_for("civil").get("/api/v1/action-items/", {"format": "csv"})

    rows = _csv(response)
    assert [row["title"] for row in rows] == ["Ta fram underlag om helgkvällarna"]
    assert rows[0]["activity"] == ""
    assert "Skolans hemliga uppdrag" not in response.content.decode()


def test_csv_is_not_offered_for_one_action_item(client_for: ClientFor, meetings: Meetings) -> None:
    response = client_for("police").get(
        f"/api/v1/action-items/{meetings.network_item.pk}/", {"format": "csv"}
    )

    assert response.status_code == 400
    assert "format" in response.json()


def test_a_report_reader_gets_no_csv_either(client_for: ClientFor, meetings: Meetings) -> None:
    response = client_for("report_reader").get("/api/v1/action-items/", {"format": "csv"})

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"


# Bad input

BAD_ACTION_ITEMS = [
    pytest.param({"due_on": "2026-02-30"}, "due_on", id="no such day"),
    pytest.param({"due_on": "99999-01-01"}, "due_on", id="five-digit year"),
    pytest.param({"due_on": 5}, "due_on", id="a number for a date"),
    pytest.param({"title": "x\x00"}, "title", id="NUL byte"),
    pytest.param({"title": ""}, "title", id="blank title"),
    pytest.param({"owner_organisation": 2**80}, "owner_organisation", id="huge organisation"),
    pytest.param({"owner": 99_999_999}, "owner", id="unknown owner"),
    pytest.param({"activity": "x"}, "activity", id="activity that is no id"),
    pytest.param({"direction": "nope"}, "direction", id="unknown direction"),
    pytest.param({"status": "done"}, "status", id="status cannot be set on create"),
    pytest.param({"meeting": None}, "meeting", id="no meeting"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), BAD_ACTION_ITEMS)
def test_a_bad_action_item_is_refused_with_a_field_error(
    client_for: ClientFor, world: World, meetings: Meetings, change: dict, field: str
) -> None:
    before = ActionItem.objects.count()
    body = {
        "meeting": meetings.network.pk,
        "title": "Uppdrag",
        "owner_organisation": world.police_org.pk,
        "due_on": "2030-06-01",
        **change,
    }

    response = client_for("coordinator").post("/api/v1/action-items/", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert ActionItem.objects.count() == before


def test_the_owner_belongs_to_the_responsible_organisation(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/action-items/{meetings.network_item.pk}/", {"owner": world.contact_person.pk}
    )

    assert response.status_code == 400
    assert "owner" in response.json()


@pytest.mark.parametrize(
    "change",
    [{"status": "nonsense"}, {"status": 7}, {"meeting": 3}, {"done_on": "2026-01-01"}],
    ids=["unknown status", "number status", "meeting cannot be set", "done_on cannot be set"],
)
def test_a_bad_change_leaves_the_action_item_as_it_was(
    client_for: ClientFor, meetings: Meetings, change: dict
) -> None:
    item = meetings.network_item
    before = ActionItem.objects.filter(pk=item.pk).values().get()

    response = client_for("coordinator").patch(
        f"/api/v1/action-items/{item.pk}/", change, format="json"
    )

    assert response.status_code == 400
    assert ActionItem.objects.filter(pk=item.pk).values().get() == before


def test_status_of_an_approved_meetings_item_moves_but_its_content_is_frozen(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    approve(world, meetings.network)
    url = f"/api/v1/action-items/{meetings.network_item.pk}/"
    client = client_for("coordinator")

    content = client.patch(url, {"title": "Ändrat"})
    progress = client.patch(url, {"status": "done"})

    assert content.status_code == 409
    assert progress.status_code == 200
    meetings.network_item.refresh_from_db()
    assert meetings.network_item.title == "Ta fram underlag om helgkvällarna"


def test_items_of_a_cancelled_meeting_are_not_listed(
    client_for: ClientFor, world: World, meetings: Meetings
) -> None:
    draft_like = _create(
        world,
        world.coordinator,
        title="Inställt",
        starts_at=datetime(2031, 1, 1, 9, tzinfo=UTC),
        ends_at=datetime(2031, 1, 1, 10, tzinfo=UTC),
    )
    services.action_item_create(
        meeting=draft_like,
        actor=world.coordinator,
        title="Försvinner",
        owner_organisation=world.police_org,
        due_on=date(2031, 2, 1),
    )
    services.meeting_cancel(meeting=draft_like, actor=world.coordinator)

    response = client_for("coordinator").get("/api/v1/action-items/")

    assert _names(response, meetings) == {"network_item", "authority_item"}


# Query counts

TOKEN_AND_VIEWER = 3


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("page_size", [2, 10])
def test_the_action_item_list_costs_the_same_at_every_page_size(
    token_client: Callable[[str | None], APIClient],
    world: World,
    meetings: Meetings,
    django_assert_num_queries: Callable,
    page_size: int,
    fmt: str,
) -> None:
    for number in range(12):
        services.action_item_create(
            meeting=meetings.network,
            actor=world.coordinator,
            title=f"Uppdrag {number}",
            owner_organisation=world.police_org,
            owner=world.police,
            due_on=date(2031, 1, 1),
            activity=meetings.hidden_activity,
            direction="competence",
        )
    client = token_client("police")

    # json: count, page, visible activities; csv: rows, visible activities
    with django_assert_num_queries(TOKEN_AND_VIEWER + (3 if fmt == "json" else 2)):
        response = client.get(
            "/api/v1/action-items/", {"page_size": page_size, "format": fmt, "status": "open"}
        )

    assert response.status_code == 200


def test_an_action_item_detail_costs_a_fixed_number_of_queries(
    token_client: Callable[[str | None], APIClient],
    meetings: Meetings,
    django_assert_num_queries: Callable,
) -> None:
    client = token_client("police")

    with django_assert_num_queries(TOKEN_AND_VIEWER + 2):  # the item, visible activities
        response = client.get(f"/api/v1/action-items/{meetings.network_item.pk}/")

    assert response.status_code == 200
