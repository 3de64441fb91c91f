"""A production configuration passes ``check --deploy``, and a weak SECRET_KEY stops start-up.

Each case starts its own interpreter, since settings are read once, at import.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import form_action_sources, websocket_sources

ROOT = Path(__file__).resolve().parents[2]
# Variables of the surrounding environment that would change what is checked.
_CLEARED = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DEBUG",
    "ALLOWED_HOSTS",
    "BEHIND_PROXY",
    "SECURE_COOKIES",
    "HSTS_SECONDS",
    "HSTS_INCLUDE_SUBDOMAINS",
    "HSTS_PRELOAD",
    "OIDC_RP_CLIENT_ID",
    # Set by the browser tests for their own process; a deployment never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
SHOW_SETTING = (
    "import sys, django; django.setup(); from django.conf import settings; "
    "print(getattr(settings, sys.argv[1]))"
)


def production(**overrides: str) -> dict[str, str]:
    """The environment of a production server behind the TLS-terminating proxy, on SQLite."""
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "samverkan.example.se",
        "BEHIND_PROXY": "1",
    }
    return env | overrides


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and project
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")


def warnings_of(result: subprocess.CompletedProcess) -> set[str]:
    return set(re.findall(r"\((\w+\.[WE]\d+)\)", result.stdout + result.stderr))


def test_check_deploy_passes_behind_the_proxy():
    result = check_deploy(production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert warnings_of(result) == set()


def test_without_the_proxy_check_deploy_warns_of_plain_http_as_the_readme_says():
    result = check_deploy(production(BEHIND_PROXY="0"))
    assert result.returncode != 0
    # No HSTS, no redirect to HTTPS, cookies sent over plain HTTP.
    assert warnings_of(result) == {
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    }


def test_secure_cookies_can_be_asked_for_without_the_proxy():
    result = check_deploy(production(BEHIND_PROXY="0", SECURE_COOKIES="1"))
    assert warnings_of(result) == {"security.W004", "security.W008"}


def test_secure_cookies_off_behind_the_proxy_is_a_plain_http_site():
    """The compose trial on http://localhost: no redirect to HTTPS, no HSTS, plain cookies."""
    env = production(SECURE_COOKIES="0")
    assert warnings_of(check_deploy(env)) == {
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    }
    assert run(env, "-c", SHOW_SETTING, "SECURE_SSL_REDIRECT").stdout.strip() == "False"


def test_hsts_is_read_from_the_environment():
    env = production(HSTS_SECONDS="600", HSTS_INCLUDE_SUBDOMAINS="0", HSTS_PRELOAD="1")
    shown = {
        name: run(env, "-c", SHOW_SETTING, name).stdout.strip()
        for name in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    }
    assert shown == {
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "False",
        "SECURE_HSTS_PRELOAD": "True",
    }


def test_hsts_defaults_to_a_year_with_subdomains_and_without_preload():
    env = production()
    assert run(env, "-c", SHOW_SETTING, "SECURE_HSTS_SECONDS").stdout.strip() == "31536000"
    assert run(env, "-c", SHOW_SETTING, "SECURE_HSTS_INCLUDE_SUBDOMAINS").stdout.strip() == "True"
    assert run(env, "-c", SHOW_SETTING, "SECURE_HSTS_PRELOAD").stdout.strip() == "False"


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("a-real-key", id="short"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(50), id="django-insecure"),
        pytest.param("x" * 60, id="one-character-repeated"),
        pytest.param("abcd" * 15, id="four-characters-repeated"),
        pytest.param("changeme", id="placeholder"),
    ],
)
def test_a_weak_secret_key_stops_start_up_with_debug_off(key):
    result = run(production(SECRET_KEY=key), "-c", "import django; django.setup()")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY" in result.stderr


def test_five_different_characters_meet_the_rule():
    """Django's rule (security.W009) counts different characters: five is the floor. The check
    catches mistakes; it does not measure randomness."""
    result = run(production(SECRET_KEY="abcde" * 12), "-c", "import django; django.setup()")
    assert result.returncode == 0, result.stderr


def test_a_weak_secret_key_is_accepted_for_a_local_run_with_debug_on():
    result = run(production(DEBUG="1", SECRET_KEY="dev"), "-c", "import django; django.setup()")
    assert result.returncode == 0, result.stderr


def test_management_commands_still_run_on_the_local_key_with_debug_off():
    env = production()
    del env["SECRET_KEY"]
    result = run(env, "-c", SHOW_SETTING, "SECRET_KEY_IS_LOCAL")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_oidc_provider_is_a_form_action_when_configured():
    env = production(
        OIDC_OP_AUTHORIZATION_ENDPOINT="https://login.example.se/oauth2/authorize?x=1",
        OIDC_OP_LOGOUT_ENDPOINT="https://logout.example.se/end",
    )
    result = run(env, "-c", SHOW_SETTING, "CONTENT_SECURITY_POLICY")
    assert result.returncode == 0, result.stderr
    assert (
        "'form-action': [\"'self'\", 'https://login.example.se', 'https://logout.example.se']"
        in result.stdout
    )


def test_form_action_is_the_site_alone_without_a_provider():
    assert form_action_sources("", "") == ["'self'"]
    assert form_action_sources("https://idp.example.se/a", "https://idp.example.se/b") == [
        "'self'",
        "https://idp.example.se",
    ]


def test_websocket_sources_follow_the_allowed_hosts():
    hosts = ["samverkan.example.se", ".example.org", "*"]
    assert websocket_sources(hosts, secure_only=True) == [
        "wss://samverkan.example.se",
        "wss://*.example.org",
    ]
    assert websocket_sources(["localhost"], secure_only=False) == [
        "wss://localhost",
        "ws://localhost",
    ]
