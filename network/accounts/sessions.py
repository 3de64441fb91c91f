"""Signed-in sessions: a record of each beside Django's session row, and ending them.

A :class:`SignIn` is written when a person signs in (``user_logged_in``) and removed when they
sign out (``user_logged_out``). The session itself remembers which record is its own
(:data:`SIGN_IN_SESSION_KEY`): a session that still names a record which is gone was ended from
elsewhere (another device, the admin) and is signed out at its next request, even where the
session store could not forget it; a session that names none was made before the records
existed and is given one (see :mod:`network.accounts.session_middleware`).

Ending a session deletes it from the session store, so that the browser that holds its cookie
and any WebSocket opened with it (``api.auth.signed_in_many``) lose it at once.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import timedelta
from importlib import import_module
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from network.accounts.models import SignIn
from network.audit.chain import audit_record
from network.core.models import User

# Where a session keeps the id of its own record.
SIGN_IN_SESSION_KEY = "_samverkan_sign_in"
OIDC_BACKEND = "network.accounts.oidc.CityOIDCBackend"
USER_AGENT_LENGTH = SignIn._meta.get_field("user_agent").max_length or 300


DEFAULT_IDLE_MINUTES = 60
DEFAULT_MAX_HOURS = 12


def idle_timeout() -> timedelta:
    return timedelta(minutes=getattr(settings, "SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))


def max_lifetime() -> timedelta:
    return timedelta(hours=getattr(settings, "SESSION_MAX_HOURS", DEFAULT_MAX_HOURS))


def live_q() -> Q:
    """Records of sessions that have not yet reached either limit."""
    now = timezone.now()
    return Q(last_seen_at__gt=now - idle_timeout(), created_at__gt=now - max_lifetime())


def delete_ended_sign_ins() -> int:
    """Remove the records of sessions that ended by their limits without a request to sign them
    out (a browser closed and never used again); how many. For a periodic job."""
    deleted, _per_model = SignIn.objects.exclude(live_q()).delete()
    return deleted


def has_ended(sign_in: SignIn) -> bool:
    """Whether the session has been idle too long or has lived its whole life."""
    now = timezone.now()
    return (
        now - sign_in.last_seen_at >= idle_timeout() or now - sign_in.created_at >= max_lifetime()
    )


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the sign-in lockout counts it: ``REMOTE_ADDR``, or behind our
    own proxy (``BEHIND_PROXY``) the address the proxy appended; never one the client claims."""
    address = get_client_ip_address(request)
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def sign_in_method(session: Any) -> str:
    if session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND:
        return SignIn.Method.OIDC
    return SignIn.Method.PASSWORD


def sign_in_record(request: HttpRequest, user: User) -> SignIn | None:
    """Record the request's session as one of the person's; None without a stored session.

    A record that the session named before (the same person signing in again in the same
    browser: the session's key was replaced) is removed, since its key no longer exists.
    """
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if session is None or not key:
        return None
    now = timezone.now()
    previous = session.get(SIGN_IN_SESSION_KEY)
    with transaction.atomic():
        if previous is not None:
            SignIn.objects.filter(pk=previous, user_id=user.pk).exclude(session_key=key).delete()
        sign_in, _created = SignIn.objects.update_or_create(
            session_key=key,
            defaults={
                "user": user,
                "method": sign_in_method(session),
                "created_at": now,
                "last_seen_at": now,
                "ip_address": client_address(request),
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
            },
        )
    session[SIGN_IN_SESSION_KEY] = sign_in.pk
    return sign_in


def _session_store() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


def end_session(
    sign_in: SignIn, *, actor: User | None = None, remote_addr: str | None = None
) -> None:
    """Sign the session out wherever it is used: its stored session and its record go.

    With an ``actor`` (the person themself on their security page, or a superuser in the admin)
    the ending is written to the audit log.
    """
    _session_store()(sign_in.session_key).delete()
    pk = sign_in.pk
    sign_in.delete()
    if actor is not None:
        audit_record(
            actor=actor,
            action="session.ended",
            remote_addr=remote_addr,
            detail={"sign_in": pk, "person": sign_in.user_id, "method": sign_in.method},
        )


def end_all_sessions(
    user: User, keep: SignIn | None = None, *, remote_addr: str | None = None
) -> int:
    """Sign the person out of every session but ``keep``; how many were ended. Audit-logged."""
    sign_ins = SignIn.objects.filter(user_id=user.pk)
    if keep is not None:
        sign_ins = sign_ins.exclude(pk=keep.pk)
    ended = 0
    for sign_in in sign_ins:
        end_session(sign_in)
        ended += 1
    audit_record(
        actor=user,
        action="session.ended_everywhere",
        remote_addr=remote_addr,
        detail={"ended": ended, "kept_this_one": keep is not None},
    )
    return ended


def _signed_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None:
        sign_in_record(request, user)


def _signed_out(
    sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if key:
        SignIn.objects.filter(session_key=key).delete()


def connect_signals() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="network.accounts.sessions.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="network.accounts.sessions.signed_out")


# What a browser says it is, told as "Firefox on Android". Order matters: Edge and Opera also
# call themselves Chrome and Safari; Chrome calls itself Safari; Android calls itself Linux, and
# an iPhone says "like Mac OS X".
_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\b(OPR|OPiOS|Opera)\b")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(Chrome|CriOS|Chromium)/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
    ("Internet Explorer", re.compile(r"\b(MSIE |Trident/)")),
)
_SYSTEMS = (
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\b(iPhone|iPad|iPod)\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\b(Macintosh|Mac OS X)\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


def _first(patterns: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str | None:
    return next((name for name, pattern in patterns if pattern.search(text)), None)


def browser_summary(user_agent: str) -> str:
    """A browser's ``User-Agent`` in a few words a person recognises: "Firefox on Android"."""
    browser = _first(_BROWSERS, user_agent or "")
    system = _first(_SYSTEMS, user_agent or "")
    if browser and system:
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser:
        return browser
    if system:
        return gettext("Unknown browser on %(system)s") % {"system": system}
    return gettext("Unknown browser")
