"""Meetings, their agenda, attendance, minutes and action items: JSON in and out.

Reading serializers show what the access layer has already let through; writing serializers
turn ids into objects the caller may see (an id the caller may not see is refused exactly like
one that does not exist) and leave every decision to the services.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import RelatedField

from api.fields import IsoDateField, WholeNumberField
from api.filters import MAX_ID
from api.serializers import (
    DIRECTION_CODES,
    PersonalDataReasonMixin,
    VisibleObjectField,
    VisibleOrganisationsField,
    WriteSerializer,
)
from network.access import meeting_visible_q, organisations_visible_q, viewer_for
from network.activities.selectors import activities_visible_to
from network.core.selectors import networks_visible_to, organisations_visible_to
from network.meetings.services import MEETING_EDITABLE_FIELDS
from network.models import (
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MinutesApproval,
    MinutesEntry,
    MinutesVersion,
    Network,
    Organisation,
    User,
)

MAX_PEOPLE = 200
MAX_AGENDA = 500
MAX_TITLE = 200
MAX_TEXT = 20_000


def choice_field_class(name: str, choices: Any) -> type[serializers.ChoiceField]:
    """A choice field whose values the document lists in place.

    ``status`` and ``kind`` already name other choice sets in the document (of activities and
    organisations); listed in place, these sets need no shared name of their own.
    """
    values = [value for value, _label in choices]
    listed = f"One of: {', '.join(values)}."
    field = type(name, (serializers.ChoiceField,), {"__doc__": listed})
    schema = {"allOf": [{"type": "string", "enum": values}], "description": listed}
    return extend_schema_field(schema)(field)


AttendanceStatusField = choice_field_class("AttendanceStatusField", Attendance.Status.choices)
ActionItemStatusField = choice_field_class("ActionItemStatusField", ActionItem.Status.choices)
MeetingKindField = choice_field_class("MeetingKindField", Meeting.Kind.choices)
AgendaKindField = choice_field_class("AgendaKindField", AgendaItem.Kind.choices)


# Reading

ABILITIES = ("change", "write_minutes", "approve", "respond", "revise")


class MeetingAbilitiesSerializer(serializers.Serializer):
    """What you may do with the meeting now."""

    change = serializers.BooleanField(help_text="Change the meeting, its agenda and attendance.")
    write_minutes = serializers.BooleanField()
    approve = serializers.BooleanField(help_text="Approve (justera) the minutes.")
    respond = serializers.BooleanField(help_text="Answer the invitation.")
    revise = serializers.BooleanField(help_text="Open a new version of approved minutes.")


class MinutesEntrySerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="§ n, given when the meeting is held."
    )

    class Meta:
        model = MinutesEntry
        fields = ["number", "text", "outcome", "decision"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    kind = AgendaKindField(choices=AgendaItem.Kind.choices, read_only=True)
    minutes = serializers.SerializerMethodField(help_text="The minutes of the item, if written.")

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "position",
            "title",
            "description",
            "kind",
            "presenter",
            "planned_minutes",
            "minutes",
        ]
        read_only_fields = fields

    @extend_schema_field(MinutesEntrySerializer(allow_null=True))
    def get_minutes(self, item: AgendaItem) -> dict[str, Any] | None:
        try:
            entry = item.minutes
        except MinutesEntry.DoesNotExist:
            return None
        return dict(MinutesEntrySerializer(entry).data)


class AttendanceSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="user_id", read_only=True)
    status = AttendanceStatusField(choices=Attendance.Status.choices, read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "person", "organisation", "status", "substitute_for"]
        read_only_fields = fields


class MinutesVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MinutesVersion
        fields = ["number", "sha256", "approved_at", "reason"]
        read_only_fields = fields


class MinutesApprovalSerializer(serializers.ModelSerializer):
    by = serializers.IntegerField(source="user_id", read_only=True)

    class Meta:
        model = MinutesApproval
        fields = ["by", "version", "approved_at"]
        read_only_fields = fields


class ActionItemSerializer(serializers.ModelSerializer):
    activity = serializers.SerializerMethodField(
        help_text="The linked activity; null also when you may not see it."
    )
    direction = serializers.ChoiceField(
        choices=DIRECTION_CODES,
        source="direction.code",
        read_only=True,
        allow_null=True,
        help_text="A strategic direction's code.",
    )
    status = ActionItemStatusField(choices=ActionItem.Status.choices, read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "entry",
            "title",
            "description",
            "owner_organisation",
            "owner",
            "due_on",
            "status",
            "done_on",
            "activity",
            "direction",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_activity(self, item: ActionItem) -> int | None:
        visible = self.context.get("visible_activities", frozenset())
        return item.activity_id if item.activity_id in visible else None


class MeetingTimeField(serializers.DateTimeField):
    """A moment within the years a calendar can hold (and a database can store)."""

    default_error_messages = {"range": _("Give a moment between the years 1900 and 9998.")}

    def to_internal_value(self, value: Any) -> datetime:
        moment = super().to_internal_value(value)
        try:
            in_utc = moment.astimezone(UTC)
        except (OverflowError, ValueError):
            self.fail("range")
        if not 1900 <= in_utc.year <= 9998:
            self.fail("range")
        return moment


def _people(rows: Any, *, guests: bool) -> list[int]:
    return [row.user_id for row in rows if row.is_guest == guests]


class MeetingListSerializer(serializers.ModelSerializer):
    """A meeting as a list shows it."""

    kind = MeetingKindField(choices=Meeting.Kind.choices, read_only=True)
    video_link = serializers.CharField(
        read_only=True, help_text="The link to the meeting online; empty when there is none."
    )
    invited_organisations: RelatedField[Organisation, Any, Any] = (
        serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    )
    approvers: RelatedField[User, Any, Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    invitees = serializers.SerializerMethodField(help_text="People invited by name.")
    guests = serializers.SerializerMethodField(help_text="People let into this meeting only.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "network",
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "visibility",
            "organisation",
            "organiser",
            "chair",
            "secretary",
            "approvers",
            "invited_organisations",
            "invitees",
            "guests",
            "state",
            "series",
            "sequence",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_invitees(self, meeting: Meeting) -> list[int]:
        return _people(meeting.invitations.all(), guests=False)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_guests(self, meeting: Meeting) -> list[int]:
        return _people(meeting.invitations.all(), guests=True)


class MeetingSerializer(MeetingListSerializer):
    """A meeting with its agenda, minutes, attendance, action items and approvals."""

    abilities = serializers.SerializerMethodField()
    my_response = serializers.SerializerMethodField(
        help_text="Your answer to the invitation, null if you were not invited by name."
    )
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    action_items = serializers.SerializerMethodField()
    versions = MinutesVersionSerializer(many=True, read_only=True)
    approvals = serializers.SerializerMethodField(
        help_text="The approvals of the version being approved."
    )

    class Meta(MeetingListSerializer.Meta):
        fields = [
            *MeetingListSerializer.Meta.fields,
            "abilities",
            "my_response",
            "agenda",
            "attendance",
            "action_items",
            "versions",
            "approvals",
        ]
        read_only_fields = fields

    @extend_schema_field(MeetingAbilitiesSerializer)
    def get_abilities(self, meeting: Meeting) -> dict[str, bool]:
        abilities = self.context["abilities"]
        return {name: getattr(abilities, name) for name in ABILITIES}

    @extend_schema_field({"type": "string", "enum": Invitation.Response.values, "nullable": True})
    def get_my_response(self, meeting: Meeting) -> str | None:
        user_id = self.context["request"].user.pk
        for invitation in meeting.invitations.all():
            if invitation.user_id == user_id:
                return invitation.response
        return None

    @extend_schema_field(ActionItemSerializer(many=True))
    def get_action_items(self, meeting: Meeting) -> list[dict[str, Any]]:
        return list(
            ActionItemSerializer(meeting.action_items.all(), many=True, context=self.context).data
        )

    @extend_schema_field(MinutesApprovalSerializer(many=True))
    def get_approvals(self, meeting: Meeting) -> list[dict[str, Any]]:
        current = [row for row in meeting.approvals.all() if row.version == meeting.version]
        return list(MinutesApprovalSerializer(current, many=True).data)


# Writing


def people_visible_to(user: Any) -> QuerySet[User]:
    """People who may be named: active members of the organisations the caller sees."""
    return User.objects.filter(
        is_active=True,
        organisation__in=Organisation.objects.filter(organisations_visible_q(viewer_for(user))),
    )


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("network").filter(meeting_visible_q(viewer_for(user)))


def entries_visible_to(user: Any) -> QuerySet[MinutesEntry]:
    return MinutesEntry.objects.filter(meeting_visible_q(viewer_for(user), "meeting__"))


def _person(**kwargs: Any) -> VisibleObjectField:
    return VisibleObjectField(selector=people_visible_to, model=User, **kwargs)


class PeopleField(serializers.ListField):
    """A list of people's ids, looked up among those who may be named, in one query."""

    child = WholeNumberField(min_value=1, max_value=MAX_ID)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_PEOPLE)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[User]:
        ids = list(dict.fromkeys(super().to_internal_value(data)))
        found = {
            user.pk: user
            for user in people_visible_to(self.context["request"].user).filter(pk__in=ids)
        }
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown person: %(ids)s.") % {"ids": ", ".join(unknown)}
            )
        return [found[pk] for pk in ids]


