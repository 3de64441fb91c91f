"""Activities, their tag history and updates.

Activities and updates are written on the pages and through the API, where the services check
identity numbers and closed periods; here the coordinator reads, tags, deletes and grants access
one by one. Every deletion goes through the service or the audit log, one by one or in bulk.

An activity shows the measure it carries out only to whoever reads the measure's plan, as on
the pages and in the API (:func:`network.access.situation.activity_measure_seen`): opening the
activity here is not enough.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin

from network.access.situation import activity_measure_seen
from network.activities import services as activity_services
from network.admin.base import (
    RuledAdmin,
    RuledInline,
    RuledRelatedFilter,
    remote_addr,
    viewer_of,
)
from network.audit.chain import audit_record
from network.errors import Forbidden
from network.models import Activity, ActivityTagging, StrategicDirection, Update, User


def _every_field(model: type[Model]) -> list[str]:
    return [field.name for field in model._meta.get_fields() if field.concrete]


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the admin serves signed-in staff only


class TaggingInline(RuledInline):
    model = ActivityTagging
    extra = 0
    can_delete = False
    readonly_fields = ["directions", "tagged_by", "tagged_at"]


@admin.register(Activity)
class ActivityAdmin(RuledAdmin, GuardedModelAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ["title", "organisation", "status", "starts_on", "visibility", "tagged_at"]
    list_filter = [
        ("network", RuledRelatedFilter),
        "status",
        "visibility",
        "directions",
        ("organisation", RuledRelatedFilter),
    ]
    list_select_related = ["organisation"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["organisation", "partners"]
    filter_horizontal = ["suggested_directions"]
    inlines = [TaggingInline]
    actions = ["tag_prevention", "tag_competence", "tag_coordination", "tag_evaluation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The network answers whether a row is locked. (A queryset that selects related rows
        # already is taken as it is by the list: ``list_select_related`` must be named here too.)
        return (
            super()
            .get_queryset(request)
            .select_related("network", *self.list_select_related)
            .annotate(measure_seen=activity_measure_seen(viewer_of(request)))
        )

    def _shows_measure(self, obj: Model | None) -> bool:
        # Rows come annotated by the access layer; one without the annotation shows no measure.
        return obj is not None and getattr(obj, "measure_seen", False)

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # Left out of the form itself, not only of the page: a form field would carry it.
        return [] if self._shows_measure(obj) else ["measure"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        every = _every_field(Activity)
        return every if self._shows_measure(obj) else [n for n in every if n != "measure"]

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        """Nothing is edited here: the services on the pages and the API check the content."""

    def has_tag_permission(self, request: HttpRequest) -> bool:
        """Tagging changes the activity: whoever may change some activity here may try; the
        service answers for each one."""
        return self.has_change_permission(request)

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[Any, Any], set[Any], list[Any]]:
        # The tag history goes with its activity; no one deletes it on its own.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(ActivityTagging._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Activity) -> None:
        activity_services.activity_delete(
            activity=obj, actor=_actor(request), remote_addr=remote_addr(request)
        )

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # All or none: one locked activity refuses the whole selection.
        for activity in queryset:
            self.delete_model(request, activity)

    # Guardian's pages for granting one activity to one person or group: the coordinator of
    # the activity's network only (guardian itself asks about the model, not the activity).

    def _require_grant_manager(self, request: HttpRequest, object_pk: str) -> None:
        activity = self.get_object(request, object_pk)
        if activity is not None and not self.has_change_permission(request, activity):
            raise Forbidden(gettext("You may not grant access to this activity."))

    def obj_perms_manage_view(self, request: HttpRequest, object_pk: str) -> HttpResponse:
        self._require_grant_manager(request, object_pk)
        return super().obj_perms_manage_view(request, object_pk)

    def obj_perms_manage_user_view(
        self, request: HttpRequest, object_pk: str, user_id: str
    ) -> HttpResponse:
        self._require_grant_manager(request, object_pk)
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(
        self, request: HttpRequest, object_pk: str, group_id: str
    ) -> HttpResponse:
        self._require_grant_manager(request, object_pk)
        return super().obj_perms_manage_group_view(request, object_pk, group_id)

    def _tag(self, request: HttpRequest, queryset: QuerySet[Activity], code: str) -> None:
        done = 0
        for activity in queryset:
            codes = [*activity.directions.values_list("code", flat=True), code]
            try:
                activity_services.activity_tag(
                    activity=activity, actor=_actor(request), directions=codes
                )
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{activity}: {exc}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("%(count)d activities tagged.") % {"count": done})

    @admin.action(description=_("Tag with: preventive measures"), permissions=["tag"])
    def tag_prevention(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.PREVENTION)

    @admin.action(description=_("Tag with: competence-raising measures"), permissions=["tag"])
    def tag_competence(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.COMPETENCE)

    @admin.action(description=_("Tag with: coordination and cooperation"), permissions=["tag"])
    def tag_coordination(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.COORDINATION)

    @admin.action(description=_("Tag with: follow-up and evaluation"), permissions=["tag"])
    def tag_evaluation(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.EVALUATION)


@admin.register(Update)
class UpdateAdmin(RuledAdmin):
    list_display = ["__str__", "organisation", "visibility", "created_at"]
    list_filter = [
        ("network", RuledRelatedFilter),
        "visibility",
        ("organisation", RuledRelatedFilter),
    ]
    list_select_related = ["organisation"]
    search_fields = ["body"]

    # Updates are posted on the pages and through the API; here they are read or removed.
    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return _every_field(Update)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("network", *self.list_select_related)

    def delete_model(self, request: HttpRequest, obj: Update) -> None:
        audit_record(
            actor=_actor(request),
            action="update.deleted",
            obj=obj,
            network=obj.network,
            remote_addr=remote_addr(request),
            detail={"activity": obj.activity_id, "organisation": obj.organisation_id},
        )
        obj.delete()

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for update in queryset:
            self.delete_model(request, update)


@admin.register(ActivityTagging)
class ActivityTaggingAdmin(RuledAdmin):
    """The tag history: kept as it was written."""

    list_display = ["activity", "directions", "tagged_by", "tagged_at"]
    list_select_related = ["activity", "tagged_by"]
    readonly_fields = ["activity", "directions", "tagged_by", "tagged_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related(*self.list_select_related)
