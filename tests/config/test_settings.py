"""Settings come from the environment; a bad value stops start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envdatabase, envemail, envlist, envredis, envstr

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("0", False), ("off", False)]
)
def test_booleans_read_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert envbool("DEBUG", default=not expected) is expected


def test_an_unset_boolean_takes_its_default(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert envbool("DEBUG", default=False) is False


@pytest.mark.parametrize(
    ("name", "value", "reader"),
    [
        ("DEBUG", "maybe", lambda: envbool("DEBUG", default=False)),
        (
            "DATABASE_URL",
            "nosuchdb://x/y",
            lambda: envdatabase("DATABASE_URL", default="sqlite:///x"),
        ),
        (
            "DATABASE_URL",
            "postgres://127.0.0.1:5432/",
            lambda: envdatabase("DATABASE_URL", default=""),
        ),
        ("REDIS_URL", "http://127.0.0.1:6379", lambda: envredis("REDIS_URL")),
        ("EMAIL_URL", "pigeon://loft", lambda: envemail("EMAIL_URL", default="console://")),
        ("EMAIL_URL", "smtp://:25", lambda: envemail("EMAIL_URL", default="console://")),
        (
            "EMAIL_URL",
            "smtp://mail.example.org:notaport",
            lambda: envemail("EMAIL_URL", default="console://"),
        ),
        ("ALLOWED_HOSTS", " , ", lambda: envlist("ALLOWED_HOSTS", default=["localhost"])),
    ],
)
def test_a_bad_value_is_refused_with_the_variable_named(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_database_url_reads_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://user:pw@db.example.org:5433/samverkan")
    config = envdatabase("DATABASE_URL", default="sqlite:///x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 5433, "samverkan")


def test_email_url_reads_smtp_with_tls(monkeypatch):
    monkeypatch.setenv(
        "EMAIL_URL",
        "smtp+tls://robot%40example.org:s3cret@mail.example.org:587?from=noreply@example.org",
    )
    settings = envemail("EMAIL_URL", default="console://")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST_USER"] == "robot@example.org"
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["DEFAULT_FROM_EMAIL"] == "noreply@example.org"


def test_email_url_defaults_to_the_console(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    assert envemail("EMAIL_URL", default="console://")["EMAIL_BACKEND"].endswith(
        "console.EmailBackend"
    )


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert envstr("SECRET_KEY") == "from-a-file"


SHOW_KEY = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


def _start(env: dict[str, str], code: str = SHOW_KEY) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and settings
        [
            sys.executable,
            "-c",
            code,
        ],
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_serving_without_a_secret_key_is_refused_when_debug_is_off():
    result = _start({"DEBUG": "0"}, code="import config.asgi")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_start_up_stops_on_a_bad_value_naming_the_variable():
    result = _start({"DEBUG": "1", "REDIS_URL": "nonsense"})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_a_local_run_generates_the_secret_key_once_and_keeps_it():
    key_file = ROOT / "var" / "secret_key"
    first = _start({"DEBUG": "1"})
    second = _start({"DEBUG": "1"})
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout.strip() == key_file.read_text().strip()
    assert len(first.stdout.strip()) >= 50


def test_serving_with_a_secret_key_starts_when_debug_is_off():
    key = "a-real-key-" + "k7" * 30  # long and varied enough (tests/config/test_deploy.py)
    result = _start({"DEBUG": "0", "SECRET_KEY": key}, code="import config.asgi")
    assert result.returncode == 0, result.stderr


def test_management_commands_run_without_a_secret_key_in_the_environment():
    result = _start({"DEBUG": "0"}, code=SHOW_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (ROOT / "var" / "secret_key").read_text().strip()
