"""Activities through the API: input refused with field errors, filters, ordering, bad queries."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from network.models import Activity, AuditEvent
from tests.api.conftest import Scene
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]
VALID_IDENTITY_NUMBER = "19811218-9876"


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Creating


def test_a_member_logs_an_activity_with_every_field(client_for: ClientFor, world: World) -> None:
    response = client_for("police").post(
        "/api/v1/activities/",
        {
            "network": world.net.pk,
            "title": "Trygghetsvandring",
            "description": "Tillsammans med fältassistenter.",
            "partners": [world.social.pk, world.association.pk],
            "status": "ongoing",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-31",
            "place": "Centrum",
            "target_groups": "Unga 13-17 år",
            "participants_count": 40,
            "outcome": "",
            "visibility": "authorities",
            "suggested_directions": ["prevention", "coordination"],
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["organisation"] == world.police_org.pk
    assert set(body["partners"]) == {world.social.pk, world.association.pk}
    assert body["suggested_directions"] == sorted(["prevention", "coordination"], key=_position)
    assert body["directions"] == []
    assert (body["tagged_by"], body["tagged_at"]) == (None, None)
    assert body["created_by"] == world.police.pk
    assert body["is_locked"] is False
    assert "personal_data_reason" not in body
    contract = {
        "id", "title", "description", "organisation", "partners", "status", "starts_on",
        "ends_on", "visibility", "participants_count", "suggested_directions", "directions",
        "tagged_by", "tagged_at", "created_by", "created_at", "updated_at",
    }  # fmt: skip
    assert contract <= set(body)


def _position(code: str) -> int:
    return ["prevention", "competence", "coordination", "evaluation"].index(code)


def test_the_network_defaults_to_the_only_one_the_member_takes_part_in(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("civil").post(
        "/api/v1/activities/", {"title": "Läxhjälp", "starts_on": "2026-01-15"}
    )

    assert response.status_code == 201
    assert response.json()["network"] == world.net.pk


def test_the_coordinator_logs_an_activity_for_another_organisation(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("coordinator").post(
        "/api/v1/activities/",
        {"title": "Samordning", "starts_on": "2026-01-15", "organisation": world.school.pk},
    )

    assert response.status_code == 201
    assert response.json()["organisation"] == world.school.pk


BAD_ACTIVITIES = [
    pytest.param({"suggested_directions": ["prevention", "nope"]}, "suggested_directions", id="unknown direction"),
    pytest.param({"starts_on": "2026-05-02", "ends_on": "2026-05-01"}, "ends_on", id="end before start"),
    pytest.param({"organisation": 99_999_999}, "organisation", id="unknown organisation"),
    pytest.param({"organisation": 2**80}, "organisation", id="huge organisation id"),
    pytest.param({"organisation": True}, "organisation", id="organisation as a boolean"),
    pytest.param({"partners": [99_999_999]}, "partners", id="unknown partner"),
    pytest.param({"partners": ["x"]}, "partners", id="partner that is no id"),
    pytest.param({"network": 99_999_999}, "network", id="unknown network"),
    pytest.param({"title": "Ti\x00tel"}, "title", id="NUL byte in title"),
    pytest.param({"description": "a\x00b"}, "description", id="NUL byte in description"),
    pytest.param({"title": "x" * 201}, "title", id="oversized title"),
    pytest.param({"description": "x" * 20_001}, "description", id="oversized description"),
    pytest.param({"place": "x" * 201}, "place", id="oversized place"),
    pytest.param({"title": "   "}, "title", id="blank title"),
    pytest.param({"starts_on": "0000-01-01"}, "starts_on", id="year zero"),
    pytest.param({"starts_on": "99999-01-01"}, "starts_on", id="five-digit year"),
    pytest.param({"starts_on": "2026-02-30"}, "starts_on", id="no such day"),
    pytest.param({"participants_count": -1}, "participants_count", id="negative count"),
    pytest.param({"participants_count": 2**31}, "participants_count", id="count too large"),
    pytest.param({"status": "finished"}, "status", id="unknown status"),
    pytest.param({"visibility": "everyone"}, "visibility", id="unknown visibility"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), BAD_ACTIVITIES)
def test_bad_input_is_refused_with_a_field_error_and_nothing_is_created(
    client_for: ClientFor, world: World, change: dict, field: str
) -> None:
    body = {"network": world.net.pk, "title": "Insats", "starts_on": "2026-05-01", **change}

    response = client_for("police").post("/api/v1/activities/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "body",
    [[{"title": "Insats", "starts_on": "2026-05-01"}], "Insats", 42, None],
    ids=["a list", "a string", "a number", "null"],
)
def test_json_that_is_not_an_object_is_refused_with_400(
    client_for: ClientFor, world: World, body: object
) -> None:
    response = client_for("police").post("/api/v1/activities/", body, format="json")

    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_malformed_json_is_refused_with_400(client_for: ClientFor, world: World) -> None:
    response = client_for("police").post(
        "/api/v1/activities/", b'{"title": ', content_type="application/json"
    )

    assert response.status_code == 400


def test_a_partner_that_is_not_visible_looks_like_one_that_does_not_exist(
    client_for: ClientFor, world: World
) -> None:
    hidden = client_for("police").post(
        "/api/v1/activities/",
        {"title": "Insats", "starts_on": "2026-05-01", "partners": [world.other_org.pk]},
    )
    missing = client_for("police").post(
        "/api/v1/activities/",
        {"title": "Insats", "starts_on": "2026-05-01", "partners": [99_999_999]},
    )

    assert (hidden.status_code, missing.status_code) == (400, 400)
    assert hidden.json()["partners"][0].replace(str(world.other_org.pk), "N") == missing.json()[
        "partners"
    ][0].replace("99999999", "N")


def test_a_member_cannot_log_for_another_organisation(client_for: ClientFor, world: World) -> None:
    response = client_for("police").post(
        "/api/v1/activities/",
        {"title": "Insats", "starts_on": "2026-05-01", "organisation": world.school.pk},
    )

    assert response.status_code == 400
    assert "organisation" in response.json()


def test_an_organisation_outside_the_network_is_refused(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("coordinator").post(
        "/api/v1/activities/",
        {"network": world.net.pk, "title": "Insats", "starts_on": "2026-05-01",
         "partners": [world.outsider_org.pk]},
    )  # fmt: skip

    assert response.status_code == 400
    assert "partners" in response.json()


def test_an_identity_number_seen_by_the_whole_network_needs_a_reason(
    client_for: ClientFor, world: World
) -> None:
    body = {
        "title": "Insats",
        "starts_on": "2026-05-01",
        "visibility": "network",
        "description": f"Gäller {VALID_IDENTITY_NUMBER}.",
    }

    refused = client_for("police").post("/api/v1/activities/", body)
    accepted = client_for("police").post(
        "/api/v1/activities/", {**body, "personal_data_reason": "Överenskommet med den berörda."}
    )

    assert refused.status_code == 400
    assert "description" in refused.json()
    assert accepted.status_code == 201
    assert "personal_data_reason" not in accepted.json()
    assert Activity.objects.count() == 1
    assert AuditEvent.objects.filter(action="personal_data.published").count() == 1


def test_an_identity_number_kept_within_the_organisation_needs_no_reason(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("police").post(
        "/api/v1/activities/",
        {"title": f"Gäller {VALID_IDENTITY_NUMBER}", "starts_on": "2026-05-01"},
    )

    assert response.status_code == 201


# Changing


def test_a_refused_change_leaves_the_activity_as_it_was(
    client_for: ClientFor, scene: Scene
) -> None:
    activity = scene.civil_network
    before = Activity.objects.filter(pk=activity.pk).values().get()

    response = client_for("civil").patch(
        f"/api/v1/activities/{activity.pk}/",
        {"title": "Nytt", "ends_on": "2020-01-01", "participants_count": 1},
    )

    assert response.status_code == 400
    assert "ends_on" in response.json()
    assert Activity.objects.filter(pk=activity.pk).values().get() == before


def test_a_change_to_the_network_is_refused_and_changes_nothing(
    client_for: ClientFor, scene: Scene, world: World
) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/activities/{scene.civil_network.pk}/",
        {"network": world.other_net.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"network": ["This field cannot be set."]}
    scene.civil_network.refresh_from_db()
    assert scene.civil_network.network == world.net


def test_put_without_the_required_fields_is_400(client_for: ClientFor, scene: Scene) -> None:
    response = client_for("civil").put(
        f"/api/v1/activities/{scene.civil_network.pk}/", {"place": "Söder"}
    )

    assert response.status_code == 400
    assert {"title", "starts_on"} <= set(response.json())


def test_an_activity_in_a_closed_reporting_period_is_locked(
    client_for: ClientFor, scene: Scene, world: World
) -> None:
    world.net.reporting_closed_until = date(2025, 12, 31)
    world.net.save()
    activity = scene.civil_network

    detail = client_for("civil").get(f"/api/v1/activities/{activity.pk}/")
    change = client_for("civil").patch(f"/api/v1/activities/{activity.pk}/", {"title": "Nytt"})
    tag = client_for("coordinator").post(
        f"/api/v1/activities/{activity.pk}/tag/", {"directions": ["prevention"]}
    )

    assert detail.json()["is_locked"] is True
    assert (change.status_code, tag.status_code) == (403, 403)
    activity.refresh_from_db()
    assert activity.title == "Nattvandring i Drottninghög"


# Tagging


def test_tagging_sets_the_directions_and_keeps_the_history(
    client_for: ClientFor, scene: Scene, world: World
) -> None:
    coordinator = client_for("coordinator")
    url = f"/api/v1/activities/{scene.civil_network.pk}/"

    first = coordinator.post(f"{url}tag/", {"directions": ["prevention"]})
    second = coordinator.post(f"{url}tag/", {"directions": ["evaluation", "competence"]})
    history = coordinator.get(f"{url}tags/").json()

    assert first.status_code == second.status_code == 200
    assert second.json()["directions"] == ["competence", "evaluation"]
    assert second.json()["tagged_by"] == world.coordinator.pk
    assert second.json()["tagged_at"] is not None
    assert [row["directions"] for row in history["results"]] == [
        ["evaluation", "competence"],
        ["prevention"],
    ]


@pytest.mark.parametrize(
    "body",
    [{"directions": ["nope"]}, {"directions": "prevention,x"}, {}, {"directions": ["a\x00"]}],
    ids=["unknown code", "not a list", "missing", "NUL byte"],
)
def test_a_bad_tagging_is_refused_and_keeps_the_old_directions(
    client_for: ClientFor, scene: Scene, body: dict
) -> None:
    activity = scene.police_only

    response = client_for("coordinator").post(
        f"/api/v1/activities/{activity.pk}/tag/", body, format="json"
    )

    assert response.status_code == 400
    assert "directions" in response.json()
    assert sorted(activity.directions.values_list("code", flat=True)) == [
        "competence",
        "prevention",
    ]
    assert activity.taggings.count() == 1


# Filters and ordering


def test_filters_are_named_after_the_fields(
    client_for: ClientFor, scene: Scene, world: World
) -> None:
    client = client_for("coordinator")
    police_only, school, civil = scene.police_only, scene.school_authorities, scene.civil_network

    def ids(**params: Any) -> set[int]:
        return _ids(client.get("/api/v1/activities/", params))

    assert ids(organisation=world.police_org.pk) == {police_only.pk}
    assert ids(partner=world.social.pk) == {police_only.pk}
    assert ids(direction="competence") == {police_only.pk}
    assert ids(direction=["evaluation", "prevention"]) == {police_only.pk}
    assert ids(direction="evaluation") == set()
    assert ids(tagged="true") == {police_only.pk}
    assert ids(tagged="false") == {school.pk, civil.pk}
    assert ids(status="completed") == {police_only.pk}
    assert ids(status=["planned", "completed"]) == {police_only.pk, school.pk, civil.pk}
    assert ids(visibility="authorities") == {school.pk}
    assert ids(**{"from": "2026-01-01"}) == {police_only.pk, school.pk}
    assert ids(to="2026-02-10") == {police_only.pk, civil.pk}
    assert ids(**{"from": "2026-02-10", "to": "2026-02-10"}) == {police_only.pk}
    assert ids(network=world.net.pk) == {police_only.pk, school.pk, civil.pk}
    assert ids(network=world.other_net.pk) == set()
    assert ids(search="drottninghög") == {civil.pk}
    assert ids(search="unga centrum") == {police_only.pk}
    assert ids(search="unga nattvandring") == set()


def test_filters_never_widen_what_the_caller_sees(
    client_for: ClientFor, scene: Scene, world: World
) -> None:
    client = client_for("civil")

    assert _ids(client.get("/api/v1/activities/", {"organisation": world.police_org.pk})) == set()
    assert _ids(client.get("/api/v1/activities/", {"visibility": "organisation"})) == set()


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("starts_on", ["civil_network", "police_only", "school_authorities"]),
        ("-starts_on", ["school_authorities", "police_only", "civil_network"]),
        ("title", ["school_authorities", "civil_network", "police_only"]),
        ("-participants_count", ["school_authorities", "police_only", "civil_network"]),
        (None, ["school_authorities", "police_only", "civil_network"]),
        ("", ["school_authorities", "police_only", "civil_network"]),
        ("status,-title", ["police_only", "civil_network", "school_authorities"]),
    ],
)
def test_lists_are_ordered_as_asked(
    client_for: ClientFor, scene: Scene, ordering: str | None, expected: list[str]
) -> None:
    params = {"ordering": ordering} if ordering is not None else {}

    response = client_for("coordinator").get("/api/v1/activities/", params)

    names = {getattr(scene, name).pk: name for name in expected}
    assert [names[row["id"]] for row in response.json()["results"]] == expected


def test_pages_hold_page_size_rows_and_link_to_the_next(
    client_for: ClientFor, scene: Scene
) -> None:
    client = client_for("coordinator")

    first = client.get("/api/v1/activities/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert len(second["results"]) == 1
    assert second["next"] is None


# Bad queries are answered, never with a server error


def test_an_ordering_by_a_field_that_cannot_be_ordered_by_is_refused_naming_those_that_can(
    client_for: ClientFor, scene: Scene
) -> None:
    response = client_for("coordinator").get(
        "/api/v1/activities/", {"ordering": "title,nosuchfield"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {
        "ordering": [
            "Order by one or more of: id, title, starts_on, ends_on, status, participants_count, "
            "created_at, updated_at (“-” before a field for descending)."
        ]
    }


def test_a_page_past_the_last_is_404(client_for: ClientFor, scene: Scene) -> None:
    response = client_for("coordinator").get("/api/v1/activities/", {"page": "2"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Ogiltig sida."}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"page": "abc"}, 400),
        ({"page": "0"}, 400),
        ({"page": "99999999999999999999"}, 400),
        ({"page": "\x00"}, 400),
        ({"page": "last"}, 400),
        ({"page": "1"}, 200),
        ({"page_size": "1000000"}, 400),
        ({"page_size": "201"}, 400),
        ({"page_size": "200"}, 200),
        ({"page_size": "-3"}, 400),
        ({"page_size": "abc"}, 400),
        ({"search": "a\x00b"}, 400),
        ({"search": "x" * 201}, 400),
        ({"from": "0000-01-01"}, 400),
        ({"to": "99999-01-01"}, 400),
        ({"from": "0001-01-01", "to": "9999-12-31"}, 200),
        ({"from": "2026-13-01"}, 400),
        ({"organisation": "99999999999999999999"}, 400),
        ({"organisation": "abc"}, 400),
        ({"organisation": "\x00"}, 400),
        ({"network": "-1"}, 400),
        ({"direction": "nope"}, 400),
        ({"direction": "\x00"}, 400),
        ({"status": "\x00"}, 400),
        ({"tagged": "perhaps"}, 400),
        ({"tagged": "TRUE"}, 200),
        ({"ordering": "\x00"}, 400),
    ],
)
def test_bad_query_parameters_are_answered_without_a_server_error(
    client_for: ClientFor, scene: Scene, params: dict, expected: int
) -> None:
    response = client_for("coordinator").get("/api/v1/activities/", params)

    assert response.status_code == expected
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("pk", ["99999999999999999999", "0", "-1", "abc", "%00", "1e3"])
def test_a_bad_id_is_404(client_for: ClientFor, scene: Scene, pk: str) -> None:
    client = client_for("coordinator")

    for path in ("activities", "updates", "networks", "organisations"):
        assert client.get(f"/api/v1/{path}/{pk}/").status_code == 404
    assert client.get(f"/api/v1/activities/{pk}/tags/").status_code == 404
    assert client.patch(f"/api/v1/activities/{pk}/", {"title": "x"}).status_code == 404
    assert client.post(f"/api/v1/activities/{pk}/tag/", {"directions": []}).status_code == 404
    assert client.get("/api/v1/directions/%00/").status_code == 404
