"""Signing in is locked after repeated failures, per username and per address, on every path.

The pages (``/login/``, ``/en/login/``) and the admin's login answer the lockout with 429 and the
sign-in page carrying a message; the API token endpoint is in ``tests/api/test_token_lockout.py``.
Forwarded addresses count only behind the configured proxy.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from axes.models import AccessAttempt
from axes.utils import reset
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.http import HttpResponse
from django.test import AsyncClient, Client, override_settings
from django.utils import timezone

from config.env import envint
from network.models import User
from tests.conftest import World
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-for-tests"
LIMIT = 5
TRIES = 40
LOCKED = 429
SWEDISH = "Inloggningen är spärrad efter för många misslyckade försök"
ENGLISH = "Sign-in is locked after too many failed attempts"
BEHIND_PROXY = {
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
    "AXES_IPWARE_PROXY_COUNT": 0,
}


@pytest.fixture(autouse=True)
def _lockout_settings(settings) -> None:  # noqa: ANN001 - pytest-django's fixture
    """The defaults, whatever the environment of the test run says."""
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def _sign_in(client: Client, path: str, username: str, password: str, **extra: str) -> HttpResponse:
    return client.post(path, {"username": username, "password": password}, **extra)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _hammer(client: Client, path: str, username: str, **extra: str) -> list[int]:
    return [_sign_in(client, path, username, "wrong", **extra).status_code for _ in range(TRIES)]


def _expected_statuses() -> list[int]:
    return [200] * (LIMIT - 1) + [LOCKED] * (TRIES - LIMIT + 1)


@pytest.mark.parametrize("path", ["/login/", "/en/login/"])
def test_forty_wrong_passwords_lock_the_sign_in_page_and_the_right_one_no_longer_works(
    client: Client, world: World, path: str
) -> None:
    assert _hammer(client, path, "polis") == _expected_statuses()

    response = _sign_in(client, path, "polis", PASSWORD)

    assert response.status_code == LOCKED
    assert response["Retry-After"] == "900"
    assert not _signed_in(client)


def test_forty_wrong_passwords_lock_the_admin_login_and_the_right_one_no_longer_works(
    client: Client, admin_user: User
) -> None:
    assert _hammer(client, "/admin/login/", "admin") == _expected_statuses()

    response = _sign_in(client, "/admin/login/", "admin", PASSWORD)

    assert response.status_code == LOCKED
    assert not _signed_in(client)


def test_the_lockout_message_is_in_swedish_on_the_swedish_page(
    client: Client, world: World
) -> None:
    _hammer(client, "/login/", "polis")

    page = _sign_in(client, "/login/", "polis", PASSWORD).content.decode()

    assert 'lang="sv"' in page
    assert f'<div class="error-summary" role="alert" id="form-errors">\n      <p>{SWEDISH}' in page
    assert "om 15 minuter eller be den centrala samordnaren att häva spärren." in page
    assert 'name="password"' in page  # the sign-in page itself, not a bare lockout page
    assert 'value="polis"' in page


def test_the_lockout_message_is_in_english_on_the_english_page(
    client: Client, world: World
) -> None:
    _hammer(client, "/en/login/", "polis")

    page = _sign_in(client, "/en/login/", "polis", PASSWORD).content.decode()

    assert 'lang="en"' in page
    assert f'role="alert" id="form-errors">\n      <p>{ENGLISH}. Try again in 15 minutes' in page
    assert "ask the central coordinator to lift the lock." in page


@pytest.mark.parametrize(
    ("path", "message"), [("/admin/login/", SWEDISH), ("/en/admin/login/", ENGLISH)]
)
def test_the_admin_login_shows_the_lockout_message_on_its_own_page(
    client: Client, admin_user: User, path: str, message: str
) -> None:
    _hammer(client, path, "admin")

    response = _sign_in(client, path, "admin", PASSWORD)
    page = response.content.decode()

    assert response.status_code == LOCKED
    assert message in page
    assert 'id="login-form"' in page
    assert page.count(message) == 1


def test_a_wrong_password_below_the_limit_shows_the_usual_error(
    client: Client, world: World
) -> None:
    response = _sign_in(client, "/en/login/", "polis", "wrong")

    assert response.status_code == 200
    assert ENGLISH not in response.content.decode()
    assert "Please enter a correct username and password" in response.content.decode()


def test_the_coordinator_lifts_the_lock_and_the_right_password_works_again(
    client: Client, world: World
) -> None:
    _hammer(client, "/login/", "polis")
    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == LOCKED

    assert reset(username="polis") > 0

    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_management_command_lifts_the_lock(client: Client, world: World) -> None:
    _hammer(client, "/login/", "polis")
    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == LOCKED

    call_command("axes_reset_username", "polis")

    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == 302


def test_the_lock_lifts_by_itself_when_the_cool_off_has_passed(
    client: Client, world: World
) -> None:
    _hammer(client, "/login/", "polis")
    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == LOCKED

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == 302


def test_the_lock_holds_just_before_the_cool_off_has_passed(client: Client, world: World) -> None:
    _hammer(client, "/login/", "polis")

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))

    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == LOCKED


def test_an_account_is_locked_whatever_address_the_failures_came_from(
    client: Client, world: World
) -> None:
    for number in range(LIMIT):
        _sign_in(client, "/login/", "polis", "wrong", REMOTE_ADDR=f"198.51.100.{number}")

    response = _sign_in(client, "/login/", "polis", PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == LOCKED


def test_an_address_is_locked_after_failures_on_many_accounts(client: Client, world: World) -> None:
    """Password spraying: one password tried on many usernames from one address."""
    for number in range(TRIES):
        _sign_in(client, "/login/", f"person{number}", "Sommar2026!")

    response = _sign_in(client, "/login/", "polis", PASSWORD)

    assert response.status_code == LOCKED
    assert not _signed_in(client)


def test_the_address_lock_does_not_lock_people_elsewhere(client: Client, world: World) -> None:
    for number in range(TRIES):
        _sign_in(client, "/login/", f"person{number}", "wrong", REMOTE_ADDR="198.51.100.7")

    there = _sign_in(Client(), "/login/", "polis", PASSWORD, REMOTE_ADDR="198.51.100.7")
    elsewhere = _sign_in(Client(), "/login/", "polis", PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert there.status_code == LOCKED
    assert elsewhere.status_code == 302


def test_signing_in_to_ones_own_account_does_not_wipe_the_count_on_another(
    client: Client, world: World
) -> None:
    """A member who knows their own password cannot keep guessing the coordinator's."""
    for _ in range(LIMIT - 1):
        _sign_in(Client(), "/login/", "samordnare", "wrong")
    assert _sign_in(Client(), "/login/", "polis", PASSWORD).status_code == 302

    response = _sign_in(client, "/login/", "samordnare", "wrong")

    assert response.status_code == LOCKED


