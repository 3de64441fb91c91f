"""Choosing the answer's format, and CSV for the reports (counts and sums only, never free text)."""

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class FormatNegotiation(DefaultContentNegotiation):
    """``?format=`` must name one of the operation's formats: any other is a field error (400),
    listing the formats offered, where DRF answers an unexplained 404."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        name = self.settings.URL_FORMAT_OVERRIDE
        if name and len(request.query_params.getlist(name)) > 1:
            raise ValidationError({name: [_("Give this parameter once.")]})
        return super().select_renderer(request, renderers, format_suffix)

    def filter_renderers(
        self, renderers: Iterable[BaseRenderer], format: str
    ) -> list[BaseRenderer]:
        renderers = list(renderers)
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            offered = ", ".join(dict.fromkeys(str(renderer.format) for renderer in renderers))
            raise ValidationError(
                {
                    self.settings.URL_FORMAT_OVERRIDE: [
                        _("Choose one of these formats: %(formats)s.") % {"formats": offered}
                    ]
                }
            )
        return chosen


REPORT_COUNTS = ("activities", "completed", "participants")


class CSVRenderer(BaseRenderer):
    """Rows as CSV (RFC 4180: CRLF, a header line); a missing value is an empty cell. Subclasses
    say which columns, and where the rows are in the data."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def columns(self, renderer_context: Mapping[str, Any]) -> list[str]:
        raise NotImplementedError

    def rows(self, data: Any) -> list[Mapping[str, Any]]:
        """A report's rows are its ``results``."""
        return (data or {}).get("results", []) if isinstance(data, dict) else []

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer,
            fieldnames=self.columns(renderer_context or {}),
            extrasaction="ignore",
            lineterminator="\r\n",
        )
        writer.writeheader()
        for row in self.rows(data):
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
        return buffer.getvalue().encode(self.charset)


class ReportCSVRenderer(CSVRenderer):
    def columns(self, renderer_context: Mapping[str, Any]) -> list[str]:
        view = renderer_context.get("view")
        return ["period", *getattr(view, "report_groups", ()), *REPORT_COUNTS]
