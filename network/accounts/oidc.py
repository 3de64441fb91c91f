"""Signing in through the city's identity provider (OpenID Connect), for accounts that exist.

The provider vouches for who the person is; this app decides what the person may do. A sign-in
is therefore matched to one existing, active account, by e-mail address or, when
``OIDC_USERNAME_CLAIM`` names a claim, by username, and is refused otherwise: an account is
never created here (the central coordinator sets its organisation and roles), and no claim ever
changes an account or its roles.

mozilla-django-oidc does the protocol (state, nonce, PKCE, the token and userinfo requests). This
backend tightens what it leaves open: the ID token's audience, issuer and expiry are checked, the
userinfo must be about the same subject as the ID token, and any failure, of the provider or of a
forged answer, refuses the sign-in (``None``) instead of raising, so that the person lands back on
the sign-in page with a message.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from network.models import User

LOGGER = logging.getLogger(__name__)

BACKEND_PATH = "network.accounts.oidc.CityOIDCBackend"

# Whatever goes wrong between the provider's answer and a matched account: a provider that is
# down or answers nonsense, a token that is forged, expired or meant for another client.
_REFUSALS = (
    SuspiciousOperation,
    requests.RequestException,
    jwt.InvalidTokenError,
    jwt.PyJWKError,
    ValueError,
    KeyError,
    TypeError,
)


def fold_email(address: str) -> str:
    """The form in which two addresses are the same: NFKC-normalised and case-folded.

    The same comparison as Django's password reset: letters that only look alike (a Cyrillic
    "а" beside a Latin "a") stay different.
    """
    return unicodedata.normalize("NFKC", address).strip().casefold()


class CityOIDCBackend(OIDCAuthenticationBackend):
    """Signs in an existing, active account that the city's identity provider vouches for."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce; a password sign-in, whose URL anyone can give a
        # ``code`` and ``state``, is never taken for a provider's answer.
        if request is None or "nonce" not in kwargs or {"username", "password"} & kwargs.keys():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except _REFUSALS as exc:
            LOGGER.warning("Sign-in through the identity provider refused: %s", exc)
            return None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The token's claims, once its signature, audience, expiry and issuer hold.

        The library skips the audience: a token the provider issued to another application
        would otherwise sign in here.
        """
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The token is not signed with OIDC_RP_SIGN_ALGO.")
        issuer = self.get_settings("OIDC_OP_ISSUER", "") or None
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=issuer,
                leeway=self.get_settings("OIDC_CLOCK_LEEWAY", 60),
                options={"require": ["exp", "iat", "sub", "aud"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"The token does not hold: {exc}") from exc

    def store_tokens(self, access_token: str, id_token: str) -> None:
        """Nothing yet: tokens are kept only once an account is matched (``get_or_create_user``)."""

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        """The one account the claims point at, or ``None``; never a new account."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: the userinfo may be about someone else; do not use it.
            raise SuspiciousOperation("The userinfo is not about the ID token's subject.")
        if not self.verify_claims(claims):
            LOGGER.warning("Sign-in through the identity provider refused: %s missing", self.claim)
            return None
        users = self.filter_users_by_claims(claims)
        if len(users) != 1:
            LOGGER.warning(
                "Sign-in through the identity provider refused: %d active accounts match its %s",
                len(users),
                self.claim,
            )
            return None
        super().store_tokens(access_token, id_token)
        return users[0]

    @property
    def claim(self) -> str:
        """The claim that names the account: ``OIDC_USERNAME_CLAIM``, or else ``email``."""
        return str(self.get_settings("OIDC_USERNAME_CLAIM", "") or "email")

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        value = claims.get(self.claim)
        if not isinstance(value, str) or not value.strip():
            return False
        # An address the provider says it has not verified vouches for nobody.
        return self.claim != "email" or claims.get("email_verified") is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[User]:
        """The active accounts the claim names: at most two are fetched, as two already refuse."""
        value = str(claims[self.claim])
        active = get_user_model()._default_manager.filter(is_active=True)
        if self.claim != "email":
            return list(active.filter(username=User.normalize_username(value))[:2])
        wanted = fold_email(value)
        candidates = active.filter(email__iexact=unicodedata.normalize("NFKC", value).strip())
        return [user for user in candidates if fold_email(user.email) == wanted][:2]

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"the claim {self.claim}"

    def create_user(self, claims: dict[str, Any]) -> User:
        raise SuspiciousOperation("Accounts are made by the central coordinator, not by sign-in.")

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """Unchanged: organisation and roles are set in the app, never from the provider."""
        return user

    def get_user(self, user_id: int) -> User | None:
        """The session's person, as long as the account stays active (the library forgets to ask)."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    # Permissions come from ModelBackend and guardian: this backend only signs people in.
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()


def signed_in_through_provider(request: HttpRequest) -> bool:
    """Whether this session began with the identity provider."""
    return request.session.get(BACKEND_SESSION_KEY) == BACKEND_PATH


def provider_logout_url(request: HttpRequest) -> str:
    """The provider's end-session address, which signs the person out there as well and sends
    them back to our sign-in page (``OIDC_OP_LOGOUT_URL_METHOD``; OpenID Connect RP-initiated
    logout). Called before the session ends, while it still holds the ID token."""
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    params = {"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": back}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"
