"""The problem a measure answers, seen through its action plan: every persona against every path
that shows a plan's measures, with the exact outcome and the audit each showing writes.

The school's plan for 2026 is read by every authority (visibility ``authorities``); its three
measures answer problems of three pictures of the school, which are read more narrowly:

| picture | visibility   | shared with | answered problem       | open problem (a gap) |
|---------|--------------|-------------|------------------------|----------------------|
| hidden  | organisation | nobody      | Tystnad i trapphusen   | Dold lucka           |
| wide    | authorities  | nobody      | Klotter vid stationen  | Bred lucka           |
| shared  | organisation | Polisen     | Rån vid skolgården     | Delad lucka          |

The police read the plan and the wide and shared pictures, not the hidden one: they see the
measure answering the hidden problem, with the problem withheld (null in the API, a neutral text
on the pages). Civil society, the report reader, the outsider and the other network's member
read neither. A problem shown is part of its picture's summary: each showing writes the picture
to the audit log as listed (``situation_picture.listed``), through the path it took.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from network.models import (
    ActionPlan,
    AuditEvent,
    Measure,
    Problem,
    SituationPicture,
    StrategicDirection,
    User,
)
from network.situation import services
from tests.api.personas import each_persona
from tests.conftest import PERSONAS, World
from tests.network.test_admin import make_coordinator_staff, make_security_staff

pytestmark = pytest.mark.django_db

PICTURES = ("hidden", "wide", "shared")
ANSWERED = {
    "hidden": "Tystnad i trapphusen",
    "wide": "Klotter vid stationen",
    "shared": "Rån vid skolgården",
}
OPEN = {"hidden": "Dold lucka", "wide": "Bred lucka", "shared": "Delad lucka"}
MEASURES = {
    "hidden": "Trapphusvandringar",
    "wide": "Stationsvärdar",
    "shared": "Rastvakter",
}
NEUTRAL = "Ett problem i förvaltningens lägesbild"  # the neutral text, as the Swedish pages say it
ADMINS = ("coordinator", "security_chief")
EVERYTHING = frozenset(PICTURES)

# The pictures whose summary each persona reads: those whose problems it is shown.
SEES: dict[str, frozenset[str]] = {
    "coordinator": EVERYTHING,
    "security_chief": EVERYTHING,
    "contact_person": EVERYTHING,
    "police": frozenset({"wide", "shared"}),
    "civil": frozenset(),
    "report_reader": frozenset(),
    "outsider": frozenset(),
    "other_member": frozenset(),
    "anonymous": frozenset(),
}
# The plan answers: read by the authorities of the network, nobody else.
PLAN_API = each_persona(
    coordinator=200,
    security_chief=200,
    contact_person=200,
    police=200,
    civil=404,
    report_reader=403,
    outsider=404,
    other_member=404,
    anonymous=401,
)
PLAN_PAGE = each_persona(
    coordinator=200,
    security_chief=200,
    contact_person=200,
    police=200,
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=404,
    anonymous=302,
)


@dataclass
class Scene:
    world: World
    pictures: dict[str, SituationPicture]
    problems: dict[str, Problem]
    plan: ActionPlan
    measures: dict[str, Measure]

    def user(self, name: str | None) -> User | None:
        return None if name is None else self.world.persona(name)

    def sees(self, name: str | None) -> frozenset[str]:
        return SEES["anonymous" if name is None else name]

    def web(self, name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(self.world.persona(name))
        return client

    def api(self, name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.force_authenticate(user=self.world.persona(name))
        return client

    def expected_problems(self, name: str | None) -> dict[str, dict[str, Any] | None]:
        """Each measure's title, with the problem the persona is shown (or None)."""
        return {
            MEASURES[p]: (
                {"id": self.problems[p].pk, "title": ANSWERED[p]} if p in self.sees(name) else None
            )
            for p in PICTURES
        }

    def listed(self, name: str | None, via: str, address: str) -> list[tuple[Any, ...]]:
        user = self.user(name)
        return sorted(
            (user.pk, self.pictures[p].pk, {"part": "summary", "via": via}, address)  # type: ignore[union-attr]
            for p in self.sees(name)
        )


