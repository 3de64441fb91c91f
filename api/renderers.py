"""CSV for the reports: counts and sums only, so no cell ever holds free text."""

import csv
import io
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

REPORT_COUNTS = ("activities", "completed", "participants")


class ReportCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        view = (renderer_context or {}).get("view")
        columns = ["period", *getattr(view, "report_groups", ()), *REPORT_COUNTS]
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n"
        )
        writer.writeheader()
        for row in (data or {}).get("results", []):
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
        return buffer.getvalue().encode(self.charset)
