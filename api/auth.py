"""WebSocket handshakes: who is asking, and from where.

A handshake is authenticated by the session cookie, or by ``Authorization: Token <key>`` (an
active API token, :mod:`network.accounts.tokens`). A browser always sends ``Origin``, and one
from a host that is not allowed is refused, so that another site cannot ride on the browser's
session. A program (a script, a service) sends no ``Origin``: it is let in when it brings its
own token, which no other site can send for it.

A session of a person who must sign in with a second factor
(:func:`network.access.requires_second_factor`) signs in only once the factor was verified in
it (django-otp's device key in the session); otherwise the socket is closed as not signed in.
"""

from collections.abc import Sequence
from importlib import import_module
from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp import DEVICE_ID_SESSION_KEY

from network.access import asked_for_second_factor
from network.accounts.models import ApiToken
from network.accounts.tokens import active_tokens, digest_of, token_for_key, well_formed
from network.accounts.two_factor import live_devices

# The handshake's token, as the scope carries it for the consumer (None: a session, or none).
TOKEN_SCOPE_KEY = "api_token"  # noqa: S105 - a name in the scope, not a secret


def _header(scope: dict, name: bytes) -> bytes | None:
    value = None
    for header, content in scope.get("headers", []):
        if header == name:
            value = content
    return value


def token_key(scope: dict) -> str | None:
    """The key of ``Authorization: Token <key>`` on the handshake, if it carries one."""
    authorization = (_header(scope, b"authorization") or b"").decode("latin-1")
    keyword, _, key = authorization.partition(" ")
    key = key.strip()
    if keyword.lower() != "token" or not key:
        return None
    return key


def _well_formed(key: str) -> bool:
    """Whether the text can be a key: anything else is no key, and costs no query."""
    return well_formed(key)


@database_sync_to_async
def _token_and_user(key: str) -> tuple[ApiToken | None, Any]:
    token = token_for_key(key)
    if token is None:
        return None, AnonymousUser()
    return token, token.user


class TokenAuthMiddleware(BaseMiddleware):
    """Puts the token's user in the scope when the handshake carries one; else leaves the session's.

    A key that is wrong (unknown, revoked, expired, or its person deactivated) makes the caller
    anonymous, even with a session: one caller, one identity. The token itself is in the scope
    under :data:`TOKEN_SCOPE_KEY`, so that the consumer knows its scope.
    """

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        key = token_key(scope)
        if key is not None:
            token, user = (
                await _token_and_user(key) if _well_formed(key) else (None, AnonymousUser())
            )
            scope = {**scope, "user": user, TOKEN_SCOPE_KEY: token}
        return await super().__call__(scope, receive, send)


def reads_reports_only(scope: dict) -> bool:
    """Whether the handshake's token is a report-only one, which opens no socket."""
    token = scope.get(TOKEN_SCOPE_KEY)
    return token is not None and token.scope == ApiToken.Scope.REPORTS


def lacks_second_factor(scope: dict, user: Any) -> bool:
    """Whether the handshake's session belongs to a person who must have verified a second
    factor in it and has not. A token was issued only after the factor, so it is not asked."""
    if token_key(scope) is not None:
        return False
    session = scope.get("session")
    device = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if isinstance(device, str) and (device, user.pk) in live_devices([device]):
        return False
    return user.pk in asked_for_second_factor([user])


def TokenAuthMiddlewareStack(inner: Any) -> Any:  # noqa: N802 - named like Channels' own stacks
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))


def still_signed_in(scope: dict, user_id: int) -> bool:
    """Whether the credentials the handshake brought still name this active person.

    A socket outlives the request that opened it: signing out (the session is deleted), a
    revoked, expired or deleted token, a password change (the session's hash no longer matches),
    a deactivated account, or a session without the second factor that the person now needs
    must end it. See :func:`signed_in_many`, which this asks for one.
    """
    return signed_in_many([(scope, user_id)])[0]


