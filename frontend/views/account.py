"""The person's security page: their signed-in sessions and their API tokens.

A person sees and ends only their own sessions and tokens (``network.access.accounts``): the id
of anyone else's answers 404. Every change is a POST. A new token's key is shown once, in the
answer to the POST that made it, and never again: it is not put in an address or in a message
kept in the session, and the answer is not stored by any cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from frontend.account_forms import ApiTokenForm
from network.access.accounts import own_sign_ins, own_tokens
from network.accounts.sessions import (
    browser_summary,
    client_address,
    end_all_sessions,
    end_session,
    live_q,
)
from network.accounts.tokens import issue_token, revoke_token
from network.audit.chain import audit_record
from network.models import ApiToken, SignIn, User


@dataclass(frozen=True)
class SessionRow:
    sign_in: SignIn
    browser: str
    is_current: bool


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required lets only a signed-in user in
    return user


def _current_sign_in(request: HttpRequest) -> SignIn | None:
    key = request.session.session_key
    if not key:
        return None
    return own_sign_ins(request.user).filter(session_key=key).first()


def _two_factor_url() -> str | None:
    """The two-factor settings, where that page exists in this installation."""
    try:
        return reverse("frontend:two_factor")
    except NoReverseMatch:
        return None


def _page(
    request: HttpRequest, form: ApiTokenForm | None = None, status: int = HTTPStatus.OK
) -> HttpResponse:
    current = request.session.session_key
    sessions = [
        SessionRow(sign_in, browser_summary(sign_in.user_agent), sign_in.session_key == current)
        for sign_in in own_sign_ins(request.user).filter(live_q())
    ]
    # This session first, then the others by their last use.
    sessions.sort(key=lambda row: not row.is_current)
    context = {
        "sessions": sessions,
        "others": sum(not row.is_current for row in sessions),
        "tokens": list(own_tokens(request.user)),
        "now": timezone.now(),
        "form": form or ApiTokenForm(),
        "two_factor_url": _two_factor_url(),
    }
    return render(request, "frontend/account_security.html", context, status=status)


@require_safe
@login_required
def security(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@login_required
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign out one session; this very session too, if it is the one chosen."""
    sign_in = get_object_or_404(own_sign_ins(request.user), pk=pk)
    if sign_in.session_key == request.session.session_key:
        logout(request)
        return redirect("frontend:login")
    end_session(sign_in, actor=_person(request), remote_addr=client_address(request))
    messages.success(request, _("The session was signed out."))
    return redirect("frontend:account_security")


@require_POST
@login_required
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    current = _current_sign_in(request)
    ended = end_all_sessions(_person(request), keep=current, remote_addr=client_address(request))
    if current is None:
        # This session had no record to keep, so it could not be told from the others.
        logout(request)
        return redirect("frontend:login")
    if ended:
        messages.success(request, _("Every other session was signed out."))
    else:
        messages.info(request, _("You had no other session."))
    return redirect("frontend:account_security")


@require_POST
@login_required
def sessions_end_all(request: HttpRequest) -> HttpResponse:
    end_all_sessions(_person(request), remote_addr=client_address(request))
    logout(request)
    messages.success(request, _("You were signed out everywhere, also here."))
    return redirect("frontend:login")


@transaction.atomic
def _token_create(
    user: User, name: str, expires_at: datetime, scope: str, remote_addr: str | None
) -> tuple[ApiToken, str]:
    token, key = issue_token(user, name, expires_at, scope)
    audit_record(
        actor=user,
        action="api_token.created",
        obj=token,
        remote_addr=remote_addr,
        detail={"name": name, "scope": scope, "expires_at": expires_at.isoformat()},
    )
    return token, key


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=HTTPStatus.BAD_REQUEST)
    data = form.cleaned_data
    token, key = _token_create(
        _person(request),
        data["name"],
        timezone.now() + timedelta(days=data["days"]),
        data["scope"],
        client_address(request),
    )
    response = render(request, "frontend/account_token_created.html", {"token": token, "key": key})
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(own_tokens(request.user), pk=pk)
    if token.revoked_at is None:
        with transaction.atomic():
            revoke_token(token)
            audit_record(
                actor=_person(request),
                action="api_token.revoked",
                obj=token,
                remote_addr=client_address(request),
                detail={"name": token.name},
            )
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("frontend:account_security")