class MeetingChangeSerializer(PersonalDataReasonMixin, serializers.ModelSerializer):
    organisation = VisibleObjectField(
        selector=organisations_visible_to,
        model=Organisation,
        required=False,
        help_text="The organising organisation; by default your own.",
    )
    chair = _person(required=False, allow_null=True)
    secretary = _person(required=False, allow_null=True)
    approvers = PeopleField(required=False, help_text="One or two approvers besides the chair.")
    invited_organisations = VisibleOrganisationsField(required=False)
    invitees = PeopleField(required=False, help_text="People invited by name.")
    guests = PeopleField(
        required=False, help_text="People outside the invited organisations, for this meeting."
    )
    kind = MeetingKindField(choices=Meeting.Kind.choices, required=False)
    starts_at = MeetingTimeField(required=False)
    ends_at = MeetingTimeField(required=False)

    class Meta:
        model = Meeting
        # What the service lets change, and the reason for a personal identity number.
        fields = [*MEETING_EDITABLE_FIELDS, "personal_data_reason"]
        extra_kwargs = {"title": {"required": False}, "starts_at": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts_at, ends_at = attrs.get("starts_at"), attrs.get("ends_at")
        if starts_at is not None and ends_at is not None and ends_at < starts_at:
            raise serializers.ValidationError(
                {"ends_at": [_("The meeting cannot end before it starts.")]}
            )
        return attrs


class MeetingCreateSerializer(MeetingChangeSerializer):
    network = VisibleObjectField(
        selector=networks_visible_to,
        model=Network,
        required=False,
        help_text="The network; may be left out if you take part in one.",
    )
    starts_at = MeetingTimeField()
    ends_at = MeetingTimeField()

    class Meta(MeetingChangeSerializer.Meta):
        fields = ["network", *MeetingChangeSerializer.Meta.fields]
        extra_kwargs: dict[str, Any] = {}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if "network" not in attrs:
            networks = list(networks_visible_to(self.context["request"].user)[:2])
            if len(networks) != 1:
                raise serializers.ValidationError({"network": [_("This field is required.")]})
            attrs["network"] = networks[0]
        return attrs


class ReviseSerializer(WriteSerializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Why the approved minutes need a new version."
    )


class RespondSerializer(WriteSerializer):
    response = serializers.ChoiceField(
        choices=[choice for choice in Invitation.Response.choices if choice[0] != "pending"]
    )


class AgendaItemWriteSerializer(PersonalDataReasonMixin, serializers.ModelSerializer):
    presenter = _person(required=False, allow_null=True)
    planned_minutes = WholeNumberField(min_value=0, max_value=24 * 60, required=False)

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter", "planned_minutes", "personal_data_reason"]


class AgendaOrderSerializer(WriteSerializer):
    order = serializers.ListField(
        child=WholeNumberField(min_value=1, max_value=MAX_ID),
        max_length=MAX_AGENDA,
        help_text="Every item of the agenda, by id, in the new order.",
    )


class MinutesWriteSerializer(PersonalDataReasonMixin, serializers.Serializer):
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, trim_whitespace=False
    )
    outcome = serializers.ChoiceField(choices=MinutesEntry.Outcome.choices, required=False)
    decision = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, trim_whitespace=False
    )