def signed_in_many(sockets: Sequence[tuple[dict, int]]) -> list[bool]:
    """:func:`still_signed_in` for many sockets at once, each a ``(scope, user_id)`` pair.

    The token is asked when the handshake carried one, as :class:`TokenAuthMiddleware` did: it
    must still be active (not revoked, not expired, its person active) and open more than the
    reports; the session otherwise. Unlike Django's ``get_user``, this never writes to a session:
    it only reads. A fixed number of queries whatever the number of sockets (with the database
    session engine; another engine reads each session from its own store): the tokens, the
    sessions, the people who signed in with them, and, when the second factor is required,
    which of them oversee a network.
    """
    answers = [False] * len(sockets)
    tokens: dict[int, tuple[str, int]] = {}
    session_keys: dict[int, tuple[str, int]] = {}
    for index, (scope, user_id) in enumerate(sockets):
        key = token_key(scope)
        if key is not None:
            if _well_formed(key):
                tokens[index] = (key, user_id)
            continue
        session_key = getattr(scope.get("session"), "session_key", None)
        if session_key:
            session_keys[index] = (session_key, user_id)
    if tokens:
        digests = {index: digest_of(key) for index, (key, _user) in tokens.items()}
        valid = set(
            active_tokens()
            .filter(digest__in=set(digests.values()))
            .exclude(scope=ApiToken.Scope.REPORTS)
            .values_list("digest", "user_id")
        )
        for index, (_key, user_id) in tokens.items():
            answers[index] = (digests[index], user_id) in valid
    if session_keys:
        for index, ok in _sessions_signed_in(session_keys).items():
            answers[index] = ok
    return answers


def _sessions_signed_in(sockets: dict[int, tuple[str, int]]) -> dict[int, bool]:
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {key for key, _user in sockets.values()}
    if issubclass(store_class, DatabaseSessionStore):
        # One query for all: the rows the store itself would read, decoded as it does.
        store = store_class()
        rows = store_class.get_model_class()._default_manager.filter(
            session_key__in=keys, expire_date__gt=timezone.now()
        )
        sessions = {
            key: store.decode(data) for key, data in rows.values_list("session_key", "session_data")
        }
    else:
        sessions = {key: dict(store_class(key).items()) for key in keys}
    claimed = {
        index: (sessions.get(key) or {}, user_id) for index, (key, user_id) in sockets.items()
    }
    people = {
        user.pk: user
        for user in get_user_model()._default_manager.filter(
            pk__in={user_id for _data, user_id in claimed.values()}
        )
    }
    named = {
        index: _session_names(data, user_id, people) for index, (data, user_id) in claimed.items()
    }
    devices = {
        index: data[DEVICE_ID_SESSION_KEY]
        for index, (data, _user_id) in claimed.items()
        if named[index] and isinstance(data.get(DEVICE_ID_SESSION_KEY), str)
    }
    live = live_devices(set(devices.values())) if devices else set()
    unverified = {
        index: user_id
        for index, (_data, user_id) in claimed.items()
        if named[index] and (devices.get(index), user_id) not in live
    }
    if unverified:
        needing = asked_for_second_factor(
            {people[user_id] for user_id in unverified.values() if user_id in people}
        )
        for index, user_id in unverified.items():
            if user_id in needing:
                named[index] = False
    return named


def _session_names(data: dict, user_id: int, people: dict[int, Any]) -> bool:
    """Whether a session's data still signs in the person, as Django's ``get_user`` checks it."""
    backend_path = data.get(BACKEND_SESSION_KEY)
    if (
        str(data.get(SESSION_KEY)) != str(user_id)
        or backend_path not in settings.AUTHENTICATION_BACKENDS
    ):
        return False
    backend = load_backend(backend_path)
    if isinstance(backend, ModelBackend):
        user = people.get(user_id)
        if user is None or not backend.user_can_authenticate(user):
            return False
    else:
        user = backend.get_user(user_id)  # None when inactive or gone
        if user is None:
            return False
    session_hash = data.get(HASH_SESSION_KEY)
    if not session_hash:
        return False
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    return any(constant_time_compare(session_hash, known) for known in hashes)


def allowed_hosts() -> list[str]:
    """The hosts a browser's handshake may come from, as Channels' AllowedHostsOriginValidator."""
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = ["localhost", "127.0.0.1", "[::1]"]
    return hosts


class OriginOrTokenValidator(OriginValidator):
    """Refuses a handshake whose ``Origin`` is not an allowed host, and one without ``Origin``
    unless it carries ``Authorization: Token``. The allowed hosts are read at each handshake."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, allowed_origins=[])

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        if _header(scope, b"origin") is None and token_key(scope) is not None:
            return await self.application(scope, receive, send)
        return await super().__call__(scope, receive, send)

    def valid_origin(self, parsed_origin: Any) -> bool:
        hosts = allowed_hosts()
        if parsed_origin is None:
            return "*" in hosts
        return any(
            pattern == "*" or self.match_allowed_origin(parsed_origin, pattern) for pattern in hosts
        )
