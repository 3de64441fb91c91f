"""Activities, their tagging, and updates.

What the caller may not see answers 404, whether it exists or not; what the caller sees but may
not change answers 403. The access layer is asked before the request body is read, so that the
answer does not depend on what was sent.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api.filters import ActivityFilter, UpdateFilter
from api.serializers import (
    ActivityChangeSerializer,
    ActivityCreateSerializer,
    ActivitySerializer,
    ActivityTaggingSerializer,
    ActivityTagSerializer,
    UpdateCreateSerializer,
    UpdateSerializer,
)
from api.views.base import ContentViewSet, person, viewer
from network.access import activity_for_change, activity_for_tagging
from network.activities import services
from network.activities.selectors import (
    activities_for_listing,
    activities_visible_to,
    activity_get_for_user,
    activity_tag_history,
    update_get_for_user,
    updates_visible_to,
)
from network.models import Activity, Update


class ActivityViewSet(ContentViewSet):
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
        response = Response(
            ActivitySerializer(fresh, context=self.get_serializer_context()).data, code
        )
        if code == status.HTTP_201_CREATED:
            response["Location"] = self.request.build_absolute_uri(
                f"{self.request.path.rstrip('/')}/{activity.pk}/"
            )
        return response

    def _input(self, serializer_class: type[BaseSerializer], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(request=ActivityCreateSerializer, responses={201: ActivitySerializer})
    def create(self, request: Request) -> Response:
        data = self._input(ActivityCreateSerializer)
        activity = services.activity_create(author=person(request), **data)
        return self._answer(activity, status.HTTP_201_CREATED)

    @extend_schema(request=ActivityChangeSerializer, responses={200: ActivitySerializer})
    def update(self, request: Request, pk: str) -> Response:
        return self._change(partial=False)

    @extend_schema(request=ActivityChangeSerializer, responses={200: ActivitySerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(partial=True)

    def _change(self, *, partial: bool) -> Response:
        activity = activity_for_change(viewer(self.request), self.kwargs["pk"])
        data = self._input(ActivityChangeSerializer, partial=partial)
        activity = services.activity_update(activity=activity, actor=person(self.request), **data)
        return self._answer(activity)

    @extend_schema(
        request=ActivityTagSerializer,
        responses={200: ActivitySerializer},
        summary="Tag the activity with strategic directions (the coordinator only)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def tag(self, request: Request, pk: str) -> Response:
        activity = activity_for_tagging(viewer(request), pk)
        data = self._input(ActivityTagSerializer)
        activity = services.activity_tag(
            activity=activity, actor=person(request), directions=data["directions"]
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


class UpdateViewSet(ContentViewSet):
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
        update = services.update_post(author=person(request), **serializer.validated_data)
        response = Response(UpdateSerializer(update).data, status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(
            f"{request.path.rstrip('/')}/{update.pk}/"
        )
        return response
