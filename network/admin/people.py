"""People and their roles.

Whoever is not a superuser never sees the account's privileges (superuser, staff, groups, model
permissions) nor anyone else's password, and grants only the roles :mod:`network.access.admin`
lets them grant. A role is granted through ``role_grant`` on the role page and on the person's
page alike, and a refusal is shown on the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Field, Model
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network.access.admin import (
    ACCOUNT_FIELDS,
    grantable_roles,
    may_manage_accounts,
    may_revoke,
    require_role_grant,
)
from network.admin.base import (
    RequestForm,
    RuledAdmin,
    RuledInline,
    RuledRelatedFilter,
    viewer_of,
    with_request,
)
from network.core import services as core_services
from network.errors import Forbidden, NotFound
from network.models import Network, Role, User

# What a person who is not a superuser sees of an account: no privileges, no password.
PERSON_FIELDSETS = (
    (None, {"fields": ["username"]}),
    (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
    (_("Permissions"), {"fields": ["is_active"]}),
    (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    (_("Organisation"), {"fields": ["organisation"]}),
)
ACCOUNT_FIELDSETS = (
    *(BaseUserAdmin.fieldsets or ()),
    (_("Organisation"), {"fields": ["organisation"]}),
)
ADD_FIELDSETS = (
    (
        None,
        {
            "classes": ["wide"],
            "fields": ["username", "usable_password", "password1", "password2", "organisation"],
        },
    ),
)


def _grant_errors(
    request: HttpRequest, *, user: User, network: Network, code: str
) -> ValidationError | None:
    """Why the person who sends the request may not grant the role, or why the user cannot
    hold it; ``None`` when the grant may go ahead."""
    try:
        require_role_grant(viewer_of(request), network_id=network.pk, code=code)
        core_services.role_check(user=user, network=network, code=code)
    except Forbidden as exc:
        return ValidationError(str(exc))
    except ValidationError as exc:
        return exc
    return None


def _code_choices(request: HttpRequest) -> list[tuple[str, str]]:
    allowed = grantable_roles(viewer_of(request))
    return [("", "---------"), *((c, str(n)) for c, n in Role.Code.choices if c in allowed)]


class RoleFormSet(BaseInlineFormSet):
    """The roles on a person's page: each new one checked as the role page checks it."""

    request: HttpRequest

    def clean(self) -> None:
        super().clean()
        person = self.instance
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            if self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME, False):
                if form.instance.pk is not None and not may_revoke(
                    viewer_of(self.request), form.instance
                ):
                    raise ValidationError(
                        gettext("You may not revoke the role %(role)s.") % {"role": form.instance}
                    )
                continue
            if not (form.instance._state.adding and form.has_changed()):
                continue
            network, code = form.cleaned_data.get("network"), form.cleaned_data.get("code")
            if network is None or not code:
                continue
            error = _grant_errors(self.request, user=person, network=network, code=code)
            if error is not None:
                form.add_error(None, error)


class RoleCodeChoices(BaseModelAdmin):
    """Offers only the roles the person may grant; the form checks again on saving."""

    def formfield_for_choice_field(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.TypedChoiceField | None:
        if db_field.name == "code":
            kwargs["choices"] = _code_choices(request)
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class RoleInline(RoleCodeChoices, RuledInline):
    model = Role
    extra = 0
    fields = ["network", "code"]
    formset = RoleFormSet

    def get_formset(
        self, request: HttpRequest, obj: Model | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})


class PersonAddForm(AdminUserCreationForm):
    """A new person belongs to an organisation in a network the creator coordinates, so that
    the creator still sees them once saved; a superuser may leave it empty (an API consumer)."""

    request: HttpRequest

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields.get("organisation")
        if organisation is not None:
            organisation.required = not viewer_of(self.request).is_superuser


