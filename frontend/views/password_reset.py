"""Resetting a forgotten password by e-mail, with Django's own views and tokens.

What Django already does and is relied on here: the answer is the same whether or not an account
has the address; inactive accounts and accounts without a usable password get no mail; the
address typed must equal the account's after NFKC normalisation and case folding, so a look-alike
address reaches nobody, and the mail goes to the address stored on the account; the link's token
is spent once the password changes; the new password goes through ``AUTH_PASSWORD_VALIDATORS``;
and a changed password ends the person's other sessions (the session hash).

Added here: a limit on how many mails one address and one client address can ask for.
"""

import hashlib
import logging

from axes.helpers import get_client_ip_address
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from network.accounts.oidc import fold_email

LOGGER = logging.getLogger(__name__)


def _count(key: str, window: int) -> int:
    """How many times ``key`` was counted in its window, this time included."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # The window ended between the two calls.
        cache.set(key, 1, timeout=window)
        return 1


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Asks for the address and sends the link, at most a few times an hour.

    At most ``per_email`` requests an hour for one e-mail address (however it is spelled: the
    address is counted in its folded form) and ``per_client`` from one client address (the
    address axes counts sign-in failures by, so ``BEHIND_PROXY`` applies). Past either limit the
    answer is the same "check your e-mail" page and nothing is sent: a different answer would
    tell a script when to switch addresses, while a person who really forgot has the mails
    already sent. Every well-formed request counts, whether or not an account has the address,
    so that the limit reveals nothing either.
    """

    per_email = 3
    per_client = 10
    window = 60 * 60

    template_name = "registration/password_reset_request.html"
    email_template_name = "registration/password_reset_mail.txt"
    subject_template_name = "registration/password_reset_mail_subject.txt"
    success_url = reverse_lazy("frontend:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if self.within_limits(form.cleaned_data["email"]):
            return super().form_valid(form)
        LOGGER.warning("Password reset not sent: over the hourly limit")
        return HttpResponseRedirect(self.get_success_url())

    def within_limits(self, email: str) -> bool:
        folded = hashlib.sha256(fold_email(email).encode()).hexdigest()
        client = get_client_ip_address(self.request) or "unknown"
        by_email = _count(f"password-reset:email:{folded}", self.window)
        by_client = _count(f"password-reset:client:{client}", self.window)
        return by_email <= self.per_email and by_client <= self.per_client


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the mail: a new password, or the "invalid link" page for a bad or spent one."""

    template_name = "registration/password_reset_new.html"
    success_url = reverse_lazy("frontend:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_finished.html"
