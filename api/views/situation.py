"""Situational pictures, action plans, measures and indicator values.

Every read of a situational picture goes through the services, which write it to the audit log:
one picture through ``picture_read`` (the part read), a list through ``pictures_listed`` for the
rows of the page shown, which show the summary only. A measure shows the problem it answers only
to a reader of that problem's picture, and an answer that shows problems (plans, measures, the
export, the gaps) writes their pictures to the audit log as listed. What the caller may not see
answers 404, whether it exists or not; what the caller sees but may not change answers 403. The
access layer is asked before the request body is read, so that the answer does not depend on
what was sent.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api import examples
from api.filters import (
    MAX_SEARCH_LENGTH,
    ActionPlanFilter,
    IdFilter,
    MeasureFilter,
    SituationPictureFilter,
)
from api.renderers import CSVRenderer
from api.schema import LOCATION, ErrorSerializer, LinkedResponse, links_by_id, read_operations
from api.situation_serializers import (
    ActionPlanCreateSerializer,
    ActionPlanSerializer,
    GapsQuerySerializer,
    GapsSerializer,
    IndicatorValueWriteSerializer,
    MeasureChangeSerializer,
    MeasureCreateSerializer,
    MeasureSerializer,
    PictureChangeSerializer,
    PictureCreateSerializer,
    PictureReadSerializer,
    PictureShareSerializer,
    PictureVersionSerializer,
    PlanReviseSerializer,
    SituationPictureSerializer,
)
from api.views.base import ContentViewSet, created, person, viewer
from api.views.meetings import JsonErrors
from network.access import Viewer, activity_visible_q
from network.access.situation import (
    keeps,
    measure_for_read,
    measure_problem_seen,
    picture_for_read,
    plan_for_read,
    problem_shown,
    require_approve_plan,
    require_keep,
    require_picture_log,
)
from network.errors import Forbidden
from network.models import (
    ActionPlan,
    Activity,
    IndicatorValue,
    Measure,
    Problem,
    SituationPicture,
)
from network.situation import selectors, services

VIA = "api"


def client_address(request: Request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _search_filter(help_text: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        method="filter_words", max_length=MAX_SEARCH_LENGTH, help_text=help_text
    )


PICTURE_SEARCH_HELP = (
    "Words that must all occur, in any letter case, in the department's name, the period, the "
    "summary or a problem's title; in the detailed part only of pictures whose details you read."
)


class PictureSearchFilter(SituationPictureFilter):
    """The pictures' filters and their search, which never looks where the caller may not read:
    a search that found a word in a hidden detailed part would tell what it holds."""

    q = _search_filter(PICTURE_SEARCH_HELP)
    search = _search_filter("The same as q.")

    class Meta(SituationPictureFilter.Meta):
        pass

    def filter_words(
        self, queryset: QuerySet[SituationPicture], name: str, value: str
    ) -> QuerySet[SituationPicture]:
        return selectors.pictures_matching(viewer(self.request), queryset, value)


class PlanSearchFilter(ActionPlanFilter):
    q = _search_filter(
        "Words that must all occur, in any letter case, in the plan's title, the department's "
        "name or a measure's title."
    )
    search = _search_filter("The same as q.")

    class Meta(ActionPlanFilter.Meta):
        pass

    def filter_words(
        self, queryset: QuerySet[ActionPlan], name: str, value: str
    ) -> QuerySet[ActionPlan]:
        return selectors.plans_matching(queryset, value)


class MeasureProblemFilter(MeasureFilter):
    """The measures' filters, where a problem the caller may not see answers as one that does
    not exist: otherwise the filter would tell which measures answer the same hidden problem."""

    problem = IdFilter(
        method="filter_problem",
        help_text="The problem the measure answers, of a situational picture whose summary "
        "you read.",
    )

    class Meta(MeasureFilter.Meta):
        pass

    def filter_problem(
        self, queryset: QuerySet[Measure], name: str, value: int
    ) -> QuerySet[Measure]:
        return queryset.filter(measure_problem_seen(viewer(self.request)), problem_id=value)


def problems_read(request: Request, measures: Iterable[Measure]) -> None:
    """The problems an answer shows are part of their pictures' summaries: each picture whose
    problems it shows is written to the audit log, as a list of pictures writes it."""
    services.pictures_listed(
        user=person(request),
        pictures=selectors.pictures_shown_by(measures),
        remote_addr=client_address(request),
        via=VIA,
    )


def _allowed(check: Callable[..., None], *args: Any) -> bool:
    """Whether the access layer's ``require_*`` lets it pass: abilities from the same rule."""
    try:
        check(*args)
    except Forbidden:
        return False
    return True


