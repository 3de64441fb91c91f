"""Every persona against every path a situational picture can be read through, with the exact
answer, and the audit record each successful read writes.

Three pictures of the school department (kept by ``contact_person``):

| picture | visibility   | shared with | summary read by (besides the department) | details read by  |
|---------|--------------|-------------|------------------------------------------|------------------|
| hidden  | organisation | nobody      | coordinator, security chief              | the department,  |
| wide    | authorities  | nobody      | + every authority: police                | the coordinator, |
| shared  | organisation | Polisen     | + police                                 | the security     |
|         |              |             |                                          | chief            |

Civil society, the outsider, the other network's member and the report reader read nothing of
them: not in a list, a count, a search, a report, a notification or the admin. Every persona is
made staff with every model permission, so that the rules, not the staff flag, keep the admin
shut; the coordinator and the security chief have the demo's permissions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from network.models import AuditEvent, SituationPicture, User
from network.situation import services
from tests.api.personas import EVERYONE, each_persona
from tests.conftest import PERSONAS, World
from tests.factories import person
from tests.network.test_admin import make_coordinator_staff, make_security_staff

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], APIClient]
PICTURES = ("hidden", "wide", "shared")
# A word only in the summary (the cause analysis), one only in the detailed part, one only in a
# problem's title: each must be found exactly where its part is read.
SUMMARY_WORD = "Ödåkra"
DETAIL_WORD = "Källarlokalen"
PROBLEM_WORD = "Skolfrånvaro"
ALL_DETAILS = dict.fromkeys(PICTURES, "details")

# What each persona reads of each picture: the part, or nothing.
READS: dict[str, dict[str, str]] = {
    "coordinator": ALL_DETAILS,
    "security_chief": ALL_DETAILS,
    "contact_person": ALL_DETAILS,
    "police": {"wide": "summary", "shared": "summary"},
    "civil": {},
    "report_reader": {},
    "outsider": {},
    "other_member": {},
    "anonymous": {},
}
ADMINS = ("coordinator", "security_chief")


@dataclass
class Scene:
    world: World
    pictures: dict[str, SituationPicture]

    def user(self, name: str | None) -> User | None:
        return None if name is None else self.world.persona(name)

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

    def reads(self, name: str | None) -> dict[str, str]:
        return READS["anonymous" if name is None else name]

    def ids(self, names: set[str] | list[str]) -> set[int]:
        return {self.pictures[n].pk for n in names}

    def name_of(self, pk: int) -> str:
        return next(name for name, picture in self.pictures.items() if picture.pk == pk)


def _picture(world: World, period: str, visibility: str) -> SituationPicture:
    return services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period=period,
        visibility=visibility,
        problems=[
            {"title": f"{PROBLEM_WORD} i åk 9", "extent": "12 %", "consequences": "Betyg"},
        ],
        cause_analysis=f"Få vuxna ute i {SUMMARY_WORD}",
        sources_used="Polisens lägesbild",
        groups="En grupp på 10-15 unga",
        areas="Drottninghög",
        recruitment_venues=f"{DETAIL_WORD} vid torget kvällstid",
    )


@pytest.fixture
def scene(world: World) -> Scene:
    make_coordinator_staff(world.coordinator)
    make_security_staff(world.security_chief)
    every_permission = Permission.objects.filter(content_type__app_label="network")
    for name in PERSONAS:
        if name not in ADMINS:
            user = world.persona(name)
            user.is_staff = True
            user.save()
            user.user_permissions.set(every_permission)
    shared = _picture(world, "2024", "organisation")
    services.picture_share(
        picture=shared, actor=world.contact_person, organisation=world.police_org
    )
    return Scene(
        world=world,
        pictures={
            "hidden": _picture(world, "2026", "organisation"),
            "wide": _picture(world, "2025", "authorities"),
            "shared": shared,
        },
    )


def _events_after(mark: int, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=mark, action=action).order_by("pk"))


def _mark() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _read_records(scene: Scene, mark: int) -> list[tuple[Any, ...]]:
    """The reads written since ``mark``: who, which picture, which part, from where, and the
    whole detail (what was read, through which path, of which version)."""
    return [
        (e.actor_id, scene.name_of(e.object_id), e.detail["part"], e.remote_addr, e.detail)
        for e in _events_after(mark, "situation_picture.read")
    ]


def _expected_reads(
    scene: Scene, name: str | None, picture: str, *, what: str, via: str, address: str
) -> list[tuple[Any, ...]]:
    part = scene.reads(name).get(picture)
    if part is None:
        return []
    version = scene.pictures[picture].version
    detail = {"part": part, "what": what, "version": version, "via": via}
    return [(scene.user(name).pk, picture, part, address, detail)]  # type: ignore[union-attr]


def _expected_listed(scene: Scene, name: str | None, via: str, address: str) -> list[tuple]:
    user = scene.user(name)
    return sorted(
        (user.pk, scene.pictures[p].pk, {"part": "summary", "via": via}, address)  # type: ignore[union-attr]
        for p in scene.reads(name)
    )


def _listed(mark: int) -> list[tuple]:
    return sorted(
        (e.actor_id, e.object_id, e.detail, e.remote_addr)
        for e in _events_after(mark, "situation_picture.listed")
    )


def _no_trace(scene: Scene, name: str | None) -> None:
    """A refused read leaves nothing of the pictures in the audit log under the persona."""
    if name is not None:
        assert not AuditEvent.objects.filter(
            actor=scene.user(name), action__startswith="situation_picture"
        ).exists()


def _is_sign_in_redirect(response: Any, prefix: str = "/login/") -> bool:
    return response.status_code == 302 and prefix in response["Location"]


# The page list


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
        other_member=200,  # it keeps pictures in its own network: none of these
        anonymous=302,
    ),
)
def test_the_page_list_shows_exactly_the_pictures_read_and_audits_each(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.web(name).get(
        reverse("frontend:situation_picture_list"), REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == status
    if status != 200:
        assert _listed(mark) == []
        html = response.content.decode()
        assert "Skol- och fritidsförvaltningen" not in html
        return
    shown = {p.pk for p in response.context["page"].object_list}
    assert shown == scene.ids(list(scene.reads(name)))
    assert response.context["page"].paginator.count == len(scene.reads(name))
    html = response.content.decode()
    assert DETAIL_WORD not in html  # a list shows no detailed part, to anyone
    assert _listed(mark) == _expected_listed(scene, name, "page", "10.0.0.1")


# One picture: its page, its print copy, the API's detail


@pytest.mark.parametrize("picture", PICTURES)
@pytest.mark.parametrize("name", [None if n == "anonymous" else n for n in EVERYONE])
def test_the_page_of_a_picture_answers_each_persona_and_shows_the_part_it_reads(
    scene: Scene, name: str | None, picture: str
) -> None:
    mark = _mark()
    url = reverse("frontend:situation_picture_detail", args=[scene.pictures[picture].pk])

    response = scene.web(name).get(url, REMOTE_ADDR="10.0.0.2")

    part = scene.reads(name).get(picture)
    html = response.content.decode()
    if name is None:
        assert _is_sign_in_redirect(response)
    elif part is None:
        assert response.status_code == 404
        assert SUMMARY_WORD not in html and PROBLEM_WORD not in html
    else:
        assert response.status_code == 200
        assert SUMMARY_WORD in html and PROBLEM_WORD in html
        assert (DETAIL_WORD in html) == (part == "details")
    assert _read_records(scene, mark) == _expected_reads(
        scene, name, picture, what="picture", via="page", address="10.0.0.2"
    )
    if part is None and not scene.reads(name):
        _no_trace(scene, name)


@pytest.mark.parametrize("picture", PICTURES)
@pytest.mark.parametrize("name", [None if n == "anonymous" else n for n in EVERYONE])
def test_the_print_copy_answers_each_persona_and_is_audited_as_an_export(
    scene: Scene, name: str | None, picture: str
) -> None:
    mark = _mark()
    url = reverse("frontend:situation_picture_print", args=[scene.pictures[picture].pk])

    response = scene.web(name).get(url, REMOTE_ADDR="10.0.0.3")

    part = scene.reads(name).get(picture)
    html = response.content.decode()
    if name is None:
        assert _is_sign_in_redirect(response)
    elif part is None:
        assert response.status_code == 404
        assert SUMMARY_WORD not in html
    else:
        assert response.status_code == 200
        assert html.lstrip().startswith("<!DOCTYPE html>")
        assert SUMMARY_WORD in html and PROBLEM_WORD in html
        assert (DETAIL_WORD in html) == (part == "details")
    assert _read_records(scene, mark) == _expected_reads(
        scene, name, picture, what="export", via="page", address="10.0.0.3"
    )
    if not scene.reads(name):
        _no_trace(scene, name)


@pytest.mark.parametrize("picture", PICTURES)
@pytest.mark.parametrize("name", [None if n == "anonymous" else n for n in EVERYONE])
def test_the_api_detail_answers_each_persona_with_details_or_null(
    scene: Scene, name: str | None, picture: str
) -> None:
    mark = _mark()
    pk = scene.pictures[picture].pk

    response = scene.api(name).get(f"/api/v1/situation-pictures/{pk}/", REMOTE_ADDR="10.0.0.4")

    part = scene.reads(name).get(picture)
    if name is None:
        assert response.status_code == 401
    elif name == "report_reader":
        assert response.status_code == 403
    elif part is None:
        assert response.status_code == 404
        assert SUMMARY_WORD not in response.content.decode()
    else:
        assert response.status_code == 200
        body = response.json()
        assert SUMMARY_WORD in body["summary"]["cause_analysis"]
        if part == "details":
            assert DETAIL_WORD in body["details"]["recruitment_venues"]
        else:
            assert body["details"] is None
            assert DETAIL_WORD not in response.content.decode()
    assert _read_records(scene, mark) == _expected_reads(
        scene, name, picture, what="picture", via="api", address="10.0.0.4"
    )
    if not scene.reads(name):
        _no_trace(scene, name)


# Lists and counts in the API


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
def test_the_api_list_and_its_count_hold_exactly_the_pictures_read(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.api(name).get("/api/v1/situation-pictures/", REMOTE_ADDR="10.0.0.5")

    assert response.status_code == status
    if status != 200:
        assert _listed(mark) == []
        return
    body = response.json()
    assert {row["id"] for row in body["results"]} == scene.ids(list(scene.reads(name)))
    assert body["count"] == len(scene.reads(name))
    assert all(row["details"] is None for row in body["results"])
    assert _listed(mark) == _expected_listed(scene, name, "api", "10.0.0.5")


# Search, in the API and on the page: the detailed part only for its readers


def _found_by(name: str, where: str) -> set[str]:
    """The pictures in which a word of the summary, or of the detailed part, is found."""
    reads = READS[name]
    if where == "details":
        return {p for p, part in reads.items() if part == "details"}
    return set(reads)


SEARCHES = [
    pytest.param(SUMMARY_WORD.lower(), "summary", id="summary"),
    pytest.param(DETAIL_WORD.upper(), "details", id="details"),
    pytest.param(PROBLEM_WORD.upper(), "summary", id="problem title"),
]


@pytest.mark.parametrize(("word", "where"), SEARCHES)
@pytest.mark.parametrize("name", [n for n in PERSONAS if n != "report_reader"])
def test_the_api_search_finds_a_word_only_in_the_parts_the_persona_reads(
    scene: Scene, name: str, word: str, where: str
) -> None:
    response = scene.api(name).get("/api/v1/situation-pictures/", {"q": word})

    assert response.status_code == 200
    found = {row["id"] for row in response.json()["results"]}
    assert found == scene.ids(_found_by(name, where))
    assert response.json()["count"] == len(found)


def test_a_summary_reader_searching_a_word_of_the_details_finds_nothing(scene: Scene) -> None:
    api = scene.api("police").get("/api/v1/situation-pictures/", {"q": DETAIL_WORD})
    page = scene.web("police").get(reverse("frontend:situation_picture_list"), {"q": DETAIL_WORD})

    assert api.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert list(page.context["page"].object_list) == []
    # ...while the same word in the summary would be found: the picture is there to read.
    summary = scene.api("police").get("/api/v1/situation-pictures/", {"q": SUMMARY_WORD})
    assert summary.json()["count"] == 2


@pytest.mark.parametrize(("word", "where"), SEARCHES)
@pytest.mark.parametrize("name", ["coordinator", "security_chief", "contact_person", "police"])
def test_the_page_search_finds_a_word_only_in_the_parts_the_persona_reads(
    scene: Scene, name: str, word: str, where: str
) -> None:
    response = scene.web(name).get(reverse("frontend:situation_picture_list"), {"q": word})

    assert response.status_code == 200
    found = {p.pk for p in response.context["page"].object_list}
    assert found == scene.ids(_found_by(name, where))


@pytest.mark.parametrize("name", ["civil", "report_reader", "outsider", None])
def test_the_page_search_answers_those_who_read_no_picture_as_the_list_does(
    scene: Scene, name: str | None
) -> None:
    response = scene.web(name).get(reverse("frontend:situation_picture_list"), {"q": DETAIL_WORD})

    assert response.status_code == (302 if name is None else 404)


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
def test_the_admin_list_answers_each_persona_and_audits_each_picture_shown(
    scene: Scene, name: str | None, status: int
) -> None:
    mark = _mark()

    response = scene.web(name).get("/admin/network/situationpicture/", REMOTE_ADDR="10.0.0.6")

    assert response.status_code == status
    if status == 302:
        assert _is_sign_in_redirect(response, "/admin/login/")
    if status != 200:
        assert _listed(mark) == []
        assert "Skol- och fritidsförvaltningen" not in response.content.decode()
        return
    assert {p.pk for p in response.context["cl"].result_list} == scene.ids(PICTURES)
    assert DETAIL_WORD not in response.content.decode()
    assert _listed(mark) == _expected_listed(scene, name, "admin", "10.0.0.6")


@pytest.mark.parametrize(
    ("name", "shown"),
    each_persona(
        coordinator=True,
        security_chief=True,
        contact_person=False,
        police=False,
        civil=False,
        report_reader=False,
        outsider=False,
        other_member=False,
        anonymous=None,
    ),
)
def test_the_admin_index_names_the_pictures_only_to_those_who_read_them_there(
    scene: Scene, name: str | None, shown: bool | None
) -> None:
    response = scene.web(name).get("/admin/")

    if shown is None:
        assert _is_sign_in_redirect(response, "/admin/login/")
        return
    assert response.status_code == 200
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    situation = {"SituationPicture", "ActionPlan", "IndicatorValue"}
    assert (situation <= models) is shown
    assert (situation & models == set()) is not shown
    html = response.content.decode()
    assert ("situationpicture" in html) is shown


@pytest.mark.parametrize("picture", PICTURES)
@pytest.mark.parametrize("name", [None if n == "anonymous" else n for n in EVERYONE])
def test_the_admin_change_page_answers_each_persona_and_is_audited(
    scene: Scene, name: str | None, picture: str
) -> None:
    mark = _mark()
    pk = scene.pictures[picture].pk

    response = scene.web(name).get(
        f"/admin/network/situationpicture/{pk}/change/", REMOTE_ADDR="10.0.0.7"
    )

    html = response.content.decode()
    if name is None:
        assert _is_sign_in_redirect(response, "/admin/login/")
    elif name not in ADMINS:
        assert response.status_code == 404
        assert SUMMARY_WORD not in html and DETAIL_WORD not in html
    else:
        assert response.status_code == 200
        assert SUMMARY_WORD in html and PROBLEM_WORD in html and DETAIL_WORD in html
    admin_part = READS[name][picture] if name in ADMINS else None
    expected = (
        [
            (
                scene.user(name).pk,  # type: ignore[union-attr]
                picture,
                admin_part,
                "10.0.0.7",
                {
                    "part": admin_part,
                    "what": "picture",
                    "version": scene.pictures[picture].version,
                    "via": "admin",
                },
            )
        ]
        if admin_part
        else []
    )
    assert _read_records(scene, mark) == expected
    if not scene.reads(name):
        _no_trace(scene, name)


def test_the_admin_search_looks_at_names_and_periods_never_at_the_text(scene: Scene) -> None:
    client = scene.web("coordinator")

    by_text = client.get("/admin/network/situationpicture/", {"q": DETAIL_WORD})
    by_summary = client.get("/admin/network/situationpicture/", {"q": SUMMARY_WORD})
    by_period = client.get("/admin/network/situationpicture/", {"q": "2025"})

    assert list(by_text.context["cl"].result_list) == []
    assert list(by_summary.context["cl"].result_list) == []
    assert list(by_period.context["cl"].result_list) == [scene.pictures["wide"]]


# Reports: counts and sums of other things only; a picture changes nothing in them


REPORTS = (
    "/api/v1/reports/activities/?group_by=direction,organisation",
    "/api/v1/reports/attendance/",
    "/api/v1/reports/action-items/",
)


@pytest.mark.parametrize("name", [None if n == "anonymous" else n for n in EVERYONE])
def test_the_reports_answer_each_persona_the_same_with_or_without_pictures(
    world: World, name: str | None
) -> None:
    def answers() -> list[tuple[int, str]]:
        client = APIClient()
        if name is not None:
            client.force_authenticate(user=world.persona(name))
        found = []
        for path in REPORTS:
            response = client.get(path)
            found.append((response.status_code, response.content.decode()))
        if name is not None:
            page = Client()
            page.force_login(world.persona(name))
            response = page.get(reverse("frontend:report"))
            found.append((response.status_code, ""))
            for word in (SUMMARY_WORD, DETAIL_WORD, PROBLEM_WORD):
                assert word not in response.content.decode()
        return found

    before = answers()
    shared = _picture(world, "2024", "organisation")
    services.picture_share(
        picture=shared, actor=world.contact_person, organisation=world.police_org
    )
    _picture(world, "2025", "authorities")
    _picture(world, "2026", "organisation")
    after = answers()

    assert after == before
    for _status, body in after:
        for word in (SUMMARY_WORD, DETAIL_WORD, PROBLEM_WORD, "situation"):
            assert word not in body


# Notifications: a changed picture is told to its readers only


@pytest.mark.parametrize("name", [None if n == "anonymous" else n for n in EVERYONE])
def test_a_changed_picture_is_told_to_exactly_its_readers(
    scene: Scene, name: str | None, django_capture_on_commit_callbacks: Any
) -> None:
    world = scene.world
    # A colleague of the department changes each picture: the personas are all onlookers.
    colleague = person("skola2", world.school, world.net, "contact_person")
    with django_capture_on_commit_callbacks(execute=True):
        for picture in scene.pictures.values():
            services.picture_update(picture=picture, actor=colleague, areas="Centrum")

    response = scene.api(name).get("/api/v1/notifications/", {"event": "situation_picture.updated"})

    if name is None:
        assert response.status_code == 401
        return
    if name == "report_reader":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    told = {scene.name_of(row["object"]["id"]) for row in response.json()["results"]}
    assert told == set(scene.reads(name))
    for row in response.json()["results"]:
        # The title names the department and the period, nothing of the content.
        assert row["title"].startswith("Skol- och fritidsförvaltningen · ")
        assert DETAIL_WORD not in json.dumps(row) and SUMMARY_WORD not in json.dumps(row)
