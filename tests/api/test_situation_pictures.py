"""Situational pictures through the API: every persona, the audit of every read, bad input.

| picture    | department (kept by contact_person) | visibility   | summary read by (in ``net``) |
|------------|-------------------------------------|--------------|------------------------------|
| own        | Skol- och fritid, 2026               | organisation | coordinator, security chief, |
|            |                                     |              | contact person               |
| wide       | Skol- och fritid, 2025               | authorities  | + police (summary only)      |

Civil society, the outsider and the other network's member read nothing: 404 and empty lists.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from network.audit.chain import audit_record
from network.models import (
    AuditEvent,
    Problem,
    SituationPicture,
    SituationPictureShare,
    SituationPictureVersion,
)
from network.situation import services
from tests.api.personas import each_persona
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]
VALID_IDENTITY_NUMBER = "19811218-9876"
PROBLEMS = [
    {"title": "Rekrytering i centrum", "extent": "Ökande", "consequences": "Otrygghet"},
    {"title": "Skadegörelse vid skolor", "extent": "Helgkvällar", "consequences": "Kostnader"},
]
DETAILS = {
    "groups": "En grupp på 10-15 unga",
    "areas": "Drottninghög",
    "recruitment_venues": "Köpcentrets entré kvällstid",
}
SUMMARY_TEXTS = {
    "other_information": "Fler anmälningar",
    "cause_analysis": "Få vuxna ute",
    "sources_used": "Polisens lägesbild",
    "sources_left_out": "Socialtjänstens ärenden",
}


class Pictures:
    def __init__(self, world: World) -> None:
        self.own = services.picture_create(
            author=world.contact_person,
            network=world.net,
            department=world.school,
            period="2026",
            visibility="organisation",
            problems=PROBLEMS,
            **SUMMARY_TEXTS,
            **DETAILS,
        )
        self.wide = services.picture_create(
            author=world.contact_person,
            network=world.net,
            department=world.school,
            period="2025",
            visibility="authorities",
            problems=PROBLEMS[:1],
            **DETAILS,
        )


@pytest.fixture
def pictures(world: World) -> Pictures:
    return Pictures(world)


def _picture_body(world: World, **change: Any) -> dict[str, Any]:
    return {
        "network": world.net.pk,
        "department": world.school.pk,
        "period": "2024",
        "visibility": "authorities",
        "summary": {"problems": PROBLEMS, **SUMMARY_TEXTS},
        "details": DETAILS,
        **change,
    }


def _state() -> tuple:
    """What a refused request must leave as it was."""
    return (
        list(SituationPicture.objects.order_by("pk").values()),
        list(Problem.objects.order_by("pk").values()),
        SituationPictureVersion.objects.count(),
        SituationPictureShare.objects.count(),
    )


# Reading: every persona


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"own", "wide"}),
        security_chief=(200, {"own", "wide"}),
        contact_person=(200, {"own", "wide"}),
        police=(200, {"wide"}),
        civil=(200, set()),
        report_reader=(403, None),
        outsider=(200, set()),
        other_member=(200, set()),
        anonymous=(401, None),
    ),
)
def test_the_list_shows_exactly_the_pictures_the_persona_reads(
    client_for: ClientFor, pictures: Pictures, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get("/api/v1/situation-pictures/")

    seen = None
    if response.status_code == 200:
        body = response.json()
        names = {pictures.own.pk: "own", pictures.wide.pk: "wide"}
        seen = {names[row["id"]] for row in body["results"]}
        assert body["count"] == len(seen)
        assert all(row["details"] is None for row in body["results"])
    assert (response.status_code, seen) == expected


READS = {
    "own": dict(
        coordinator=(200, True), security_chief=(200, True), contact_person=(200, True),
        police=(404, None), civil=(404, None), report_reader=(403, None), outsider=(404, None),
        other_member=(404, None), anonymous=(401, None),
    ),
    "wide": dict(
        coordinator=(200, True), security_chief=(200, True), contact_person=(200, True),
        police=(200, False), civil=(404, None), report_reader=(403, None), outsider=(404, None),
        other_member=(404, None), anonymous=(401, None),
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        **{
            persona: {name: table[persona] for name, table in READS.items()}
            for persona in READS["own"]
        }
    ),
)
def test_a_picture_and_its_versions_answer_each_persona_with_the_part_it_reads(
    client_for: ClientFor, pictures: Pictures, persona: str | None, expected: dict
) -> None:
    client = client_for(persona)

    for name, (status, details) in expected.items():
        picture = getattr(pictures, name)
        response = client.get(f"/api/v1/situation-pictures/{picture.pk}/")
        versions = client.get(f"/api/v1/situation-pictures/{picture.pk}/versions/")
        assert (response.status_code, versions.status_code) == (status, status), name
        if status != 200:
            continue
        body = response.json()
        (version,) = versions.json()["results"]
        assert body["summary"]["problems"][0]["title"] == PROBLEMS[0]["title"]
        assert version["content"]["summary"]["problems"][0]["title"] == PROBLEMS[0]["title"]
        if details:
            assert body["details"] == DETAILS
            assert version["content"]["details"] == DETAILS
        else:
            assert body["details"] is None
            assert version["content"]["details"] is None
            assert DETAILS["recruitment_venues"] not in response.content.decode()
            assert DETAILS["recruitment_venues"] not in versions.content.decode()


def test_the_payload_carries_the_contract_fields(
    client_for: ClientFor, pictures: Pictures, world: World
) -> None:
    body = client_for("contact_person").get(f"/api/v1/situation-pictures/{pictures.own.pk}/").json()

    assert set(body) == {
        "id", "network", "department", "period", "visibility", "summary", "details",
        "version", "updated_at", "abilities",
    }  # fmt: skip
    assert (body["network"], body["department"], body["period"]) == (
        world.net.pk,
        world.school.pk,
        "2026",
    )
    assert set(body["summary"]) == {"problems", *SUMMARY_TEXTS}
    assert {key: body["summary"][key] for key in SUMMARY_TEXTS} == SUMMARY_TEXTS
    assert set(body["summary"]["problems"][0]) == {"id", "title", "extent", "consequences"}
    assert body["abilities"] == {"change": True, "share": True}


@pytest.mark.parametrize(
    ("persona", "abilities"),
    [
        ("coordinator", {"change": True, "share": True}),
        ("contact_person", {"change": True, "share": True}),
        ("security_chief", {"change": False, "share": False}),
        ("police", {"change": False, "share": False}),
    ],
)
def test_abilities_say_what_the_reader_may_do(
    client_for: ClientFor, pictures: Pictures, persona: str, abilities: dict
) -> None:
    response = client_for(persona).get(f"/api/v1/situation-pictures/{pictures.wide.pk}/")

    assert response.json()["abilities"] == abilities


def test_filters_narrow_the_list(client_for: ClientFor, pictures: Pictures, world: World) -> None:
    client = client_for("coordinator")

    def ids(**params: Any) -> set[int]:
        response = client.get("/api/v1/situation-pictures/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(period="2025") == {pictures.wide.pk}
    assert ids(department=world.school.pk) == {pictures.own.pk, pictures.wide.pk}
    assert ids(department=world.police_org.pk) == set()
    assert ids(network=world.other_net.pk) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2026-Q5"},
        {"period": "2026-H3"},
        {"period": "x" * 500},
        {"period": "20\x0026"},
        {"department": "abc"},
        {"department": 2**80},
        {"network": "-1"},
        {"ordering": "groups"},
        {"page_size": "0"},
    ],
    ids=lambda params: ",".join(params),
)
def test_a_bad_filter_is_refused_with_400(
    client_for: ClientFor, pictures: Pictures, params: dict
) -> None:
    response = client_for("coordinator").get("/api/v1/situation-pictures/", params)

    assert response.status_code == 400


# The audit of every read


def test_reading_a_picture_is_audited_with_the_part_and_the_address(
    client_for: ClientFor, pictures: Pictures, world: World
) -> None:
    client_for("police").get(
        f"/api/v1/situation-pictures/{pictures.wide.pk}/", REMOTE_ADDR="192.0.2.7"
    )
    client_for("coordinator").get(
        f"/api/v1/situation-pictures/{pictures.wide.pk}/versions/", REMOTE_ADDR="192.0.2.8"
    )

    events = AuditEvent.objects.filter(action="situation_picture.read").order_by("pk")
    assert [(e.actor_id, e.object_id, e.detail["part"], e.remote_addr) for e in events] == [
        (world.police.pk, pictures.wide.pk, "summary", "192.0.2.7"),
        (world.coordinator.pk, pictures.wide.pk, "details", "192.0.2.8"),
    ]


def test_a_list_audits_each_picture_of_the_page_shown_and_no_other(
    client_for: ClientFor, pictures: Pictures, world: World
) -> None:
    response = client_for("coordinator").get(
        "/api/v1/situation-pictures/", {"page_size": 1}, REMOTE_ADDR="192.0.2.9"
    )

    (shown,) = response.json()["results"]
    events = AuditEvent.objects.filter(action="situation_picture.listed")
    assert [(e.actor_id, e.object_id, e.detail, e.remote_addr) for e in events] == [
        (world.coordinator.pk, shown["id"], {"part": "summary", "via": "api"}, "192.0.2.9")
    ]


@pytest.mark.parametrize("persona", ["civil", "outsider", "other_member", "report_reader", None])
def test_a_refused_read_leaves_no_trace_of_the_picture(
    client_for: ClientFor, pictures: Pictures, persona: str | None
) -> None:
    client = client_for(persona)
    before = AuditEvent.objects.count()

    listing = client.get("/api/v1/situation-pictures/")
    detail = client.get(f"/api/v1/situation-pictures/{pictures.own.pk}/")
    missing = client.get("/api/v1/situation-pictures/99999999/")

    assert detail.status_code == missing.status_code
    assert detail.json() == missing.json()
    if listing.status_code == 200:
        assert listing.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert AuditEvent.objects.count() == before


# Creating


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police=403,
        civil=404,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),  # fmt: skip
)
def test_only_the_departments_contact_persons_and_the_coordinator_write_a_picture(
    client_for: ClientFor, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).post(
        "/api/v1/situation-pictures/", _picture_body(world), format="json"
    )

    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert response["Location"].endswith(f"/api/v1/situation-pictures/{body['id']}/")
        assert body["details"] == DETAILS
        assert [p["title"] for p in body["summary"]["problems"]] == [p["title"] for p in PROBLEMS]
        assert body["version"] == 1
    else:
        assert not SituationPicture.objects.exists()


def test_a_new_picture_defaults_to_the_callers_network_and_department(
    client_for: ClientFor, world: World
) -> None:
    response = client_for("contact_person").post(
        "/api/v1/situation-pictures/", {"period": "2026-Q1"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["network"], body["department"], body["visibility"]) == (
        world.net.pk,
        world.school.pk,
        "organisation",
    )


def test_a_second_picture_for_the_same_period_is_refused(
    client_for: ClientFor, pictures: Pictures, world: World
) -> None:
    response = client_for("contact_person").post(
        "/api/v1/situation-pictures/", _picture_body(world, period="2026"), format="json"
    )

    assert response.status_code == 400
    assert "period" in response.json()


def test_a_civil_society_organisation_keeps_no_picture(client_for: ClientFor, world: World) -> None:
    response = client_for("coordinator").post(
        "/api/v1/situation-pictures/",
        _picture_body(world, department=world.association.pk),
        format="json",
    )

    assert response.status_code == 400
    assert "department" in response.json()


IDENTITY_NUMBER_PLACES = [
    pytest.param({"details": {"groups": f"Bl.a. {VALID_IDENTITY_NUMBER}"}}, ("details", "groups"), id="details"),
    pytest.param({"summary": {"cause_analysis": VALID_IDENTITY_NUMBER}}, ("summary", "cause_analysis"), id="summary"),
    pytest.param({"summary": {"problems": [{"title": "Rekrytering", "extent": VALID_IDENTITY_NUMBER}]}}, ("summary", "problems"), id="problem"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "where"), IDENTITY_NUMBER_PLACES)
@pytest.mark.parametrize("reason", [None, "Behövs för uppföljningen"])
def test_an_identity_number_is_refused_whatever_is_sent(
    client_for: ClientFor,
    pictures: Pictures,
    world: World,
    change: dict,
    where: tuple,
    reason: str | None,
) -> None:
    extra = {} if reason is None else {"personal_data_reason": reason}
    before = _state()

    created = client_for("contact_person").post(
        "/api/v1/situation-pictures/", _picture_body(world, **change, **extra), format="json"
    )
    changed = client_for("contact_person").patch(
        f"/api/v1/situation-pictures/{pictures.own.pk}/", {**change, **extra}, format="json"
    )

    for response in (created, changed):
        assert response.status_code == 400
        if reason is None:
            part, field = where
            assert field in response.json()[part]
        else:
            assert "personal_data_reason" in response.json()
    assert _state() == before


BAD_PICTURES = [
    pytest.param({"period": "2026-Q5"}, "period", id="no fifth quarter"),
    pytest.param({"period": "1826"}, "period", id="year out of range"),
    pytest.param({"period": ["2026"]}, "period", id="period as a list"),
    pytest.param({"period": "2026\x00"}, "period", id="NUL in period"),
    pytest.param({"visibility": "network"}, "visibility", id="wider than authorities"),
    pytest.param({"network": 2**80}, "network", id="huge network id"),
    pytest.param({"network": "1.5"}, "network", id="network as a fraction"),
    pytest.param({"department": True}, "department", id="department as a boolean"),
    pytest.param({"department": 99_999_999}, "department", id="unknown department"),
    pytest.param({"summary": "Allt lugnt"}, "summary", id="summary as a string"),
    pytest.param({"details": ["a"]}, "details", id="details as a list"),
    pytest.param({"summary": {"problems": "x"}}, "summary", id="problems as a string"),
    pytest.param({"summary": {"problems": [1]}}, "summary", id="problem as a number"),
    pytest.param({"summary": {"problems": [{"title": ""}]}}, "summary", id="problem without title"),
    pytest.param({"summary": {"problems": [{"title": "x" * 201}]}}, "summary", id="long title"),
    pytest.param({"summary": {"problems": [{"title": "a", "owner": 1}]}}, "summary", id="unknown problem field"),
    pytest.param({"summary": {"problems": [{"title": "a"}] * 51}}, "summary", id="too many problems"),
    pytest.param({"summary": {"cause_analysis": "a\x00b"}}, "summary", id="NUL in summary"),
    pytest.param({"details": {"areas": "x" * 20_001}}, "details", id="oversized details"),
    pytest.param({"details": {"secret": "x"}}, "details", id="unknown detail field"),
    pytest.param({"version": 7}, "version", id="version cannot be set"),
    pytest.param({"id": 7}, "id", id="id cannot be set"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), BAD_PICTURES)
def test_bad_input_is_refused_with_a_field_error_and_nothing_changes(
    client_for: ClientFor, pictures: Pictures, world: World, change: dict, field: str
) -> None:
    before = _state()

    created = client_for("coordinator").post(
        "/api/v1/situation-pictures/", _picture_body(world, **change), format="json"
    )
    changed = client_for("coordinator").patch(
        f"/api/v1/situation-pictures/{pictures.own.pk}/", change, format="json"
    )

    assert created.status_code == 400, created.content
    assert field in created.json()
    if field not in ("network", "department"):
        assert changed.status_code == 400, changed.content
        assert field in changed.json()
    else:
        assert changed.status_code == 400
    assert _state() == before


@pytest.mark.parametrize(
    "body",
    [[{"period": "2026"}], "2026", 42, None, {"summary": {"a": {"b": {"c": {}}}}}],
    ids=["a list", "a string", "a number", "null", "nested unknown"],
)
def test_json_that_is_not_a_picture_is_refused_with_400(
    client_for: ClientFor, world: World, body: object
) -> None:
    response = client_for("coordinator").post("/api/v1/situation-pictures/", body, format="json")

    assert response.status_code == 400
    assert not SituationPicture.objects.exists()


def test_deeply_nested_json_is_refused_with_400(client_for: ClientFor, world: World) -> None:
    deep = b'{"summary": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    response = client_for("coordinator").post(
        "/api/v1/situation-pictures/", deep, content_type="application/json"
    )

    assert response.status_code == 400
    assert not SituationPicture.objects.exists()


# Changing


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=200,
        police=403,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),  # fmt: skip
)
def test_changing_a_picture_answers_each_persona(
    client_for: ClientFor, pictures: Pictures, persona: str | None, expected: int
) -> None:
    before = _state()

    response = client_for(persona).patch(
        f"/api/v1/situation-pictures/{pictures.wide.pk}/",
        {"summary": {"cause_analysis": "Ny analys"}},
        format="json",
    )

    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert body["summary"]["cause_analysis"] == "Ny analys"
        assert body["version"] == 2
        assert body["details"] == DETAILS  # the rest is kept
    else:
        assert _state() == before


def test_a_refused_change_does_not_depend_on_what_was_sent(
    client_for: ClientFor, pictures: Pictures
) -> None:
    for body in ({"period": "2026-Q5"}, {"summary": "x"}, {}):
        police = client_for("police").patch(
            f"/api/v1/situation-pictures/{pictures.wide.pk}/", body, format="json"
        )
        civil = client_for("civil").patch(
            f"/api/v1/situation-pictures/{pictures.wide.pk}/", body, format="json"
        )
        assert (police.status_code, civil.status_code) == (403, 404)


def test_problems_given_with_their_id_are_kept_and_others_replaced(
    client_for: ClientFor, pictures: Pictures
) -> None:
    kept, dropped = pictures.own.problems.order_by("position")

    response = client_for("contact_person").patch(
        f"/api/v1/situation-pictures/{pictures.own.pk}/",
        {"summary": {"problems": [{"id": kept.pk, "title": "Rekrytering, ändrad"},
                                  {"title": "Ny"}]}},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200, response.content
    problems = response.json()["summary"]["problems"]
    assert [(p["id"] == kept.pk, p["title"]) for p in problems] == [
        (True, "Rekrytering, ändrad"),
        (False, "Ny"),
    ]
    assert not Problem.objects.filter(pk=dropped.pk).exists()


def test_each_change_keeps_a_version_and_versions_come_newest_first(
    client_for: ClientFor, pictures: Pictures, world: World
) -> None:
    client = client_for("contact_person")
    client.patch(
        f"/api/v1/situation-pictures/{pictures.own.pk}/",
        {"details": {"areas": "Centrum"}},
        format="json",
    )

    body = client.get(f"/api/v1/situation-pictures/{pictures.own.pk}/versions/").json()

    assert [(v["number"], v["changed_by"]) for v in body["results"]] == [
        (2, world.contact_person.pk),
        (1, world.contact_person.pk),
    ]
    assert [v["content"]["details"]["areas"] for v in body["results"]] == [
        "Centrum",
        "Drottninghög",
    ]


# Sharing


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=200,
        police=404,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),  # fmt: skip
)
def test_sharing_a_picture_answers_each_persona(
    client_for: ClientFor, pictures: Pictures, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).post(
        f"/api/v1/situation-pictures/{pictures.own.pk}/share/",
        {"organisation": world.police_org.pk, "shared": True},
        format="json",
    )

    assert response.status_code == expected
    assert SituationPictureShare.objects.exists() == (expected == 200)


def test_a_share_lets_the_police_read_the_summary_and_an_unshare_stops_it(
    client_for: ClientFor, pictures: Pictures, world: World
) -> None:
    keeper, police = client_for("contact_person"), client_for("police")
    url = f"/api/v1/situation-pictures/{pictures.own.pk}/"

    shared = keeper.post(f"{url}share/", {"organisation": world.police_org.pk}, format="json")
    read = police.get(url)
    unshared = keeper.post(
        f"{url}share/", {"organisation": world.police_org.pk, "shared": False}, format="json"
    )

    assert shared.json() == {"organisation": world.police_org.pk, "shared": True}
    assert (read.status_code, read.json()["details"]) == (200, None)
    assert unshared.json() == {"organisation": world.police_org.pk, "shared": False}
    assert police.get(url).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"organisation": "association"},
        {"organisation": 2**80},
        {"organisation": "x"},
        {"organisation": 1, "shared": "perhaps"},
        {"shared": True},
        {"organisation": 1, "extra": 1},
    ],
    ids=["civil society", "huge id", "no id", "shared is no boolean", "no organisation", "extra"],
)
def test_a_bad_share_is_refused_with_400(
    client_for: ClientFor, pictures: Pictures, world: World, body: dict
) -> None:
    if body.get("organisation") == "association":
        body = {"organisation": world.association.pk}
    elif body.get("organisation") == 1:
        body = {**body, "organisation": world.police_org.pk}

    response = client_for("contact_person").post(
        f"/api/v1/situation-pictures/{pictures.own.pk}/share/", body, format="json"
    )

    assert response.status_code == 400
    assert not SituationPictureShare.objects.exists()


# Queries

TOKEN_AND_VIEWER = 3


def test_a_picture_costs_a_fixed_number_of_queries(
    token_client: Callable[[str | None], APIClient],
    pictures: Pictures,
    django_assert_num_queries: Callable,
) -> None:
    client = token_client("coordinator")
    audit = _audit_cost(pictures)

    # the picture and its problems, then the audit event
    with django_assert_num_queries(TOKEN_AND_VIEWER + 2 + audit):
        response = client.get(f"/api/v1/situation-pictures/{pictures.own.pk}/")

    assert response.status_code == 200


@pytest.mark.parametrize("page_size", [1, 2])
def test_a_list_costs_a_fixed_number_of_queries_with_its_audit(
    token_client: Callable[[str | None], APIClient],
    pictures: Pictures,
    django_assert_num_queries: Callable,
    page_size: int,
) -> None:
    """The count, the page and its problems, and the audit of the pictures shown, written
    together (``pictures_listed``): the same cost whatever the page's length."""
    client = token_client("coordinator")
    with CaptureQueriesContext(connection) as captured:
        services.pictures_listed(
            user=pictures.own.created_by, pictures=[pictures.own], remote_addr=None
        )
    AuditEvent.objects.filter(action="situation_picture.listed").delete()
    audit = len(captured.captured_queries)

    with django_assert_num_queries(TOKEN_AND_VIEWER + 3 + audit):
        response = client.get("/api/v1/situation-pictures/", {"page_size": page_size})

    assert len(response.json()["results"]) == page_size
    assert AuditEvent.objects.filter(action="situation_picture.listed").count() == page_size


def _audit_cost(pictures: Pictures) -> int:
    """The queries of one chained audit event (with the chain's lock on PostgreSQL)."""
    with CaptureQueriesContext(connection) as captured:
        audit_record(actor=None, action="probe", obj=pictures.own)
    AuditEvent.objects.filter(action="probe").delete()
    return len(captured.captured_queries)


def test_a_list_costs_the_same_number_of_queries_at_every_page_size(
    token_client: Callable[[str | None], APIClient],
    pictures: Pictures,
) -> None:
    client = token_client("coordinator")
    counts = []
    for page_size in (1, 2):
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v1/situation-pictures/", {"page_size": page_size})
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]
