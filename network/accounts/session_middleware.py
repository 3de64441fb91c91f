"""How long a signed-in session lasts: an idle timeout and an absolute lifetime.

A session unused for ``SESSION_IDLE_MINUTES``, or older than ``SESSION_MAX_HOURS`` since its
sign-in, is signed out; so is a session whose record was removed (ended from another device or
in the admin), even where the session store kept it. A page then leads to the sign-in page with
a message; an API call goes on as an anonymous one, so that the API answers as it does to a
caller without credentials. The session's record tells when it began and was last used; its
last use is written at most once a minute, so that a busy browser does not write on each
request.

Placed right after ``AuthenticationMiddleware``: a session that has ended is signed out before
anything else (the second factor's step included) acts on it.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext

from network.accounts.models import SignIn
from network.accounts.sessions import SIGN_IN_SESSION_KEY, has_ended, sign_in_record

API_PREFIX = "/api/"
# The last use is written at most this often per session.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def _own_sign_in(request: HttpRequest) -> SignIn | None:
    """The record of the request's session; None when the session was ended elsewhere.

    A session that names no record was made before sessions were recorded: it is given one.
    One whose key was replaced while signed in (a password change) has its record follow it.
    """
    session = request.session
    user = request.user
    assert user.pk is not None  # noqa: S101 - only a signed-in person reaches here
    marker = session.get(SIGN_IN_SESSION_KEY)
    if marker is None:
        return sign_in_record(request, user)
    sign_in = SignIn.objects.filter(pk=marker, user_id=user.pk).first()
    if sign_in is not None and sign_in.session_key != session.session_key:
        sign_in.session_key = session.session_key or ""
        sign_in.save(update_fields=["session_key"])
    return sign_in


class SessionLimitsMiddleware(MiddlewareMixin):
    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or not user.is_authenticated or session is None:
            return None
        if not session.session_key:
            return None  # not signed in through a stored session
        sign_in = _own_sign_in(request)
        if sign_in is not None and not has_ended(sign_in):
            now = timezone.now()
            if now - sign_in.last_seen_at >= LAST_SEEN_RESOLUTION:
                SignIn.objects.filter(pk=sign_in.pk).update(last_seen_at=now)
                sign_in.last_seen_at = now
            request.sign_in = sign_in  # type: ignore[attr-defined]
            return None
        logout(request)
        if request.path_info.startswith(API_PREFIX):
            return None  # the API answers as to anyone without credentials
        return self._to_sign_in(request)

    def _to_sign_in(self, request: HttpRequest) -> HttpResponseBase:
        """The sign-in page, with the message; back to this page after, if it was one to read.

        The message middleware comes after this one, so the message is stored here.
        """
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        if next_url:
            response: HttpResponseBase = redirect_to_login(next_url)
        else:
            response = HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        storage = default_storage(request)
        storage.add(messages.INFO, gettext("Your session ended. Sign in again."))
        storage.update(response)
        return response