class WriteInput(ContentViewSet):
    def _input(self, serializer_class: type[BaseSerializer], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# Situational pictures

PART_OF = {
    **{name: "summary" for name in ("problems", *SituationPicture.SUMMARY_FIELDS)},
    **{name: "details" for name in SituationPicture.DETAIL_FIELDS},
}


@contextmanager
def errors_in_picture_shape() -> Iterator[None]:
    """The services name fields flat (``groups``, ``problems.0``); a request nests them under
    ``summary`` and ``details``, and so do its errors."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "message_dict"):
            raise
        shaped: dict[str, Any] = {}
        for name, messages in error.message_dict.items():
            field = name.partition(".")[0]
            part = PART_OF.get(field)
            if part is None:
                shaped.setdefault(name, []).extend(messages)
            else:
                shaped.setdefault(part, {}).setdefault(field, []).extend(messages)
        raise serializers.ValidationError(shaped) from None


def picture_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """A request's nested parts as the services' keyword arguments."""
    fields = {key: value for key, value in data.items() if key not in ("summary", "details")}
    summary = dict(data.get("summary") or {})
    if "problems" in summary:
        fields["problems"] = [dict(problem) for problem in summary.pop("problems")]
    fields.update(summary)
    fields.update(data.get("details") or {})
    return fields


def picture_listing(rows: QuerySet[SituationPicture]) -> QuerySet[SituationPicture]:
    return rows.prefetch_related(
        Prefetch("problems", queryset=Problem.objects.order_by("position", "pk"))
    )


NO_DEPARTMENTS = OpenApiResponse(
    ErrorSerializer,
    description="You may not see departments' pictures and plans at all (civil society).",
)
PICTURE = OpenApiResponse(
    SituationPictureSerializer,
    description="The picture; details is null if you may read its summary only. The read is "
    "written to the audit log.",
    examples=[examples.SITUATION_PICTURE],
)
PICTURE_CREATED = LinkedResponse(
    SituationPictureSerializer,
    description="The picture was written (version 1); its URL is in the Location header.",
    examples=[examples.SITUATION_PICTURE],
    links=links_by_id(
        ("situation_pictures_retrieve", "Read the new picture."),
        ("situation_pictures_partial_update", "Change the new picture."),
        ("situation_pictures_versions_list", "The new picture's versions."),
        ("situation_pictures_share_create", "Share the new picture's summary."),
    ),
)


@read_operations(
    SituationPictureSerializer,
    example=examples.SITUATION_PICTURE_LISTED,
    listed="A page of the situational pictures whose summary you may read (details is null "
    "in a list). Each picture shown is written to the audit log.",
    detail=PICTURE,
)
class SituationPictureViewSet(WriteInput):
    """Departments' local situational pictures (lägesbilder).

    Never wider than the authorities; the detailed part is read only by the department, the
    coordinator and the security chief. Every read is written to the audit log.
    """

    serializer_class = SituationPictureSerializer
    filterset_class = PictureSearchFilter
    ordering_fields = ["id", "period", "updated_at"]
    ordering = ["department__name", "-period", "id"]

    def get_queryset(self) -> QuerySet[SituationPicture]:
        return picture_listing(selectors.pictures_for(viewer(self.request)))

    def get_serializer_context(self) -> dict[str, Any]:
        caller = viewer(self.request)
        return {
            **super().get_serializer_context(),
            "abilities": lambda picture: {
                "change": keeps(caller, picture.network_id, picture.department_id),
                "share": keeps(caller, picture.network_id, picture.department_id),
            },
        }

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(page or [])
        services.pictures_listed(
            user=person(request), pictures=rows, remote_addr=client_address(request), via=VIA
        )
        data = SituationPictureSerializer(rows, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(data.data)

    def _read(self, pk: object) -> tuple[SituationPicture, bool]:
        return services.picture_read(
            user=person(self.request), pk=pk, remote_addr=client_address(self.request), via=VIA
        )

    def _answer(self, pk: object) -> dict[str, Any]:
        picture, details = self._read(pk)
        context = {
            **self.get_serializer_context(),
            "details_of": {picture.pk} if details else set(),
        }
        return SituationPictureSerializer(picture, context=context).data

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._answer(pk))

    @extend_schema(
        request=PictureCreateSerializer,
        responses={201: PICTURE_CREATED, 404: NO_DEPARTMENTS},
        parameters=[LOCATION],
        examples=[examples.SITUATION_PICTURE_REQUEST],
    )
    def create(self, request: Request) -> Response:
        data = picture_fields(self._input(PictureCreateSerializer))
        with errors_in_picture_shape():
            picture = services.picture_create(author=person(request), **data)
        return created(
            request, self._answer(picture.pk), "api:situation-picture-detail", picture.pk
        )

    @extend_schema(
        request=PictureChangeSerializer,
        responses={200: PICTURE},
        examples=[examples.SITUATION_PICTURE_CHANGE_REQUEST],
        summary="Change the picture: a new version is kept; given problems replace the mapping",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        caller = viewer(request)
        picture = picture_for_read(caller, pk)
        require_keep(caller, picture)
        data = picture_fields(self._input(PictureChangeSerializer, partial=True))
        with errors_in_picture_shape():
            services.picture_update(picture=picture, actor=person(request), **data)
        return Response(self._answer(picture.pk))

    @extend_schema(
        responses={
            200: OpenApiResponse(
                PictureVersionSerializer(many=True),
                description="A page of the picture's versions, the latest first; the detailed "
                "part only if you may read it. The read is written to the audit log.",
                examples=[examples.SITUATION_PICTURE_VERSION],
            )
        },
        summary="The picture's versions, newest first",
        operation_id="situation_pictures_versions_list",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def versions(self, request: Request, pk: str) -> Response:
        picture, details = self._read(pk)
        page = self.paginate_queryset(picture.versions.order_by("-number"))
        data = PictureVersionSerializer(page, many=True, context={"details": details}).data
        return self.get_paginated_response(data)

    @extend_schema(
        responses={
            200: OpenApiResponse(
                PictureReadSerializer(many=True),
                description="A page of the picture's part of the audit log, newest first: "
                "who read it or changed whom it is shared with, which part, through which path "
                "and from where. For the security chief of its network; 403 for another reader "
                "of the picture, 404 for whoever does not read it.",
                examples=[examples.SITUATION_PICTURE_READ],
            )
        },
        summary="Who read the picture",
        operation_id="situation_pictures_reads_list",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def reads(self, request: Request, pk: str) -> Response:
        caller = viewer(request)
        picture = picture_for_read(caller, pk)
        require_picture_log(caller, picture)
        page = self.paginate_queryset(selectors.picture_log(picture))
        return self.get_paginated_response(PictureReadSerializer(page, many=True).data)

    @extend_schema(
        request=PictureShareSerializer,
        responses={
            200: OpenApiResponse(
                PictureShareSerializer,
                description="Whether the organisation now reads the picture's summary.",
                examples=[examples.SITUATION_PICTURE_SHARE],
            )
        },
        examples=[examples.SITUATION_PICTURE_SHARE_REQUEST],
        summary="Share the picture's summary with another authority, or stop sharing it",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def share(self, request: Request, pk: str) -> Response:
        caller = viewer(request)
        picture = picture_for_read(caller, pk)
        require_keep(caller, picture)
        data = self._input(PictureShareSerializer)
        services.picture_share(
            picture=picture,
            actor=person(request),
            organisation=data["organisation"],
            shared=data["shared"],
        )
        return Response({"organisation": data["organisation"].pk, "shared": data["shared"]})


# Action plans and measures


def measures_chain(caller: Viewer) -> QuerySet[Measure]:
    """Measures with their problem, the activities carrying them out that the caller may see,
    and their indicator values, in a fixed number of queries (as ``selectors.plan_chain``)."""
    activities = Activity.objects.filter(activity_visible_q(caller)).order_by("starts_on", "pk")
    return (
        selectors.measures_for(caller)
        .prefetch_related(
            Prefetch("activities", queryset=activities.only("id", "measure_id")),
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period", "kind")),
        )
        .order_by("problem__position", "pk")
    )


def plan_abilities(caller: Viewer) -> Callable[[ActionPlan], dict[str, bool]]:
    return lambda plan: {
        "change": keeps(caller, plan.network_id, plan.department_id),
        "approve": _allowed(require_approve_plan, caller, plan),
    }


PLAN = OpenApiResponse(
    ActionPlanSerializer, description="The action plan.", examples=[examples.ACTION_PLAN]
)

# An exported plan: one row per measure, in the order of the problems it answers.
EXPORT_COLUMNS = (
    "id",
    "problem",
    "measure",
    "owner_organisation",
    "owner",
    "direction",
    "horizon",
    "indicator",
    "baseline",
    "target",
    "status",
    "latest_period",
    "latest_kind",
    "latest_value",
)


def export_row(measure: Measure) -> dict[str, Any]:
    """A measure as a row of the export; its latest value is that of the latest period."""
    values = list(measure.values.all())
    latest = max(values, key=lambda v: (v.period, v.kind == "follow_up", v.pk), default=None)
    owner = measure.owner
    problem = problem_shown(measure)
    return {
        "id": measure.pk,
        "problem": problem.title if problem is not None else None,
        "measure": measure.title,
        "owner_organisation": measure.owner_organisation.name,
        "owner": (owner.get_full_name() or owner.username) if owner is not None else None,
        "direction": measure.direction.code,
        "horizon": measure.horizon,
        "indicator": measure.indicator,
        "baseline": measure.baseline,
        "target": measure.target,
        "status": measure.status,
        "latest_period": latest.period if latest is not None else None,
        "latest_kind": latest.kind if latest is not None else None,
        "latest_value": str(latest.value) if latest is not None else None,
    }


class PlanCSVRenderer(CSVRenderer):
    def columns(self, renderer_context: Mapping[str, Any]) -> list[str]:
        return list(EXPORT_COLUMNS)


class PlanExportRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The measure.")
    problem = serializers.CharField(
        allow_null=True,
        help_text="The title of the problem the measure answers; null (an empty cell in CSV) "
        "if you may not read the summary of the situational picture it belongs to.",
    )
    measure = serializers.CharField(help_text="The measure's title.")
    owner_organisation = serializers.CharField(help_text="The responsible organisation.")
    owner = serializers.CharField(allow_null=True, help_text="The responsible person.")
    direction = serializers.CharField(help_text="The strategic direction's code.")
    horizon = serializers.CharField()
    indicator = serializers.CharField()
    baseline = serializers.CharField()
    target = serializers.CharField()
    status = serializers.CharField(help_text="green, yellow or red.")
    latest_period = serializers.CharField(allow_null=True)
    latest_kind = serializers.CharField(allow_null=True, help_text="follow_up or evaluation.")
    latest_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True
    )


class PlanExportSerializer(serializers.Serializer):
    results = PlanExportRowSerializer(many=True)


EXPORT_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="csv answers as text/csv, like `Accept: text/csv`. Any other value is refused "
    "with 400, naming the formats offered.",
)
_EXPORT_ROW = {
    "id": 4,
    "problem": "Rekrytering vid köpcentret",
    "measure": "Fältassistenter kvällstid",
    "owner_organisation": "Skol- och fritidsförvaltningen",
    "owner": "Sara Lind",
    "direction": "prevention",
    "horizon": "short",
    "indicator": "Antal kvällar med fältassistenter",
    "baseline": "2 per vecka",
    "target": "4 per vecka",
    "status": "yellow",
    "latest_period": "2026-Q1",
    "latest_kind": "follow_up",
    "latest_value": "3.00",
}
PLAN_EXPORT_JSON = OpenApiExample(
    "Handlingsplanens åtgärder", value={"results": [_EXPORT_ROW]}, response_only=True
)
PLAN_EXPORT_CSV = OpenApiExample(
    "Handlingsplanens åtgärder som CSV",
    value=",".join(EXPORT_COLUMNS)
    + "\r\n"
    + ",".join(str(value) for value in _EXPORT_ROW.values())
    + "\r\n",
    media_type="text/csv",
    response_only=True,
)
PLAN_CREATED = LinkedResponse(
    ActionPlanSerializer,
    description="The plan was made; its URL is in the Location header.",
    examples=[examples.ACTION_PLAN],
    links=links_by_id(
        ("action_plans_retrieve", "Read the new plan."),
        ("action_plans_revise_create", "Revise the new plan."),
        ("action_plans_approve_create", "Approve the new plan (the security chief)."),
    ),
)


@read_operations(
    ActionPlanSerializer,
    example=examples.ACTION_PLAN,
    listed="A page of the action plans you may read, with their measures.",
    detail=PLAN,
)
class ActionPlanViewSet(JsonErrors, WriteInput):
    """Departments' yearly action plans (handlingsplaner) and their measures.

    Each measure answers a problem of the department's situational picture; activities carry
    measures out, and indicator values follow them up.
    """

    serializer_class = ActionPlanSerializer
    filterset_class = PlanSearchFilter
    ordering_fields = ["id", "year", "next_revision_due", "updated_at"]
    ordering = ["department__name", "-year", "id"]

    def get_queryset(self) -> QuerySet[ActionPlan]:
        caller = viewer(self.request)
        return selectors.plans_for(caller).prefetch_related(
            Prefetch("measures", queryset=measures_chain(caller))
        )

    def get_object(self) -> ActionPlan:
        return plan_for_read(viewer(self.request), self.kwargs["pk"], self.get_queryset())

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "abilities": plan_abilities(viewer(self.request)),
        }

    def _shown(self, plans: list[ActionPlan]) -> list[dict[str, Any]]:
        """The plans as answered, their problems' pictures written to the audit log."""
        problems_read(self.request, (m for plan in plans for m in plan.measures.all()))
        data = ActionPlanSerializer(plans, many=True, context=self.get_serializer_context()).data
        return cast(list[dict[str, Any]], data)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._shown(list(page or [])))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._shown([self.get_object()])[0])

    def _answer(self, plan: ActionPlan) -> dict[str, Any]:
        return self._shown([self.get_queryset().get(pk=plan.pk)])[0]

    @extend_schema(
        request=ActionPlanCreateSerializer,
        responses={201: PLAN_CREATED, 404: NO_DEPARTMENTS},
        parameters=[LOCATION],
        examples=[examples.ACTION_PLAN_REQUEST],
    )
    def create(self, request: Request) -> Response:
        data = self._input(ActionPlanCreateSerializer)
        plan = services.plan_create(author=person(request), **data)
        return created(request, self._answer(plan), "api:action-plan-detail", plan.pk)

    @extend_schema(
        request=PlanReviseSerializer,
        responses={200: PLAN},
        summary="Revise the plan (yearly): the next revision is due a year later; a new "
        "approval is needed",
        examples=[examples.ACTION_PLAN_REVISE_REQUEST],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def revise(self, request: Request, pk: str) -> Response:
        caller = viewer(request)
        plan = plan_for_read(caller, pk)
        require_keep(caller, plan)
        data = self._input(PlanReviseSerializer)
        plan = services.plan_revise(plan=plan, actor=person(request), **data)
        return Response(self._answer(plan))

    @extend_schema(
        request=None,
        responses={200: PLAN},
        summary="Approve the plan (the security chief only)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request: Request, pk: str) -> Response:
        plan = plan_for_read(viewer(request), pk)
        plan = services.plan_approve(plan=plan, actor=person(request))
        return Response(self._answer(plan))

    @extend_schema(
        parameters=[EXPORT_FORMAT],
        responses={
            (200, "application/json"): OpenApiResponse(
                PlanExportSerializer,
                description="The plan's measures, one row each, as in the CSV. The export is "
                "written to the audit log.",
                examples=[PLAN_EXPORT_JSON],
            ),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The plan's measures as CSV, with a header line. The export is "
                "written to the audit log.",
                examples=[PLAN_EXPORT_CSV],
            ),
        },
        summary="The plan's measures as rows: problem, owner, direction, indicator, latest value",
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        renderer_classes=[JSONRenderer, PlanCSVRenderer],
    )
    def export(self, request: Request, pk: str) -> Response:
        caller = viewer(request)
        plan = plan_for_read(caller, pk)
        measures = list(
            measures_chain(caller).filter(plan=plan).select_related("owner", "direction")
        )
        services.plan_exported(
            user=person(request), plan=plan, remote_addr=client_address(request), via=VIA
        )
        problems_read(request, measures)
        response = Response({"results": [export_row(measure) for measure in measures]})
        if isinstance(request.accepted_renderer, PlanCSVRenderer):
            name = f"handlingsplan-{int(plan.pk)}-{int(plan.year)}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(
        parameters=[GapsQuerySerializer],
        responses={
            200: OpenApiResponse(
                GapsSerializer,
                description="Problems without measures, measures without activities you may "
                "see, and measures with no indicator value for the period.",
                examples=[examples.GAPS],
            )
        },
        summary="Where the chain from problem to follow-up breaks, in one network",
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def gaps(self, request: Request) -> Response:
        query = GapsQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        found = selectors.gaps(
            viewer(request), query.validated_data["network"].pk, query.validated_data["period"]
        )
        # The problems shown are part of their pictures' summaries, as on the gap page.
        pictures = {p.picture_id: p.picture for p in found.problems_without_measures}
        services.pictures_listed(
            user=person(request),
            pictures=list(pictures.values()),
            remote_addr=client_address(request),
            via=VIA,
        )
        return Response(GapsSerializer(found).data)


MEASURE = OpenApiResponse(
    MeasureSerializer, description="The measure.", examples=[examples.MEASURE]
)


@read_operations(
    MeasureSerializer,
    example=examples.MEASURE,
    listed="A page of the measures of the action plans you may read.",
    detail=MEASURE,
)
class MeasureViewSet(WriteInput):
    """Measures of action plans, each answering a problem of a situational picture."""

    serializer_class = MeasureSerializer
    filterset_class = MeasureProblemFilter
    ordering_fields = ["id", "title", "status", "updated_at"]
    ordering = ["plan", "problem__position", "id"]

    def get_queryset(self) -> QuerySet[Measure]:
        return measures_chain(viewer(self.request))

    def get_object(self) -> Measure:
        caller = viewer(self.request)
        measure = measure_for_read(caller, self.kwargs["pk"])
        return self.get_queryset().get(pk=measure.pk)

    def _shown(self, measures: list[Measure]) -> list[dict[str, Any]]:
        """The measures as answered, their problems' pictures written to the audit log."""
        problems_read(self.request, measures)
        data = MeasureSerializer(measures, many=True, context=self.get_serializer_context()).data
        return cast(list[dict[str, Any]], data)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._shown(list(page or [])))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._shown([self.get_object()])[0])

    def _answer(self, measure: Measure) -> dict[str, Any]:
        return self._shown([self.get_queryset().get(pk=measure.pk)])[0]

    @extend_schema(
        request=MeasureCreateSerializer,
        responses={
            201: LinkedResponse(
                MeasureSerializer,
                description="The measure was added; its URL is in the Location header.",
                examples=[examples.MEASURE],
                links=links_by_id(
                    ("measures_retrieve", "Read the new measure."),
                    ("measures_partial_update", "Change the new measure."),
                    ("measures_values_create", "Record a value of its indicator."),
                ),
            )
        },
        parameters=[LOCATION],
        examples=[examples.MEASURE_REQUEST],
    )
    def create(self, request: Request) -> Response:
        data = self._input(MeasureCreateSerializer)
        measure = services.measure_add(actor=person(request), **data)
        return created(request, self._answer(measure), "api:measure-detail", measure.pk)

    @extend_schema(
        request=MeasureChangeSerializer,
        responses={200: MEASURE},
        examples=[examples.MEASURE_CHANGE_REQUEST],
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        caller = viewer(request)
        measure = measure_for_read(caller, pk)
        require_keep(caller, measure.plan)
        data = self._input(MeasureChangeSerializer, partial=True)
        measure = services.measure_update(measure=measure, actor=person(request), **data)
        return Response(self._answer(measure))

    @extend_schema(
        request=IndicatorValueWriteSerializer,
        responses={
            201: OpenApiResponse(
                MeasureSerializer,
                description="The value was recorded (replacing one of the same period and "
                "kind); the measure with its values, whose URL is in the Location header.",
                examples=[examples.MEASURE],
            )
        },
        parameters=[LOCATION],
        examples=[examples.INDICATOR_VALUE_REQUEST],
        summary="Record a value of the measure's indicator: follow-up or evaluation",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def values(self, request: Request, pk: str) -> Response:
        caller = viewer(request)
        measure = measure_for_read(caller, pk)
        require_keep(caller, measure.plan)
        data = self._input(IndicatorValueWriteSerializer)
        services.indicator_record(measure=measure, actor=person(request), **data)
        return created(request, self._answer(measure), "api:measure-detail", measure.pk)