def _picture(world: World, period: str, visibility: str, name: str) -> SituationPicture:
    return services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period=period,
        visibility=visibility,
        problems=[
            {"title": ANSWERED[name], "extent": f"Omfattning {name}", "consequences": "Oro"},
            {"title": OPEN[name]},
        ],
    )


def _measure(world: World, plan: ActionPlan, problem: Problem, title: str) -> Measure:
    return services.measure_add(
        plan=plan,
        actor=world.contact_person,
        direction="prevention",
        problem=problem,
        title=title,
        owner_organisation=world.school,
    )


@pytest.fixture
def scene(world: World) -> Scene:
    make_coordinator_staff(world.coordinator)
    make_security_staff(world.security_chief)
    # Everyone else is staff with every model permission: the rules keep the admin shut.
    every_permission = Permission.objects.filter(content_type__app_label="network")
    for name in PERSONAS:
        if name not in ADMINS:
            user = world.persona(name)
            user.is_staff = True
            user.save()
            user.user_permissions.set(every_permission)
    pictures = {
        "hidden": _picture(world, "2026", "organisation", "hidden"),
        "wide": _picture(world, "2025", "authorities", "wide"),
        "shared": _picture(world, "2024", "organisation", "shared"),
    }
    services.picture_share(
        picture=pictures["shared"], actor=world.contact_person, organisation=world.police_org
    )
    problems = {name: pictures[name].problems.get(title=ANSWERED[name]) for name in PICTURES}
    plan = services.plan_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        year=2026,
        title="Skolans handlingsplan",
        visibility="authorities",
    )
    measures = {name: _measure(world, plan, problems[name], MEASURES[name]) for name in PICTURES}
    return Scene(world, pictures, problems, plan, measures)


def _mark() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _listed(mark: int) -> list[tuple[Any, ...]]:
    return sorted(
        (e.actor_id, e.object_id, e.detail, e.remote_addr)
        for e in AuditEvent.objects.filter(pk__gt=mark, action="situation_picture.listed")
    )


def _no_problem_text(text: str, name: str | None) -> None:
    """Nothing of a problem the persona may not see: its title, extent or any picture text."""
    for picture in PICTURES:
        if picture not in SEES["anonymous" if name is None else name]:
            assert ANSWERED[picture] not in text
            assert f"Omfattning {picture}" not in text
            assert OPEN[picture] not in text


def _by_measure(measures: list[dict[str, Any]]) -> dict[str, Any]:
    return {measure["title"]: measure["problem"] for measure in measures}


# The plan through the API


