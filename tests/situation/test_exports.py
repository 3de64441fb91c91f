"""An action plan as CSV and as JSON rows, a picture's print copy, the plans' search, and the
links from the detail pages to the exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from network.models import ActionPlan, AuditEvent, Measure, SituationPicture
from network.situation import services
from tests.api.personas import each_persona
from tests.conftest import World

pytestmark = pytest.mark.django_db


class Plan:
    def __init__(self, world: World) -> None:
        self.picture: SituationPicture = services.picture_create(
            author=world.contact_person,
            network=world.net,
            department=world.school,
            period="2026",
            visibility="organisation",
            problems=[{"title": "Rekrytering vid köpcentret"}, {"title": "Skolfrånvaro"}],
        )
        recruitment, absence = self.picture.problems.order_by("position")
        self.plan: ActionPlan = services.plan_create(
            author=world.contact_person,
            network=world.net,
            department=world.school,
            year=2026,
            title="Handlingsplan 2026",
            visibility="authorities",
            decided_on=date(2026, 1, 28),
        )
        self.evenings: Measure = services.measure_add(
            plan=self.plan,
            actor=world.contact_person,
            direction="prevention",
            problem=recruitment,
            title="Fältassistenter på Öresundsgatan",
            owner_organisation=world.school,
            owner=world.contact_person,
            horizon="short",
            indicator="Kvällar med fältassistenter",
            baseline="2 per vecka",
            target="4 per vecka",
            status="yellow",
        )
        for period, value in (("2026-Q1", "3"), ("2025-Q4", "2"), ("2026-Q2", "3.5")):
            services.indicator_record(
                measure=self.evenings,
                actor=world.contact_person,
                period=period,
                value=Decimal(value),
            )
        self.homework: Measure = services.measure_add(
            plan=self.plan,
            actor=world.contact_person,
            direction="competence",
            problem=absence,
            title="Läxhjälp",
            owner_organisation=world.school,
            horizon="long",
        )


@pytest.fixture
def plan(world: World) -> Plan:
    return Plan(world)


def _api(world: World, name: str | None) -> APIClient:
    client = APIClient()
    if name is not None:
        client.force_authenticate(user=world.persona(name))
    return client


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


@pytest.mark.parametrize(
    ("name", "status"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,  # the plan is read by every authority
        civil=404,
        report_reader=403,
        outsider=404,
        other_member=404,
        anonymous=401,
    ),
)
def test_the_plan_export_answers_each_persona_and_is_audited(
    world: World, plan: Plan, name: str | None, status: int
) -> None:
    url = f"/api/v1/action-plans/{plan.plan.pk}/export/?format=csv"

    response = _api(world, name).get(url, REMOTE_ADDR="10.2.0.1")

    assert response.status_code == status
    exported = AuditEvent.objects.filter(action="action_plan.read", object_id=plan.plan.pk)
    if status != 200:
        assert response["Content-Type"].startswith("application/json")
        assert "Fältassistenter" not in response.content.decode()
        assert not exported.exists()
        return
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="handlingsplan-' in response["Content-Disposition"]
    assert [(e.actor_id, e.detail, e.remote_addr) for e in exported] == [
        (world.persona(name).pk, {"what": "export", "via": "api"}, "10.2.0.1")  # type: ignore[arg-type]
    ]


def test_the_csv_holds_each_measure_with_its_problem_owner_indicator_and_latest_value(
    world: World, plan: Plan
) -> None:
    response = _api(world, "coordinator").get(
        f"/api/v1/action-plans/{plan.plan.pk}/export/", HTTP_ACCEPT="text/csv"
    )

    assert response.content.decode().startswith(
        "id,problem,measure,owner_organisation,owner,direction,horizon,indicator,baseline,"
        "target,status,latest_period,latest_kind,latest_value\r\n"
    )
    assert _rows(response.content) == [
        {
            "id": str(plan.evenings.pk),
            "problem": "Rekrytering vid köpcentret",
            "measure": "Fältassistenter på Öresundsgatan",
            "owner_organisation": "Skol- och fritidsförvaltningen",
            "owner": "skola",
            "direction": "prevention",
            "horizon": "short",
            "indicator": "Kvällar med fältassistenter",
            "baseline": "2 per vecka",
            "target": "4 per vecka",
            "status": "yellow",
            "latest_period": "2026-Q2",
            "latest_kind": "follow_up",
            "latest_value": "3.50",
        },
        {
            "id": str(plan.homework.pk),
            "problem": "Skolfrånvaro",
            "measure": "Läxhjälp",
            "owner_organisation": "Skol- och fritidsförvaltningen",
            "owner": "",
            "direction": "competence",
            "horizon": "long",
            "indicator": "",
            "baseline": "",
            "target": "",
            "status": "green",
            "latest_period": "",
            "latest_kind": "",
            "latest_value": "",
        },
    ]


def test_the_export_as_json_has_the_same_rows(world: World, plan: Plan) -> None:
    response = _api(world, "police").get(f"/api/v1/action-plans/{plan.plan.pk}/export/")

    rows = response.json()["results"]
    assert [row["measure"] for row in rows] == ["Fältassistenter på Öresundsgatan", "Läxhjälp"]
    assert rows[0]["latest_value"] == "3.50"


def test_an_unknown_export_format_is_refused_with_a_field_error(world: World, plan: Plan) -> None:
    response = _api(world, "coordinator").get(
        f"/api/v1/action-plans/{plan.plan.pk}/export/?format=xml"
    )

    assert response.status_code == 400
    assert "format" in response.json()


def test_the_plan_page_links_its_csv_and_the_picture_page_its_print_copy(
    world: World, plan: Plan
) -> None:
    client = Client()
    client.force_login(world.contact_person)

    plan_page = client.get(reverse("frontend:action_plan_detail", args=[plan.plan.pk]))
    picture_page = client.get(reverse("frontend:situation_picture_detail", args=[plan.picture.pk]))

    assert f"/api/v1/action-plans/{plan.plan.pk}/export/?format=csv" in plan_page.content.decode()
    assert (
        reverse("frontend:situation_picture_print", args=[plan.picture.pk])
        in picture_page.content.decode()
    )


def test_the_print_copy_is_a_page_of_its_own_for_the_printer(world: World, plan: Plan) -> None:
    client = Client()
    client.force_login(world.coordinator)

    response = client.get(reverse("frontend:situation_picture_print", args=[plan.picture.pk]))
    refused = client.post(reverse("frontend:situation_picture_print", args=[plan.picture.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "@media print" in html
    assert "Rekrytering vid köpcentret" in html
    assert 'href="/static/' not in html  # nothing to fetch: it prints as it is
    assert refused.status_code == 405


# Searching the plans: the plan's title, the department's name and the measures' titles


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("öresundsgatan", True),
        ("FÄLTASSISTENTER", True),
        ("läxhjälp 2026", True),
        ("Skol- och fritid", True),
        ("Skolfrånvaro", False),  # a problem's title belongs to the picture, not the plan
        ("Kvällar", False),
    ],
)
def test_the_plans_search_finds_measure_titles_in_any_case(
    world: World, plan: Plan, query: str, found: bool
) -> None:
    api = _api(world, "police").get("/api/v1/action-plans/", {"q": query})
    client = Client()
    client.force_login(world.police)
    page = client.get(reverse("frontend:action_plan_list"), {"q": query})

    expected = [plan.plan.pk] if found else []
    assert [row["id"] for row in api.json()["results"]] == expected
    assert [p.pk for p in page.context["page"].object_list] == expected


def test_the_plans_search_never_finds_a_plan_the_persona_does_not_read(
    world: World, plan: Plan
) -> None:
    response = _api(world, "civil").get("/api/v1/action-plans/", {"q": "Fältassistenter"})

    assert response.json()["count"] == 0


def test_a_search_keeps_its_words_on_the_next_page(world: World) -> None:
    for year in range(2000, 2027):
        services.picture_create(
            author=world.contact_person,
            network=world.net,
            department=world.school,
            period=str(year),
            cause_analysis="Ödåkra",
        )
    client = Client()
    client.force_login(world.contact_person)

    response = client.get(reverse("frontend:situation_picture_list"), {"q": "ödåkra"})

    assert response.context["page"].paginator.count == 27
    assert "?q=%C3%B6d%C3%A5kra&amp;page=2" in response.content.decode()
