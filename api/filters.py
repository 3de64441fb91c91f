"""Query parameters of the lists, named after the fields they filter.

Filters narrow what the selectors already allow; they never widen it. An id that does not exist
and an id the caller may not see therefore give the same empty list.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from network.access import organisations_in_network_q, viewer_for
from network.activities.selectors import activities_filtered, matching_words
from network.models import (
    Activity,
    Network,
    Organisation,
    StrategicDirection,
    Update,
    Visibility,
)

# The largest primary key the database holds; larger numbers are bad input, not a crash.
MAX_ID = 2**63 - 1
MAX_SEARCH_LENGTH = 200


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """An object id: a whole number in the range of a primary key."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """Words that must each occur, in any letter case, in one of the given text fields."""

    def __init__(self, fields: tuple[str, ...], **kwargs: Any) -> None:
        self.search_fields = fields
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        kwargs.setdefault(
            "help_text", f"Words that must all occur in: {', '.join(fields)} (any letter case)."
        )
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return matching_words(qs, self.search_fields, value)


def _date_range(field_name: str, what: str) -> type[django_filters.FilterSet]:
    """``from`` and ``to`` (inclusive) on a date: Python keywords, so declared this way."""
    return type(
        "DateRangeFilterSet",
        (django_filters.FilterSet,),
        {
            "from": django_filters.DateFilter(
                field_name=field_name,
                lookup_expr="gte",
                help_text=f"{what} on or after this date (YYYY-MM-DD).",
            ),
            "to": django_filters.DateFilter(
                field_name=field_name,
                lookup_expr="lte",
                help_text=f"{what} on or before this date (YYYY-MM-DD).",
            ),
        },
    )


class ActivityFilter(_date_range("starts_on", "Starts")):  # type: ignore[misc]
    """Parses and documents the query; the filtering itself is ``activities_filtered``, the
    same definition the activity list page uses."""

    network = IdFilter(field_name="network_id")
    organisation = IdFilter(field_name="organisation_id", help_text="The lead organisation.")
    partner = IdFilter(help_text="A partner organisation.")
    direction = django_filters.MultipleChoiceFilter(
        choices=[*StrategicDirection.Code.choices, ("none", "Not tagged")],
        help_text="Tagged by the coordinator with any of these directions (none: untagged).",
    )
    tagged = django_filters.BooleanFilter(
        help_text="Whether the coordinator has tagged the activity."
    )
    status = django_filters.MultipleChoiceFilter(choices=Activity.Status.choices)
    visibility = django_filters.MultipleChoiceFilter(choices=Visibility.choices)
    search = SearchFilter(Activity.TEXT_FIELDS)

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return activities_filtered(queryset, self.form.cleaned_data)


class UpdateFilter(_date_range("created_at__date", "Posted")):  # type: ignore[misc]
    network = IdFilter(field_name="network_id")
    organisation = IdFilter(field_name="organisation_id")
    activity = IdFilter(field_name="activity_id")
    visibility = django_filters.MultipleChoiceFilter(choices=Visibility.choices)
    search = SearchFilter(("body",))

    class Meta:
        model = Update
        fields: list[str] = []


class OrganisationFilter(django_filters.FilterSet):
    network = IdFilter(method="filter_network", help_text="Member of this network.")
    kind = django_filters.MultipleChoiceFilter(choices=Organisation.Kind.choices)
    is_authority = django_filters.BooleanFilter()
    search = SearchFilter(("name",))

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_network(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # Only a network the caller sees: the memberships of another are not theirs to see.
        return queryset.filter(organisations_in_network_q(viewer_for(self.request.user), value))


class NetworkFilter(django_filters.FilterSet):
    search = SearchFilter(("name", "description"))

    class Meta:
        model = Network
        fields: list[str] = []


class StableOrderingFilter(OrderingFilter):
    """Ordering by the given fields, then by id, so that pages never overlap or skip rows."""

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering
