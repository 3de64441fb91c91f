"""What every model admin shares: it asks :mod:`network.access.admin` about rows and choices.

Django's model permissions still apply (a superuser sets them per person); the rules narrow them
to the networks the person oversees. A row outside them is left out of every list, and its change
page answers as for a missing object.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey, ManyToManyField, Model, Q, QuerySet
from django.http import HttpRequest

from network.access import Viewer, viewer_for
from network.access.admin import (
    AdminAbilities,
    admin_model_abilities,
    admin_object_abilities,
    admin_rows_q,
    may_manage_accounts,
    may_use_admin,
)


def viewer_of(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


def remote_addr(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def choices(request: HttpRequest, model: type[Model]) -> QuerySet[Any]:
    """The rows of ``model`` the person may pick when writing."""
    rows: QuerySet[Any] = model._default_manager.all()
    return rows.filter(admin_rows_q(viewer_of(request), model, write=True))


class RequestForm(forms.ModelForm):
    """A model form that knows the request, to ask the rules about the person who sends it."""

    request: HttpRequest


def with_request(form: type[forms.ModelForm], request: HttpRequest) -> type[forms.ModelForm]:
    """A subclass of ``form`` made for one request (the class itself is shared by all)."""
    return type(form.__name__, (form,), {"request": request})


def abilities(request: HttpRequest, model: type[Model], obj: Model | None) -> AdminAbilities:
    """The rules' answer, remembered for the request: a page asks it several times."""
    viewer = viewer_of(request)
    if obj is None or obj.pk is None:
        return admin_model_abilities(viewer, model)
    memo: dict[tuple[str, object], AdminAbilities] = request.__dict__.setdefault(
        "_samverkan_admin_abilities", {}
    )
    key = (obj._meta.label, obj.pk)
    if key not in memo:
        memo[key] = admin_object_abilities(viewer, obj)
    return memo[key]


def _is_autocomplete(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.url_name == "autocomplete"


class RuledRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """A filter on a relation that names only related rows the person sees: an organisation
    seen in a list may also belong to a network the person does not oversee."""

    def field_choices(
        self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, Any]]:
        in_list = (
            model_admin.get_queryset(request)
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        seen = Q(pk__in=in_list) & admin_rows_q(viewer_of(request), field.related_model)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=seen, ordering=ordering)


class RuledAdmin(admin.ModelAdmin):
    """A model admin whose rows, permissions and choices follow the access rules."""

    # A model admin that also needs Django's model permission for what the rule allows; the
    # lockout admins rely on the rule alone (see ``network.admin.lockout``).
    needs_model_permission = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset.filter(admin_rows_q(viewer_of(request), self.model))

    def _permitted(self, permitted: bool) -> bool:
        return permitted or not self.needs_model_permission

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._permitted(super().has_module_permission(request)) and may_use_admin(
            viewer_of(request)
        )

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            self._permitted(super().has_view_permission(request, obj))
            and abilities(request, self.model, obj).view
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return (
            self._permitted(super().has_add_permission(request))
            and abilities(request, self.model, None).add
        )

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            self._permitted(super().has_change_permission(request, obj))
            and abilities(request, self.model, obj).change
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            self._permitted(super().has_delete_permission(request, obj))
            and abilities(request, self.model, obj).delete
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        kwargs.setdefault("queryset", choices(request, db_field.related_model))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        kwargs.setdefault("queryset", choices(request, db_field.related_model))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # An autocomplete offers what may be picked for a form, not all that may be seen.
        if _is_autocomplete(request):
            queryset = queryset.filter(admin_rows_q(viewer_of(request), self.model, write=True))
        return super().get_search_results(request, queryset, search_term)


class RuledInline(admin.TabularInline):
    """An inline whose rows and choices follow the access rules.

    Its permissions are those of the kind of row: the parent's page decides whether anything is
    written at all, and a formset refuses a row the person may not touch.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset.filter(admin_rows_q(viewer_of(request), self.model))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            super().has_view_permission(request, obj) and abilities(request, self.model, None).view
        )

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_add_permission(request, obj) and abilities(request, self.model, None).add

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            super().has_change_permission(request, obj)
            and abilities(request, self.model, None).change
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return (
            super().has_delete_permission(request, obj)
            and abilities(request, self.model, None).delete
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        kwargs.setdefault("queryset", choices(request, db_field.related_model))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CredentialsAdmin(admin.ModelAdmin):
    """A person's own credentials (sessions, API tokens, second-factor devices), read by a
    superuser (:func:`may_manage_accounts`) and by nobody else: to anyone else every page answers
    as for a missing object. Nothing is added, changed or deleted here unless a subclass opens
    the one write it allows, by that write's permission, to :meth:`manages`."""

    def manages(self, request: HttpRequest) -> bool:
        return request.user.is_active and may_manage_accounts(viewer_of(request))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset if self.manages(request) else queryset.none()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.manages(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
