"""Forms of the web pages. They parse and describe input; the services decide and write."""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from frontend.labels import direction_choices
from network.access import (
    ActivityAbilities,
    Person,
    Viewer,
    authoring_organisations_q,
    viewer_for,
)
from network.access.rules import parse_id
from network.access.situation import measure_linkable_q, measure_seen_on_activity
from network.activities.reports import GROUPINGS, PERIODS, ReportQuery, parse_report_query
from network.core.selectors import organisations_visible_to
from network.models import Activity, Measure, Network, Organisation, Update, Visibility
from network.personal_data import contains_identity_number

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VISIBILITY_HELP = _(
    "Own organisation: your organisation, the central coordinator and the security chief. "
    "Authorities: every public authority in the network. Whole network: every member, "
    "civil society included."
)
REASON_HELP = _(
    "The network does not handle individual cases, so text must not identify anyone. Text that "
    "the whole network sees may hold a personal identity number only if you explain why here; "
    "the reason is written to the audit log."
)


# Participants reached: what the database column holds.
MAX_PARTICIPANTS = 2_147_483_647


def form_id(value: object) -> int | None:
    """An id typed or sent in a form, where surrounding white space is forgiven."""
    return parse_id(value.strip() if isinstance(value, str) else value)


def _is_instance(field: forms.ModelChoiceField, value: object) -> bool:
    """Whether the value is already an object of the field's model, not an id to look up."""
    return field.queryset is not None and isinstance(value, field.queryset.model)


