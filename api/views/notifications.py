"""The caller's own notifications: list, one, marking them read, and the caller's settings.

Only the caller's own notifications exist here, and only those about objects the caller may still
see (:func:`network.events.selectors.notifications_for`): anyone else's, or one about an object
that has since become hidden, answers 404 like one that never existed.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.filters import NotificationFilter
from api.schema import ApiSchema, ErrorSerializer, read_operations
from api.serializers import (
    NotificationSerializer,
    NotificationSettingsSerializer,
    NotificationsMarkedSerializer,
)
from api.views.base import ContentViewSet, person, viewer
from network.access import require_content_reader
from network.events import services
from network.events.models import Notification
from network.events.preferences import notification_preferences_set, notification_settings_for
from network.events.selectors import notification_get_for_user, notifications_for


@read_operations(
    NotificationSerializer,
    example=examples.NOTIFICATION,
    listed="A page of your notifications about what you may still see, the newest first.",
    detail="Your notification.",
)
class NotificationViewSet(ContentViewSet):
    """Your notifications: what happened to activities and updates that concern you."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self) -> QuerySet[Notification]:
        return notifications_for(self.request.user)

    def get_object(self) -> Notification:
        return notification_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(
                NotificationSerializer,
                description="The notification, read; marking it again changes nothing.",
                examples=[examples.NOTIFICATION_READ],
            )
        },
        summary="Mark one notification read",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, pk: str) -> Response:
        notification = services.notification_mark_read(notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(
                NotificationsMarkedSerializer,
                description="How many unread notifications were marked read (0 when none were).",
                examples=[examples.NOTIFICATIONS_MARKED],
            )
        },
        summary="Mark all your notifications read",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="read-all",
        filter_backends=[],
        pagination_class=None,
    )
    def read_all(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(user=person(request))
        return Response({"marked": marked})


NOTIFICATION_SETTINGS_EXAMPLE = OpenApiExample(
    "Notification settings",
    value={
        "language": "sv",
        "all_new_activities": True,
        "events": {
            "activity.created": "live",
            "activity.updated": "digest",
            "activity.tagged": "none",
            "update.posted": "immediate",
        },
    },
    response_only=True,
)
NOTIFICATION_SETTINGS_CHANGE = OpenApiExample(
    "Network-wide news, and an e-mail at once for new activities",
    value={"all_new_activities": True, "events": {"activity.created": "immediate"}},
    request_only=True,
)
SETTINGS_REFUSED_TO_REPORT_READER = OpenApiResponse(
    ErrorSerializer, description="A report reader reads the aggregated reports only."
)


class NotificationSettingsView(APIView):
    """Your notification settings, as on the settings page: one service reads and writes both.

    A change names only what it changes; everything it names is checked before anything is
    saved, so a refused change saves nothing at all.
    """

    schema = ApiSchema()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        require_content_reader(viewer(request))

    def _answer(self, request: Request) -> Response:
        return Response(
            NotificationSettingsSerializer(notification_settings_for(person(request))).data
        )

    @extend_schema(
        responses={
            200: OpenApiResponse(
                NotificationSettingsSerializer,
                description="Your settings, with the defaults for what you never chose.",
                examples=[NOTIFICATION_SETTINGS_EXAMPLE],
            ),
            403: SETTINGS_REFUSED_TO_REPORT_READER,
        },
        summary="Your notification settings",
    )
    def get(self, request: Request) -> Response:
        return self._answer(request)

    @extend_schema(
        request=NotificationSettingsSerializer,
        examples=[NOTIFICATION_SETTINGS_CHANGE],
        responses={
            200: OpenApiResponse(
                NotificationSettingsSerializer,
                description="Your settings after the change: all of them, not only those sent.",
                examples=[NOTIFICATION_SETTINGS_EXAMPLE],
            ),
            403: SETTINGS_REFUSED_TO_REPORT_READER,
        },
        summary="Change some of your notification settings",
    )
    def patch(self, request: Request) -> Response:
        serializer = NotificationSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        chosen = serializer.validated_data
        notification_preferences_set(
            user=person(request),
            deliveries=chosen.get("events"),
            language=chosen.get("language"),
            all_new_activities=chosen.get("all_new_activities"),
        )
        return self._answer(request)