@pytest.mark.parametrize(("name", "status"), PLAN_API)
def test_the_plan_shows_each_measure_s_problem_only_to_a_reader_of_its_picture(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.api(name).get(f"/api/v1/action-plans/{scene.plan.pk}/", REMOTE_ADDR="10.3.0.1")

    assert response.status_code == status
    _no_problem_text(response.content.decode(), name)
    if status == 200:
        assert _by_measure(response.json()["measures"]) == scene.expected_problems(name)
    assert _listed(mark) == scene.listed(name, "api", "10.3.0.1")


@pytest.mark.parametrize(
    ("name", "status"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=200,  # an empty page: civil society reads no plan
        report_reader=403,
        outsider=200,
        other_member=200,
        anonymous=401,
    ),
)
def test_the_plans_list_shows_the_problems_as_the_plan_does(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.api(name).get("/api/v1/action-plans/", REMOTE_ADDR="10.3.0.2")

    assert response.status_code == status
    _no_problem_text(response.content.decode(), name)
    plans = response.json()["results"] if status == 200 else []
    if scene.sees(name):
        assert [_by_measure(plan["measures"]) for plan in plans] == [scene.expected_problems(name)]
    elif status == 200:
        assert plans == []
    assert _listed(mark) == scene.listed(name, "api", "10.3.0.2")


# Measures through the API


@pytest.mark.parametrize(
    ("name", "status"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=200,
        report_reader=403,
        outsider=200,
        other_member=200,
        anonymous=401,
    ),
)
def test_the_measures_list_shows_each_problem_only_to_a_reader_of_its_picture(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.api(name).get("/api/v1/measures/", REMOTE_ADDR="10.3.0.3")

    assert response.status_code == status
    _no_problem_text(response.content.decode(), name)
    measures = response.json()["results"] if status == 200 else []
    assert _by_measure(measures) == (scene.expected_problems(name) if scene.sees(name) else {})
    assert _listed(mark) == scene.listed(name, "api", "10.3.0.3")


@pytest.mark.parametrize("picture", PICTURES)
@pytest.mark.parametrize(("name", "status"), PLAN_API)
def test_a_measure_shows_its_problem_only_to_a_reader_of_its_picture(
    scene: Scene, name: str | None, status: int, picture: str
) -> None:
    mark = _mark()

    response = scene.api(name).get(
        f"/api/v1/measures/{scene.measures[picture].pk}/", REMOTE_ADDR="10.3.0.4"
    )

    assert response.status_code == status
    _no_problem_text(response.content.decode(), name)
    if status == 200:
        assert response.json()["problem"] == scene.expected_problems(name)[MEASURES[picture]]
    expected = [
        row for row in scene.listed(name, "api", "10.3.0.4") if row[1] == scene.pictures[picture].pk
    ]
    assert _listed(mark) == expected


@pytest.mark.parametrize("picture", PICTURES)
@pytest.mark.parametrize("name", ["coordinator", "police"])
def test_filtering_measures_by_a_problem_finds_them_only_for_a_reader_of_its_picture(
    scene: Scene, name: str, picture: str
) -> None:
    response = scene.api(name).get("/api/v1/measures/", {"problem": scene.problems[picture].pk})

    assert response.status_code == 200
    found = [measure["title"] for measure in response.json()["results"]]
    assert found == ([MEASURES[picture]] if picture in SEES[name] else [])


def test_a_keeper_who_adds_a_measure_is_answered_with_its_problem_and_the_read_audited(
    scene: Scene,
) -> None:
    mark = _mark()

    response = scene.api("contact_person").post(
        "/api/v1/measures/",
        {
            "plan": scene.plan.pk,
            "problem": scene.problems["hidden"].pk,
            "title": "Fler vuxna i trapphusen",
            "direction": "prevention",
        },
        format="json",
        REMOTE_ADDR="10.3.0.5",
    )

    assert response.status_code == 201
    assert response.json()["problem"] == {
        "id": scene.problems["hidden"].pk,
        "title": ANSWERED["hidden"],
    }
    contact_person = scene.world.contact_person
    assert _listed(mark) == [
        (
            contact_person.pk,
            scene.pictures["hidden"].pk,
            {"part": "summary", "via": "api"},
            "10.3.0.5",
        )
    ]


# The export


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


@pytest.mark.parametrize(("name", "status"), PLAN_API)
def test_the_csv_export_holds_a_problem_only_for_a_reader_of_its_picture(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.api(name).get(
        f"/api/v1/action-plans/{scene.plan.pk}/export/?format=csv", REMOTE_ADDR="10.3.0.6"
    )

    assert response.status_code == status
    _no_problem_text(response.content.decode(), name)
    if status == 200:
        expected = {
            measure: (problem["title"] if problem else "")
            for measure, problem in scene.expected_problems(name).items()
        }
        assert {row["measure"]: row["problem"] for row in _rows(response.content)} == expected
    assert _listed(mark) == scene.listed(name, "api", "10.3.0.6")


@pytest.mark.parametrize("name", ["coordinator", "police"])
def test_the_json_export_has_null_for_a_problem_withheld(scene: Scene, name: str) -> None:
    response = scene.api(name).get(f"/api/v1/action-plans/{scene.plan.pk}/export/")

    rows = {row["measure"]: row["problem"] for row in response.json()["results"]}
    expected = scene.expected_problems(name)
    assert rows == {m: (p["title"] if p else None) for m, p in expected.items()}


# The pages


@pytest.mark.parametrize(("name", "status"), PLAN_PAGE)
def test_the_plan_page_names_a_problem_only_to_a_reader_of_its_picture(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.web(name).get(
        reverse("frontend:action_plan_detail", args=[scene.plan.pk]), REMOTE_ADDR="10.3.0.7"
    )

    assert response.status_code == status
    html = response.content.decode()
    _no_problem_text(html, name)
    if status == 200:
        for picture in PICTURES:
            assert MEASURES[picture] in html
            assert (ANSWERED[picture] in html) is (picture in scene.sees(name))
        assert (NEUTRAL in html) is (scene.sees(name) != EVERYTHING)
        hidden_url = reverse(
            "frontend:situation_picture_detail", args=[scene.pictures["hidden"].pk]
        )
        assert (hidden_url in html) is ("hidden" in scene.sees(name))
        heading = f"problem-{scene.problems['hidden'].pk}-heading"
        assert (heading in html) is ("hidden" in scene.sees(name))
    assert _listed(mark) == scene.listed(name, "page", "10.3.0.7")


def test_the_measures_of_withheld_problems_stand_together_after_the_problems_shown(
    world: World, scene: Scene
) -> None:
    # A second measure for the hidden problem, added after the others: one group for both.
    _measure(world, scene.plan, scene.problems["hidden"], "Trapphusbelysning")

    response = scene.web("police").get(reverse("frontend:action_plan_detail", args=[scene.plan.pk]))

    chain = response.context["chain"]
    titles = [group["problem"].title if group["problem"] else None for group in chain]
    assert titles == [ANSWERED["wide"], ANSWERED["shared"], None]
    assert [m.title for m in chain[-1]["measures"]] == [MEASURES["hidden"], "Trapphusbelysning"]
    assert response.content.decode().count(NEUTRAL) == 1


@pytest.mark.parametrize(
    ("name", "status"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=404,
        report_reader=404,
        outsider=404,
        other_member=200,  # the gaps of its own network, nothing of this one
        anonymous=302,
    ),
)
def test_the_gap_page_names_a_problem_only_to_a_reader_of_its_picture(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.web(name).get(
        reverse("frontend:gaps"), {"period": "2026-Q1"}, REMOTE_ADDR="10.3.0.8"
    )

    assert response.status_code == status
    html = response.content.decode()
    _no_problem_text(html, name)
    if status == 200:
        for picture in PICTURES:
            assert (OPEN[picture] in html) is (picture in scene.sees(name))
            # The answered problems are no gap: their measures are listed by their own title.
            assert ANSWERED[picture] not in html
            assert (MEASURES[picture] in html) is bool(scene.sees(name))
    assert _listed(mark) == scene.listed(name, "page", "10.3.0.8")


@pytest.mark.parametrize(
    ("name", "status"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=200,  # nothing to show: civil society reads no picture or plan
        report_reader=403,
        outsider=400,  # in no network: the network is not theirs to name
        other_member=400,
        anonymous=401,
    ),
)
def test_the_gaps_through_the_api_name_a_problem_only_to_a_reader_of_its_picture(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.api(name).get(
        "/api/v1/action-plans/gaps/",
        {"network": scene.world.net.pk, "period": "2026-Q1"},
        REMOTE_ADDR="10.3.0.9",
    )

    assert response.status_code == status
    _no_problem_text(response.content.decode(), name)
    if status == 200:
        body = response.json()
        titles = {problem["title"] for problem in body["problems_without_measures"]}
        assert titles == {OPEN[p] for p in scene.sees(name)}
        measures = {m["title"] for m in body["measures_without_values"]}
        assert measures == ({MEASURES[p] for p in PICTURES} if scene.sees(name) else set())
        assert "problem" not in str(body["measures_without_values"])
    assert _listed(mark) == scene.listed(name, "api", "10.3.0.9")


# The admin


@pytest.mark.parametrize(
    ("name", "status"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=404,
        police=404,
        civil=404,
        report_reader=404,
        outsider=404,
        other_member=404,
        anonymous=302,
    ),
)
def test_the_admin_shows_the_plan_s_problems_to_those_who_read_them_and_audits_it(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.web(name).get(
        f"/admin/network/actionplan/{scene.plan.pk}/change/", REMOTE_ADDR="10.3.0.10"
    )

    assert response.status_code == status
    html = response.content.decode()
    if status == 302:
        assert "/admin/login/" in response["Location"]
    if status != 200:
        for picture in PICTURES:
            assert ANSWERED[picture] not in html and MEASURES[picture] not in html
        assert _listed(mark) == []
        return
    for picture in PICTURES:
        assert ANSWERED[picture] in html
    assert escape(NEUTRAL) not in html
    assert _listed(mark) == scene.listed(name, "admin", "10.3.0.10")


def _answering_elsewhere(world: World, scene: Scene) -> Measure:
    """A measure of the school's plan answering a problem of the other network's picture. The
    services never write it (a measure answers the department's own picture); the admin must
    not rely on them for what it shows."""
    picture = SituationPicture.objects.create(
        network=world.other_net, department=world.other_org, period="2026"
    )
    return Measure.objects.create(
        plan=scene.plan,
        problem=Problem.objects.create(picture=picture, title="Grannens dolda problem"),
        title="Åtgärd mot grannens problem",
        owner_organisation=world.school,
        direction=StrategicDirection.objects.get(code="prevention"),
    )


def test_the_admin_shows_a_neutral_text_for_a_problem_its_reader_may_not_read(
    world: World, scene: Scene
) -> None:
    _answering_elsewhere(world, scene)

    response = scene.web("security_chief").get(f"/admin/network/actionplan/{scene.plan.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Åtgärd mot grannens problem" in html
    assert "Grannens dolda problem" not in html
    assert escape(NEUTRAL) in html
    for picture in PICTURES:
        assert ANSWERED[picture] in html


def test_the_admin_never_offers_or_names_a_problem_its_changer_may_not_read(
    world: World, scene: Scene
) -> None:
    measure = _answering_elsewhere(world, scene)

    response = scene.web("coordinator").get(f"/admin/network/actionplan/{scene.plan.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Åtgärd mot grannens problem" in html
    assert "Grannens dolda problem" not in html
    formset = response.context["inline_admin_formsets"][0].formset
    choices = formset.forms[0].fields["problem"].queryset
    assert measure.problem_id not in set(choices.values_list("pk", flat=True))


# What it costs


def _cost(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured.captured_queries)


def _more_measures(world: World, scene: Scene) -> None:
    for picture in PICTURES:
        _measure(world, scene.plan, scene.problems[picture], f"Ytterligare åtgärd {picture}")


PATHS = {
    "plan": lambda s: f"/api/v1/action-plans/{s.plan.pk}/",
    "plans": lambda s: "/api/v1/action-plans/",
    "measures": lambda s: "/api/v1/measures/",
    "export": lambda s: f"/api/v1/action-plans/{s.plan.pk}/export/?format=csv",
    "page": lambda s: reverse("frontend:action_plan_detail", args=[s.plan.pk]),
    "admin": lambda s: f"/admin/network/actionplan/{s.plan.pk}/change/",
}


# The police read the plan everywhere but in the admin, which they do not use.
COSTED = [
    *(("security_chief", path) for path in PATHS),
    *(("police", path) for path in PATHS if path != "admin"),
]


@pytest.mark.parametrize(("name", "path"), COSTED)
def test_withholding_and_auditing_the_problems_costs_the_same_for_three_measures_as_for_six(
    world: World, scene: Scene, name: str, path: str
) -> None:
    url = PATHS[path](scene)
    client: Client | APIClient = scene.web(name) if path in ("page", "admin") else scene.api(name)

    def request() -> object:
        response = client.get(url)
        assert response.status_code == 200
        return response

    request()  # the first request warms what every later one shares
    few = _cost(request)
    _more_measures(world, scene)
    many = _cost(request)

    assert few == many
