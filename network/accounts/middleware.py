"""The second factor is asked for after every sign-in, whichever way the person signed in.

The check sits after authentication rather than in a sign-in view, so that the sign-in page, the
admin's login page and any other backend (OIDC) all lead to the same step: a session is either
verified by a device (``django_otp.middleware.OTPMiddleware`` sets ``user.is_verified()``) or it
reaches only the pages that let the person verify, set up a device, or sign out.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from network.access.accounts import requires_second_factor
from network.accounts.two_factor import session_has_device

API_PREFIX = "/api/"
# Reached without a verified session: where the step itself happens, the ways out of it, and the
# pages open to anyone without signing in. The language links lead to these same pages under /en/.
OPEN_VIEWS = frozenset(
    {
        "frontend:two_factor_setup",
        "frontend:two_factor_verify",
        "frontend:login",
        "frontend:logout",
        "frontend:support",
        "frontend:support_network",
        "frontend:accessibility",
        "admin:login",
        "admin:logout",
        "set_language",
        "oidc_authentication_init",
        "oidc_authentication_callback",
        "oidc_logout",
    }
)
OPEN_PATHS = ("/health/",)


def must_verify(request: HttpRequest) -> bool:
    """Whether this signed-in person has still to give a second factor in this session: always
    when their role requires it, and whenever they have set up a device of their own."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return requires_second_factor(user) or session_has_device(request, user)


def _is_open(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith(OPEN_PATHS) or path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in OPEN_VIEWS


def _step_url(request: HttpRequest) -> str:
    """The verify page, or the setup page for a person without a device; ``next`` kept if safe."""
    name = (
        "frontend:two_factor_verify"
        if session_has_device(request, request.user)  # type: ignore[arg-type]
        else "frontend:two_factor_setup"
    )
    url = reverse(name)
    next_url = request.get_full_path()
    if request.method == "GET" and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = f"{url}?{urlencode({'next': next_url})}"
    return url


class SecondFactorMiddleware:
    """Hold a signed-in person at the second-factor step until the session is verified.

    Pages and the admin redirect to the step; the API, when the call rides on the session, answers
    403 in JSON. Calls with an ``Authorization`` header are left to the API's token authentication,
    which asks for the code when the token is issued."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if must_verify(request) and not _is_open(request):
            if request.path_info.startswith(API_PREFIX):
                if "HTTP_AUTHORIZATION" not in request.META:
                    return JsonResponse(
                        {
                            "detail": gettext(
                                "Two-factor authentication is required. Verify your sign-in "
                                "with a code on the web first."
                            )
                        },
                        status=403,
                    )
            else:
                return HttpResponseRedirect(_step_url(request))
        return self.get_response(request)
