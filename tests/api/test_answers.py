"""What every answer carries beyond its body: who may ask at all, Location, Cache-Control, format."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from api.middleware import PrivateCacheMiddleware
from network.models import Activity, Update
from tests.api.conftest import Scene
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]
ROOT = Path(__file__).resolve().parents[2]
REPORTS_ONLY = {"detail": "A report reader reads the aggregated reports only."}


# A report reader reads reports, and nothing of the network's content


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/activities/", None),
        ("get", "/api/v1/activities/{activity}/", None),
        ("post", "/api/v1/activities/", {"title": "Insats", "starts_on": "2026-05-01"}),
        ("put", "/api/v1/activities/{activity}/", {"title": "Insats", "starts_on": "2026-05-01"}),
        ("patch", "/api/v1/activities/{activity}/", {"title": "Insats"}),
        ("post", "/api/v1/activities/{activity}/tag/", {"directions": ["prevention"]}),
        ("get", "/api/v1/activities/{activity}/tags/", None),
        ("delete", "/api/v1/activities/{activity}/", None),
        ("get", "/api/v1/updates/", None),
        ("get", "/api/v1/updates/{update}/", None),
        ("post", "/api/v1/updates/", {"body": "Hej", "visibility": "network"}),
        ("get", "/api/v1/activities/999999/", None),
    ],
)
def test_a_report_reader_is_refused_every_content_operation_with_a_message_saying_why(
    client_for: ClientFor, scene: Scene, method: str, path: str, body: dict | None
) -> None:
    url = path.format(activity=scene.civil_network.pk, update=scene.civil_note.pk)
    before = (list(Activity.objects.values()), list(Update.objects.values()))

    response = getattr(client_for("report_reader"), method)(
        url, body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 403
    assert response.json() == REPORTS_ONLY
    assert (list(Activity.objects.values()), list(Update.objects.values())) == before


@pytest.mark.parametrize(
    "path", ["/api/v1/me/", "/api/v1/networks/", "/api/v1/directions/", "/api/v1/organisations/"]
)
def test_a_report_reader_reads_what_labels_the_report_rows(
    client_for: ClientFor, world: World, path: str
) -> None:
    assert client_for("report_reader").get(path).status_code == 200


# 201 Created: Location


def test_a_logged_activity_is_answered_201_with_its_url_in_location(
    client_for: ClientFor, world: World
) -> None:
    client = client_for("police")

    response = client.post("/api/v1/activities/", {"title": "Insats", "starts_on": "2026-05-01"})

    activity = Activity.objects.get()
    assert response.status_code == 201
    assert response["Location"] == f"http://testserver/api/v1/activities/{activity.pk}/"
    assert client.get(response["Location"]).json() == response.json()


def test_a_posted_update_is_answered_201_with_its_url_in_location(
    client_for: ClientFor, world: World
) -> None:
    client = client_for("police")

    response = client.post("/api/v1/updates/", {"body": "Lugnt.", "visibility": "network"})

    update = Update.objects.get()
    assert response.status_code == 201
    assert response["Location"] == f"http://testserver/api/v1/updates/{update.pk}/"
    assert client.get(response["Location"]).json() == response.json()


@pytest.mark.parametrize("path", ["/api/v1/activities/{activity}/", "/api/v1/updates/{update}/"])
def test_answers_other_than_201_carry_no_location(
    client_for: ClientFor, scene: Scene, path: str
) -> None:
    url = path.format(activity=scene.civil_network.pk, update=scene.civil_note.pk)

    response = client_for("civil").get(url)

    assert response.status_code == 200
    assert not response.has_header("Location")


# Cache-Control


@pytest.mark.parametrize(
    "path",
    ["/api/v1/me/", "/api/v1/activities/", "/api/v1/activities/{activity}/",
     "/api/v1/activities/999999/", "/api/v1/reports/activities/?format=csv"],
)  # fmt: skip
def test_an_answer_to_a_signed_in_api_client_is_private_and_not_stored(
    token_client: Callable[[str | None], APIClient], scene: Scene, path: str
) -> None:
    response = token_client("coordinator").get(path.format(activity=scene.civil_network.pk))

    assert response["Cache-Control"] == "private, no-store"


def test_a_created_object_is_answered_private_and_not_stored(
    token_client: Callable[[str | None], APIClient], world: World
) -> None:
    response = token_client("police").post(
        "/api/v1/activities/", {"title": "Insats", "starts_on": "2026-05-01"}
    )

    assert response.status_code == 201
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path", ["/", "/en/activities/"])
def test_a_page_for_a_signed_in_person_is_private_and_not_stored(world: World, path: str) -> None:
    client = Client()
    client.force_login(world.civil)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/activities/"])
def test_an_answer_to_an_anonymous_caller_is_left_as_the_view_made_it(
    world: World, path: str
) -> None:
    response = Client().get(path)

    assert not response.has_header("Cache-Control")


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ("max-age=60", "max-age=60, private"),
        ("public, max-age=60", "max-age=60, private"),
        ("private, max-age=60", "private, max-age=60"),
        ("no-store", "no-store, private"),
    ],
)
def test_the_caching_a_view_chose_is_kept_but_never_public_for_a_signed_in_person(
    rf: RequestFactory, world: World, chosen: str, expected: str
) -> None:
    request = rf.get("/")
    request.user = world.civil
    middleware = PrivateCacheMiddleware(
        lambda request: HttpResponse(headers={"Cache-Control": chosen})
    )

    assert middleware(request)["Cache-Control"] == expected


# The browsable API


def test_the_api_answers_json_only_when_debug_is_off(client_for: ClientFor, world: World) -> None:
    client = client_for("civil")

    browser = client.get("/api/v1/me/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    html_only = client.get("/api/v1/me/", HTTP_ACCEPT="text/html")
    browsable = client.get("/api/v1/me/", {"format": "api"}, HTTP_ACCEPT_LANGUAGE="en")

    assert (browser.status_code, browser["Content-Type"]) == (200, "application/json")
    assert html_only.status_code == 406
    assert browsable.status_code == 400
    assert browsable.json() == {"format": ["Choose one of these formats: json."]}


@pytest.mark.parametrize(
    ("debug", "expected"),
    [
        ("0", ["rest_framework.renderers.JSONRenderer"]),
        (
            "1",
            [
                "rest_framework.renderers.JSONRenderer",
                "rest_framework.renderers.BrowsableAPIRenderer",
            ],
        ),
    ],
)
def test_the_browsable_api_is_offered_only_when_debug_is_on(debug: str, expected: list) -> None:
    program = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']))"
    )
    environment = {**os.environ, "DEBUG": debug, "DJANGO_SETTINGS_MODULE": "config.settings"}

    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected
