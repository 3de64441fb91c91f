"""REST API v1. Reads go through the selectors, writes through the services.

What the caller may not see answers 404, whether it exists or not; what the caller sees but may
not change answers 403. The views check who may change an object before they read the request
body, so that the answer does not depend on what was sent.
"""

from typing import Any, cast

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from api.filters import (
    ActivityFilter,
    NetworkFilter,
    OrganisationFilter,
    StableOrderingFilter,
    UpdateFilter,
)
from api.renderers import ReportCSVRenderer
from api.schema import FIELD_ERRORS, THROTTLED, ApiSchema
from api.serializers import (
    ActivityChangeSerializer,
    ActivityCreateSerializer,
    ActivitySerializer,
    ActivityTaggingSerializer,
    ActivityTagSerializer,
    DirectionSerializer,
    MeSerializer,
    NetworkSerializer,
    OrganisationSerializer,
    ReportQuerySerializer,
    ReportSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UpdateCreateSerializer,
    UpdateSerializer,
)
from network import services
from network.access import can_change_activity, can_tag, viewer_for
from network.models import Activity, Network, Organisation, StrategicDirection, Update, User
from network.reports import Grouping, activity_report
from network.selectors import (
    activities_for_listing,
    activities_visible_to,
    activity_get_for_user,
    activity_tag_history,
    network_get_for_user,
    networks_visible_to,
    organisations_visible_to,
    update_get_for_user,
    updates_visible_to,
)

# Authentication and the caller


def _person(request: Request) -> User:
    """The signed-in caller: every view that calls this requires authentication."""
    return cast(User, request.user)


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


class TokenView(APIView):
    """Exchange a username and password for the user's API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]
    schema = ApiSchema()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: FIELD_ERRORS, 429: THROTTLED},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Unable to sign in with the given credentials.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    """The signed-in user, with organisation and roles per network."""

    permission_classes = [IsAuthenticated]
    schema = ApiSchema()

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user = User.objects.prefetch_related("roles").get(pk=_person(request).pk)
        return Response(MeSerializer(user).data)


# Collections


def _get_or_404(queryset: QuerySet, pk: object) -> Any:
    """One object of a visible queryset by id; any bad id is simply not found."""
    try:
        return queryset.get(pk=int(str(pk)))
    except (queryset.model.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail; a detail is looked up by the selector, never through the list filters."""

    schema = ApiSchema()
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    ordering_fields: list[str] = []
    # Any path segment reaches the view, so that a malformed id is a JSON 404 like any other.
    lookup_value_regex = "[^/]+"


class NetworkViewSet(ReadViewSet):
    """The networks you take part in."""

    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter
    ordering_fields = ["id", "name"]

    def get_queryset(self) -> QuerySet[Network]:
        return networks_visible_to(self.request.user).order_by("name", "id")

    def get_object(self) -> Network:
        return network_get_for_user(self.request.user, self.kwargs["pk"])


