"""Networks, organisations, their memberships and the strategic directions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from network.access.admin import require_reporting_period_change
from network.admin.base import (
    RequestForm,
    RuledAdmin,
    RuledInline,
    RuledRelatedFilter,
    choices,
    viewer_of,
    with_request,
)
from network.core import services as core_services
from network.errors import Forbidden
from network.models import Network, NetworkMembership, Organisation, StrategicDirection


class NetworkMembershipInline(RuledInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["organisation"]


class NetworkForm(RequestForm):
    """Refuses to reopen a closed reporting period to anyone the rules do not let."""

    class Meta:
        model = Network
        fields = "__all__"

    def clean_reporting_closed_until(self) -> Any:
        closed_until = self.cleaned_data.get("reporting_closed_until")
        if self.instance.pk is not None:
            try:
                require_reporting_period_change(
                    viewer_of(self.request), network=self.instance, closed_until=closed_until
                )
            except Forbidden as exc:
                raise forms.ValidationError(str(exc)) from None
        return closed_until


@admin.register(Network)
class NetworkAdmin(RuledAdmin):
    form = NetworkForm
    list_display = ["name", "slug", "reporting_closed_until"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NetworkMembershipInline]

    def get_form(
        self, request: HttpRequest, obj: Network | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        return with_request(super().get_form(request, obj, change=change, **kwargs), request)


class OrganisationAddForm(RequestForm):
    """A new organisation joins a network as it is created, so that its creator still sees it."""

    network = forms.ModelChoiceField(
        queryset=Network.objects.none(),
        label=_("network"),
        help_text=_("The organisation becomes a member of this network."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network = self.fields["network"]
        assert isinstance(network, forms.ModelChoiceField)  # noqa: S101 - declared above
        network.queryset = choices(self.request, Network)
        network.required = not viewer_of(self.request).is_superuser


@admin.register(Organisation)
class OrganisationAdmin(RuledAdmin):
    list_display = ["name", "kind", "is_authority"]
    list_filter = ["kind", "is_authority", ("networks", RuledRelatedFilter)]
    search_fields = ["name"]
    readonly_fields = ["is_authority"]

    def get_form(
        self,
        request: HttpRequest,
        obj: Organisation | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm]:
        if obj is None:
            kwargs["form"] = OrganisationAddForm
        return with_request(super().get_form(request, obj, change=change, **kwargs), request)

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = core_services.organisation_create(name=obj.name, kind=obj.kind)
        obj.pk, obj.group_id = created.pk, created.group_id
        network = form.cleaned_data.get("network")
        if network is not None:
            core_services.network_add_organisation(network=network, organisation=created)


@admin.register(StrategicDirection)
class StrategicDirectionAdmin(RuledAdmin):
    list_display = ["code", "name_sv", "name_en", "position"]
    readonly_fields = ["code"]


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(RuledAdmin):
    list_display = ["organisation", "network", "joined_on"]
    list_filter = [("network", RuledRelatedFilter)]
    list_select_related = ["organisation", "network"]
    autocomplete_fields = ["organisation"]

    def save_model(
        self, request: HttpRequest, obj: NetworkMembership, form: forms.ModelForm, change: bool
    ) -> None:
        core_services.network_add_organisation(network=obj.network, organisation=obj.organisation)
        obj.pk = NetworkMembership.objects.get(
            network=obj.network, organisation=obj.organisation
        ).pk