class AttendanceWriteSerializer(WriteSerializer):
    person = _person()
    status = AttendanceStatusField(choices=Attendance.Status.choices)
    substitute_for = _person(required=False, allow_null=True)


class ActionItemChangeSerializer(PersonalDataReasonMixin, serializers.ModelSerializer):
    owner_organisation = VisibleObjectField(
        selector=organisations_visible_to, model=Organisation, required=False
    )
    owner = _person(required=False, allow_null=True)
    due_on = IsoDateField(required=False)
    entry = VisibleObjectField(
        selector=entries_visible_to,
        model=MinutesEntry,
        required=False,
        allow_null=True,
        help_text="The paragraph of the minutes that gave the action item.",
    )
    activity = VisibleObjectField(
        selector=activities_visible_to, model=Activity, required=False, allow_null=True
    )
    direction = serializers.ChoiceField(choices=DIRECTION_CODES, required=False, allow_null=True)
    status = ActionItemStatusField(choices=ActionItem.Status.choices, required=False)

    class Meta:
        model = ActionItem
        fields = [
            "title",
            "description",
            "owner_organisation",
            "owner",
            "due_on",
            "status",
            "entry",
            "activity",
            "direction",
            "personal_data_reason",
        ]
        extra_kwargs = {"title": {"required": False}}


class ActionItemCreateSerializer(ActionItemChangeSerializer):
    meeting = VisibleObjectField(selector=meetings_visible_to, model=Meeting)
    owner_organisation = VisibleObjectField(selector=organisations_visible_to, model=Organisation)
    due_on = IsoDateField()

    class Meta(ActionItemChangeSerializer.Meta):
        fields = [
            "meeting",
            *(name for name in ActionItemChangeSerializer.Meta.fields if name != "status"),
        ]
        extra_kwargs: dict[str, Any] = {}
