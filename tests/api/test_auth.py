"""Authentication: a token from username and password, or the browser session with CSRF."""

from collections.abc import Callable

import pytest
from django.utils.crypto import get_random_string
from rest_framework.test import APIClient

from network.accounts.models import ApiToken
from network.accounts.tokens import digest_of
from network.models import Activity
from tests.api.personas import the_same_for_everyone_signed_in
from tests.conftest import PERSONAS, World

PASSWORD = "pw-for-tests"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_exchanges_username_and_password_for_a_token(
    api_client: APIClient, world: World, persona: str
) -> None:
    user = world.persona(persona)

    response = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.digest == digest_of(response.json()["token"])
    assert response.json()["id"] == token.pk


def test_each_sign_in_issues_a_new_token_and_keeps_the_earlier_ones(
    api_client: APIClient, world: World
) -> None:
    credentials = {"username": "polis", "password": PASSWORD}

    first = api_client.post("/api/v1/auth/token/", credentials).json()
    second = api_client.post("/api/v1/auth/token/", credentials).json()

    assert first["token"] != second["token"]
    for key in (first["token"], second["token"]):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api_client.get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "polis", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "polis"},
        {},
        ["polis", PASSWORD],
        {"username": "po\x00lis", "password": PASSWORD},
    ],
    ids=["wrong password", "unknown user", "no password", "empty", "a list", "NUL byte"],
)
def test_bad_credentials_are_refused_with_400(
    api_client: APIClient, world: World, body: object
) -> None:
    response = api_client.post("/api/v1/auth/token/", body, format="json")

    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert not ApiToken.objects.exists()


def test_an_inactive_user_gets_no_token(api_client: APIClient, world: World) -> None:
    world.police.is_active = False
    world.police.save()

    response = api_client.post("/api/v1/auth/token/", {"username": "polis", "password": PASSWORD})

    assert response.status_code == 400


def test_a_request_without_credentials_is_401_with_a_token_challenge(
    api_client: APIClient, world: World
) -> None:
    response = api_client.get("/api/v1/activities/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header", ["Token nosuchkey", "Token ", "Token two words", "Bearer abc", "Token \u00e5"]
)
def test_a_bad_token_is_401(api_client: APIClient, world: World, header: str) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=header)

    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401


@pytest.mark.parametrize(("persona", "expected"), the_same_for_everyone_signed_in(200))
def test_a_token_authenticates_every_persona(
    token_client: Callable[[str | None], APIClient], persona: str | None, expected: int
) -> None:
    response = token_client(persona).get("/api/v1/me/")

    assert response.status_code == expected


def test_a_signed_in_browser_session_reads_the_api(world: World) -> None:
    client = APIClient()
    client.force_login(world.police)

    response = client.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["organisation"] == world.police_org.pk
    assert response.json()["roles"] == [{"network": world.net.pk, "role": "member"}]


def test_a_session_write_without_the_csrf_token_is_403_and_changes_nothing(world: World) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.police)

    response = client.post(
        "/api/v1/activities/", {"title": "Utan CSRF", "starts_on": "2026-05-01"}, format="json"
    )

    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_a_session_write_with_the_csrf_token_is_accepted(world: World) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.police)
    secret = get_random_string(32)  # what the CSRF cookie holds, and the page echoes back
    client.cookies["csrftoken"] = secret

    response = client.post(
        "/api/v1/activities/",
        {"title": "Med CSRF", "starts_on": "2026-05-01"},
        format="json",
        HTTP_X_CSRFTOKEN=secret,
    )

    assert response.status_code == 201
