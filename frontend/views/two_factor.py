"""The second-factor pages: the overview, setting up an authenticator app, the verify step after
signing in, and new recovery codes.

The step itself is enforced by ``network.accounts.middleware.SecondFactorMiddleware``; these
pages are where it leads. Setting up a new app, making recovery codes and turning the factor off
need a verified session whenever the person already has a device, so that a stolen password
alone cannot replace or remove the second factor. Codes are never logged.
"""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontend.two_factor_forms import SetupCodeForm, TurnOffForm, VerifyCodeForm
from network.access.accounts import requires_second_factor
from network.accounts import two_factor
from network.models import User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required lets only a signed-in user in
    return user


def _verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _next_url(request: HttpRequest) -> str:
    """Where to go after the step: the ``next`` asked for if it is on this site, else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("frontend:home")


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's address as a QR code in SVG markup, drawn without style attributes (CSP)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None
    )
    label = format_html(' role="img" aria-label="{}"', _("QR code for your authenticator app"))
    # segno writes only the code's geometry and our fixed attributes: nothing from the user.
    return mark_safe(svg.replace("<svg", "<svg" + label, 1))  # noqa: S308


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, as apps ask for it when it is typed by hand."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _show_recovery_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = render(
        request,
        "frontend/two_factor_recovery_codes.html",
        {"codes": [two_factor.format_recovery_code(c) for c in codes], "next": next_url},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@sensitive_post_parameters("password")
def two_factor_overview(request: HttpRequest) -> HttpResponse:
    """Whether the second factor is on, how many recovery codes are left, and the ways to change it."""
    user = _user(request)
    form = TurnOffForm()
    if request.method == "POST":
        form = TurnOffForm(request.POST)
        if not two_factor.may_turn_off(user):
            messages.error(
                request, _("Two-factor authentication cannot be turned off for your role.")
            )
            return redirect("frontend:two_factor")
        if form.is_valid():
            if two_factor.turn_off(user, form.cleaned_data["password"]):
                two_factor.remember_device(request, user)
                messages.success(request, _("Two-factor authentication is turned off."))
                return redirect("frontend:two_factor")
            form.add_error("password", _("The password is not correct."))
    return render(
        request,
        "frontend/two_factor.html",
        {
            "enabled": two_factor.has_second_factor(user),
            "required": requires_second_factor(user),
            "may_turn_off": two_factor.may_turn_off(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
@sensitive_post_parameters("code")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """A new secret as a QR code and as text, confirmed by a first code from the app."""
    user = _user(request)
    if two_factor.has_second_factor(user) and not _verified(request):
        # Replacing the app needs the old one first: a password alone must not be enough.
        return redirect(f"{reverse('frontend:two_factor_verify')}?{request.GET.urlencode()}")
    device = two_factor.start_setup(user)
    form = SetupCodeForm()
    if request.method == "POST":
        form = SetupCodeForm(request.POST)
        if form.is_valid():
            codes = two_factor.confirm_setup(request, device, form.cleaned_data["code"])
            if codes is not None:
                two_factor.remember_device(request, user)
                messages.success(request, _("Two-factor authentication is on."))
                return _show_recovery_codes(request, codes, _next_url(request))
            form.add_error("code", _setup_refusal(device))
    return render(
        request,
        "frontend/two_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code_svg(device),
            "secret": secret_for_typing(device),
            "replacing": two_factor.has_second_factor(user),
            "required": requires_second_factor(user),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


def _setup_refusal(device: TOTPDevice) -> str:
    device.refresh_from_db()
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a moment and try again.")
    return _(
        "The code is not valid. Check that the app shows the account just added and enter its "
        "current code."
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The step after signing in: a code from the app or a recovery code, once per session."""
    user = _user(request)
    if not two_factor.remember_device(request, user):
        # No device (any more: a superuser may have removed a lost one): set one up if required.
        if not requires_second_factor(user):
            return redirect(_next_url(request))
        return redirect(f"{reverse('frontend:two_factor_setup')}?{request.GET.urlencode()}")
    if _verified(request):
        return redirect(_next_url(request))
    form = VerifyCodeForm()
    if request.method == "POST":
        form = VerifyCodeForm(request.POST)
        if form.is_valid():
            check = two_factor.verify_session(request, user, form.cleaned_data["code"])
            if check.accepted:
                return redirect(_next_url(request))
            form.add_error("code", two_factor.refusal_message(check))
    return render(
        request,
        "frontend/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """New recovery codes, replacing the old ones; shown once, right after they are made."""
    user = _user(request)
    if not two_factor.has_second_factor(user):
        return redirect("frontend:two_factor_setup")
    if request.method == "POST":
        codes = two_factor.make_recovery_codes(user)
        return _show_recovery_codes(request, codes, reverse("frontend:two_factor"))
    return render(
        request,
        "frontend/two_factor_recovery.html",
        {"codes_left": two_factor.recovery_codes_left(user)},
    )
