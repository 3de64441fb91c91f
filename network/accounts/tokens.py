"""API tokens: made, found by key, revoked. Only the digest of a key is ever stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from network.accounts.models import ApiToken
from network.core.models import User

# 40 hexadecimal characters, as the keys clients already know: 160 random bits.
KEY_BYTES = 20
KEY_LENGTH = 2 * KEY_BYTES
PREFIX_LENGTH = 8
# The last use is written at most this often per token: a busy client does not write each call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def well_formed(key: str) -> bool:
    """Whether the text can be a key at all: anything else costs no query."""
    return len(key) == KEY_LENGTH and key.isascii() and all(c in "0123456789abcdef" for c in key)


def expiry_in(days: int | None = None) -> datetime:
    """When a token made now expires: after ``days``, by default ``API_TOKEN_DAYS``."""
    return timezone.now() + timedelta(days=days if days is not None else settings.API_TOKEN_DAYS)


def issue_token(
    user: User,
    name: str,
    expires_at: datetime,
    scope: str = ApiToken.Scope.FULL,
) -> tuple[ApiToken, str]:
    """A new token and its key; the key is not kept and cannot be shown again."""
    key = secrets.token_hex(KEY_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:PREFIX_LENGTH],
        digest=digest_of(key),
        scope=scope,
        expires_at=expires_at,
    )
    return token, key


def issue_tokens(
    users: Iterable[User],
    name: str,
    expires_at: datetime,
    scope: str = ApiToken.Scope.FULL,
) -> list[tuple[int, str]]:
    """A new token for each person, made in one statement: each person's id and key.

    For a person's own token use :func:`issue_token`; this is for making many at once (a
    benchmark that signs in a thousand programs)."""
    made = [(user.pk, secrets.token_hex(KEY_BYTES)) for user in users]
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name=name,
            prefix=key[:PREFIX_LENGTH],
            digest=digest_of(key),
            scope=scope,
            expires_at=expires_at,
        )
        for user_id, key in made
    )
    return made


def active_tokens() -> QuerySet[ApiToken]:
    """Tokens that are neither revoked nor expired, of active people."""
    return ApiToken.objects.filter(
        revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
    )


def token_for_key(key: str) -> ApiToken | None:
    """The active token with this key, its person loaded; None for any other text."""
    if not well_formed(key):
        return None
    token = active_tokens().select_related("user").filter(digest=digest_of(key)).first()
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token


def revoke_token(token: ApiToken) -> None:
    """Revoke the token from now on: a request or a socket that brings it is refused."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def revoke_tokens(tokens: QuerySet[ApiToken]) -> int:
    """Revoke those of the tokens not revoked yet; how many there were."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def revoke_all_tokens(user: User) -> int:
    """Revoke every token of the person still in force; how many there were."""
    return revoke_tokens(ApiToken.objects.filter(user=user))