class OrganisationViewSet(ReadViewSet):
    """The organisations in the networks you take part in, and your own."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    ordering_fields = ["id", "name", "kind"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_visible_to(self.request.user).order_by("name", "id")

    def get_object(self) -> Organisation:
        return _get_or_404(organisations_visible_to(self.request.user), self.kwargs["pk"])


class DirectionViewSet(ReadViewSet):
    """The four strategic directions, looked up by code."""

    serializer_class = DirectionSerializer
    lookup_field = "code"
    filter_backends: list[type] = []
    queryset = StrategicDirection.objects.order_by("position", "id")

    def get_object(self) -> StrategicDirection:
        code = self.kwargs["code"]
        direction = (
            self.get_queryset().filter(code=code).first()
            if code in StrategicDirection.Code.values
            else None
        )
        if direction is None:
            raise Http404
        return direction


class ActivityViewSet(ReadViewSet):
    """Activities (joint actions) you may see.

    Log them, change them and, as the central coordinator, tag them with strategic directions.
    """

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = [
        "id",
        "title",
        "starts_on",
        "ends_on",
        "status",
        "participants_count",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self) -> QuerySet[Activity]:
        return activities_for_listing(activities_visible_to(self.request.user))

    def get_object(self) -> Activity:
        return activity_get_for_user(self.request.user, self.kwargs["pk"])

    def _answer(self, activity: Activity, code: int = status.HTTP_200_OK) -> Response:
        # Read back through the listing queryset, so the answer looks like every other one.
        fresh = activities_for_listing(Activity.objects.filter(pk=activity.pk)).get()
        return Response(ActivitySerializer(fresh, context=self.get_serializer_context()).data, code)

    def _input(self, serializer_class: type[BaseSerializer], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _check_may_change(self, activity: Activity) -> None:
        if not can_change_activity(viewer_for(self.request.user), activity):
            raise PermissionDenied(_("You may not change this activity."))
        services.refuse_if_locked(activity)

    @extend_schema(request=ActivityCreateSerializer, responses={201: ActivitySerializer})
    def create(self, request: Request) -> Response:
        data = self._input(ActivityCreateSerializer)
        activity = services.activity_create(author=_person(request), **data)
        return self._answer(activity, status.HTTP_201_CREATED)

    @extend_schema(request=ActivityChangeSerializer, responses={200: ActivitySerializer})
    def update(self, request: Request, pk: str) -> Response:
        return self._change(partial=False)

    @extend_schema(request=ActivityChangeSerializer, responses={200: ActivitySerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(partial=True)

    def _change(self, *, partial: bool) -> Response:
        activity = self.get_object()
        self._check_may_change(activity)
        data = self._input(ActivityChangeSerializer, partial=partial)
        activity = services.activity_update(activity=activity, actor=_person(self.request), **data)
        return self._answer(activity)

    @extend_schema(
        request=ActivityTagSerializer,
        responses={200: ActivitySerializer},
        summary="Tag the activity with strategic directions (the coordinator only)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def tag(self, request: Request, pk: str) -> Response:
        activity = self.get_object()
        if not can_tag(viewer_for(request.user), activity.network_id):
            raise PermissionDenied(_("Only the central coordinator tags activities."))
        services.refuse_if_locked(activity)
        data = self._input(ActivityTagSerializer)
        activity = services.activity_tag(
            activity=activity, actor=_person(request), directions=data["directions"]
        )
        return self._answer(activity)

    @extend_schema(
        responses={200: ActivityTaggingSerializer(many=True)},
        summary="The activity's tag history, newest first",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def tags(self, request: Request, pk: str) -> Response:
        activity = self.get_object()
        page = self.paginate_queryset(activity_tag_history(activity))
        return self.get_paginated_response(ActivityTaggingSerializer(page, many=True).data)


class UpdateViewSet(ReadViewSet):
    """Updates posted by partner organisations, on the network or on one activity."""

    serializer_class = UpdateSerializer
    filterset_class = UpdateFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self) -> QuerySet[Update]:
        return updates_visible_to(self.request.user)

    def get_object(self) -> Update:
        return update_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=UpdateCreateSerializer, responses={201: UpdateSerializer})
    def create(self, request: Request) -> Response:
        serializer = UpdateCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        update = services.update_post(author=_person(request), **serializer.validated_data)
        return Response(UpdateSerializer(update).data, status=status.HTTP_201_CREATED)


# Reports


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
                enum=["json", "csv"],
                description="csv answers as text/csv, like `Accept: text/csv`.",
            ),
        ],
        responses={
            (200, "application/json"): ReportSerializer,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="The rows as CSV, with a header line."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        self.report_groups = tuple(params.get("group_by", ()))
        network = None
        if "network" in params:
            network = Network.objects.filter(pk=params["network"]).first()
            if network is None:
                return self._report([])
        rows = activity_report(
            user=request.user,
            period=params["period"],
            date_from=params.get("from"),
            date_to=params.get("to"),
            group_by=cast(tuple[Grouping, ...], self.report_groups),
            network=network,
        )
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
