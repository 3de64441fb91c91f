"""Forms of the meeting pages. They parse and describe input; the meeting services decide."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.forms import (
    DATE_WIDGET,
    VISIBILITY_HELP,
    AccessibleForm,
    CountField,
    IdChoiceField,
    IdListField,
    IdMultipleChoiceField,
    _reason_field,
)
from frontend.labels import direction_choices
from network.access import authoring_organisations_q, viewer_for
from network.access.meetings import may_see_under_rule, meeting_audience
from network.access.viewer import PARTICIPANT_ROLES
from network.core.selectors import organisations_visible_to
from network.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MinutesEntry,
    Network,
    Organisation,
    User,
    Visibility,
)

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
PEOPLE_ORDER = ("organisation__name", "last_name", "first_name", "username")


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField:
    """A model choice field of the form, to be given its choices."""
    return cast(forms.ModelChoiceField, form.fields[name])


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation.name})" if obj.organisation_id else name


class PeopleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation.name})" if obj.organisation_id else name


def network_people(network_id: int) -> QuerySet[User]:
    """Active people who take part in the network: those a meeting of it may name."""
    return (
        User.objects.filter(
            is_active=True,
            organisation__isnull=False,
            roles__network_id=network_id,
            roles__code__in=PARTICIPANT_ROLES,
        )
        .distinct()
        .select_related("organisation")
        .order_by(*PEOPLE_ORDER)
    )


class MeetingFilterForm(AccessibleForm):
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
    mine = forms.BooleanField(label=_("Only meetings that concern me"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any"))] + Meeting.State.choices
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any"))] + Meeting.Kind.choices
    )
    month = forms.CharField(required=False, widget=forms.HiddenInput, max_length=7)
    view = forms.ChoiceField(
        required=False,
        choices=[("list", "list"), ("calendar", "calendar")],
        widget=forms.HiddenInput,
    )

    def clean_month(self) -> date | None:
        value = self.cleaned_data.get("month") or ""
        if not value:
            return None
        try:
            parsed = datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a date only
        except ValueError:
            return None
        return parsed if 1900 <= parsed.year <= 2999 else None


class MeetingForm(AccessibleForm):
    """A meeting's facts and people. The people offered are those of the network; the service
    refuses anyone the meeting's visibility does not let in, at the field that names them."""

    personal_data_fields = Meeting.TEXT_FIELDS

    network = IdChoiceField(label=_("Network"), queryset=Network.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, help_text=_("YYYY-MM-DD"))
    starts_time = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET, help_text=_("HH:MM"))
    ends_time = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET, help_text=_("HH:MM"))
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Only if the meeting ends on another day."),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    video_link = forms.URLField(
        label=_("Video link"), required=False, max_length=500, assume_scheme="https"
    )
    organisation = IdChoiceField(
        label=_("Organising organisation"), queryset=Organisation.objects.none()
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.NETWORK,
        help_text=VISIBILITY_HELP,
    )
    chair = PersonChoiceField(
        label=_("Chair"), required=False, queryset=User.objects.none(), empty_label=_("None yet")
    )
    secretary = PersonChoiceField(
        label=_("Secretary"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("None yet"),
    )
    approvers = PeopleChoiceField(
        label=_("Approvers"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or two, besides the chair, among those who will be present."),
    )
    invited_organisations = IdMultipleChoiceField(
        label=_("Invited organisations"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    invitees = PeopleChoiceField(
        label=_("People invited by name"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    guests = PeopleChoiceField(
        label=_("Guests"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People outside the invited organisations, let into this meeting only."),
    )
    personal_data_reason = _reason_field()

    def __init__(
        self,
        *args: Any,
        user: User,
        networks: list[Network],
        meeting: Meeting | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        viewer = viewer_for(user)
        if meeting is not None:
            del self.fields["network"]
            network_ids = [meeting.network_id]
        else:
            network_ids = [n.pk for n in networks]
            field = _choices(self, "network")
            field.queryset = Network.objects.filter(pk__in=network_ids)
            if len(networks) == 1:
                field.widget = forms.HiddenInput()
                field.initial = networks[0].pk
        may_lead = Q(pk__in=[])
        for nid in network_ids:
            may_lead |= authoring_organisations_q(viewer, nid)
        if meeting is not None:
            may_lead |= Q(pk=meeting.organisation_id)
        _choices(self, "organisation").queryset = Organisation.objects.filter(may_lead).order_by(
            "name"
        )
        if meeting is None and user.organisation_id:
            self.fields["organisation"].initial = user.organisation_id
        members = Organisation.objects.filter(networks__in=network_ids).filter(
            pk__in=organisations_visible_to(user).values("pk")
        )
        _choices(self, "invited_organisations").queryset = members.distinct().order_by("name")
        people = User.objects.none()
        for nid in network_ids:
            people = people | network_people(nid)
        people = people.distinct().select_related("organisation").order_by(*PEOPLE_ORDER)
        _choices(self, "guests").queryset = people
        if meeting is not None:
            # Named people are those the meeting's visibility lets in, and those named already.
            named = Q(pk__in=may_see_under_rule(meeting).values("pk"))
            current = self.initial if "approvers" in self.initial else self.initial_for(meeting)
            for name in ("chair", "secretary"):
                if current[name]:
                    named |= Q(pk=current[name])
            named |= Q(pk__in=[*current["approvers"], *current["invitees"]])
            people = people.filter(named)
        for name in ("chair", "secretary", "approvers", "invitees"):
            _choices(self, name).queryset = people

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, starts_time = cleaned.get("starts_on"), cleaned.get("starts_time")
        ends_time = cleaned.get("ends_time")
        if starts_on and starts_time and ends_time:
            ends_on = cleaned.get("ends_on") or starts_on
            zone = timezone.get_current_timezone()
            cleaned["starts_at"] = datetime.combine(starts_on, starts_time, tzinfo=zone)
            cleaned["ends_at"] = datetime.combine(ends_on, ends_time, tzinfo=zone)
        return cleaned

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at)
        invitations = list(meeting.invitations.all())
        return {
            "title": meeting.title,
            "kind": meeting.kind,
            "description": meeting.description,
            "starts_on": starts.date(),
            "starts_time": starts.time().replace(second=0, microsecond=0),
            "ends_time": ends.time().replace(second=0, microsecond=0),
            "ends_on": ends.date() if ends.date() != starts.date() else None,
            "place": meeting.place,
            "video_link": meeting.video_link,
            "organisation": meeting.organisation_id,
            "visibility": meeting.visibility,
            "chair": meeting.chair_id,
            "secretary": meeting.secretary_id,
            "approvers": list(meeting.approvers.values_list("pk", flat=True)),
            "invited_organisations": list(
                meeting.invited_organisations.values_list("pk", flat=True)
            ),
            "invitees": [i.user_id for i in invitations if not i.is_guest],
            "guests": [i.user_id for i in invitations if i.is_guest],
        }


def _audience(meeting: Meeting) -> QuerySet[User]:
    return (
        meeting_audience(meeting)
        .filter(organisation__isnull=False)
        .select_related("organisation")
        .order_by(*PEOPLE_ORDER)
    )


class AgendaItemForm(AccessibleForm):
    personal_data_fields = AgendaItem.TEXT_FIELDS
    prefix = "agenda"

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    presenter = PersonChoiceField(
        label=_("Presenter"), required=False, queryset=User.objects.none(), empty_label=_("None")
    )
    planned_minutes = CountField(
        label=_("Planned minutes"), min_value=0, max_value=24 * 60, initial=10
    )
    personal_data_reason = _reason_field()

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "presenter").queryset = _audience(meeting)


class MinutesForm(AccessibleForm):
    """The minutes of one agenda item; its prefix names the item, so that each keeps its text."""

    personal_data_fields = MinutesEntry.TEXT_FIELDS

    text = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was said. Do not identify individuals."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=MinutesEntry.Outcome.choices,
        widget=forms.RadioSelect,
        initial=MinutesEntry.Outcome.INFORMATION,
    )
    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for the outcome decision."),
    )
    personal_data_reason = _reason_field()


class ActionItemForm(AccessibleForm):
    personal_data_fields = ActionItem.TEXT_FIELDS

    title = forms.CharField(label=_("What is to be done"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner_organisation = IdChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none()
    )
    owner = PersonChoiceField(
        label=_("Responsible person"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("None"),
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE_WIDGET, help_text=_("YYYY-MM-DD"))
    direction = forms.ChoiceField(label=_("Strategic direction"), required=False)
    personal_data_reason = _reason_field()

    def __init__(self, *args: Any, meeting: Meeting, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "owner_organisation").queryset = (
            Organisation.objects.filter(networks=meeting.network_id)
            .filter(pk__in=organisations_visible_to(user).values("pk"))
            .order_by("name")
        )
        _choices(self, "owner").queryset = _audience(meeting)
        cast(forms.ChoiceField, self.fields["direction"]).choices = [
            ("", _("None")),
            *direction_choices(),
        ]
        if not self.is_bound:
            self.fields["due_on"].initial = timezone.localdate() + timedelta(days=30)


ATTENDANCE_CHOICES = [("", _("Not recorded")), *Attendance.Status.choices]


class AttendanceForm(AccessibleForm):
    """One row per person who may be there: the invited organisations' people, those invited by
    name and the guests, each with a status and whom a substitute stands in for."""

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = Q(organisation__in=meeting.invited_organisations.values("pk")) | Q(
            pk__in=Invitation.objects.filter(meeting=meeting).values("user_id")
        )
        recorded = {row.user_id: row for row in meeting.attendance.all()}
        self.people = list(_audience(meeting).filter(invited | Q(pk__in=list(recorded))))
        substitutes = [(p.pk, p.get_full_name() or p.username) for p in self.people]
        self.rows = []
        for person in self.people:
            row = recorded.get(person.pk)
            status = forms.ChoiceField(
                label=person.get_full_name() or person.username,
                required=False,
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                initial=row.status if row else "",
            )
            substitute = forms.TypedChoiceField(
                label=_("Substitute for"),
                required=False,
                coerce=int,
                choices=[("", "–")] + [c for c in substitutes if c[0] != person.pk],
                initial=row.substitute_for_id if row else "",
            )
            self.fields[f"status_{person.pk}"] = status
            self.fields[f"substitute_{person.pk}"] = substitute
            self.rows.append(
                {
                    "person": person,
                    "status": self[f"status_{person.pk}"],
                    "substitute": self[f"substitute_{person.pk}"],
                }
            )

    def changes(self) -> list[tuple[User, str, int | None]]:
        by_id = {person.pk: person for person in self.people}
        result = []
        for pk, person in by_id.items():
            status = self.cleaned_data.get(f"status_{pk}")
            if status:
                result.append((person, status, self.cleaned_data.get(f"substitute_{pk}") or None))
        return result


class RespondForm(AccessibleForm):
    response = forms.ChoiceField(
        choices=[
            (Invitation.Response.YES, _("Yes")),
            (Invitation.Response.NO, _("No")),
            (Invitation.Response.MAYBE, _("Maybe")),
        ]
    )


class ReviseForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Reason for the new version"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the approved minutes must be corrected. Shown with the version."),
    )


class ReorderForm(AccessibleForm):
    """A whole new order (dragged), or one item moved one step (a button)."""

    order = IdListField(required=False)
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    move = forms.ChoiceField(
        required=False, choices=[("up", "up"), ("down", "down")], widget=forms.HiddenInput
    )

    def new_order(self, current: list[int]) -> list[int] | None:
        order = self.cleaned_data.get("order")
        if order:
            return order
        item, move = self.cleaned_data.get("item"), self.cleaned_data.get("move")
        if item not in current or not move:
            return None
        index = current.index(item)
        other = index - 1 if move == "up" else index + 1
        if 0 <= other < len(current):
            current[index], current[other] = current[other], current[index]
        return current


class ActionItemStatusForm(AccessibleForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class ActionItemFilterForm(AccessibleForm):
    mine = forms.BooleanField(label=_("Only mine and my organisation's"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + ActionItem.Status.choices
    )
    filtered = forms.CharField(required=False, widget=forms.HiddenInput, initial="1")
