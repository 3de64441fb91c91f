"""Meetings, their agenda, attendance and minutes, and action items.

What the caller may not see answers 404, whether it exists or not; what the caller sees but may
not change answers 403; approved minutes answer 409 to every change. The access layer is asked
before the request body is read, so that the answer does not depend on what was sent. Every
write goes through the meeting services, which ask the access layer again.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api import examples
from api.filters import ActionItemFilter, MeetingFilter
from api.meeting_serializers import (
    ActionItemChangeSerializer,
    ActionItemCreateSerializer,
    ActionItemSerializer,
    AgendaItemSerializer,
    AgendaItemWriteSerializer,
    AgendaOrderSerializer,
    AttendanceSerializer,
    AttendanceWriteSerializer,
    MeetingChangeSerializer,
    MeetingCreateSerializer,
    MeetingListSerializer,
    MeetingSerializer,
    MinutesEntrySerializer,
    MinutesWriteSerializer,
    RespondSerializer,
    ReviseSerializer,
)
from api.renderers import CSVRenderer
from api.schema import (
    FORBIDDEN,
    LOCATION,
    ApiSchema,
    ErrorSerializer,
    LinkedResponse,
    links_by_id,
    read_operations,
)
from api.views.base import ContentViewSet, created, person, viewer
from network.access import (
    action_item_for_view,
    activity_visible_q,
    meeting_abilities,
    meeting_for_change,
    meeting_for_view,
    meeting_visible_q,
    require_content_reader,
)
from network.access.meetings import require_run
from network.access.rules import fetch_visible
from network.meetings import services
from network.meetings.calendar import meeting_calendar
from network.models import (
    ActionItem,
    Activity,
    AgendaItem,
    Invitation,
    Meeting,
    MinutesApproval,
    User,
)

# The most rows one CSV download holds.
MAX_CSV_ROWS = 10_000


def meeting_listing(rows: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What a list shows, fetched in a fixed number of queries."""
    return rows.prefetch_related(
        Prefetch("approvers", queryset=User.objects.only("id")),
        Prefetch("invitations", queryset=Invitation.objects.order_by("pk")),
    )


def meeting_detail(rows: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What one meeting shows: its agenda with minutes, attendance, action items, versions."""
    return meeting_listing(rows).prefetch_related(
        "invited_organisations",
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("minutes").order_by("position", "pk"),
        ),
        "attendance",
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.select_related("direction", "meeting").order_by(
                "due_on", "pk"
            ),
        ),
        "versions",
        Prefetch("approvals", queryset=MinutesApproval.objects.order_by("approved_at", "pk")),
    )


def visible_activities(request: Request, items: Iterable[ActionItem]) -> frozenset[int]:
    """Of the activities the action items link to, those the caller may see: one query."""
    ids = {item.activity_id for item in items if item.activity_id is not None}
    if not ids:
        return frozenset()
    rows = Activity.objects.filter(activity_visible_q(viewer(request)), pk__in=ids)
    return frozenset(rows.values_list("pk", flat=True))


class JsonErrors:
    """Errors are always JSON: a CSV or a calendar of field errors would help nobody."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(response, "status_code", 200) >= 400 and not isinstance(
            getattr(request, "accepted_renderer", None), JSONRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class WriteInput(viewsets.GenericViewSet):
    """Reads a request body through a serializer, after the access layer has been asked."""

    def _input(self, serializer_class: type[BaseSerializer], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class CalendarRenderer(BaseRenderer):
    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return data if isinstance(data, bytes) else b""


ACTION_ITEM_COLUMNS = (
    "id",
    "meeting",
    "meeting_title",
    "title",
    "owner_organisation",
    "owner",
    "due_on",
    "status",
    "done_on",
    "activity",
    "direction",
)


class ActionItemCSVRenderer(CSVRenderer):
    def columns(self, renderer_context: Mapping[str, Any]) -> list[str]:
        return list(ACTION_ITEM_COLUMNS)

    def rows(self, data: Any) -> list[Mapping[str, Any]]:
        return data if isinstance(data, list) else []


CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The meeting's state does not allow this: its minutes are approved (open a new version "
        "first), it is cancelled, or the change of state is not one it can make."
    ),
)

MEETING = OpenApiResponse(
    MeetingSerializer, description="The meeting as it is now.", examples=[examples.MEETING]
)
MEETING_CREATED = LinkedResponse(
    MeetingSerializer,
    description="The meeting was arranged, in draft; its URL is in the Location header.",
    examples=[examples.MEETING_CREATED],
    links=links_by_id(
        ("meetings_retrieve", "Read the new meeting."),
        ("meetings_partial_update", "Change the new meeting."),
        ("meetings_schedule_create", "Send out the invitations."),
    ),
)
AGENDA_ITEM = OpenApiResponse(
    AgendaItemSerializer, description="The agenda item.", examples=[examples.AGENDA_ITEM]
)


