"""Approved minutes as a print-friendly page and as a PDF, one of each per approved version.

Both show the version exactly as it was approved (its frozen content and hash). Whoever may not
see the meeting, and whoever asks for a version that was never approved, gets not found.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from network.access import viewer_for
from network.access.meetings import minutes_version_for_view
from network.meetings.documents import PdfUnavailable, minutes_html, minutes_pdf, pdf_filename
from network.models import MinutesVersion


def _approved_version(request: HttpRequest, pk: int, version: int) -> MinutesVersion:
    return minutes_version_for_view(viewer_for(request.user), pk, version)


def _meeting_url(pk: int) -> str | None:
    """The meeting's own page, where there is one."""
    try:
        return reverse("frontend:meeting_detail", args=[pk])
    except NoReverseMatch:
        return None


@require_safe
@login_required
def minutes_print(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    approved = _approved_version(request, pk, version)
    others = approved.meeting.versions.exclude(pk=approved.pk).only("number").order_by("number")
    html = minutes_html(
        approved,
        request,
        extra={"meeting_url": _meeting_url(approved.meeting_id), "other_versions": list(others)},
    )
    return HttpResponse(html)


@require_safe
@login_required
def minutes_pdf_download(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    approved = _approved_version(request, pk, version)
    try:
        pdf = minutes_pdf(approved, request)
    except PdfUnavailable:
        message = _(
            "The PDF cannot be made right now: the server lacks the libraries that draw it "
            "(Pango). The print-friendly page shows the same approved minutes."
        )
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(approved)}"'
    return response
