"""Signing in on the pages, and the answer to a sign-in that is locked out.

django-axes counts failed sign-ins on every path (config/settings.py, "Sign-in lockout"). When
one is locked out, axes' middleware replaces the view's answer with that of ``locked_out``: a
sign-in view answers its own lockout through ``locked_out_response``, and the admin's login page
shows the message as well.
"""

from http import HTTPStatus

from axes.utils import reset
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from network.core.lockout import lockout_message, lockout_wait


def _locked(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """The lockout's status and headers; a failure during the lockout starts the wait anew."""
    response.status_code = HTTPStatus.TOO_MANY_REQUESTS
    response["Retry-After"] = str(int(lockout_wait(request).total_seconds()))
    add_never_cache_headers(response)
    return response


class SignInView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

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
