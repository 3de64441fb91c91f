"""The token endpoint locks out, per username and per address, like the sign-in pages.

A locked-out sign-in answers 429 with ``{"detail": ...}`` and ``Retry-After``; even the right
password then gives no token, until the cool-off has passed or the coordinator lifts the lock.
"""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from axes.models import AccessAttempt
from axes.utils import reset
from django.core.management import call_command
from django.test import AsyncClient
from django.utils import timezone
from rest_framework.test import APIClient

from api.views.auth import TokenThrottle
from network.accounts.models import ApiToken
from network.accounts.tokens import digest_of
from tests.conftest import World

URL = "/api/v1/auth/token/"
PASSWORD = "pw-for-tests"
LIMIT = 5
TRIES = 40
SWEDISH = (
    "Inloggningen är spärrad efter för många misslyckade försök. Försök igen om 15 minuter "
    "eller be den centrala samordnaren att häva spärren."
)


@pytest.fixture(autouse=True)
def _lockout_settings(settings) -> None:  # noqa: ANN001 - pytest-django's fixture
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The throttle stays out of the way, so that each answer is the lockout's own."""
    monkeypatch.setattr(TokenThrottle, "rate", "10000/min")


def _token(client: APIClient, username: str, password: str, **extra: str):  # noqa: ANN202
    return client.post(URL, {"username": username, "password": password}, format="json", **extra)


def test_forty_wrong_passwords_lock_the_token_endpoint_and_the_right_one_gives_no_token(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    answers = [_token(api_client, "polis", "wrong") for _ in range(TRIES)]

    response = _token(api_client, "polis", PASSWORD)

    assert [a.status_code for a in answers] == [400] * (LIMIT - 1) + [429] * (TRIES - LIMIT + 1)
    assert all(a.json() == {"detail": SWEDISH} for a in answers[LIMIT - 1 :])
    assert response.status_code == 429
    assert response.json() == {"detail": SWEDISH}
    assert not ApiToken.objects.exists()


def test_the_lockout_answer_is_json_with_retry_after(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    for _ in range(LIMIT):
        _token(api_client, "polis", "wrong")

    response = _token(api_client, "polis", PASSWORD)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "900"
    assert response.json() == {"detail": SWEDISH}  # the API speaks the site's language
    assert "no-store" in response["Cache-Control"]


def test_rotating_x_forwarded_for_escapes_neither_the_throttle_nor_the_lockout(
    api_client: APIClient, world: World
) -> None:
    answers = [
        _token(api_client, "polis", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.{number}.1")
        for number in range(2 * TRIES)
    ]

    response = _token(api_client, "polis", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")

    assert [a.status_code for a in answers[LIMIT - 1 :]] == [429] * (2 * TRIES - LIMIT + 1)
    assert response.status_code == 429
    assert not ApiToken.objects.exists()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_an_address_is_locked_after_failures_on_many_accounts(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    for number in range(TRIES):
        _token(api_client, f"person{number}", "Sommar2026!")

    response = _token(api_client, "polis", PASSWORD)

    assert response.status_code == 429
    assert response.json() == {"detail": SWEDISH}
    assert not ApiToken.objects.exists()


def test_an_account_is_locked_whatever_address_the_failures_came_from(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    for number in range(LIMIT):
        _token(api_client, "polis", "wrong", REMOTE_ADDR=f"198.51.100.{number}")

    response = _token(api_client, "polis", PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429


def test_failures_on_the_pages_lock_the_token_endpoint_too(
    api_client: APIClient, world: World
) -> None:
    for _ in range(LIMIT):
        api_client.post("/login/", {"username": "polis", "password": "wrong"}, format="multipart")

    assert _token(api_client, "polis", PASSWORD).status_code == 429


def test_the_coordinator_lifts_the_lock_and_the_right_password_gives_a_token(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    for _ in range(TRIES):
        _token(api_client, "polis", "wrong")
    assert _token(api_client, "polis", PASSWORD).status_code == 429

    assert reset(username="polis") > 0
    response = _token(api_client, "polis", PASSWORD)

    assert response.status_code == 200
    assert ApiToken.objects.get(user=world.police).digest == digest_of(response.json()["token"])


def test_the_management_command_lifts_the_lock_of_an_address(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    for number in range(TRIES):
        _token(api_client, f"person{number}", "wrong")
    assert _token(api_client, "polis", PASSWORD).status_code == 429

    call_command("axes_reset_ip", "127.0.0.1")

    assert _token(api_client, "polis", PASSWORD).status_code == 200


def test_the_lock_lifts_when_the_cool_off_has_passed(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    for _ in range(LIMIT):
        _token(api_client, "polis", "wrong")
    assert _token(api_client, "polis", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert _token(api_client, "polis", PASSWORD).status_code == 200


def test_a_correct_token_request_is_never_counted(
    api_client: APIClient, world: World, unthrottled: None
) -> None:
    for _ in range(TRIES):
        assert _token(api_client, "polis", PASSWORD).status_code == 200

    assert not AccessAttempt.objects.exists()
    answers = [_token(api_client, "polis", "wrong").status_code for _ in range(LIMIT)]
    assert answers == [400] * (LIMIT - 1) + [429]


def test_the_lockout_answer_is_the_same_when_served_asynchronously(world: World) -> None:
    """Under daphne axes' middleware builds the answer itself; it must be the view's."""
    post = async_to_sync(AsyncClient().post)
    credentials = {"username": "polis", "password": "wrong"}
    for _ in range(LIMIT):
        post(URL, credentials, content_type="application/json")

    response = post(URL, credentials | {"password": PASSWORD}, content_type="application/json")

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response.json() == {"detail": SWEDISH}
    assert not ApiToken.objects.exists()


def test_the_schema_documents_the_lockout_with_retry_after(api_client: APIClient) -> None:
    document = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    answer = document["paths"][URL]["post"]["responses"]["429"]

    assert "locked out" in answer["description"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert answer["headers"]["Retry-After"]["schema"] == {"type": "integer"}
