"""Query parameters of the lists, named after the fields they filter.

Filters narrow what the selectors already allow; they never widen it. An id that does not exist
and an id the caller may not see therefore give the same empty list.
"""

from typing import Any, get_args

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from api.fields import IsoDateFormField, StrictBooleanFormField, WholeNumberFormField
from network.access import organisations_in_network_q, viewer_for
from network.access.rules import MAX_ID
from network.access.situation import carrying_out_q
from network.activities.selectors import activities_filtered, matching_words
from network.events.models import Notification
from network.events.types import EventName
from network.meetings.models import MeetingKind
from network.meetings.selectors import action_items_filtered, meetings_filtered
from network.models import (
    ActionItem,
    ActionPlan,
    Activity,
    Measure,
    Meeting,
    Network,
    Organisation,
    SituationPicture,
    StrategicDirection,
    Update,
    Visibility,
)
from network.situation.models import PERIOD

MAX_SEARCH_LENGTH = 200


ONE_VALUE = gettext_lazy("Give this parameter once.")


class OneValueEachForm(forms.Form):
    """Refuses a parameter given twice where the filter takes one value: the second value would
    otherwise silently win."""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None:
            for name, field in self.fields.items():
                if not isinstance(field, forms.MultipleChoiceField) and len(getlist(name)) > 1:
                    self.add_error(name, str(ONE_VALUE))
        return cleaned


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters: one value per single-valued parameter."""

    def get_form_class(self) -> type[forms.Form]:
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        return type(f"{type(self).__name__}Form", (OneValueEachForm,), fields)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """An object id: a whole number in the range of a primary key, in ASCII digits."""

    field_class = WholeNumberFormField

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


class DateFilter(django_filters.DateFilter):
    """A date as YYYY-MM-DD, in ASCII digits."""

    field_class = IsoDateFormField


class BooleanFilter(django_filters.BooleanFilter):
    """``true`` or ``false``; any other value is refused rather than ignored."""

    field_class = StrictBooleanFormField


def _date_range(field_name: str, what: str) -> type[FilterSet]:
    """``from`` and ``to`` (inclusive) on a date: Python keywords, so declared this way."""
    return type(
        "DateRangeFilterSet",
        (FilterSet,),
        {
            "from": DateFilter(
                field_name=field_name,
                lookup_expr="gte",
                help_text=f"{what} on or after this date (YYYY-MM-DD).",
            ),
            "to": DateFilter(
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
    tagged = BooleanFilter(help_text="Whether the coordinator has tagged the activity.")
    status = django_filters.MultipleChoiceFilter(choices=Activity.Status.choices)
    visibility = django_filters.MultipleChoiceFilter(choices=Visibility.choices)
    search = SearchFilter(Activity.TEXT_FIELDS)
    measure = IdFilter(
        help_text=(
            "Carrying out this measure of an action plan. A measure you may not read gives an "
            "empty list, as one that does not exist."
        )
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        rows = activities_filtered(queryset, data)
        if measure := data.get("measure"):
            rows = rows.filter(carrying_out_q(viewer_for(self.request.user), measure))
        return rows


class UpdateFilter(_date_range("created_at__date", "Posted")):  # type: ignore[misc]
    network = IdFilter(field_name="network_id")
    organisation = IdFilter(field_name="organisation_id")
    activity = IdFilter(field_name="activity_id")
    visibility = django_filters.MultipleChoiceFilter(choices=Visibility.choices)
    search = SearchFilter(("body",))

    class Meta:
        model = Update
        fields: list[str] = []


class OrganisationFilter(FilterSet):
    network = IdFilter(method="filter_network", help_text="Member of this network.")
    kind = django_filters.MultipleChoiceFilter(choices=Organisation.Kind.choices)
    is_authority = BooleanFilter()
    search = SearchFilter(("name",))

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_network(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # Only a network the caller sees: the memberships of another are not theirs to see.
        return queryset.filter(organisations_in_network_q(viewer_for(self.request.user), value))


class NetworkFilter(FilterSet):
    search = SearchFilter(("name", "description"))

    class Meta:
        model = Network
        fields: list[str] = []


class StableOrderingFilter(OrderingFilter):
    """Ordering by the given fields, then by id, so that pages never overlap or skip rows.

    A field that cannot be ordered by is refused with a field error naming those that can,
    rather than silently ignored.
    """

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> list[str]:
        values = request.query_params.getlist(self.ordering_param)
        if len(values) > 1:
            raise ValidationError({self.ordering_param: [str(ONE_VALUE)]})
        terms = [term.strip() for term in (values[0] if values else "").split(",") if term.strip()]
        if not terms:
            ordering = list(self.get_default_ordering(view) or [])
        else:
            ordering = self.remove_invalid_fields(queryset, terms, view, request)
            if len(ordering) != len(terms):
                valid = [
                    name
                    for name, _label in self.get_valid_fields(queryset, view, {"request": request})
                ]
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _(
                                "Order by one or more of: %(fields)s (“-” before a field for descending)."
                            )
                            % {"fields": ", ".join(valid)}
                        ]
                    }
                )
        if ordering and not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering


class NotificationFilter(FilterSet):
    unread = BooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        help_text="true: only unread; false: only those read.",
    )
    event = django_filters.MultipleChoiceFilter(
        choices=[(name, name) for name in get_args(EventName)],
        help_text="Any of these events (give the parameter once per event).",
    )

    class Meta:
        model = Notification
        fields: list[str] = []


class MeetingFilter(_date_range("starts_at__date", "Starts")):  # type: ignore[misc]
    """Parses and documents the query; the filtering itself is ``meetings_filtered``."""

    when = django_filters.ChoiceFilter(
        choices=[("upcoming", "upcoming"), ("past", "past")],
        help_text="upcoming: not yet ended, soonest first; past: ended, latest first.",
    )
    mine = BooleanFilter(
        help_text="Only meetings that concern you: invited, organising, chairing, "
        "taking the minutes or approving them."
    )
    state = django_filters.ChoiceFilter(choices=Meeting.State.choices)
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices)
    network = IdFilter()
    search = SearchFilter(("title",))

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        rows = meetings_filtered(
            viewer_for(self.request.user),
            when=data.get("when") or None,
            mine=bool(data.get("mine")),
            state=data.get("state") or None,
            network=data.get("network"),
            kind=data.get("kind") or None,
        )
        if data.get("from") is not None:
            rows = rows.filter(starts_at__date__gte=data["from"])
        if data.get("to") is not None:
            rows = rows.filter(starts_at__date__lte=data["to"])
        if data.get("search"):
            rows = matching_words(rows, ("title",), data["search"])
        return rows


class ActionItemFilter(FilterSet):
    """Parses and documents the query; the filtering itself is ``action_items_filtered``."""

    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices)
    overdue = BooleanFilter(help_text="true: only open action items past their due date.")
    mine = BooleanFilter(
        help_text="true: only yours, and your organisation's that no one person owns."
    )
    organisation = IdFilter(help_text="The responsible organisation.")
    meeting = IdFilter(help_text="The meeting that gave the action item.")

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        return action_items_filtered(
            viewer_for(self.request.user),
            status=data.get("status") or None,
            overdue=bool(data.get("overdue")),
            mine=bool(data.get("mine")),
            organisation=data.get("organisation"),
            meeting=data.get("meeting"),
        ).select_related("meeting", "direction")


class SituationPictureFilter(FilterSet):
    network = IdFilter(field_name="network_id")
    department = IdFilter(field_name="department_id")
    period = django_filters.CharFilter(
        max_length=7,
        validators=[PERIOD],
        help_text="A year (2026), a half-year (2026-H1) or a quarter (2026-Q3).",
    )

    class Meta:
        model = SituationPicture
        fields: list[str] = []


class ActionPlanFilter(FilterSet):
    network = IdFilter(field_name="network_id")
    department = IdFilter(field_name="department_id")
    year = IdFilter(min_value=2000, max_value=2100)

    class Meta:
        model = ActionPlan
        fields: list[str] = []


class MeasureFilter(FilterSet):
    plan = IdFilter(field_name="plan_id")
    problem = IdFilter(field_name="problem_id")
    status = django_filters.MultipleChoiceFilter(choices=Measure.Status.choices)

    class Meta:
        model = Measure
        fields: list[str] = []
