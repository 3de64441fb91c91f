"""Serializers translate between JSON and the domain; the services decide.

Ids sent by a client are looked up among what the caller may see, so that an id the caller may
not see is refused exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, get_args

from django.conf import settings
from django.db import models
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.settings import api_settings

from api import examples
from api.fields import IsoDateField, WholeNumberField, is_whole_number_text
from api.filters import MAX_ID
from network.accounts.models import ApiToken
from network.activities.selectors import activities_visible_to
from network.activities.services import ACTIVITY_EDITABLE_FIELDS, MEASURE_FIELD
from network.core.selectors import networks_visible_to, organisations_visible_to
from network.events.models import Notification
from network.events.preferences import CHOOSABLE_EVENTS, Delivery
from network.events.selectors import unread_count
from network.events.types import EventName
from network.models import (
    Activity,
    ActivityTagging,
    Network,
    Organisation,
    Role,
    StrategicDirection,
    Update,
    User,
)

DIRECTION_CODES = StrategicDirection.Code.choices
MAX_PARTNERS = 50
CANNOT_BE_SET = _("This field cannot be set.")
GIVE_ONCE = _("Give this parameter once.")


# What every serializer that reads a request shares


class OneValueEach(serializers.Serializer):
    """Form and query input (a ``QueryDict``): a field that takes one value is given once.

    Otherwise the last value would silently win over the others.
    """

    def repeated_fields(self, data: Any) -> dict[str, list[Any]]:
        getlist = getattr(data, "getlist", None)
        if getlist is None:
            return {}
        return {
            name: [GIVE_ONCE]
            for name, field in self.fields.items()
            if not field.read_only
            and not isinstance(field, serializers.ListField | ManyRelatedField)
            and len(getlist(name)) > 1
        }

    def input_errors(self, data: Any) -> dict[str, list[Any]]:
        """Errors found in the shape of the input, before any field reads it."""
        return self.repeated_fields(data)

    def to_internal_value(self, data: Any) -> Any:
        errors = self.input_errors(data)
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not errors:
                raise
            detail = exc.detail
            if not isinstance(detail, Mapping):
                detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
            raise serializers.ValidationError({**detail, **errors}) from None
        if errors:
            raise serializers.ValidationError(errors)
        return value


class WriteSerializer(OneValueEach):
    """The base of every serializer that reads a request body.

    A field the client may not set, read-only or unknown (``id``, ``created_at``, ``directions``
    in a change of an activity), is refused with a field error rather than silently dropped, so
    that a client never believes it changed what it did not. Whole numbers and dates are read in
    ASCII digits only (see ``api.fields``).
    """

    # Sent by the browsable API's HTML forms along with the fields.
    FORM_EXTRAS = frozenset({"csrfmiddlewaretoken"})

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.IntegerField: WholeNumberField,
        models.BigIntegerField: WholeNumberField,
        models.SmallIntegerField: WholeNumberField,
        models.PositiveIntegerField: WholeNumberField,
        models.PositiveBigIntegerField: WholeNumberField,
        models.PositiveSmallIntegerField: WholeNumberField,
        models.DateField: IsoDateField,
    }

    def unsettable_fields(self, data: Any) -> dict[str, list[Any]]:
        if not isinstance(data, Mapping):
            return {}
        writable = {name for name, field in self.fields.items() if not field.read_only}
        return {
            str(name): [CANNOT_BE_SET]
            for name in data
            if name not in writable and name not in self.FORM_EXTRAS
        }

    def input_errors(self, data: Any) -> dict[str, list[Any]]:
        return {**self.repeated_fields(data), **self.unsettable_fields(data)}


# Authentication and the caller


MAX_TOKEN_DAYS = 365


class TokenSettingsSerializer(WriteSerializer):
    """What a new API token is: its name, its lifetime and what it opens."""

    name = serializers.CharField(
        max_length=100,
        default="API",
        help_text=_("A name that says where the token is used, to recognise it in the list."),
    )
    expires_in_days = WholeNumberField(
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        required=False,
        help_text=_("Days until the token expires; by default API_TOKEN_DAYS (90)."),
    )
    scope = serializers.ChoiceField(
        choices=ApiToken.Scope.choices,
        default=ApiToken.Scope.FULL,
        help_text=_("full: everything the person may do; reports: GET of the reports and me/."),
    )


@extend_schema_serializer(
    examples=[
        examples.TOKEN_REQUEST,
        OpenApiExample(
            "Namngiven, för ett BI-verktyg, bara rapporter",
            value={
                "username": "polis",
                "password": "samverkan",
                "name": "Power BI",
                "expires_in_days": 30,
                "scope": "reports",
                "otp": "123456",
            },
            request_only=True,
        ),
    ]
)
class TokenRequestSerializer(TokenSettingsSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=_(
            "The current code of your authenticator app (or a recovery code): required when "
            "you have set up two-factor authentication."
        ),
    )


_TOKEN_FIELDS = [
    "id",
    "name",
    "prefix",
    "scope",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
    "is_active",
]
_TOKEN_EXAMPLE = {
    "id": 7,
    "name": "Power BI",
    "prefix": "9944b091",
    "scope": "reports",
    "created_at": "2026-09-01T08:30:00+02:00",
    "expires_at": "2026-11-30T08:30:00+01:00",
    "last_used_at": None,
    "revoked_at": None,
    "is_active": True,
}


@extend_schema_serializer(
    examples=[OpenApiExample("En API-nyckel", value=_TOKEN_EXAMPLE, response_only=True)]
)
class ApiTokenSerializer(serializers.ModelSerializer):
    """One of your API tokens; never its key, which is shown only when it is made."""

    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = _TOKEN_FIELDS
        read_only_fields = _TOKEN_FIELDS


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "En API-nyckel",
            value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", **_TOKEN_EXAMPLE},
            response_only=True,
        )
    ]
)
class TokenSerializer(ApiTokenSerializer):
    """Your new API token: send it as ``Authorization: Token <key>``. The key is shown this
    once: only its digest is kept."""

    token = serializers.CharField(read_only=True)

    class Meta(ApiTokenSerializer.Meta):
        fields = ["token", *_TOKEN_FIELDS]
        read_only_fields = ["token", *_TOKEN_FIELDS]


def issued_token_data(token: ApiToken, key: str) -> dict[str, Any]:
    """The answer that makes a token: its key (this once) and what the list shows of it."""
    return {"token": key, **ApiTokenSerializer(token).data}


class RoleSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="code")

    class Meta:
        model = Role
        fields = ["network", "role"]


@extend_schema_serializer(examples=[examples.ME])
class MeSerializer(serializers.ModelSerializer):
    """You: your organisation, your roles per network, and how many notifications are unread."""

    roles = RoleSerializer(many=True, read_only=True)
    unread_notifications = serializers.SerializerMethodField(
        help_text="Your unread notifications about objects you may still see."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "roles",
            "unread_notifications",
        ]

    def get_unread_notifications(self, user: User) -> int:
        return unread_count(user)


# Reading


class NetworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Network
        fields = ["id", "name", "slug", "description", "reporting_closed_until"]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "is_authority"]


class DirectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicDirection
        fields = ["code", "name_sv", "name_en", "position"]


class ActivitySerializer(serializers.ModelSerializer):
    partners: RelatedField[Organisation, Any, Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    suggested_directions: RelatedField[StrategicDirection, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    directions: RelatedField[StrategicDirection, Any, Any] = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="The directions the coordinator tagged the activity with.",
    )
    is_locked = serializers.BooleanField(
        read_only=True, help_text="The reporting period is closed: the activity cannot change."
    )
    measure = serializers.SerializerMethodField(
        help_text=(
            "The id of the action plan's measure the activity carries out, if you may read that "
            "plan; null otherwise."
        )
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "network",
            *ACTIVITY_EDITABLE_FIELDS,
            MEASURE_FIELD,
            "directions",
            "tagged_by",
            "tagged_at",
            "created_by",
            "created_at",
            "updated_at",
            "is_locked",
        ]
        read_only_fields = fields

    def get_measure(self, activity: Activity) -> int | None:
        # Rows come annotated by the access layer (activity_measure_seen); a row without the
        # annotation shows no measure rather than one its reader may not see.
        return activity.measure_id if getattr(activity, "measure_seen", False) else None


class ActivityTaggingSerializer(serializers.ModelSerializer):
    directions = serializers.ListField(child=serializers.ChoiceField(choices=DIRECTION_CODES))

    class Meta:
        model = ActivityTagging
        fields = ["id", "directions", "tagged_by", "tagged_at"]
        read_only_fields = fields


class UpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Update
        fields = [
            "id",
            "network",
            "activity",
            "organisation",
            "author",
            "body",
            "visibility",
            "created_at",
        ]
        read_only_fields = fields


# Writing: ids become objects the caller may see, or a field error


class VisibleObjectField(serializers.PrimaryKeyRelatedField):
    """An id, looked up among the objects the caller may see."""

    def __init__(
        self, *, selector: Callable[[Any], QuerySet], model: type[Model], **kwargs: Any
    ) -> None:
        self.selector = selector
        name = model._meta.verbose_name
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "does_not_exist", _("Unknown %(name)s.") % {"name": name}
        )
        # The queryset is only a marker of the model for the schema: get_queryset() is used.
        kwargs["queryset"] = model._default_manager.none()
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return self.selector(self.context["request"].user)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, float):
            # An id is no measurement: 1.5 is no id, and Django would read it as 1.
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str):
            if not is_whole_number_text(data):
                self.fail("incorrect_type", data_type=type(data).__name__)
            data = int(data.strip().partition(".")[0])
        if isinstance(data, int) and not isinstance(data, bool) and not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class VisibleOrganisationsField(serializers.ListField):
    """A list of organisation ids, looked up among the visible ones in one query."""

    child = WholeNumberField(min_value=1, max_value=MAX_ID)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_PARTNERS)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[Organisation]:
        ids = list(dict.fromkeys(super().to_internal_value(data)))
        visible = organisations_visible_to(self.context["request"].user)
        found = {organisation.pk: organisation for organisation in visible.filter(pk__in=ids)}
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown organisation: %(ids)s.") % {"ids": ", ".join(unknown)}
            )
        return [found[pk] for pk in ids]


class PersonalDataReasonMixin(WriteSerializer):
    personal_data_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text=(
            "Why text seen by the whole network may hold a personal identity number. Required "
            "when it does; the reason is written to the audit log."
        ),
    )


class ActivityChangeSerializer(PersonalDataReasonMixin, serializers.ModelSerializer):
    organisation = VisibleObjectField(
        selector=organisations_visible_to,
        model=Organisation,
        required=False,
        help_text="The lead organisation; by default your own.",
    )
    partners = VisibleOrganisationsField(required=False)
    suggested_directions = serializers.ListField(
        child=serializers.ChoiceField(choices=DIRECTION_CODES),
        required=False,
        max_length=len(DIRECTION_CODES),
        help_text="The directions you suggest; the coordinator decides.",
    )
    measure = WholeNumberField(
        required=False,
        allow_null=True,
        help_text=(
            "The id of the action plan's measure the activity carries out: one of your "
            "department's plan, one your organisation is responsible for, or, for the "
            "coordinator, any of the network. null unlinks a measure you see; left out, the "
            "link stays as it is."
        ),
    )

    class Meta:
        model = Activity
        fields = [*ACTIVITY_EDITABLE_FIELDS, MEASURE_FIELD, "personal_data_reason"]
        # The largest count every database holds, so that the limit does not depend on one.
        extra_kwargs = {"participants_count": {"min_value": 0, "max_value": 2**31 - 1}}


class ActivityCreateSerializer(ActivityChangeSerializer):
    network = VisibleObjectField(
        selector=networks_visible_to,
        model=Network,
        required=False,
        help_text="The network to log the activity in; may be left out if you take part in one.",
    )

    class Meta(ActivityChangeSerializer.Meta):
        fields = ["network", *ActivityChangeSerializer.Meta.fields]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "network" not in attrs:
            attrs["network"] = _only_network(self.context["request"].user)
        return attrs


class ActivityTagSerializer(WriteSerializer):
    directions = serializers.ListField(
        child=serializers.ChoiceField(choices=DIRECTION_CODES),
        max_length=len(DIRECTION_CODES),
        help_text="Direction codes; an empty list removes every direction.",
    )


class ActivityFollowSerializer(WriteSerializer):
    following = serializers.BooleanField(
        help_text="true to be told of the activity's changes and updates, false to stop."
    )


class UpdateCreateSerializer(PersonalDataReasonMixin, serializers.ModelSerializer):
    network = VisibleObjectField(
        selector=networks_visible_to,
        model=Network,
        required=False,
        help_text="The network to post in; may be left out if you take part in one.",
    )
    activity = VisibleObjectField(
        selector=activities_visible_to,
        model=Activity,
        required=False,
        allow_null=True,
        help_text="The activity the update is about, if any.",
    )
    organisation = VisibleObjectField(
        selector=organisations_visible_to,
        model=Organisation,
        required=False,
        help_text="The organisation that posts; by default your own.",
    )

    class Meta:
        model = Update
        fields = [
            "network",
            "activity",
            "organisation",
            "body",
            "visibility",
            "personal_data_reason",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "network" not in attrs:
            activity = attrs.get("activity")
            attrs["network"] = (
                activity.network if activity else _only_network(self.context["request"].user)
            )
        return attrs


def _only_network(user: Any) -> Network:
    networks = list(networks_visible_to(user)[:2])
    if len(networks) != 1:
        raise serializers.ValidationError({"network": [_("This field is required.")]})
    return networks[0]


# Reports


class ReportRowSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="2026-03, 2026-Q1 or 2026.")
    direction = serializers.ChoiceField(
        choices=DIRECTION_CODES,
        allow_null=True,
        required=False,
        help_text="With group_by=direction: the tagged direction, null for untagged activities.",
    )
    organisation = serializers.IntegerField(
        required=False, help_text="With group_by=organisation: the lead organisation's id."
    )
    activities = serializers.IntegerField()
    completed = serializers.IntegerField()
    participants = serializers.IntegerField()


class ReportSerializer(serializers.Serializer):
    results = ReportRowSerializer(many=True)


# Notifications

EVENT_NAMES = get_args(EventName)


class NotificationObjectSerializer(serializers.Serializer):
    type = serializers.CharField(source="object_type", help_text="activity or update.")
    id = serializers.IntegerField(source="object_id")


class NotificationSerializer(serializers.ModelSerializer):
    """What happened, about which object; the same fields as a live message, and when read."""

    event = serializers.ChoiceField(choices=EVENT_NAMES, read_only=True)
    object = NotificationObjectSerializer(source="*", read_only=True)
    read_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When you marked it read; null while unread."
    )

    class Meta:
        model = Notification
        fields = ["id", "event", "created_at", "object", "title", "url", "network", "read_at"]
        read_only_fields = fields


@extend_schema_serializer(examples=[examples.NOTIFICATIONS_MARKED])
class NotificationsMarkedSerializer(serializers.Serializer):
    """How many of your notifications were unread and are now read."""

    marked = serializers.IntegerField(min_value=0)


# Notification settings

CHOOSABLE_EVENT_NAMES = tuple(event.value for event in CHOOSABLE_EVENTS)


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false`` only, never what merely reads as one (``"true"``, ``1``, ``"on"``)."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            event: {"type": "string", "enum": list(Delivery.values)}
            for event in CHOOSABLE_EVENT_NAMES
        },
        "additionalProperties": False,
    }
)
class EventDeliveriesField(serializers.DictField):
    """Event name → how it is told; an event one cannot choose for is refused by name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.ChoiceField(choices=Delivery.choices), **kwargs)

    def run_child_validation(self, data: Mapping[Any, Any]) -> dict[str, str]:
        result: dict[str, str] = {}
        errors: dict[str, Any] = {}
        for key, value in data.items():
            event = str(key)
            if event not in CHOOSABLE_EVENT_NAMES:
                errors[event] = [_("Not an event you can choose for.")]
                continue
            try:
                result[event] = self.child.run_validation(value)
            except serializers.ValidationError as exc:
                errors[event] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return result


class NotificationSettingsSerializer(WriteSerializer):
    """Your notification settings: the language of e-mail, network-wide news, and per event how
    you are told (every event that you can choose for is listed)."""

    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, help_text="The language your e-mail is written in."
    )
    all_new_activities = StrictBooleanField(
        help_text=(
            "Whether you are told of every new activity you may see in your networks, not only "
            "of those of your organisation and those you take part in or follow."
        )
    )
    events = EventDeliveriesField(
        help_text=(
            "Event name → live (on the page only), immediate (also an e-mail at once), digest "
            "(also a daily e-mail digest) or none (not told at all)."
        )
    )