class IdField(forms.Field):
    """One id, parsed without a lookup: what is done with it is for the view to ask."""

    default_error_messages = {"invalid": _("This is not a valid choice.")}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = form_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IdListField(forms.Field):
    """Several ids, parsed without a lookup, each once, in the order given."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("This is not a valid choice.")}

    def to_python(self, value: Any) -> list[int]:
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        numbers = [form_id(item) for item in value]
        if any(number is None for number in numbers):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return list(dict.fromkeys(n for n in numbers if n is not None))


class CountField(forms.IntegerField):
    """A whole number in ASCII digits, as a number input sends it (``int`` takes "١٢" too)."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and not value.isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IdChoiceField(forms.ModelChoiceField):
    """A model choice by id that refuses a malformed or out-of-range id before the lookup."""

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values or _is_instance(self, value):
            return super().to_python(value)
        if form_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Model choices by id, refusing a malformed or out-of-range id before any lookup."""

    def _check_values(self, value: Any) -> QuerySet:
        for item in value:
            if _is_instance(self, item):
                continue
            if form_id(item) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": Truncator(str(item)).chars(20)},
                )
        values = [v.pk if _is_instance(self, v) else v for v in value]
        # Django's own check, private and so left out of django-stubs.
        return super()._check_values(values)  # type: ignore[misc]


class AccessibleForm(forms.Form):
    """A form whose errors can be listed in a summary that links to each field."""

    label_suffix = ""
    # Free-text fields checked for personal identity numbers, in the browser and in the summary.
    personal_data_fields: tuple[str, ...] = ()

    def error_links(self) -> list[dict[str, Any]]:
        links: list[dict[str, Any]] = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS or name not in self.fields:
                links.extend({"anchor": "", "label": "", "message": e} for e in errors)
                continue
            field = self[name]
            if field.is_hidden:
                anchor = ""
            elif field.use_fieldset:
                anchor = f"{field.auto_id}_0"
            else:
                anchor = field.auto_id
            links.extend({"anchor": anchor, "label": field.label, "message": e} for e in errors)
        return links

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal next to the fields it names, the rest above the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)
        if "personal_data_reason" in self.fields and self._holds_identity_number():
            self.add_error(
                "personal_data_reason",
                _(
                    "The text appears to hold a personal identity number. Remove it, choose a "
                    "narrower visibility, or explain here why it must be published."
                ),
            )

    def _holds_identity_number(self) -> bool:
        return any(
            contains_identity_number(str(self.data.get(self.add_prefix(name), "")))
            for name in self.personal_data_fields
        )


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for publishing a personal identity number"),
        required=False,
        max_length=1000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActivityForm(AccessibleForm):
    personal_data_fields = Activity.TEXT_FIELDS

    network = IdChoiceField(label=_("Network"), queryset=Network.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is done, with whom and why. Do not identify individuals."),
    )
    organisation = IdChoiceField(label=_("Lead organisation"), queryset=Organisation.objects.none())
    partners = IdMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_WIDGET, help_text=_("YYYY-MM-DD"))
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("An area, never an address."),
    )
    target_groups = forms.CharField(label=_("Target groups"), required=False, max_length=500)
    participants_count = CountField(
        label=_("Participants reached"), min_value=0, max_value=MAX_PARTICIPANTS, initial=0
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.ORGANISATION,
        help_text=VISIBILITY_HELP,
    )
    suggested_directions = forms.MultipleChoiceField(
        label=_("Suggested strategic directions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your suggestion; the central coordinator decides the tagging."),
    )
    personal_data_reason = _reason_field()

    def __init__(
        self,
        *args: Any,
        user: Person,
        networks: Iterable[Network],
        activity: Activity | None = None,
        abilities: ActivityAbilities | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        networks = list(networks)
        viewer = viewer_for(user)
        network_ids = [n.pk for n in networks]
        members = Organisation.objects.filter(networks__in=network_ids).distinct()
        may_lead = Q(pk__in=[])
        for nid in network_ids:
            may_lead |= authoring_organisations_q(viewer, nid)
        lead_ids = list(Organisation.objects.filter(may_lead).values_list("pk", flat=True))
        if activity is not None:
            lead_ids.append(activity.organisation_id)
            del self.fields["network"]
            if abilities is not None and not abilities.change_ownership:
                # A grant lets its holder edit the content, never the owner or the visibility.
                for name in ("organisation", "visibility"):
                    self.fields[name].disabled = True
        else:
            field = cast(IdChoiceField, self.fields["network"])
            field.queryset = Network.objects.filter(pk__in=network_ids)
            if len(networks) == 1:
                field.widget = forms.HiddenInput()
                field.initial = networks[0].pk
            organisation_id = getattr(user, "organisation_id", None)
            if organisation_id in lead_ids:
                self.fields["organisation"].initial = organisation_id
        lead: QuerySet[Organisation] = Organisation.objects.filter(pk__in=lead_ids)
        cast(IdChoiceField, self.fields["organisation"]).queryset = lead
        # Partners: the members the person may see, and those the activity already has.
        offered = Q(pk__in=members.values("pk")) & Q(
            pk__in=organisations_visible_to(user).values("pk")
        )
        if activity is not None:
            offered |= Q(pk__in=activity.partners.values("pk"))
        partners = cast(IdMultipleChoiceField, self.fields["partners"])
        partners.queryset = Organisation.objects.filter(offered).order_by("name")
        suggested = cast(forms.MultipleChoiceField, self.fields["suggested_directions"])
        suggested.choices = direction_choices()
        self._offer_measures(viewer, network_ids, activity)

    def _offer_measures(
        self, viewer: Viewer, network_ids: list[int], activity: Activity | None
    ) -> None:
        """The measures the person may link the activity to, grouped by plan; and the one it
        carries out now if they see it. No field at all when there is none to show."""
        offered = Q(measure_linkable_q(viewer)) & Q(plan__network_id__in=network_ids)
        current = (
            measure_seen_on_activity(viewer, activity.measure_id) if activity is not None else None
        )
        if current is not None:
            offered |= Q(pk=current.pk)
        measures = list(
            Measure.objects.filter(offered)
            .select_related("plan", "plan__department")
            .order_by("plan__department__name", "-plan__year", "plan_id", "pk")
        )
        if not measures:
            return
        groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
        for measure in measures:
            plan = measure.plan
            label = _("%(department)s, action plan %(year)s") % {
                "department": plan.department.name,
                "year": plan.year,
            }
            groups.setdefault(plan.pk, (str(label), []))[1].append((str(measure.pk), measure.title))
        self.fields["measure"] = forms.TypedChoiceField(
            label=_("Measure of an action plan"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("None")), *groups.values()],
            initial=current.pk if current is not None else None,
            help_text=_("The measure of a department's action plan that the activity carries out."),
        )


class UpdateForm(AccessibleForm):
    personal_data_fields = Update.TEXT_FIELDS
    prefix = "update"

    body = forms.CharField(
        label=_("Update"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A short note on how the activity is going. Do not identify individuals."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=VISIBILITY_HELP,
    )
    personal_data_reason = _reason_field()

    def __init__(self, *args: Any, activity: Activity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Never wider than what the update is about: the activity's own visibility, or the
        # posting organisation alone for an update on the network.
        default = activity.visibility if activity is not None else Visibility.ORGANISATION
        self.fields["visibility"].initial = default
        name = self.add_prefix("visibility")
        if self.is_bound and not self.data.get(name):
            # Bound to the posted QueryDict, or a dict: both copy into one that may be changed.
            data = cast(QueryDict | dict[str, Any], self.data).copy()
            data[name] = default
            self.data = data


class TagForm(AccessibleForm):
    directions = forms.MultipleChoiceField(
        label=_("Strategic directions"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one direction.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["directions"]).choices = direction_choices()


class TagQueueForm(AccessibleForm):
    """Which rows of the tagging queue to tag: one row's own button, or the included rows."""

    only = IdField(required=False)
    activity = IdListField(required=False)

    def activity_ids(self) -> list[int]:
        only = self.cleaned_data.get("only")
        return [only] if only else self.cleaned_data.get("activity", [])


