"""Forms of the situational picture and action plan pages. They parse and describe input; the
situation services decide (who may write, what a picture may hold, which problem a measure
answers) and the views show their refusals at the fields they name."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from frontend.forms import DATE_WIDGET, AccessibleForm, IdChoiceField
from frontend.labels import direction_choices
from frontend.meeting_forms import PersonChoiceField
from network.core.models import LONG_TEXT
from network.models import (
    ActionPlan,
    IndicatorValue,
    Measure,
    Network,
    Organisation,
    Problem,
    SituationPicture,
    User,
)
from network.personal_data import contains_identity_number
from network.situation.models import PERIOD, Confidentiality

AGGREGATES_HELP = _(
    "A situational picture describes groups, places and extent, never individuals: no names, no "
    "personal identity numbers. Text with a personal identity number is refused."
)
PERIOD_HELP = _("A year (2026), a half-year (2026-H1) or a quarter (2026-Q3).")
CONFIDENTIALITY_HELP = _(
    "Own department: your department, the central coordinator and the security chief. "
    "Authorities: every public authority in the network reads the summary. The detailed part is "
    "only ever read by your department, the coordinator and the security chief. Civil society "
    "never sees a situational picture."
)
BLANK_PROBLEMS = 3


def _text(label: Any, *, rows: int = 4, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class KeptForForm(AccessibleForm):
    """The network and department a new picture or plan is kept for."""

    kept_for = forms.ChoiceField(label=_("Department"))

    def __init__(
        self, *args: Any, kept_for: list[tuple[Network, Organisation]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kept_for_choices = {f"{n.pk}-{o.pk}": (n, o) for n, o in kept_for}
        several = len({n.pk for n, _o in kept_for}) > 1
        field = cast(forms.ChoiceField, self.fields["kept_for"])
        field.choices = [
            (key, f"{o.name} ({n.name})" if several else o.name)
            for key, (n, o) in self.kept_for_choices.items()
        ]
        if len(kept_for) == 1:
            field.initial = next(iter(self.kept_for_choices))

    def network_and_department(self) -> tuple[Network, Organisation]:
        return self.kept_for_choices[self.cleaned_data["kept_for"]]


class PictureForm(KeptForForm):
    """The picture's own fields; its problems are a formset beside it (:data:`ProblemFormSet`)."""

    personal_data_fields = SituationPicture.TEXT_FIELDS

    period = forms.CharField(
        label=_("Period"), max_length=7, validators=[PERIOD], help_text=PERIOD_HELP
    )
    visibility = forms.ChoiceField(
        label=_("Who reads the summary"),
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
        initial=Confidentiality.ORGANISATION,
        help_text=CONFIDENTIALITY_HELP,
    )
    other_information = _text(_("Other relevant information"))
    cause_analysis = _text(_("Cause analysis"), rows=6)
    sources_used = _text(_("Sources used"), rows=3)
    sources_left_out = _text(_("Sources left out, and what that limits"), rows=3)
    groups = _text(_("Groups and milieus that are active"))
    areas = _text(_("Areas"))
    recruitment_venues = _text(_("Meeting places where young people may be recruited"))

    def __init__(
        self,
        *args: Any,
        kept_for: list[tuple[Network, Organisation]],
        picture: SituationPicture | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, kept_for=kept_for, **kwargs)
        if picture is not None:
            del self.fields["kept_for"]  # A picture keeps its department.

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in SituationPicture.TEXT_FIELDS}


