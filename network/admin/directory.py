"""The public support page of a network, with its lines, for its coordinator.

Seen and changed only by the network's coordinator and by superusers
(:mod:`network.access.directory`). A save stores the page and all its lines at once through
``support_page_update``, exactly as on the edit page: a refusal is shown as a message and nothing
is written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Field, ForeignKey, Model, QuerySet, URLField
from django.http import HttpRequest

from network.access.admin import AdminAbilities
from network.access.directory import (
    admin_support_abilities,
    admin_support_networks_q,
    admin_support_pages_q,
)
from network.admin.base import viewer_of
from network.admin.meetings import ServiceAdmin
from network.directory import services
from network.directory.services import LINE_FIELDS, MAX_LINES
from network.errors import Forbidden
from network.models import Network, SupportLine, SupportPage, User


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the admin serves signed-in staff only


class SupportLineInline(admin.TabularInline):
    """The page's lines; written with the page, through the service."""

    model = SupportLine
    fields = ["position", "name_sv", "name_en", "phone", "url", "note_sv", "note_en"]
    ordering = ["position", "pk"]
    extra = 1
    max_num = MAX_LINES

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        return rows.filter(admin_support_pages_q(viewer_of(request), "page__"))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self._may(request, obj).view

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_add_permission(request, obj) and self._may(request, obj).add

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may(request, obj).change

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may(request, obj).delete

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, URLField):
            kwargs.setdefault("assume_scheme", "https")  # an address typed without one
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _may(self, request: HttpRequest, obj: Model | None) -> AdminAbilities:
        # ``obj`` is the page being shown (None on the add page).
        return admin_support_abilities(viewer_of(request), SupportLine, obj)


@admin.register(SupportPage)
class SupportPageAdmin(ServiceAdmin):
    list_display = ["network", "updated_at", "updated_by"]
    list_select_related = ["network", "updated_by"]
    fields = ["network", "intro_sv", "intro_en", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]
    inlines = [SupportLineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = admin.ModelAdmin.get_queryset(self, request)
        return rows.filter(admin_support_pages_q(viewer_of(request)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin.ModelAdmin.has_module_permission(self, request) and bool(
            admin_support_abilities(viewer_of(request), SupportPage).view
        )

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            admin.ModelAdmin.has_view_permission(self, request, obj)
            and admin_support_abilities(viewer_of(request), SupportPage, obj).view
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return (
            admin.ModelAdmin.has_add_permission(self, request)
            and admin_support_abilities(viewer_of(request), SupportPage).add
        )

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            admin.ModelAdmin.has_change_permission(self, request, obj)
            and admin_support_abilities(viewer_of(request), SupportPage, obj).change
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            admin.ModelAdmin.has_delete_permission(self, request, obj)
            and admin_support_abilities(viewer_of(request), SupportPage, obj).delete
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "network":
            kwargs["queryset"] = Network.objects.filter(
                admin_support_networks_q(viewer_of(request))
            ).exclude(support_page__isnull=False)
        return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # A page stays with its network.
        fixed = ["network"] if obj is not None else []
        return [*fixed, *self.readonly_fields]

    def save_model(self, request: HttpRequest, obj: SupportPage, form: Any, change: bool) -> None:
        """Nothing yet: the page is stored with its lines, in :meth:`save_related`."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        page: SupportPage = form.instance
        rows: list[tuple[int, dict[str, Any]]] = []
        for formset in formsets:
            for line_form in formset.forms:
                data = getattr(line_form, "cleaned_data", None)
                if not data or data.get("DELETE"):
                    continue
                row = {name: data.get(name) or "" for name in LINE_FIELDS}
                rows.append((data.get("position") or 0, row))
        rows.sort(key=lambda pair: pair[0])  # stable: equal positions keep the form's order
        try:
            stored = services.support_page_update(
                actor=_actor(request),
                network=page.network,
                intro_sv=form.cleaned_data.get("intro_sv", page.intro_sv),
                intro_en=form.cleaned_data.get("intro_en", page.intro_en),
                lines=[row for _position, row in rows],
                remote_addr=request.META.get("REMOTE_ADDR") or None,
            )
        except (Forbidden, ValidationError) as error:
            raise self._refused(error) from error
        page.pk, page.updated_at, page.updated_by = stored.pk, stored.updated_at, stored.updated_by
        for formset in formsets:
            # What the admin's history entry reads; the service has replaced every line.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
