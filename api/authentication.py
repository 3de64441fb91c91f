"""``Authorization: Token <key>``: the API token of a person, found by the digest of its key.

Only the digest of a key is stored (:mod:`network.accounts.tokens`); a key that is unknown,
revoked or expired, or whose person is deactivated, is refused with 401 and a message that says
so, never answered as anonymous. ``request.auth`` is the :class:`ApiToken`, so that the throttle
and the views know which token made the request.

A report-only token (scope ``reports``) opens only what a report reader reads: ``GET`` of the
reports and of ``me/`` (and of the public OpenAPI document). Anywhere else it is refused with 403 here, once for every view, so that
no view can forget it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from network.accounts.models import ApiToken
from network.accounts.tokens import token_for_key
from network.models import User

KEYWORD = "Token"
# What a report-only token may do: read, and nothing else.
READ_METHODS = frozenset({"GET", "HEAD"})


def report_paths() -> tuple[str, ...]:
    """The paths a report-only token reads: every report and ``me/`` (and the OpenAPI document
    and its page, which anyone reads, so that a tool that sends its token everywhere reads them
    too)."""
    reports = reverse("api:activity-report").rsplit("/", 2)[0] + "/"
    return (reports, reverse("api:me"), reverse("api:schema"), reverse("api:docs"))


def reads_within_scope(token: ApiToken, method: str, path: str) -> bool:
    """Whether a request with this token stays within the token's scope."""
    if token.scope != ApiToken.Scope.REPORTS:
        return True
    return method in READ_METHODS and path.startswith(report_paths())


def refuse_out_of_scope(token: ApiToken, request: Request) -> None:
    """Refuse (403) a request that a report-only token does not open."""
    if not reads_within_scope(token, request.method or "", request.path):
        raise exceptions.PermissionDenied(
            _("This API token reads reports only: the reports and me/, with GET.")
        )


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``: the person of an active API token."""

    keyword = KEYWORD

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: send Authorization: Token followed by the key.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The API token is not valid: unknown, revoked or expired.")
            )
        refuse_out_of_scope(token, request)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def api_token(request: Request) -> ApiToken | None:
    """The API token the request was made with; None for a session."""
    return request.auth if isinstance(request.auth, ApiToken) else None
