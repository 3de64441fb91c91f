"""Signing in and out on the pages (with a password, or through the city's identity provider),
and the answer to a sign-in that is locked out.

django-axes counts failed sign-ins on every path (config/settings.py, "Sign-in lockout"). When
one is locked out, axes' middleware replaces the view's answer with that of ``locked_out``: a
sign-in view answers its own lockout through ``locked_out_response``, and the admin's login page
shows the message as well.
"""

import logging
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from network.accounts.oidc import provider_logout_url, signed_in_through_provider
from network.core.lockout import lockout_message, lockout_wait

LOGGER = logging.getLogger(__name__)


def _locked(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """The lockout's status and headers; a failure during the lockout starts the wait anew."""
    response.status_code = HTTPStatus.TOO_MANY_REQUESTS
    response["Retry-After"] = str(int(lockout_wait(request).total_seconds()))
    add_never_cache_headers(response)
    return response


class SignInView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.OIDC_ENABLED:
            # The provider's button keeps where the person was going.
            next_url = context.get("next")
            query = f"?{urlencode({'next': next_url})}" if next_url else ""
            context["oidc_sign_in_url"] = reverse("oidc_authentication_init") + query
            context["oidc_provider_name"] = settings.OIDC_PROVIDER_NAME
        return context

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        if getattr(self.request, "axes_locked_out", False):
            return self.locked_out_response(self.request)
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # Only the person's own failures from this address: see AXES_RESET_ON_SUCCESS.
        address = getattr(self.request, "axes_ip_address", None)
        if address:
            reset(ip=address, username=form.get_user().get_username())
        return response

    @classmethod
    def locked_out_response(cls, request: HttpRequest) -> HttpResponse:
        """The sign-in page with the lockout message, the username kept in its field."""
        view = cls()
        view.setup(request)
        form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
        context = view.get_context_data(form=form, lockout_message=lockout_message(request))
        response = TemplateResponse(request, cls.template_name, context)
        return _locked(response.render(), request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """The identity provider's answer (``OIDC_CALLBACK_CLASS``): signed in, or back to the
    sign-in page with a message, whatever went wrong.

    The library answers a callback whose state this browser never sent with an error page; here
    it is one more refused sign-in, as are a cancelled sign-in, an unknown or inactive account
    and a forged token (refused by ``network.accounts.oidc.CityOIDCBackend``).
    """

    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            LOGGER.warning("Sign-in through the identity provider refused: %s", exc)
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Signing in through %(provider)s did not succeed. Only people who already have an "
                "active account here can sign in that way: ask the central coordinator, or sign in "
                "with your username and password."
            )
            % {"provider": settings.OIDC_PROVIDER_NAME},
            fail_silently=True,
        )
        return HttpResponseRedirect(self.failure_url)


class SignOutView(LogoutView):
    """Signs out; a session that began at the identity provider is ended there as well, when the
    provider has an end-session endpoint (``OIDC_OP_LOGOUT_ENDPOINT``), which sends the person
    back to the sign-in page. Otherwise the next "Sign in with ..." would sign straight back in
    on a shared computer."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_url = None
        if (
            settings.OIDC_ENABLED
            and settings.OIDC_OP_LOGOUT_ENDPOINT
            and signed_in_through_provider(request)
        ):
            # Read before the session ends: it holds the ID token the provider asks for.
            provider_url = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response


def admin_locked_out(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """The admin's login page, with the lockout message where the admin shows its messages."""
    messages.error(request, lockout_message(request), fail_silently=True)
    next_url = request.POST.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse(f"{site.name}:index", current_app=site.name)
    request.current_app = site.name
    form = AdminAuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        **site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
        "form": form,
        REDIRECT_FIELD_NAME: next_url,
    }
    template = site.login_template or "admin/login.html"
    response = TemplateResponse(request, template, context)
    return _locked(response.render(), request)


def locked_out(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponseBase:
    """The answer to a locked-out sign-in on any path (``AXES_LOCKOUT_CALLABLE``).

    A view that has answered its own lockout (429) keeps its answer. Run asynchronously (under
    daphne), axes' middleware does not pass the view's answer on, so every answer here is built
    from the request alone: by the view's ``locked_out_response`` where it has one, by the admin
    for its login page, and otherwise as the sign-in page.
    """
    if (
        isinstance(original_response, HttpResponseBase)
        and original_response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    ):
        return original_response
    match = request.resolver_match
    if match is not None:
        view_class = getattr(match.func, "view_class", None)
        if view_class is not None and hasattr(view_class, "locked_out_response"):
            return view_class.locked_out_response(request)
        site = getattr(match.func, "__self__", None)
        if isinstance(site, AdminSite):
            return admin_locked_out(request, site)
    return SignInView.locked_out_response(request)
