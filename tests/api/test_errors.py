"""Errors are JSON, with the status the contract gives, in the language the request asks for.

Swedish without ``Accept-Language`` (and for a language the API does not speak), English with
``Accept-Language: en``, whoever writes the message: DRF, the services or the access layer.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from api.errors import exception_handler
from api.middleware import JsonErrorsMiddleware
from network.errors import Conflict
from tests.api.conftest import Scene
from tests.conftest import World

ClientFor = Callable[[str | None], APIClient]


def _ask(
    client_for: ClientFor, scene: Scene, case: str, language: str | None
) -> tuple[int, Any, str]:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    activity = f"/api/v1/activities/{scene.civil_network.pk}/"
    if case == "required field":
        response = client_for("civil").post("/api/v1/activities/", {}, **headers)
    elif case == "service rule":
        response = client_for("civil").patch(
            activity, {"starts_on": "2026-05-02", "ends_on": "2026-05-01"}, **headers
        )
    elif case == "no credentials":
        response = client_for(None).get("/api/v1/activities/", **headers)
    elif case == "may not change":
        response = client_for("police").patch(activity, {"title": "Nytt"}, **headers)
    elif case == "report reader":
        response = client_for("report_reader").get("/api/v1/activities/", **headers)
    elif case == "not visible":
        response = client_for("civil").get(f"/api/v1/activities/{scene.police_only.pk}/", **headers)
    elif case == "no such path":
        response = client_for("civil").get("/api/v1/no-such-collection/", **headers)
    else:
        raise AssertionError(case)
    return response.status_code, response.json(), response["Content-Language"]


MESSAGES = [
    # case, status, English, Swedish
    ("required field", 400,
     {"title": ["This field is required."], "starts_on": ["This field is required."]},
     {"title": ["Fältet måste fyllas i."], "starts_on": ["Fältet måste fyllas i."]}),
    ("service rule", 400,
     {"ends_on": ["The end date cannot be before the start date."]},
     {"ends_on": ["Slutdatumet kan inte ligga före startdatumet."]}),
    ("no credentials", 401,
     {"detail": "Authentication credentials were not provided."},
     {"detail": "Autentiseringsuppgifter ej tillhandahållna."}),
    ("may not change", 403,
     {"detail": "You may not change this activity."},
     {"detail": "Du får inte ändra den här insatsen."}),
    ("report reader", 403,
     {"detail": "A report reader reads the aggregated reports only."},
     {"detail": "En rapportläsare läser bara de sammanställda rapporterna."}),
    ("not visible", 404, {"detail": "No such activity."}, {"detail": "Insatsen finns inte."}),
    ("no such path", 404, {"detail": "Not found."}, {"detail": "Hittades inte."}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "status", "english", "swedish"), MESSAGES, ids=[m[0] for m in MESSAGES]
)
def test_an_error_is_in_english_when_the_request_asks_for_english(
    client_for: ClientFor, scene: Scene, case: str, status: int, english: Any, swedish: Any
) -> None:
    assert _ask(client_for, scene, case, "en") == (status, english, "en")


@pytest.mark.parametrize(
    ("case", "status", "english", "swedish"), MESSAGES, ids=[m[0] for m in MESSAGES]
)
def test_an_error_is_in_swedish_when_the_request_names_no_language(
    client_for: ClientFor, scene: Scene, case: str, status: int, english: Any, swedish: Any
) -> None:
    assert _ask(client_for, scene, case, None) == (status, swedish, "sv")


@pytest.mark.parametrize("language", ["sv", "sv-SE,sv;q=0.9", "de", "*"])
def test_an_error_is_in_swedish_for_swedish_and_for_a_language_the_api_does_not_speak(
    client_for: ClientFor, scene: Scene, language: str
) -> None:
    assert _ask(client_for, scene, "not visible", language) == (
        404,
        {"detail": "Insatsen finns inte."},
        "sv",
    )


def test_english_is_chosen_by_preference_among_several_languages(
    client_for: ClientFor, scene: Scene
) -> None:
    assert _ask(client_for, scene, "not visible", "en-GB,en;q=0.9,sv;q=0.5") == (
        404,
        {"detail": "No such activity."},
        "en",
    )


def test_the_pages_keep_the_language_of_their_path(world: World) -> None:
    client = Client()
    client.force_login(world.civil)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "sv"


# 4xx that Django answers before any API view: JSON all the same


def test_a_path_that_matches_no_route_is_a_json_404(client_for: ClientFor, world: World) -> None:
    response = client_for("civil").get("/api/v1/activities/1/no-such-action/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Hittades inte."}


def test_a_request_for_a_host_that_is_not_allowed_is_a_json_400(world: World) -> None:
    response = Client().get("/api/v1/me/", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Malformed request."}


def test_the_pages_keep_their_own_error_pages(world: World) -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_4xx_without_a_body_gets_one(rf: RequestFactory) -> None:
    middleware = JsonErrorsMiddleware(
        lambda request: HttpResponse(status=405, headers={"Allow": "GET"})
    )

    response = middleware(rf.post("/api/v1/me/"))

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET"
    assert response.content.startswith(b'{"detail":')


def test_a_conflict_of_the_domain_is_a_409_with_its_message() -> None:
    response = exception_handler(Conflict("The minutes are approved."), {})

    assert response is not None
    assert response.status_code == 409
    assert response.data == {"detail": "The minutes are approved."}
