"""The accessibility statement (tillgänglighetsredogörelse) and its feedback form.

Lagen (2018:1937) om tillgänglighet till digital offentlig service asks every public body to
publish how accessible its digital service is, what is not, and how to tell it so; the page
follows the model statement of Myndigheten för digital förvaltning (Digg). It is public, like the
support page: someone who cannot sign in because of a barrier must still be able to report it.
The statement is written in full in each language (``accessibility_sv.html``,
``accessibility_en.html``): legal text is not assembled from fragments.

A report is stored for the coordinator, who reads it in the admin, and sent by e-mail when
``ACCESSIBILITY_CONTACT_EMAIL`` is set. Each address sends at most
``ACCESSIBILITY_FEEDBACK_PER_HOUR`` reports an hour, counted as the sign-in lockout counts the
address; a filled honeypot field is answered as if sent, and nothing is stored.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.accessibility_forms import AccessibilityFeedbackForm, local_path
from network.directory import selectors
from network.models import AccessibilityFeedback

logger = logging.getLogger(__name__)

DIGG_URL = "https://www.digg.se/"
# How long the count of one address's reports lasts, from its first report.
WINDOW_SECONDS = 60 * 60


# Where the problem is


def _known_page(path: str) -> bool:
    """Whether the path is a page of this site, in either language, other than the statement
    itself (the visitor may have switched language on the way here)."""
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                match = resolve(urlsplit(path).path)
            except Resolver404:
                continue
        return match.url_name != "accessibility"
    return False


def _page_from(request: HttpRequest) -> str:
    """The page the visitor came from: ``?from=``, or the Referer when it is this site's."""
    candidate = local_path(request.GET.get("from", ""))
    if candidate is None:
        referer = request.headers.get("referer", "")
        candidate = local_path(referer, request.get_host()) if referer else None
        if candidate:
            candidate = urlsplit(candidate).path  # a query may hold what was searched for
    return candidate if candidate and _known_page(candidate) else ""


# Counting by address


def _count_key(request: HttpRequest) -> str:
    address = get_client_ip_address(request) or "unknown"
    return f"accessibility-feedback:{address}"


def _over_limit(request: HttpRequest) -> bool:
    return int(cache.get(_count_key(request), 0)) >= settings.ACCESSIBILITY_FEEDBACK_PER_HOUR


def _count(request: HttpRequest) -> None:
    key = _count_key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)  # the window starts with the first report
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls: a new window
        cache.set(key, 1, timeout=WINDOW_SECONDS)


# Storing and sending


def _store(form: AccessibilityFeedbackForm) -> AccessibilityFeedback:
    data = form.cleaned_data
    return AccessibilityFeedback.objects.create(
        page_url=data["page_url"],
        message=data["message"],
        email=data["email"],
        language=(get_language() or settings.LANGUAGE_CODE)[:8],
    )


def _send(request: HttpRequest, feedback: AccessibilityFeedback) -> None:
    """To the accessibility contact, when one is set: what the sender wrote, and where the
    coordinator reads it. A failed delivery loses nothing: the report is stored."""
    recipient = settings.ACCESSIBILITY_CONTACT_EMAIL
    if not recipient:
        return
    # In the service's own language, whichever language the sender wrote in.
    with override(settings.LANGUAGE_CODE):
        mail = _mail(request, feedback, recipient)
    try:
        mail.send()
    except OSError:  # the mail server refused or could not be reached (SMTPException too)
        logger.exception("Accessibility feedback %s was stored but not sent", feedback.pk)


def _mail(request: HttpRequest, feedback: AccessibilityFeedback, recipient: str) -> EmailMessage:
    admin_url = request.build_absolute_uri(
        reverse("admin:network_accessibilityfeedback_change", args=[feedback.pk])
    )
    lines = [
        _("A report came in through the feedback form of the accessibility statement."),
        "",
        f"{_('Page')}: {feedback.page_url or '-'}",
        f"{_('E-mail address for an answer')}: {feedback.email or '-'}",
        f"{_('Language')}: {feedback.language}",
        "",
        feedback.message,
        "",
        f"{_('In the administration')}: {admin_url}",
    ]
    return EmailMessage(
        subject=_("Accessibility feedback"),
        body="\n".join(lines),
        to=[recipient],
        reply_to=[feedback.email] if feedback.email else None,
    )


# The page


def _context(form: AccessibilityFeedbackForm) -> dict[str, Any]:
    return {
        "form": form,
        "organisation": settings.ACCESSIBILITY_ORGANISATION,
        "networks": [network.name for network in selectors.public_networks()],
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "statement_date": settings.ACCESSIBILITY_STATEMENT_DATE,
        "digg_url": DIGG_URL,
        "statement_template": (
            "frontend/accessibility_en.html"
            if (get_language() or "").startswith("en")
            else "frontend/accessibility_sv.html"
        ),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    """The statement, and the form to report a problem (sent back here, then shown as sent)."""
    if request.method != "POST":
        form = AccessibilityFeedbackForm(initial={"page_url": _page_from(request)})
        return render(request, "frontend/accessibility.html", _context(form))
    form = AccessibilityFeedbackForm(request.POST, host=request.get_host())
    status = 400
    if form.is_valid():
        if _over_limit(request):
            form.add_error(
                None,
                _(
                    "You have sent several reports in a short time. Please wait an hour and "
                    "send again, or write to us by e-mail."
                )
                if settings.ACCESSIBILITY_CONTACT_EMAIL
                else _(
                    "You have sent several reports in a short time. Please wait an hour and "
                    "send again."
                ),
            )
            status = 429
        else:
            _count(request)
            if not form.is_spam():
                _send(request, _store(form))
            messages.success(
                request, _("Thank you. Your report was sent to the people who run the service.")
            )
            return redirect("frontend:accessibility")
    return render(request, "frontend/accessibility.html", _context(form), status=status)
