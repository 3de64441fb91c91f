"""The Django admin, in Swedish, for the coordinator. Writes go through the services."""

from typing import cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin

from network.activities import services as activity_services
from network.core import services as core_services
from network.models import (
    Activity,
    ActivityTagging,
    AuditEvent,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    StrategicDirection,
    Update,
    User,
)


def _every_field(model: type[Model]) -> list[str]:
    return [field.name for field in model._meta.get_fields() if field.concrete]


admin.site.site_header = _("Samverkan administration")
admin.site.site_title = "Samverkan"
admin.site.index_title = _("Administration")


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["organisation"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "reporting_closed_until"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NetworkMembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_authority"]
    list_filter = ["kind", "is_authority", "networks"]
    search_fields = ["name"]
    readonly_fields = ["is_authority"]

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: object, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = core_services.organisation_create(name=obj.name, kind=obj.kind)
        obj.pk, obj.group_id = created.pk, created.group_id


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "roles__code", "is_active"]
    list_select_related = ["organisation"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Organisation"), {"fields": ["organisation"]}),
    )
    inlines = [RoleInline]

    def save_model(self, request: HttpRequest, obj: User, form: object, change: bool) -> None:
        organisation = obj.organisation
        super().save_model(request, obj, form, change)
        core_services.user_set_organisation(user=obj, organisation=organisation)


@admin.register(StrategicDirection)
class StrategicDirectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "name_en", "position"]
    readonly_fields = ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class TaggingInline(admin.TabularInline):
    model = ActivityTagging
    extra = 0
    can_delete = False
    readonly_fields = ["directions", "tagged_by", "tagged_at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(GuardedModelAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ["title", "organisation", "status", "starts_on", "visibility", "tagged_at"]
    list_filter = ["network", "status", "visibility", "directions", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["organisation", "partners"]
    filter_horizontal = ["suggested_directions"]
    readonly_fields = [
        "directions",
        "tagged_by",
        "tagged_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [TaggingInline]
    actions = ["tag_prevention", "tag_competence", "tag_coordination", "tag_evaluation"]

    # Activities are logged and edited on the pages and through the API, where the services check
    # identity numbers and closed periods; here the coordinator reads, tags and grants access.
    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return _every_field(Activity)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _tag(self, request: HttpRequest, queryset: QuerySet[Activity], code: str) -> None:
        done = 0
        coordinator = cast(User, request.user)  # the admin serves signed-in staff only
        for activity in queryset:
            codes = [*activity.directions.values_list("code", flat=True), code]
            try:
                activity_services.activity_tag(
                    activity=activity, actor=coordinator, directions=codes
                )
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{activity}: {exc}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("%(count)d activities tagged.") % {"count": done})

    @admin.action(description=_("Tag with: preventive measures"))
    def tag_prevention(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.PREVENTION)

    @admin.action(description=_("Tag with: competence-raising measures"))
    def tag_competence(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.COMPETENCE)

    @admin.action(description=_("Tag with: coordination and cooperation"))
    def tag_coordination(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.COORDINATION)

    @admin.action(description=_("Tag with: follow-up and evaluation"))
    def tag_evaluation(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._tag(request, queryset, StrategicDirection.Code.EVALUATION)


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "visibility", "created_at"]
    list_filter = ["network", "visibility", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["body"]

    # Updates are posted on the pages and through the API; here they are read or removed.
    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return _every_field(Update)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ["created_at", "actor_name", "action", "object_type", "object_id", "remote_addr"]
    list_filter = ["action"]
    search_fields = ["actor_name", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "code", "network"]
    list_filter = ["network", "code"]
    list_select_related = ["user", "network"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: Role, form: object, change: bool) -> None:
        try:
            role = core_services.role_grant(user=obj.user, network=obj.network, code=obj.code)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        obj.pk = role.pk


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "joined_on"]
    list_filter = ["network"]
    list_select_related = ["organisation", "network"]
    autocomplete_fields = ["organisation"]


@admin.register(ActivityTagging)
class ActivityTaggingAdmin(admin.ModelAdmin):
    """The tag history: kept as it was written."""

    list_display = ["activity", "directions", "tagged_by", "tagged_at"]
    list_select_related = ["activity", "tagged_by"]
    readonly_fields = ["activity", "directions", "tagged_by", "tagged_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
