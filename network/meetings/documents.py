"""Approved minutes as a document: one HTML page for the screen and the printer, and a PDF.

Both are rendered from :attr:`MinutesVersion.content`, the content exactly as it was approved and
hashed, never from the live rows: a later change of a person's name or of an action item's status
does not alter minutes that have been approved. The PDF is WeasyPrint rendering the same HTML,
with the print stylesheet (``@page``: page numbers, margins) that the template carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Attendance, Meeting, MinutesEntry, MinutesVersion

TEMPLATE = "frontend/minutes_print.html"


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load the system libraries it draws with (Pango, HarfBuzz, fontconfig)."""


@dataclass
class AttendingOrganisation:
    name: str
    people: list[dict[str, str]] = field(default_factory=list)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _day(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _label(choices: Any, value: object) -> str:
    """The label of a stored code in the active language; the code itself if it is unknown."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _attendance(rows: list[dict[str, Any]]) -> list[AttendingOrganisation]:
    """Attendance grouped by organisation, in the order the content holds it."""
    groups: dict[str, AttendingOrganisation] = {}
    for row in rows:
        name = str(row.get("organisation", ""))
        group = groups.setdefault(name, AttendingOrganisation(name=name))
        group.people.append(
            {
                "person": str(row.get("person", "")),
                "status": _label(Attendance.Status, row.get("status")),
                "substitute_for": str(row.get("substitute_for", "")),
            }
        )
    return list(groups.values())


def _paragraphs(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    paragraphs = []
    for entry in entries:
        paragraphs.append(
            {
                "number": entry.get("number"),
                "title": entry.get("title", ""),
                "text": entry.get("text", ""),
                "outcome": entry.get("outcome", ""),
                "outcome_label": _label(MinutesEntry.Outcome, entry.get("outcome")),
                "decision": entry.get("decision", ""),
                "action_items": [
                    {**item, "due": _day(item.get("due_on"))}
                    for item in entry.get("action_items", [])
                ],
            }
        )
    return paragraphs


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string for a ``<style>`` block: every character that could end
    the string or the block is a CSS escape."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:·–()" else f"\\{ord(ch):X} " for ch in text)
    return f'"{escaped}"'


def page_counter_css() -> str:
    """The running footer's CSS ``content``: "Sida n av m" in the active language."""
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = _("Page %(number)s of %(count)s") % {"number": marker_page, "count": marker_pages}
    before, _marker, rest = text.partition(marker_page)
    middle, _marker, after = rest.partition(marker_pages)
    return (
        f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) "
        f"{css_string(after)}"
    )


def minutes_context(version: MinutesVersion) -> dict[str, Any]:
    """What the template shows, all of it read from the frozen content and the version."""
    content: dict[str, Any] = version.content if isinstance(version.content, dict) else {}
    people = content.get("people") or {}
    return {
        "version": version,
        "content": content,
        "meeting_id": version.meeting_id,
        "title": content.get("title", ""),
        "network": content.get("network", ""),
        "kind": _label(Meeting.Kind, content.get("kind")),
        "starts_at": _moment(content.get("starts_at")),
        "ends_at": _moment(content.get("ends_at")),
        "place": content.get("place", ""),
        "organisation": content.get("organisation", ""),
        "chair": people.get("chair", ""),
        "secretary": people.get("secretary", ""),
        "approvers": content.get("approved_by") or people.get("approvers", []),
        "attendance": _attendance(content.get("attendance", [])),
        "paragraphs": _paragraphs(content.get("minutes", [])),
        "page_counter": page_counter_css(),
        "running_head": css_string(str(content.get("network", ""))[:120]),
        "running_title": css_string(f"{_('Minutes')} · {content.get('title', '')}"[:120]),
    }


def minutes_html(
    version: MinutesVersion, request: HttpRequest | None, *, extra: dict[str, Any] | None = None
) -> str:
    """The approved minutes as one HTML document, for the screen, the printer and the PDF."""
    context = minutes_context(version)
    context.update(extra or {})
    return render_to_string(TEMPLATE, context, request=request)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The document holds everything it needs; fetching anything (a stylesheet, an image, a
    URL written into the minutes) would let rendering reach other hosts, or this server itself."""
    raise ValueError(f"not fetched: {url[:80]}")


def minutes_pdf(version: MinutesVersion, request: HttpRequest | None) -> bytes:
    """The approved minutes as PDF: the same HTML, printed by WeasyPrint."""
    try:
        from weasyprint import HTML  # noqa: PLC0415 - loads Pango; only here, when asked
    except OSError as error:  # the Python package is there, its system libraries are not
        raise PdfUnavailable(str(error)) from error
    html = minutes_html(version, request, extra={"for_pdf": True})
    pdf = HTML(string=html, url_fetcher=_refuse_fetch, base_url="about:blank").write_pdf()
    if pdf is None:  # write_pdf() without a target returns the bytes; never None here
        raise PdfUnavailable("WeasyPrint returned no document.")
    return bytes(pdf)


def pdf_filename(version: MinutesVersion) -> str:
    """A plain ASCII name, safe in any header and any file system."""
    return f"protokoll-{int(version.meeting_id)}-v{int(version.number)}.pdf"