class PersonChangeForm(UserChangeForm):
    """Refuses to move a person to an organisation outside a network where they hold a role."""

    request: HttpRequest

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "organisation" in self.changed_data and "organisation" in cleaned:
            self._check_roles(User(pk=self.instance.pk, organisation=cleaned["organisation"]))
        return cleaned

    def _check_roles(self, moved: User) -> None:
        for role in Role.objects.filter(user_id=moved.pk).select_related("network"):
            try:
                core_services.role_check(user=moved, network=role.network, code=role.code)
            except ValidationError:
                self.add_error(
                    "organisation",
                    gettext(
                        "The organisation is not a member of %(network)s, where the person "
                        "holds a role."
                    )
                    % {"network": role.network},
                )
                return


@admin.register(User)
class UserAdmin(RuledAdmin, BaseUserAdmin):
    form = PersonChangeForm
    add_form = PersonAddForm
    add_fieldsets = ADD_FIELDSETS
    fieldsets = ACCOUNT_FIELDSETS
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = [
        ("organisation", RuledRelatedFilter),
        "roles__code",
        "is_active",
    ]
    list_select_related = ["organisation"]
    inlines = [RoleInline]

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        if may_manage_accounts(viewer_of(request)):
            return self.fieldsets
        return PERSON_FIELDSETS

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if obj is not None and not may_manage_accounts(viewer_of(request)):
            return ["last_login", "date_joined"]
        return super().get_readonly_fields(request, obj)

    def get_inlines(self, request: HttpRequest, obj: Model | None) -> Any:
        # Roles are granted once the person exists, with their organisation saved.
        return self.inlines if obj is not None else []

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return with_request(super().get_form(request, obj, change=change, **kwargs), request)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # A filter in the address must not tell who holds which privileges either.
        if not may_manage_accounts(viewer_of(request)):
            if lookup.split("__", 1)[0] in ACCOUNT_FIELDS:
                return False
        return super().lookup_allowed(lookup, value, request)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        viewer = viewer_of(request)
        if not may_manage_accounts(viewer):
            if str(viewer.user_id) == unquote(id):
                # One's own password is changed where the old one is asked for.
                return HttpResponseRedirect(reverse("admin:password_change"))
            if self.get_object(request, unquote(id)) is None:
                raise NotFound(gettext("No such person."))
            raise Forbidden(gettext("Only a superuser sets another person's password."))
        return super().user_change_password(request, id, form_url)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        organisation = obj.organisation
        super().save_model(request, obj, form, change)
        core_services.user_set_organisation(user=obj, organisation=organisation)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Role:
            super().save_formset(request, form, formset, change)
            return
        # Through the service, like the role page; the formset has checked every row.
        person = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for role_form in formset.deleted_forms:
            if role_form.instance.pk is not None:
                role_form.instance.delete()
                formset.deleted_objects.append(role_form.instance)
        for role_form in formset.extra_forms:
            if not role_form.has_changed() or role_form in formset.deleted_forms:
                continue
            formset.new_objects.append(
                core_services.role_grant(
                    user=person,
                    network=role_form.cleaned_data["network"],
                    code=role_form.cleaned_data["code"],
                )
            )


class RoleForm(RequestForm):
    class Meta:
        model = Role
        fields = ["user", "network", "code"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        user, network, code = (cleaned.get(name) for name in ("user", "network", "code"))
        if user is not None and network is not None and code:
            error = _grant_errors(self.request, user=user, network=network, code=code)
            if error is not None:
                self.add_error(None, error)
        return cleaned


@admin.register(Role)
class RoleAdmin(RoleCodeChoices, RuledAdmin):
    """Grants and revokes; a role is never edited in place (see ``network.access.admin``)."""

    form = RoleForm
    list_display = ["user", "code", "network"]
    list_filter = [("network", RuledRelatedFilter), "code"]
    list_select_related = ["user", "network"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return with_request(super().get_form(request, obj, change=change, **kwargs), request)

    def save_model(self, request: HttpRequest, obj: Role, form: Any, change: bool) -> None:
        obj.pk = core_services.role_grant(user=obj.user, network=obj.network, code=obj.code).pk