class ActivityFilterForm(AccessibleForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + Activity.Status.choices
    )
    organisation = IdChoiceField(
        label=_("Lead organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Any"),
    )
    direction = forms.ChoiceField(label=_("Strategic direction"), required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"), required=False, choices=[("", _("Any"))] + Visibility.choices
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(IdChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ChoiceField, self.fields["direction"]).choices = [
            ("", _("Any")),
            *direction_choices(),
            ("none", _("Not tagged")),
        ]
        # "from" and "to" are the parameter names of the API as well; not Python identifiers.
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)


PERIOD_LABELS = {"month": _("Month"), "quarter": _("Quarter"), "year": _("Year")}
GROUPING_LABELS = {"direction": _("Strategic direction"), "organisation": _("Organisation")}


class ReportForm(AccessibleForm):
    query: ReportQuery | None = None

    network = IdChoiceField(
        label=_("Network"), queryset=Network.objects.none(), empty_label=None, required=False
    )
    period = forms.ChoiceField(
        label=_("Period"), choices=[(p, PERIOD_LABELS[p]) for p in PERIODS], initial="quarter"
    )
    group_by = forms.MultipleChoiceField(
        label=_("Group by"),
        required=False,
        choices=[(g, GROUPING_LABELS[g]) for g in GROUPINGS],
        widget=forms.CheckboxSelectMultiple,
        initial=["direction"],
    )

    def __init__(self, *args: Any, networks: list[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(IdChoiceField, self.fields["network"])
        field.queryset = Network.objects.filter(pk__in=[n.pk for n in networks])
        field.initial = networks[0].pk if networks else None
        if len(networks) == 1:
            field.widget = forms.HiddenInput()
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
        )

    def clean(self) -> dict[str, Any]:
        """The fields offer and check the choices; the report's own parser reads the query."""
        cleaned = super().clean()
        if cleaned is None:  # Django allows a clean() that changes cleaned_data in place
            cleaned = self.cleaned_data
        if not cleaned.get("network") and "network" not in self.errors:
            field = cast(IdChoiceField, self.fields["network"])
            offered = cast(QuerySet[Network], field.queryset)  # always set by __init__
            cleaned["network"] = offered.first()
        try:
            query = parse_report_query(self.data)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, messages)
            return cleaned
        network = cleaned.get("network")
        self.query = replace(query, network_id=network.pk if network is not None else None)
        return cleaned