class ProblemForm(AccessibleForm):
    """One problem of the mapping. A blank new row is left out; an existing one may be removed."""

    personal_data_fields = Problem.TEXT_FIELDS

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Problem"), required=False, max_length=200)
    extent = _text(_("Extent"), rows=2, help_text=_("How much, how often, where: in numbers."))
    consequences = _text(_("Consequences"), rows=2)
    remove = forms.BooleanField(label=_("Remove this problem"), required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in Problem.TEXT_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove") or self.is_blank():
            return data
        if not data.get("title"):
            self.add_error("title", _("Give the problem a title."))
        return data

    def row(self) -> dict[str, Any]:
        data = self.cleaned_data
        row: dict[str, Any] = {name: data[name] for name in Problem.TEXT_FIELDS}
        if data.get("id"):
            row["id"] = data["id"]
        return row

    def add_refusal(self, message: str) -> None:
        """The service refused the row's text: show it at the field that holds the number."""
        flagged = [
            name
            for name in Problem.TEXT_FIELDS
            if contains_identity_number(str(self.cleaned_data.get(name) or ""))
        ]
        for name in flagged or ["title"]:
            self.add_error(name, message)


ProblemFormSet = forms.formset_factory(ProblemForm, extra=BLANK_PROBLEMS, max_num=50)


class VersionsForm(AccessibleForm):
    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        for name in ("a", "b"):
            field = cast(forms.TypedChoiceField, self.fields[name])
            field.choices = choices


# Action plans


class PlanForm(KeptForForm):
    personal_data_fields = ActionPlan.TEXT_FIELDS

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    visibility = forms.ChoiceField(
        label=_("Who reads the plan"),
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
        initial=Confidentiality.AUTHORITIES,
        help_text=_(
            "Own department: your department, the central coordinator and the security chief. "
            "Authorities: every public authority in the network. Civil society never sees it."
        ),
    )
    decided_by_body = forms.CharField(
        label=_("Decided by"),
        required=False,
        max_length=200,
        help_text=_("The body that decided the plan, for example a committee."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), required=False, widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
    )
    reference_number = forms.CharField(label=_("Reference number"), required=False, max_length=64)


class ReviseForm(AccessibleForm):
    personal_data_fields = ("decided_by_body", "reference_number")

    revised_on = forms.DateField(
        label=_("Revised on"), widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
    )
    decided_by_body = forms.CharField(label=_("Decided by"), required=False, max_length=200)
    reference_number = forms.CharField(label=_("Reference number"), required=False, max_length=64)


class ProblemChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.picture.period}: {obj.title}"


class MeasureForm(AccessibleForm):
    personal_data_fields = Measure.TEXT_FIELDS

    problem = ProblemChoiceField(
        label=_("Problem the measure answers"),
        queryset=Problem.objects.none(),
        help_text=_("A problem of the department's situational picture."),
    )
    title = forms.CharField(label=_("Measure"), max_length=200)
    owner_organisation = IdChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none()
    )
    owner = PersonChoiceField(
        label=_("Responsible person"), queryset=User.objects.none(), required=False
    )
    direction = forms.ChoiceField(label=_("Strategic direction"))
    expected_effect = _text(_("Expected effect"), rows=3)
    horizon = forms.ChoiceField(
        label=_("Horizon"), choices=Measure.Horizon.choices, widget=forms.RadioSelect
    )
    indicator = forms.CharField(label=_("Indicator"), required=False, max_length=300)
    baseline = forms.CharField(label=_("Baseline"), required=False, max_length=200)
    target = forms.CharField(label=_("Target"), required=False, max_length=200)
    comparison = forms.CharField(
        label=_("Comparison"),
        required=False,
        max_length=300,
        help_text=_("The same period last year, or a comparison area."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Measure.Status.choices, widget=forms.RadioSelect
    )
    status_comment = forms.CharField(
        label=_("Comment on the status"), required=False, max_length=500
    )

    def __init__(
        self,
        *args: Any,
        problems: QuerySet[Problem],
        organisations: QuerySet[Organisation],
        people: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, rows in (
            ("problem", problems),
            ("owner_organisation", organisations),
            ("owner", people),
        ):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = rows
        direction = cast(forms.ChoiceField, self.fields["direction"])
        direction.choices = direction_choices()
        self.fields["horizon"].initial = Measure.Horizon.SHORT
        self.fields["status"].initial = Measure.Status.GREEN

    def fields_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class IndicatorValueForm(AccessibleForm):
    personal_data_fields = ("note",)

    period = forms.CharField(
        label=_("Period"), max_length=7, validators=[PERIOD], help_text=PERIOD_HELP
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=IndicatorValue.Kind.choices,
        widget=forms.RadioSelect,
        initial=IndicatorValue.Kind.FOLLOW_UP,
        help_text=_("Follow-up: a reading along the way. Evaluation: an assessment of the effect."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class GapsForm(AccessibleForm):
    network = IdChoiceField(label=_("Network"), queryset=Network.objects.none(), required=False)
    period = forms.CharField(
        label=_("Period of follow-up"),
        max_length=7,
        required=False,
        validators=[PERIOD],
        help_text=PERIOD_HELP,
    )

    def __init__(self, *args: Any, networks: QuerySet[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["network"])
        field.queryset = networks
        field.empty_label = None

    def clean_period(self) -> str:
        value = str(self.cleaned_data.get("period") or "").strip()
        if value:
            PERIOD(value)
        return value


class ShareForm(AccessibleForm):
    organisation = IdChoiceField(
        label=_("Share the summary with"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Another authority of the network then reads the summary, never the detailed part."
        ),
    )
    # "0" stops the sharing; anything else shares.
    shared = forms.CharField(required=False, initial="1", widget=forms.HiddenInput)

    def clean_shared(self) -> bool:
        return self.cleaned_data.get("shared") != "0"

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
