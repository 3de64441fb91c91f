"""Aggregated reports: counts and sums only, computed in the database."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.renderers import ReportCSVRenderer
from api.schema import ApiSchema
from api.serializers import ReportSerializer
from network.activities.reports import parse_report_query, report_for


class ActivityReportView(APIView):
    """Activities counted per period (and direction, and organisation), from the database.

    An activity counts in the period in which it starts, once under each direction the
    coordinator tagged it with (untagged: ``direction`` is null). Counts and sums only.
    """

    schema = ApiSchema()
    renderer_classes = [JSONRenderer, ReportCSVRenderer]
    report_groups: tuple[str, ...] = ()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                str,
                enum=["month", "quarter", "year"],
                default="quarter",
                description="The length of a period.",
            ),
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description="Count activities starting on or after."
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, description="Count activities starting on or before."
            ),
            OpenApiParameter(
                "group_by",
                {
                    "type": "array",
                    "items": {"type": "string", "enum": ["direction", "organisation"]},
                },
                style="form",
                explode=False,
                description="Comma-separated: direction, organisation, or both.",
            ),
            OpenApiParameter("network", int, description="Count one network only."),
            OpenApiParameter(
                "format",
                str,
                enum=[renderer.format for renderer in renderer_classes],
                description=(
                    "csv answers as text/csv, like `Accept: text/csv`. Any other value is "
                    "refused with 400, naming the formats offered."
                ),
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                ReportSerializer,
                description="The rows, one per period (and direction, and organisation).",
                examples=[examples.REPORT],
            ),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The rows as CSV, with a header line.",
                examples=[examples.REPORT_CSV],
            ),
        },
    )
    def get(self, request: Request) -> Response:
        query = parse_report_query(request.query_params)
        self.report_groups = query.group_by
        rows = report_for(request.user, query)
        return self._report(rows)

    def _report(self, rows: list) -> Response:
        response = Response({"results": rows})
        if isinstance(getattr(self.request, "accepted_renderer", None), ReportCSVRenderer):
            response["Content-Disposition"] = 'attachment; filename="activity-report.csv"'
        return response

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        # Errors are always JSON: a CSV of field errors would help nobody.
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), ReportCSVRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
