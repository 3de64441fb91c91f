"""The knowledge bank in the admin.

Items are published on the pages and through the API, where the knowledge services check the
upload; here those who oversee a network read its items, and its coordinator corrects their
particulars and removes them, through the same services (a removed item's file is deleted). The
rules are those of :mod:`network.access.knowledge`: an item for the authorities does not exist
for a person of civil society here either, not in a list, a count, a filter or a search, and its
change page answers as for an item that does not exist.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Field, Model, QuerySet, URLField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from network.access.knowledge import (
    KnowledgeAdminAbilities,
    knowledge_admin_abilities,
    knowledge_admin_rows_q,
)
from network.admin.base import RuledRelatedFilter, viewer_of
from network.admin.meetings import ServiceAdmin
from network.errors import Forbidden, NotFound
from network.knowledge import services
from network.knowledge.models import KnowledgeItem
from network.models import User

# What the coordinator corrects here (through ``knowledge_item_update``); the file and the tags
# are changed on the item's page, where the upload is checked.
EDITABLE = ("title", "summary", "url", "source", "published_on", "directions", "visibility")
SHOWN = (
    "network",
    "kind",
    "title",
    "summary",
    "url",
    "download",
    "source",
    "published_on",
    "directions",
    "tag_names",
    "visibility",
    "created_by",
    "created_at",
    "updated_at",
)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the admin serves signed-in staff only


@admin.register(KnowledgeItem)
class KnowledgeItemAdmin(ServiceAdmin):
    list_display = ["title", "kind", "network", "visibility", "source", "published_on"]
    list_filter = [("network", RuledRelatedFilter), "kind", "visibility"]
    list_select_related = ["network"]
    search_fields = ["title", "summary", "source"]
    date_hierarchy = "created_at"
    fields = SHOWN

    def _abilities(self, request: HttpRequest, obj: Model | None) -> KnowledgeAdminAbilities:
        item = obj if isinstance(obj, KnowledgeItem) and obj.pk is not None else None
        return knowledge_admin_abilities(viewer_of(request), item)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = admin.ModelAdmin.get_queryset(self, request)
        return rows.filter(knowledge_admin_rows_q(viewer_of(request))).prefetch_related("tags")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) and self._abilities(request, None).view

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            admin.ModelAdmin.has_view_permission(self, request, obj)
            and self._abilities(request, obj).view
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            admin.ModelAdmin.has_change_permission(self, request, obj)
            and self._abilities(request, obj).change
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            admin.ModelAdmin.has_delete_permission(self, request, obj)
            and self._abilities(request, obj).delete
        )

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, URLField):
            kwargs.setdefault("assume_scheme", "https")  # an address typed without one
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        if obj is None or not self.has_change_permission(request, obj):
            return list(SHOWN)
        return [name for name in SHOWN if name not in EDITABLE]

    @admin.display(description=_("document"))
    def download(self, obj: KnowledgeItem) -> SafeString | str:
        if obj.kind != KnowledgeItem.Kind.DOCUMENT or not obj.document:
            return "–"
        url = reverse("frontend:knowledge_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.display(description=_("tags"))
    def tag_names(self, obj: KnowledgeItem) -> str:
        return ", ".join(tag.name for tag in obj.tags.all()) or "–"

    def save_model(self, request: HttpRequest, obj: KnowledgeItem, form: Any, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE}
        if "directions" in changes:
            changes["directions"] = [d.code for d in changes["directions"]]
        if not changes:
            return
        try:
            services.knowledge_item_update(item=obj, actor=_actor(request), **changes)
        except (Forbidden, NotFound, ValidationError) as error:
            raise self._refused(error) from error

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The directions were written by the service, with the rest of the change."""

    def delete_model(self, request: HttpRequest, obj: KnowledgeItem) -> None:
        services.knowledge_item_delete(item=obj, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for item in queryset:
            services.knowledge_item_delete(item=item, actor=_actor(request))