def test_signing_in_forgets_ones_own_failures_from_that_address(
    client: Client, world: World
) -> None:
    for _ in range(LIMIT - 1):
        _sign_in(client, "/login/", "polis", "wrong")
    assert _sign_in(client, "/login/", "polis", PASSWORD).status_code == 302

    later = Client()
    statuses = [_sign_in(later, "/login/", "polis", "wrong").status_code for _ in range(LIMIT)]

    assert statuses == [200] * (LIMIT - 1) + [LOCKED]  # counted from the sign-in on


def test_a_correct_sign_in_is_never_counted(client: Client, world: World) -> None:
    for _ in range(TRIES):
        assert _sign_in(Client(), "/login/", "polis", PASSWORD).status_code == 302

    assert not AccessAttempt.objects.exists()
    assert _hammer(client, "/login/", "polis")[:LIMIT] == [200] * (LIMIT - 1) + [LOCKED]


def test_rotating_x_forwarded_for_does_not_escape_the_lockout(client: Client, world: World) -> None:
    statuses = [
        _sign_in(
            client, "/login/", f"person{number}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.{number}.1"
        ).status_code
        for number in range(TRIES)
    ]

    response = _sign_in(client, "/login/", "polis", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")

    assert statuses == _expected_statuses()
    assert response.status_code == LOCKED
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@override_settings(**BEHIND_PROXY)
def test_behind_the_proxy_the_address_it_appended_counts_not_what_the_client_sent(
    client: Client, world: World
) -> None:
    for number in range(TRIES):
        _sign_in(
            client,
            "/login/",
            f"person{number}",
            "wrong",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7",
        )

    spoofing = _sign_in(
        client,
        "/login/",
        "polis",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    someone_else = _sign_in(
        Client(),
        "/login/",
        "polis",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )

    assert spoofing.status_code == LOCKED
    assert someone_else.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_the_lockout_is_answered_with_the_page_when_served_asynchronously(
    world: World,
) -> None:
    """Under daphne axes' middleware runs asynchronously and passes the view's answer on."""
    client = AsyncClient()
    post = async_to_sync(client.post)
    for _ in range(LIMIT):
        post("/login/", {"username": "polis", "password": "wrong"})

    response = post("/login/", {"username": "polis", "password": PASSWORD})
    page = response.content.decode()

    assert response.status_code == LOCKED
    assert response["Retry-After"] == "900"
    assert SWEDISH in page
    assert 'role="alert"' in page
    assert 'name="password"' in page


def test_the_admin_lockout_is_answered_with_its_page_when_served_asynchronously(
    admin_user: User,
) -> None:
    post = async_to_sync(AsyncClient().post)
    for _ in range(LIMIT):
        post("/en/admin/login/", {"username": "admin", "password": "wrong"})

    response = post("/en/admin/login/", {"username": "admin", "password": PASSWORD})

    assert response.status_code == LOCKED
    assert ENGLISH in response.content.decode()
    assert 'id="login-form"' in response.content.decode()


# The settings are read once, at start-up, from the environment: each run below is a fresh process.

SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
    "s.REST_FRAMEWORK['NUM_PROXIES'], s.AXES_IPWARE_PROXY_COUNT, "
    "','.join(s.AXES_IPWARE_META_PRECEDENCE_ORDER), s.SECURE_PROXY_SSL_HEADER is not None)"
)


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess:
    names = {"BEHIND_PROXY", "LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", SHOW],
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_the_proxy_only_the_connecting_address_counts() -> None:
    result = _settings_with({})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "900.0", "0", "None", "REMOTE_ADDR", "False"]


def test_behind_the_proxy_the_last_forwarded_address_counts() -> None:
    result = _settings_with({"BEHIND_PROXY": "1"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "5",
        "900.0",
        "1",
        "0",
        "HTTP_X_FORWARDED_FOR,REMOTE_ADDR",
        "True",
    ]


def test_the_limit_and_the_lockout_come_from_the_environment() -> None:
    result = _settings_with({"LOGIN_FAILURE_LIMIT": "3", "LOGIN_LOCKOUT_MINUTES": "60"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["3", "3600.0"]


@pytest.mark.parametrize("value", ["five", "", "2.5", "0", "-1"])
def test_a_bad_limit_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("LOGIN_FAILURE_LIMIT", value)

    with pytest.raises(ImproperlyConfigured, match="LOGIN_FAILURE_LIMIT"):
        envint("LOGIN_FAILURE_LIMIT", default=5, minimum=1)


def test_an_unset_number_takes_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOGIN_LOCKOUT_MINUTES", raising=False)

    assert envint("LOGIN_LOCKOUT_MINUTES", default=15, minimum=1) == 15