def _transition(summary: str, description: str) -> Any:
    return extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(MeetingSerializer, description, [examples.MEETING]),
            409: CONFLICT,
        },
        summary=summary,
    )


@read_operations(
    MeetingListSerializer,
    example=examples.MEETING_LISTED,
    listed="A page of the meetings you may see.",
    detail=MEETING,
)
class MeetingViewSet(JsonErrors, WriteInput, ContentViewSet):
    """Meetings you may see: arrange and run them, write their minutes, and approve them."""

    serializer_class = MeetingListSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["id", "title", "starts_at", "ends_at", "state", "updated_at"]

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.filter(meeting_visible_q(viewer(self.request)))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return meeting_listing(super().filter_queryset(queryset))

    def get_object(self) -> Meeting:
        return self._meeting()

    def _meeting(self, pk: object = None) -> Meeting:
        rows = meeting_detail(Meeting.objects.select_related("network"))
        return meeting_for_view(viewer(self.request), pk or self.kwargs["pk"], rows)

    def _answer(self, meeting: Meeting) -> Response:
        return Response(self._data(meeting))

    def _data(self, meeting: Meeting, *, fetched: bool = False) -> dict[str, Any]:
        """The meeting read back as a detail shows it (unless it was just so read)."""
        fresh = meeting if fetched else self._meeting(meeting.pk)
        context = {
            **self.get_serializer_context(),
            "abilities": meeting_abilities(viewer(self.request), fresh),
            "visible_activities": visible_activities(self.request, fresh.action_items.all()),
        }
        return dict(MeetingSerializer(fresh, context=context).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._data(self._meeting(), fetched=True))

    @extend_schema(
        request=MeetingCreateSerializer,
        responses={201: MEETING_CREATED},
        parameters=[LOCATION],
        examples=[examples.MEETING_REQUEST],
    )
    def create(self, request: Request) -> Response:
        data = self._input(MeetingCreateSerializer)
        meeting = services.meeting_create(author=person(request), **data)
        return created(request, self._data(meeting), "api:meeting-detail", meeting.pk)

    @extend_schema(
        request=MeetingChangeSerializer,
        responses={200: MEETING, 409: CONFLICT},
        examples=[examples.MEETING_CHANGE_REQUEST],
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_change(viewer(request), pk)
        data = self._input(MeetingChangeSerializer, partial=True)
        meeting = services.meeting_update(meeting=meeting, actor=person(request), **data)
        return self._answer(meeting)

    def _run(self, service: Any, pk: str) -> Response:
        meeting = meeting_for_view(viewer(self.request), pk)
        return self._answer(service(meeting=meeting, actor=person(self.request)))

    @_transition("Send out the invitations (draft → scheduled)", "The meeting, scheduled.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def schedule(self, request: Request, pk: str) -> Response:
        return self._run(services.meeting_schedule, pk)

    @_transition(
        "Mark the meeting held (scheduled → held); the minutes are numbered § 1, § 2, …",
        "The meeting, held, with its numbered minutes.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def hold(self, request: Request, pk: str) -> Response:
        return self._run(services.meeting_hold, pk)

    @_transition("Cancel the meeting (draft or scheduled)", "The meeting, cancelled.")
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._run(services.meeting_cancel, pk)

    @_transition(
        "Approve (justera) the minutes: the chair and the named approvers",
        "The meeting; approved once the chair and every approver have approved.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_view(viewer(request), pk)
        services.meeting_approve(
            meeting=meeting, actor=person(request), remote_addr=request.META.get("REMOTE_ADDR")
        )
        return self._answer(meeting)

    @extend_schema(
        request=ReviseSerializer,
        responses={200: MEETING, 409: CONFLICT},
        examples=[examples.REVISE_REQUEST],
        summary="Open a new version of approved minutes, with a reason",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def revise(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_view(viewer(request), pk)
        data = self._input(ReviseSerializer)
        meeting = services.meeting_revise(
            meeting=meeting,
            actor=person(request),
            reason=data["reason"],
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
        return self._answer(meeting)

    @extend_schema(
        request=RespondSerializer,
        responses={200: MEETING, 409: CONFLICT},
        examples=[examples.RESPOND_REQUEST],
        summary="Answer the invitation: yes, no or maybe",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def respond(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_view(viewer(request), pk)
        data = self._input(RespondSerializer)
        services.meeting_respond(meeting=meeting, actor=person(request), response=data["response"])
        return self._answer(meeting)

    @extend_schema(
        request=None,
        responses={
            201: LinkedResponse(
                MeetingSerializer,
                description="The next meeting of the series; its URL is in the Location header.",
                examples=[examples.MEETING_CREATED],
                links=links_by_id(("meetings_retrieve", "Read the next meeting.")),
            ),
            409: CONFLICT,
        },
        parameters=[LOCATION],
        summary="Arrange the next meeting of the series",
    )
    @action(detail=True, methods=["post"], url_path="next", filter_backends=[])
    def next_meeting(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_view(viewer(request), pk)
        following = services.series_next(meeting=meeting, actor=person(request))
        return created(request, self._data(following), "api:meeting-detail", following.pk)

    @extend_schema(
        request=AgendaItemWriteSerializer,
        responses={
            201: LinkedResponse(
                AgendaItemSerializer,
                description="The item, last on the agenda; its URL is in the Location header.",
                examples=[examples.AGENDA_ITEM],
                links=links_by_id(("agenda_items_retrieve", "Read the new item.")),
            ),
            409: CONFLICT,
        },
        parameters=[LOCATION],
        examples=[examples.AGENDA_ITEM_REQUEST],
        summary="Add an item to the agenda",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def agenda(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_change(viewer(request), pk)
        data = self._input(AgendaItemWriteSerializer)
        item = services.agenda_item_add(meeting=meeting, actor=person(request), **data)
        fresh = AgendaItem.objects.select_related("minutes").get(pk=item.pk)
        return created(request, AgendaItemSerializer(fresh).data, "api:agenda-item-detail", item.pk)

    @extend_schema(
        request=AgendaOrderSerializer,
        responses={
            200: OpenApiResponse(
                AgendaItemSerializer(many=True),
                description="The agenda in its new order.",
                examples=[examples.AGENDA],
            ),
            409: CONFLICT,
        },
        examples=[examples.AGENDA_ORDER_REQUEST],
        summary="Put the agenda in a new order",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="agenda/order",
        filter_backends=[],
        pagination_class=None,
    )
    def agenda_order(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_change(viewer(request), pk)
        data = self._input(AgendaOrderSerializer)
        services.agenda_reorder(meeting=meeting, actor=person(request), order=data["order"])
        rows = meeting.agenda_items.select_related("minutes").order_by("position", "pk")
        return Response(AgendaItemSerializer(rows, many=True).data)

    @extend_schema(
        request=AttendanceWriteSerializer,
        responses={
            200: OpenApiResponse(
                AttendanceSerializer,
                description="Whether the person was there, as now recorded.",
                examples=[examples.ATTENDANCE],
            ),
            409: CONFLICT,
        },
        examples=[examples.ATTENDANCE_REQUEST],
        summary="Record whether one person was there",
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def attendance(self, request: Request, pk: str) -> Response:
        meeting = meeting_for_change(viewer(request), pk)
        data = self._input(AttendanceWriteSerializer)
        row = services.attendance_record(meeting=meeting, actor=person(request), **data)
        return Response(AttendanceSerializer(row).data)

    @extend_schema(
        request=None,
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.STR,
                description=(
                    "The meeting as iCalendar (RFC 5545); a cancelled meeting as a cancellation."
                ),
                examples=[examples.MEETING_ICS],
            )
        },
        summary="The meeting as iCalendar",
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        renderer_classes=[CalendarRenderer, JSONRenderer],
    )
    def ics(self, request: Request, pk: str) -> HttpResponse:
        meeting = meeting_for_view(
            viewer(request), pk, Meeting.objects.select_related("network", "organiser")
        )
        response = HttpResponse(
            meeting_calendar(meeting), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


class AgendaItemViewSet(JsonErrors, WriteInput):
    """One agenda item of a meeting you may see: change it, remove it, write its minutes."""

    schema = ApiSchema()
    serializer_class = AgendaItemSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends: list[Any] = []
    pagination_class = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        require_content_reader(viewer(request))

    def get_object(self) -> AgendaItem:
        rows = AgendaItem.objects.select_related("meeting__network", "minutes").filter(
            meeting_visible_q(viewer(self.request), "meeting__")
        )
        return fetch_visible(rows, self.kwargs["pk"], _("No such agenda item."))

    def _for_change(self) -> AgendaItem:
        item = self.get_object()
        require_run(viewer(self.request), item.meeting)
        return item

    def _answer(self, item: AgendaItem) -> Response:
        fresh = AgendaItem.objects.select_related("minutes").get(pk=item.pk)
        return Response(AgendaItemSerializer(fresh).data)

    @extend_schema(responses={200: AGENDA_ITEM})
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AgendaItemSerializer(self.get_object()).data)

    @extend_schema(
        request=AgendaItemWriteSerializer,
        responses={200: AGENDA_ITEM, 409: CONFLICT},
        examples=[examples.AGENDA_ITEM_REQUEST],
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self._for_change()
        data = self._input(AgendaItemWriteSerializer, partial=True)
        return self._answer(services.agenda_item_update(item=item, actor=person(request), **data))

    @extend_schema(
        responses={
            204: OpenApiResponse(description="The item was removed."),
            403: FORBIDDEN,
            409: CONFLICT,
        }
    )
    def destroy(self, request: Request, pk: str) -> Response:
        item = self._for_change()
        services.agenda_item_delete(item=item, actor=person(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=MinutesWriteSerializer,
        responses={
            200: OpenApiResponse(
                MinutesEntrySerializer,
                description="The minutes of the item as now written.",
                examples=[examples.MINUTES],
            ),
            409: CONFLICT,
        },
        examples=[examples.MINUTES_REQUEST],
        summary="Write the minutes of the item",
    )
    @action(detail=True, methods=["put"])
    def minutes(self, request: Request, pk: str) -> Response:
        item = self._for_change()
        data = self._input(MinutesWriteSerializer)
        entry = services.minutes_write(item=item, actor=person(request), **data)
        return Response(MinutesEntrySerializer(entry).data)


CSV_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description=(
        "csv answers the whole filtered list as text/csv, like `Accept: text/csv`. Any other "
        "value is refused with 400, naming the formats offered."
    ),
)
ACTION_ITEM = OpenApiResponse(
    ActionItemSerializer, description="The action item.", examples=[examples.ACTION_ITEM]
)


@extend_schema_view(retrieve=extend_schema(responses={200: ACTION_ITEM}))
class ActionItemViewSet(JsonErrors, WriteInput, mixins.CreateModelMixin, ContentViewSet):
    """Action items given at meetings you may see, and their follow-up."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    ordering_fields = ["id", "due_on", "status", "updated_at"]

    def get_renderers(self) -> list[BaseRenderer]:
        if getattr(self, "action", None) == "list":
            return [JSONRenderer(), ActionItemCSVRenderer()]
        return [JSONRenderer()]

    def get_queryset(self) -> QuerySet[ActionItem]:
        return ActionItem.objects.filter(
            meeting_visible_q(viewer(self.request), "meeting__")
        ).select_related("meeting", "direction")

    def get_object(self) -> ActionItem:
        rows = ActionItem.objects.select_related("meeting__network", "direction")
        return action_item_for_view(viewer(self.request), self.kwargs["pk"], rows)

    def _serialize(self, items: list[ActionItem], **kwargs: Any) -> Any:
        context = {
            **self.get_serializer_context(),
            "visible_activities": visible_activities(self.request, items),
        }
        return ActionItemSerializer(
            items if kwargs.get("many") else items[0], context=context, **kwargs
        ).data

    @extend_schema(
        parameters=[CSV_FORMAT],
        responses={
            (200, "application/json"): OpenApiResponse(
                ActionItemSerializer(many=True),
                description="A page of the action items you may see, the earliest due first.",
                examples=[examples.ACTION_ITEM],
            ),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The whole filtered list as CSV, with a header line.",
                examples=[examples.ACTION_ITEMS_CSV],
            ),
        },
    )
    def list(self, request: Request) -> Response:
        rows = self.filter_queryset(self.get_queryset())
        if isinstance(request.accepted_renderer, ActionItemCSVRenderer):
            items = list(rows[:MAX_CSV_ROWS])
            response = Response(self._serialize(items, many=True))
            response["Content-Disposition"] = 'attachment; filename="action-items.csv"'
            return response
        page = self.paginate_queryset(rows)
        items = list(page) if page is not None else list(rows)
        return self.get_paginated_response(self._serialize(items, many=True))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._serialize([self.get_object()]))

    @extend_schema(
        request=ActionItemCreateSerializer,
        responses={
            201: LinkedResponse(
                ActionItemSerializer,
                description="The action item was given; its URL is in the Location header.",
                examples=[examples.ACTION_ITEM],
                links=links_by_id(
                    ("action_items_retrieve", "Read the new action item."),
                    ("action_items_partial_update", "Follow the new action item up."),
                ),
            ),
            409: CONFLICT,
        },
        parameters=[LOCATION],
        examples=[examples.ACTION_ITEM_REQUEST],
    )
    def create(self, request: Request) -> Response:
        data = self._input(ActionItemCreateSerializer)
        item = services.action_item_create(actor=person(request), **data)
        fresh = ActionItem.objects.select_related("meeting", "direction").get(pk=item.pk)
        return created(request, self._serialize([fresh]), "api:action-item-detail", item.pk)

    @extend_schema(
        request=ActionItemChangeSerializer,
        responses={200: ACTION_ITEM, 409: CONFLICT},
        examples=[examples.ACTION_ITEM_CHANGE_REQUEST],
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = self._input(ActionItemChangeSerializer, partial=True)
        item = services.action_item_update(item=item, actor=person(request), **data)
        fresh = ActionItem.objects.select_related("meeting", "direction").get(pk=item.pk)
        return Response(self._serialize([fresh]))
