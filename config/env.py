"""Typed readers for settings that come from the environment.

Each reader fails loudly, naming the variable, rather than guessing what a bad value meant.
A secret may also be given as the path of a file in ``<NAME>_FILE`` (Docker and systemd secrets).
"""

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str | None = None) -> str | None:
    """The variable's value, or the content of the file named by ``<name>_FILE``."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as secret_file:
                return secret_file.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path!r}: {exc}") from exc
    return default


def envbool(name: str, default: bool) -> bool:
    value = envstr(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in _TRUE:
        return True
    if normalised in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (or true/false), not {value!r}")


def envint(name: str, default: int, minimum: int | None = None) -> int:
    value = envstr(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def envlist(name: str, default: list[str]) -> list[str]:
    value = envstr(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must list at least one comma-separated value")
    return items


def envdatabase(name: str, default: str) -> dict[str, Any]:
    url = envstr(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL we support: {exc}") from exc
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: {url!r}")
    return dict(config)


def envredis(name: str) -> str | None:
    url = envstr(name)
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"} or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(f"{name} must be a redis://host:port/db URL, not {url!r}")
    return url


_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def envemail(name: str, default: str) -> dict[str, object]:
    """Django's EMAIL_* settings from a URL such as ``smtp+tls://user:pw@host:587``."""
    url = envstr(name) or default
    parts = urlsplit(url)
    backend = _EMAIL_BACKENDS.get(parts.scheme)
    if backend is None:
        schemes = ", ".join(sorted(_EMAIL_BACKENDS))
        raise ImproperlyConfigured(f"{name} must use one of the schemes {schemes}, not {url!r}")
    settings: dict[str, object] = {"EMAIL_BACKEND": backend}
    if parts.scheme == "file":
        settings["EMAIL_FILE_PATH"] = unquote(parts.path)
    if parts.scheme.startswith("smtp"):
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name} names no mail host: {url!r}")
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} has a bad port: {url!r}") from exc
        settings.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port
            or (465 if parts.scheme == "smtps" else 587 if "tls" in parts.scheme else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=parts.scheme == "smtp+tls",
            EMAIL_USE_SSL=parts.scheme == "smtps",
        )
    sender = parse_qs(parts.query).get("from")
    if sender:
        settings["DEFAULT_FROM_EMAIL"] = sender[0]
    return settings
