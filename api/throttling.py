"""How often the API may be called: per person, per token, and per address for the anonymous.

The rates are settings (``API_RATE_USER``, ``API_RATE_TOKEN``, ``API_RATE_ANON``) and the counts
live in Django's cache: with Redis (``REDIS_URL``) every app process counts against the same
limit. A request over a limit is answered 429 with ``Retry-After``. A person's limit counts every
request of theirs, whatever the credentials (session or any of their tokens), so that making more
tokens does not raise it; a token's own limit, lower, keeps one runaway program from using up its
person's whole allowance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from api.authentication import api_token

if TYPE_CHECKING:  # DRF reads this module while it defines its views
    from rest_framework.views import APIView


class SettingsRate:
    """The rate read from the settings when a request is counted, not when DRF was loaded, so
    that a changed setting counts at once."""

    scope: str

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No default throttle rate set for {self.scope!r} scope")
        rate = rates[self.scope]
        return None if rate is None else str(rate)


class PersonRateThrottle(SettingsRate, SimpleRateThrottle):
    """Every request of a signed-in person, keyed by the person's id."""

    scope = "user"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class TokenRateThrottle(SettingsRate, SimpleRateThrottle):
    """Every request made with one API token, keyed by the token's id."""

    scope = "token"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = api_token(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class AnonymousRateThrottle(SettingsRate, AnonRateThrottle):
    """Every request without credentials, keyed by the client's address."""

    scope = "anon"
