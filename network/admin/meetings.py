"""Meetings, their series, action items and approved minutes.

Meetings are arranged and run on the pages and through the API, where the services check the
people, the times and the text. Here the coordinator reads every meeting of its network, corrects
a meeting's particulars and moves action items on, each through the same services; approved
minutes are read-only, and a save of them is refused before anything is written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Field, Model, QuerySet, URLField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from network.access.meetings import require_open
from network.admin.base import RuledAdmin, RuledInline, RuledRelatedFilter
from network.errors import Conflict, Forbidden
from network.meetings import services as meeting_services
from network.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingSeries,
    MinutesEntry,
    MinutesVersion,
    User,
)

# What the coordinator corrects on a meeting here (through ``meeting_update``); the people, the
# invitations and the visibility are changed on the meeting's page, where they are checked
# against each other.
MEETING_FIELDS = ("title", "kind", "description", "starts_at", "ends_at", "place", "video_link")
# What the coordinator changes on an action item here (through ``action_item_update``).
ACTION_ITEM_FIELDS = ("status", "title", "description", "due_on")


def _every_field(model: type[Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created
    ]


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the admin serves signed-in staff only


class ServiceRefused(Exception):
    """A service refused the save: told to the person, nothing written."""


class ServiceAdmin(RuledAdmin):
    """A model admin whose saves go through a service: a refusal is shown as a message and the
    transaction of the page is rolled back."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def _refused(self, error: Exception) -> ServiceRefused:
        if isinstance(error, ValidationError):
            return ServiceRefused(" ".join(error.messages))
        return ServiceRefused(str(error))


class ReadOnlyInline(RuledInline):
    """Rows of a meeting, shown with it: written on the meeting's page, read here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return _every_field(self.model)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ["position", "title", "kind", "presenter", "planned_minutes"]
    ordering = ["position", "pk"]


class MinutesEntryInline(ReadOnlyInline):
    model = MinutesEntry
    fields = ["number", "agenda_item", "outcome", "text", "decision"]


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["organisation", "user", "status", "substitute_for"]


class ActionItemInline(ReadOnlyInline):
    model = ActionItem
    fields = ["title", "owner_organisation", "owner", "due_on", "status", "done_on"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    list_display = ["title", "starts_at", "kind", "state", "organisation", "visibility"]
    list_filter = [
        ("network", RuledRelatedFilter),
        "state",
        "kind",
        "visibility",
        ("organisation", RuledRelatedFilter),
    ]
    list_select_related = ["organisation"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, AttendanceInline, MinutesEntryInline, ActionItemInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("network", *self.list_select_related)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A change sent for approved minutes (or a cancelled meeting) is a conflict, 409, as on
        the pages and in the API: they change only as a new version, on the meeting's page."""
        if request.method == "POST" and object_id is not None:
            meeting = self.get_object(request, object_id)
            if meeting is not None:
                require_open(meeting)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, URLField):
            kwargs.setdefault("assume_scheme", "https")  # a video link typed without one
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        if obj is None or not self.has_change_permission(request, obj):
            return _every_field(Meeting)
        return [name for name in _every_field(Meeting) if name not in MEETING_FIELDS]

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if not changes:
            return
        try:
            meeting_services.meeting_update(meeting=obj, actor=_actor(request), **changes)
        except (Conflict, Forbidden, ValidationError) as error:
            raise self._refused(error) from error


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(RuledAdmin):
    list_display = ["title", "network", "interval", "unit"]
    list_filter = [("network", RuledRelatedFilter), "unit"]
    list_select_related = ["network"]
    search_fields = ["title"]
    fields = ["network", "title", "interval", "unit", "agenda_template"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # A series stays in its network: moving it would carry its meetings' items elsewhere.
        return ["network"] if obj is not None else []


@admin.register(ActionItem)
class ActionItemAdmin(ServiceAdmin):
    list_display = ["title", "owner_organisation", "owner", "due_on", "status", "meeting"]
    list_filter = [
        ("meeting__network", RuledRelatedFilter),
        "status",
        ("owner_organisation", RuledRelatedFilter),
    ]
    list_select_related = ["owner_organisation", "owner", "meeting"]
    search_fields = ["title", "description"]
    date_hierarchy = "due_on"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("meeting__network", *self.list_select_related)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        every = _every_field(ActionItem)
        if obj is None or not self.has_change_permission(request, obj):
            return every
        # Follow-up goes on after approval; the content is frozen with the minutes.
        frozen = isinstance(obj, ActionItem) and obj.meeting.is_frozen
        editable = ("status",) if frozen else ACTION_ITEM_FIELDS
        return [name for name in every if name not in editable]

    def save_model(self, request: HttpRequest, obj: ActionItem, form: Any, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if not changes:
            return
        item = ActionItem.objects.select_related("meeting").get(pk=obj.pk)
        try:
            meeting_services.action_item_update(item=item, actor=_actor(request), **changes)
        except (Conflict, Forbidden, ValidationError) as error:
            raise self._refused(error) from error


@admin.register(MinutesVersion)
class MinutesVersionAdmin(RuledAdmin):
    """Approved minutes as they were frozen, with their SHA-256 hash: read, never written."""

    list_display = ["meeting", "number", "approved_at", "sha256"]
    list_filter = [("meeting__network", RuledRelatedFilter)]
    list_select_related = ["meeting"]
    readonly_fields = ["meeting", "number", "content", "sha256", "reason", "approved_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("meeting__network")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
