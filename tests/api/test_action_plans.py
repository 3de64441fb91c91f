"""Action plans, measures, indicator values and gaps through the API: every persona, bad input.

The school's plan for 2026 (visibility ``authorities``) has one measure answering the first
problem of the school's situational picture, carried out by an activity every authority sees
and by one only the police see; the second problem has no measure.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from network.activities import services as activity_services
from network.models import (
    ActionPlan,
    Activity,
    AuditEvent,
    IndicatorValue,
    Measure,
    Problem,
    SituationPicture,
    Visibility,
)
from network.situation import services
from tests.api.personas import each_persona
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]
VALID_IDENTITY_NUMBER = "19811218-9876"


@dataclass
class Chain:
    picture: SituationPicture
    answered: Problem
    open_problem: Problem
    plan: ActionPlan
    measure: Measure
    shared_activity: Activity
    police_activity: Activity
    social_problem: Problem


@pytest.fixture
def chain(world: World) -> Chain:
    picture = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility="authorities",
        problems=[{"title": "Rekrytering i centrum"}, {"title": "Skadegörelse"}],
    )
    answered, open_problem = picture.problems.order_by("position")
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Handlingsplan 2026",
        visibility="authorities",  # the police read the summary
        decided_by_body="Skol- och fritidsnämnden",
        decided_on=date(2026, 1, 28),
        reference_number="SFN 2026/1",
    )
    measure = services.measure_add(
        plan=plan,
        actor=world.contact_person,
        direction="prevention",
        problem=answered,
        title="Fler vuxna ute",
        owner_organisation=world.school,
        indicator="Kvällar med vuxna",
    )
    services.indicator_record(
        measure=measure, actor=world.contact_person, period="2026-Q1", value=Decimal("9")
    )
    shared_activity = activity_services.activity_create(
        author=world.contact_person,
        network=world.net,
        title="Vuxna på stan",
        starts_on=date(2026, 2, 1),
        visibility=Visibility.AUTHORITIES,
    )
    police_activity = activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Polisens kvällspass",
        starts_on=date(2026, 2, 2),
        visibility=Visibility.ORGANISATION,
    )
    Activity.objects.filter(pk__in=[shared_activity.pk, police_activity.pk]).update(measure=measure)
    social = services.picture_create(
        author=world.coordinator,
        network=world.net,
        department=world.social,
        period="2026",
        problems=[{"title": "Socialförvaltningens problem"}],
    )
    return Chain(
        picture=picture,
        answered=answered,
        open_problem=open_problem,
        plan=plan,
        measure=measure,
        shared_activity=shared_activity,
        police_activity=police_activity,
        social_problem=social.problems.get(),
    )


def _state() -> tuple:
    return (
        list(ActionPlan.objects.order_by("pk").values()),
        list(Measure.objects.order_by("pk").values()),
        list(IndicatorValue.objects.order_by("pk").values()),
    )


READERS = dict(
    coordinator=200, security_chief=200, contact_person=200, police=200, civil=404,
    report_reader=403, outsider=404, other_member=404, anonymous=401,
)  # fmt: skip


# Reading


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, 1),
        security_chief=(200, 1),
        contact_person=(200, 1),
        police=(200, 1),
        civil=(200, 0),
        report_reader=(403, None),
        outsider=(200, 0),
        other_member=(200, 0),
        anonymous=(401, None),
    ),  # fmt: skip
)
def test_the_plan_and_measure_lists_show_what_the_persona_reads(
    client_for: ClientFor, chain: Chain, persona: str | None, expected: tuple
) -> None:
    client = client_for(persona)

    for path in ("/api/v1/action-plans/", "/api/v1/measures/"):
        response = client.get(path)
        count = response.json()["count"] if response.status_code == 200 else None
        assert (response.status_code, count) == expected, path


@pytest.mark.parametrize(("persona", "expected"), each_persona(**READERS))
def test_a_plan_and_a_measure_answer_each_persona(
    client_for: ClientFor, chain: Chain, persona: str | None, expected: int
) -> None:
    client = client_for(persona)

    plan = client.get(f"/api/v1/action-plans/{chain.plan.pk}/")
    measure = client.get(f"/api/v1/measures/{chain.measure.pk}/")

    assert (plan.status_code, measure.status_code) == (expected, expected)


def test_the_plan_carries_its_measures_with_the_chain(
    client_for: ClientFor, chain: Chain, world: World
) -> None:
    body = client_for("contact_person").get(f"/api/v1/action-plans/{chain.plan.pk}/").json()

    assert body["next_revision_due"] == "2027-01-28"
    assert (body["decided_by_body"], body["reference_number"]) == (
        "Skol- och fritidsnämnden",
        "SFN 2026/1",
    )
    assert body["abilities"] == {"change": True, "approve": False}
    (measure,) = body["measures"]
    assert measure["problem"] == {"id": chain.answered.pk, "title": "Rekrytering i centrum"}
    assert (measure["direction"], measure["owner_organisation"], measure["status"]) == (
        "prevention",
        world.school.pk,
        "green",
    )
    assert measure["indicator"] == "Kvällar med vuxna"
    assert measure["activities"] == [chain.shared_activity.pk]
    assert measure["values"] == [
        {"period": "2026-Q1", "value": "9.00", "kind": "follow_up", "note": ""}
    ]


def test_the_police_see_the_activity_only_they_may_see(client_for: ClientFor, chain: Chain) -> None:
    body = client_for("police").get(f"/api/v1/measures/{chain.measure.pk}/").json()

    assert body["activities"] == [chain.shared_activity.pk, chain.police_activity.pk]


# Creating a plan


def _plan_body(world: World, **change: Any) -> dict[str, Any]:
    return {
        "network": world.net.pk,
        "department": world.school.pk,
        "year": 2027,
        "title": "Handlingsplan 2027",
        "visibility": "authorities",
        "decided_by_body": "Nämnden",
        "decided_on": "2026-12-10",
        "reference_number": "SFN 2026/99",
        **change,
    }


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
def test_only_the_departments_contact_persons_and_the_coordinator_make_a_plan(
    client_for: ClientFor, chain: Chain, world: World, persona: str | None, expected: int
) -> None:
    before = _state()

    response = client_for(persona).post("/api/v1/action-plans/", _plan_body(world), format="json")

    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert response["Location"].endswith(f"/api/v1/action-plans/{body['id']}/")
        assert (body["year"], body["next_revision_due"], body["measures"]) == (
            2027,
            "2027-12-10",
            [],
        )
    else:
        assert _state() == before


BAD_PLANS = [
    pytest.param({"year": 2026}, "year", id="a second plan for the year"),
    pytest.param({"year": 1999}, "year", id="year too early"),
    pytest.param({"year": 2**80}, "year", id="huge year"),
    pytest.param({"year": "2027.5"}, "year", id="year as a fraction"),
    pytest.param({"year": "２０２７"}, "year", id="fullwidth digits"),
    pytest.param({"title": ""}, "title", id="no title"),
    pytest.param({"title": "x" * 201}, "title", id="long title"),
    pytest.param({"title": "a\x00b"}, "title", id="NUL in title"),
    pytest.param({"reference_number": VALID_IDENTITY_NUMBER}, "reference_number", id="identity number"),
    pytest.param({"visibility": "network"}, "visibility", id="wider than authorities"),
    pytest.param({"decided_on": "2026-02-30"}, "decided_on", id="no such day"),
    pytest.param({"decided_on": 20260101}, "decided_on", id="date as a number"),
    pytest.param({"department": "association"}, "department", id="civil society"),
    pytest.param({"network": 2**80}, "network", id="huge network id"),
    pytest.param({"approved_by": 1}, "approved_by", id="approval cannot be set"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), BAD_PLANS)
def test_a_bad_plan_is_refused_with_a_field_error(
    client_for: ClientFor, chain: Chain, world: World, change: dict, field: str
) -> None:
    if change.get("department") == "association":
        change = {"department": world.association.pk}
    before = _state()

    response = client_for("coordinator").post(
        "/api/v1/action-plans/", _plan_body(world, **change), format="json"
    )

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert _state() == before


# Revising and approving


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
def test_revising_a_plan_answers_each_persona(
    client_for: ClientFor, chain: Chain, persona: str | None, expected: int
) -> None:
    before = _state()

    response = client_for(persona).post(
        f"/api/v1/action-plans/{chain.plan.pk}/revise/",
        {"revised_on": "2026-06-01", "reference_number": "SFN 2026/50"},
        format="json",
    )

    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert (body["revised_on"], body["next_revision_due"], body["reference_number"]) == (
            "2026-06-01",
            "2027-06-01",
            "SFN 2026/50",
        )
    else:
        assert _state() == before


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"revised_on": "2026-13-01"},
        {"revised_on": str(timezone.localdate() + timedelta(days=30))},
        {"revised_on": "2026-06-01", "title": "x"},
        {"revised_on": "2026-06-01", "decided_by_body": "x" * 201},
        {"revised_on": "2026-06-01", "reference_number": VALID_IDENTITY_NUMBER},
    ],
    ids=["nothing", "no such month", "in the future", "extra field", "long body", "identity"],
)
def test_a_bad_revision_is_refused_with_400(
    client_for: ClientFor, chain: Chain, body: dict
) -> None:
    before = _state()

    response = client_for("contact_person").post(
        f"/api/v1/action-plans/{chain.plan.pk}/revise/", body, format="json"
    )

    assert response.status_code == 400
    assert _state() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=403,
        security_chief=200,
        contact_person=403,
        police=403,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),  # fmt: skip
)
def test_only_the_security_chief_approves_a_plan(
    client_for: ClientFor, chain: Chain, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).post(f"/api/v1/action-plans/{chain.plan.pk}/approve/")

    assert response.status_code == expected
    chain.plan.refresh_from_db()
    if expected == 200:
        assert response.json()["approved_by"] == world.security_chief.pk
        assert response.json()["abilities"] == {"change": False, "approve": True}
    else:
        assert chain.plan.approved_by is None


def test_a_revision_needs_a_new_approval(client_for: ClientFor, chain: Chain) -> None:
    client_for("security_chief").post(f"/api/v1/action-plans/{chain.plan.pk}/approve/")

    body = (
        client_for("contact_person")
        .post(f"/api/v1/action-plans/{chain.plan.pk}/revise/", {"revised_on": "2026-06-01"})
        .json()
    )

    assert (body["approved_by"], body["approved_at"]) == (None, None)


# Measures


def _measure_body(chain: Chain, **change: Any) -> dict[str, Any]:
    return {
        "plan": chain.plan.pk,
        "problem": chain.open_problem.pk,
        "title": "Reparera snabbt",
        "direction": "prevention",
        **change,
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police=403,
        civil=400,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),  # fmt: skip
)
def test_only_the_keepers_add_a_measure(
    client_for: ClientFor, chain: Chain, world: World, persona: str | None, expected: int
) -> None:
    before = _state()

    response = client_for(persona).post("/api/v1/measures/", _measure_body(chain), format="json")

    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert response["Location"].endswith(f"/api/v1/measures/{body['id']}/")
        assert body["problem"]["id"] == chain.open_problem.pk
        assert body["owner_organisation"] == world.school.pk
    else:
        assert _state() == before
        if expected == 400:
            assert "plan" in response.json()


@pytest.mark.parametrize(
    ("change", "persona"),
    [
        pytest.param({"problem": None}, "contact_person", id="no problem"),
        pytest.param({"problem": "leave out"}, "contact_person", id="problem left out"),
        pytest.param({"problem": "social"}, "coordinator", id="another department's problem"),
        pytest.param({"problem": "social"}, "contact_person", id="a problem the keeper cannot see"),
        pytest.param({"problem": 2**80}, "contact_person", id="huge problem id"),
        pytest.param({"problem": "x"}, "contact_person", id="problem that is no id"),
    ],
)
def test_a_measure_without_a_problem_of_the_departments_picture_is_refused(
    client_for: ClientFor, chain: Chain, change: dict, persona: str
) -> None:
    body = _measure_body(chain, **change)
    if change["problem"] == "leave out":
        del body["problem"]
    elif change["problem"] == "social":
        body["problem"] = chain.social_problem.pk
    before = _state()

    created = client_for(persona).post("/api/v1/measures/", body, format="json")
    changed = client_for(persona).patch(
        f"/api/v1/measures/{chain.measure.pk}/",
        {"problem": body.get("problem")},
        format="json",
    )

    assert created.status_code == 400
    assert "problem" in created.json()
    assert changed.status_code == 400
    assert "problem" in changed.json()
    assert _state() == before


BAD_MEASURES = [
    pytest.param({"direction": "nope"}, "direction", id="unknown direction"),
    pytest.param({"status": "blue"}, "status", id="unknown status"),
    pytest.param({"horizon": "forever"}, "horizon", id="unknown horizon"),
    pytest.param({"title": "x" * 201}, "title", id="long title"),
    pytest.param({"title": "a\x00b"}, "title", id="NUL in title"),
    pytest.param({"indicator": VALID_IDENTITY_NUMBER}, "indicator", id="identity number"),
    pytest.param({"owner_organisation": 2**80}, "owner_organisation", id="huge organisation id"),
    pytest.param({"owner": 99_999_999}, "owner", id="unknown owner"),
    pytest.param({"owner": "police"}, "owner", id="owner of another organisation"),
    pytest.param({"owner_organisation": "outsider"}, "owner_organisation", id="outside the network"),
    pytest.param({"values": []}, "values", id="values cannot be set"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), BAD_MEASURES)
def test_a_bad_measure_is_refused_with_a_field_error(
    client_for: ClientFor, chain: Chain, world: World, change: dict, field: str
) -> None:
    if change.get("owner") == "police":
        change = {"owner": world.police.pk}
    if change.get("owner_organisation") == "outsider":
        change = {"owner_organisation": world.outsider_org.pk}
    before = _state()

    created = client_for("coordinator").post(
        "/api/v1/measures/", _measure_body(chain, **change), format="json"
    )
    changed = client_for("coordinator").patch(
        f"/api/v1/measures/{chain.measure.pk}/", change, format="json"
    )

    for response in (created, changed):
        assert response.status_code == 400, response.content
        assert field in response.json()
    assert _state() == before


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
def test_changing_a_measure_answers_each_persona(
    client_for: ClientFor, chain: Chain, persona: str | None, expected: int
) -> None:
    before = _state()

    response = client_for(persona).patch(
        f"/api/v1/measures/{chain.measure.pk}/",
        {"status": "red", "status_comment": "Inga volontärer"},
        format="json",
    )

    assert response.status_code == expected
    if expected == 200:
        assert (response.json()["status"], response.json()["status_comment"]) == (
            "red",
            "Inga volontärer",
        )
    else:
        assert _state() == before


# Indicator values


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201,
        security_chief=403,
        contact_person=201,
        police=403,
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),  # fmt: skip
)
def test_recording_an_indicator_value_answers_each_persona(
    client_for: ClientFor, chain: Chain, persona: str | None, expected: int
) -> None:
    before = _state()

    response = client_for(persona).post(
        f"/api/v1/measures/{chain.measure.pk}/values/",
        {"period": "2026-Q2", "value": "11.5", "kind": "evaluation", "note": "Bättre"},
        format="json",
    )

    assert response.status_code == expected
    if expected == 201:
        assert response["Location"].endswith(f"/api/v1/measures/{chain.measure.pk}/")
        assert {"period": "2026-Q2", "value": "11.50", "kind": "evaluation", "note": "Bättre"} in (
            response.json()["values"]
        )
    else:
        assert _state() == before


def test_a_value_for_the_same_period_and_kind_replaces_the_last(
    client_for: ClientFor, chain: Chain
) -> None:
    response = client_for("contact_person").post(
        f"/api/v1/measures/{chain.measure.pk}/values/", {"period": "2026-Q1", "value": 10}
    )

    assert [v["value"] for v in response.json()["values"]] == ["10.00"]


@pytest.mark.parametrize(
    "body",
    [
        {"period": "2026-Q5", "value": 1},
        {"period": "2026-13", "value": 1},
        {"period": "2026", "value": 10**20},
        {"period": "2026", "value": "1e400"},
        {"period": "2026", "value": "NaN"},
        {"period": "2026", "value": "Infinity"},
        {"period": "2026", "value": "1.234"},
        {"period": "2026", "value": [1]},
        {"period": "2026", "value": True},
        {"period": "2026", "value": 1, "kind": "guess"},
        {"period": "2026", "value": 1, "note": "x" * 501},
        {"period": "2026", "value": 1, "note": "a\x00b"},
        {"period": "2026", "value": 1, "note": VALID_IDENTITY_NUMBER},
        {"period": "2026", "value": 1, "measure": 1},
        {"value": 1},
    ],
    ids=lambda body: repr(body)[:40],
)
def test_a_bad_indicator_value_is_refused_with_400(
    client_for: ClientFor, chain: Chain, body: dict
) -> None:
    before = _state()

    response = client_for("contact_person").post(
        f"/api/v1/measures/{chain.measure.pk}/values/", body, format="json"
    )

    assert response.status_code == 400, response.content
    assert _state() == before


# Gaps


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=200,
        report_reader=403,
        outsider=400,
        other_member=400,
        anonymous=401,
    ),  # fmt: skip
)
def test_the_gaps_answer_each_persona_with_what_it_reads(
    client_for: ClientFor, chain: Chain, world: World, persona: str | None, expected: int
) -> None:
    response = client_for(persona).get(
        "/api/v1/action-plans/gaps/", {"network": world.net.pk, "period": "2026-Q2"}
    )

    assert response.status_code == expected
    if expected != 200:
        return
    body = response.json()
    problems = {row["id"] for row in body["problems_without_measures"]}
    unvalued = {row["id"] for row in body["measures_without_values"]}
    if persona == "civil":
        assert body == {
            "problems_without_measures": [],
            "measures_without_activities": [],
            "measures_without_values": [],
        }
    else:
        assert chain.open_problem.pk in problems
        assert chain.answered.pk not in problems
        assert unvalued == {chain.measure.pk}
        assert body["measures_without_activities"] == []
    assert (chain.social_problem.pk in problems) == (persona in ("coordinator", "security_chief"))


def test_a_gap_names_its_department_and_where_to_act(
    client_for: ClientFor, chain: Chain, world: World
) -> None:
    Activity.objects.update(measure=None)

    body = (
        client_for("contact_person")
        .get("/api/v1/action-plans/gaps/", {"network": world.net.pk, "period": "2026-Q1"})
        .json()
    )

    assert body["measures_without_values"] == []
    assert body["measures_without_activities"] == [
        {"id": chain.measure.pk, "title": "Fler vuxna ute", "plan": chain.plan.pk,
         "direction": "prevention", "department": world.school.pk,
         "department_name": world.school.name},
    ]  # fmt: skip
    assert {"id": chain.open_problem.pk, "title": "Skadegörelse", "picture": chain.picture.pk,
            "department": world.school.pk, "department_name": world.school.name} in (
        body["problems_without_measures"]
    )  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [{"period": "2026-Q5"}, {}, {"network": "x", "period": "2026"}, {"period": "20\x0026"},
     {"network": 2**80, "period": "2026"}],
    ids=["bad period", "no period", "bad network", "NUL", "huge network"],
)  # fmt: skip
def test_bad_gap_queries_are_refused_with_400(
    client_for: ClientFor, chain: Chain, params: dict
) -> None:
    response = client_for("coordinator").get("/api/v1/action-plans/gaps/", params)

    assert response.status_code == 400


# Queries

AUTHENTICATION = 3


def _audit_cost(chain: Chain) -> int:
    """The queries of writing the pictures whose problems an answer shows to the audit log, all
    at once (``pictures_listed``; with the chain's lock on PostgreSQL)."""
    with CaptureQueriesContext(connection) as captured:
        services.pictures_listed(
            user=chain.picture.created_by, pictures=[chain.picture], remote_addr=None
        )
    AuditEvent.objects.filter(action="situation_picture.listed").delete()
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # count, page, measures, their activities, their values
        pytest.param("/api/v1/action-plans/", 5, id="plans"),
        # count, page, activities, values
        pytest.param("/api/v1/measures/", 4, id="measures"),
    ],
)
@pytest.mark.parametrize("page_size", [1, 10])
def test_a_list_costs_the_same_number_of_queries_at_every_page_size(
    token_client: Callable[[str | None], APIClient],
    chain: Chain,
    world: World,
    django_assert_num_queries: Callable,
    path: str,
    queries: int,
    page_size: int,
) -> None:
    for year in (2027, 2028):
        plan = services.plan_create(
            author=world.coordinator,
            network=world.net,
            department=world.school,
            year=year,
            title=f"Plan {year}",
        )
        services.measure_add(
            plan=plan,
            actor=world.coordinator,
            direction="competence",
            problem=chain.answered,
            title=f"Åtgärd {year}",
            owner_organisation=world.school,
        )
    client = token_client("coordinator")
    audit = _audit_cost(chain)

    with django_assert_num_queries(AUTHENTICATION + queries + audit):
        response = client.get(path, {"page_size": page_size})

    assert len(response.json()["results"]) == min(page_size, 3)


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        pytest.param("/api/v1/action-plans/{plan}/", 4, id="plan"),  # row + 3 prefetches
        # the visible row, then the row with its 2 prefetches
        pytest.param("/api/v1/measures/{measure}/", 4, id="measure"),
        pytest.param("/api/v1/action-plans/gaps/?network={network}&period=2026", 4, id="gaps"),
    ],
)
def test_a_detail_costs_a_fixed_number_of_queries(
    token_client: Callable[[str | None], APIClient],
    chain: Chain,
    world: World,
    django_assert_num_queries: Callable,
    path: str,
    queries: int,
) -> None:
    client = token_client("police")
    url = path.format(plan=chain.plan.pk, measure=chain.measure.pk, network=world.net.pk)
    audit = _audit_cost(chain)  # the police read the picture whose problems are shown

    with django_assert_num_queries(AUTHENTICATION + queries + audit):
        response = client.get(url)

    assert response.status_code == 200
