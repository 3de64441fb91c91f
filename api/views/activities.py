"""Activities, their tagging, and updates.

What the caller may not see answers 404, whether it exists or not; what the caller sees but may
not change answers 403. The access layer is asked before the request body is read, so that the
answer does not depend on what was sent.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api import examples
from api.filters import ActivityFilter, UpdateFilter
from api.schema import LOCATION, LinkedResponse, links_by_id, read_operations
from api.serializers import (
    ActivityChangeSerializer,
    ActivityCreateSerializer,
    ActivityFollowSerializer,
    ActivitySerializer,
    ActivityTaggingSerializer,
    ActivityTagSerializer,
    UpdateCreateSerializer,
    UpdateSerializer,
)
from api.views.base import ContentViewSet, created, person, viewer
from network.access import activity_for_change, activity_for_tagging, activity_for_view
from network.access.situation import activity_measure_seen
from network.activities import services
from network.activities.selectors import (
    activities_for_listing,
    activities_visible_to,
    activity_tag_history,
    update_get_for_user,
    updates_visible_to,
)
from network.models import Activity, Update

ACTIVITY = OpenApiResponse(
    ActivitySerializer, description="The activity as it is now.", examples=[examples.ACTIVITY]
)
ACTIVITY_CREATED = LinkedResponse(
    ActivitySerializer,
    description="The activity was logged; its URL is in the Location header.",
    examples=[examples.ACTIVITY_CREATED],
    links=links_by_id(
        ("activities_retrieve", "Read the new activity."),
        ("activities_update", "Replace the new activity."),
        ("activities_partial_update", "Change the new activity."),
        ("activities_tag_create", "Tag the new activity (the coordinator only)."),
        ("activities_tags_list", "The new activity's tag history."),
    ),
)
UPDATE_CREATED = LinkedResponse(
    UpdateSerializer,
    description="The update was posted; its URL is in the Location header.",
    examples=[examples.UPDATE],
    links=links_by_id(("updates_retrieve", "Read the new update.")),
)


@read_operations(
    ActivitySerializer,
    example=examples.ACTIVITY,
    listed="A page of the activities you may see, latest start first.",
    detail=ACTIVITY,
)
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

    def _shown(self, queryset: QuerySet[Activity]) -> QuerySet[Activity]:
        """The rows as the serializer shows them: with whether the caller sees the measure."""
        return activities_for_listing(queryset).annotate(
            measure_seen=activity_measure_seen(viewer(self.request))
        )

    def get_queryset(self) -> QuerySet[Activity]:
        return self._shown(activities_visible_to(self.request.user))

    def get_object(self) -> Activity:
        return activity_for_view(
            viewer(self.request), self.kwargs["pk"], self._shown(Activity.objects.all())
        )

    def _fresh(self, activity: Activity) -> dict[str, Any]:
        # Read back through the listing queryset, so the answer looks like every other one.
        fresh = self._shown(Activity.objects.filter(pk=activity.pk)).get()
        return ActivitySerializer(fresh, context=self.get_serializer_context()).data

    def _input(self, serializer_class: type[BaseSerializer], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        request=ActivityCreateSerializer,
        responses={201: ACTIVITY_CREATED},
        parameters=[LOCATION],
        examples=[examples.ACTIVITY_REQUEST],
    )
    def create(self, request: Request) -> Response:
        data = self._input(ActivityCreateSerializer)
        activity = services.activity_create(author=person(request), **data)
        return created(request, self._fresh(activity), "api:activity-detail", activity.pk)

    @extend_schema(
        request=ActivityChangeSerializer,
        responses={200: ACTIVITY},
        examples=[examples.ACTIVITY_REPLACE_REQUEST],
    )
    def update(self, request: Request, pk: str) -> Response:
        return self._change(partial=False)

    @extend_schema(
        request=ActivityChangeSerializer,
        responses={200: ACTIVITY},
        examples=[examples.ACTIVITY_CHANGE_REQUEST],
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(partial=True)

    def _change(self, *, partial: bool) -> Response:
        activity = activity_for_change(viewer(self.request), self.kwargs["pk"])
        data = self._input(ActivityChangeSerializer, partial=partial)
        activity = services.activity_update(activity=activity, actor=person(self.request), **data)
        return Response(self._fresh(activity))

    @extend_schema(
        request=ActivityTagSerializer,
        responses={
            200: OpenApiResponse(
                ActivitySerializer,
                description="The activity with the directions it is now tagged with.",
                examples=[examples.ACTIVITY],
            )
        },
        examples=[examples.TAG_REQUEST],
        summary="Tag the activity with strategic directions (the coordinator only)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def tag(self, request: Request, pk: str) -> Response:
        activity = activity_for_tagging(viewer(request), pk)
        data = self._input(ActivityTagSerializer)
        activity = services.activity_tag(
            activity=activity, actor=person(request), directions=data["directions"]
        )
        return Response(self._fresh(activity))

    @extend_schema(
        request=ActivityFollowSerializer,
        responses={
            200: OpenApiResponse(
                ActivityFollowSerializer,
                description="Whether you now follow the activity.",
                examples=[
                    OpenApiExample("Following", value={"following": True}, response_only=True)
                ],
            )
        },
        summary="Follow the activity (be told of its changes and updates), or stop following it",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def follow(self, request: Request, pk: str) -> Response:
        activity = self.get_object()
        data = self._input(ActivityFollowSerializer)
        choice = services.activity_follow(
            activity=activity, user=person(request), following=data["following"]
        )
        return Response({"following": choice.following})

    @extend_schema(
        responses={
            200: OpenApiResponse(
                ActivityTaggingSerializer(many=True),
                description="A page of the activity's taggings, the latest first.",
                examples=[examples.TAGGING],
            )
        },
        summary="The activity's tag history, newest first",
        operation_id="activities_tags_list",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def tags(self, request: Request, pk: str) -> Response:
        activity = self.get_object()
        page = self.paginate_queryset(activity_tag_history(activity))
        return self.get_paginated_response(ActivityTaggingSerializer(page, many=True).data)


@read_operations(
    UpdateSerializer,
    example=examples.UPDATE,
    listed="A page of the updates you may see, the latest first.",
    detail="The update.",
)
class UpdateViewSet(ContentViewSet):
    """Updates posted by partner organisations, on the network or on one activity."""

    serializer_class = UpdateSerializer
    filterset_class = UpdateFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self) -> QuerySet[Update]:
        return updates_visible_to(self.request.user)

    def get_object(self) -> Update:
        return update_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=UpdateCreateSerializer,
        responses={201: UPDATE_CREATED},
        parameters=[LOCATION],
        examples=[examples.UPDATE_REQUEST],
    )
    def create(self, request: Request) -> Response:
        serializer = UpdateCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        update = services.update_post(author=person(request), **serializer.validated_data)
        return created(request, UpdateSerializer(update).data, "api:update-detail", update.pk)
