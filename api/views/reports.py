"""Aggregated reports: counts and sums only, computed in the database."""

from collections.abc import Callable, Mapping
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.renderers import CSVRenderer, ReportCSVRenderer
from api.schema import ApiSchema
from api.serializers import ReportSerializer
from network.activities.reports import parse_report_query, report_for
from network.meetings.models import MeetingKind
from network.meetings.reports import (
    ACTION_ITEM_COLUMNS,
    ATTENDANCE_COLUMNS,
    TRAINING_COLUMNS,
    FollowUpQuery,
    action_item_report,
    attendance_report,
    parse_follow_up_query,
    training_report,
)


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
        if isinstance(getattr(self.request, "accepted_renderer", None), CSVRenderer):
            response["Content-Disposition"] = 'attachment; filename="activity-report.csv"'
        return response

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        # Errors are always JSON: a CSV of field errors would help nobody.
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class FollowUpCSVRenderer(CSVRenderer):
    """The follow-up figures as CSV: the view names its columns."""

    def columns(self, renderer_context: Mapping[str, Any]) -> list[str]:
        return list(getattr(renderer_context.get("view"), "report_columns", ()))


ATTENDANCE_EXAMPLE = OpenApiExample(
    "Närvaro per organisation 2026",
    value={
        "results": [
            {
                "year": 2026,
                "organisation": 5,
                "organisation_name": "Idrottsföreningen",
                "invited": 6,
                "attended": 2,
                "present": 2,
                "excused": 1,
                "absent": 3,
                "substitute": 0,
                "attendance_rate": 0.333,
                "last_attended": "2026-03-10",
            }
        ]
    },
    response_only=True,
)
ATTENDANCE_CSV_EXAMPLE = OpenApiExample(
    "Samma närvaro som CSV",
    value=(
        ",".join(ATTENDANCE_COLUMNS) + "\r\n"
        "2026,5,Idrottsföreningen,6,2,2,1,3,0,0.333,2026-03-10\r\n"
    ),
    media_type="text/csv",
    response_only=True,
)
ACTION_ITEM_EXAMPLE = OpenApiExample(
    "Uppdrag per organisation 2026",
    value={
        "results": [
            {
                "year": 2026,
                "organisation": 4,
                "organisation_name": "Polisen",
                "due": 5,
                "done_on_time": 3,
                "done_late": 1,
                "open_overdue": 1,
                "on_time_rate": 0.6,
            }
        ]
    },
    response_only=True,
)
ACTION_ITEM_CSV_EXAMPLE = OpenApiExample(
    "Samma uppdrag som CSV",
    value=",".join(ACTION_ITEM_COLUMNS) + "\r\n2026,4,Polisen,5,3,1,1,0.6\r\n",
    media_type="text/csv",
    response_only=True,
)

_FOLLOW_UP_PARAMETERS = [
    OpenApiParameter(
        "year", int, description="The year (YYYY); this year when left out. 400 for a bad year."
    ),
    OpenApiParameter("network", int, description="Count one network only."),
    OpenApiParameter(
        "format",
        str,
        enum=["json", "csv"],
        description="csv answers as text/csv, like `Accept: text/csv`.",
    ),
]


_KIND_PARAMETER = OpenApiParameter(
    "kind",
    str,
    enum=list(MeetingKind.values),
    description=(
        "Count the meetings of one kind only (training: the attendance at trainings); every "
        "kind when left out. 400 for an unknown kind."
    ),
)
TRAINING_EXAMPLE = OpenApiExample(
    "Utbildningar per organisation 2026",
    value={
        "results": [
            {
                "year": 2026,
                "organisation": 5,
                "organisation_name": "Idrottsföreningen",
                "trainings_invited": 3,
                "trainings_attended": 2,
                "people_trained": 4,
            }
        ]
    },
    response_only=True,
)
TRAINING_CSV_EXAMPLE = OpenApiExample(
    "Samma utbildningar som CSV",
    value=",".join(TRAINING_COLUMNS) + "\r\n2026,5,Idrottsföreningen,3,2,4\r\n",
    media_type="text/csv",
    response_only=True,
)


def _follow_up_schema(
    rows: str,
    example: OpenApiExample,
    csv_example: OpenApiExample,
    parameters: list[OpenApiParameter] = _FOLLOW_UP_PARAMETERS,
) -> Callable[[Any], Any]:
    """The documentation of one follow-up report: its parameters, its rows as JSON and as CSV."""
    return extend_schema(
        parameters=parameters,
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description=rows, examples=[example]
            ),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The rows as CSV, with a header line.",
                examples=[csv_example],
            ),
        },
    )


class _FollowUpReportView(ActivityReportView):
    """Follow-up figures of meetings for one year: counts only, from the database."""

    renderer_classes = [JSONRenderer, FollowUpCSVRenderer]
    report_columns: tuple[str, ...] = ()
    filename = "report.csv"
    # Whether the figures can be counted for one kind of meeting (``?kind=``).
    by_kind = False

    def rows(self, request: Request, query: FollowUpQuery) -> list[Any]:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        query = parse_follow_up_query(request.query_params, by_kind=self.by_kind)
        response = Response({"results": self.rows(request, query)})
        if isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


class AttendanceReportView(_FollowUpReportView):
    """Attendance per organisation in a year, over the meetings that took place.

    ``invited``: meetings the organisation was invited to; ``attended``: meetings at least one
    of its people attended (present or as a substitute); ``present``, ``excused``, ``absent``,
    ``substitute``: its people's attendance; ``attendance_rate``: attended per invited;
    ``last_attended``: the day of the last meeting it attended up to the end of the year.
    ``kind`` counts the meetings of one kind only: ``?kind=training`` gives the attendance at
    trainings.
    """

    report_columns = ATTENDANCE_COLUMNS
    filename = "attendance-report.csv"
    by_kind = True

    def rows(self, request: Request, query: FollowUpQuery) -> list[Any]:
        return list(attendance_report(request.user, query))

    @_follow_up_schema(
        "The rows, one per organisation.",
        ATTENDANCE_EXAMPLE,
        ATTENDANCE_CSV_EXAMPLE,
        parameters=[*_FOLLOW_UP_PARAMETERS, _KIND_PARAMETER],
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class ActionItemReportView(_FollowUpReportView):
    """Action items due in a year per responsible organisation: ``due``, ``done_on_time``,
    ``done_late``, ``open_overdue`` and ``on_time_rate`` (done on time per due)."""

    report_columns = ACTION_ITEM_COLUMNS
    filename = "action-item-report.csv"

    def rows(self, request: Request, query: FollowUpQuery) -> list[Any]:
        return list(action_item_report(request.user, query))

    @_follow_up_schema(
        "The rows, one per responsible organisation.", ACTION_ITEM_EXAMPLE, ACTION_ITEM_CSV_EXAMPLE
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class TrainingReportView(_FollowUpReportView):
    """The competence-raising figures: trainings (meetings of kind ``training``) per
    organisation in a year, over the trainings that took place.

    ``trainings_invited``: trainings the organisation was invited to (or organised, or had
    people at); ``trainings_attended``: trainings at least one of its people attended (present
    or as a substitute); ``people_trained``: how many of its people attended a training, each
    person once. Counts only, never names.
    """

    report_columns = TRAINING_COLUMNS
    filename = "training-report.csv"

    def rows(self, request: Request, query: FollowUpQuery) -> list[Any]:
        return list(training_report(request.user, query))

    @_follow_up_schema("The rows, one per organisation.", TRAINING_EXAMPLE, TRAINING_CSV_EXAMPLE)
    def get(self, request: Request) -> Response:
        return super().get(request)
