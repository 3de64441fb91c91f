"""The caller's own notifications: list, one, and marking them read.

Only the caller's own notifications exist here, and only those about objects the caller may still
see (:func:`network.events.selectors.notifications_for`): anyone else's, or one about an object
that has since become hidden, answers 404 like one that never existed.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api import examples
from api.filters import NotificationFilter
from api.schema import read_operations
from api.serializers import NotificationSerializer, NotificationsMarkedSerializer
from api.views.base import ContentViewSet, person
from network.events import services
from network.events.models import Notification
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
