"""Situational pictures, action plans, measures and indicator values, as JSON.

A picture reads as its ``summary`` (the mapping of problems, other information, the cause
analysis and the sources) and its ``details`` (groups, areas, recruitment venues), which is null
for a reader who may read the summary only. Requests have the same shape. Serializers translate;
the services decide.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import RelatedField

from api.fields import IsoDateField, WholeNumberField
from api.filters import MAX_ID
from api.meeting_serializers import choice_field_class, people_visible_to
from api.serializers import DIRECTION_CODES, VisibleObjectField, WriteSerializer
from network.access import viewer_for
from network.access.situation import picture_visible_q, problem_shown
from network.core.models import LONG_TEXT
from network.core.selectors import networks_visible_to, organisations_visible_to
from network.models import (
    ActionPlan,
    AuditEvent,
    IndicatorValue,
    Measure,
    Network,
    Organisation,
    Problem,
    SituationPicture,
    SituationPictureVersion,
    StrategicDirection,
    User,
)
from network.situation.models import PERIOD, Confidentiality
from network.situation.selectors import plans_for
from network.situation.services import MAX_PROBLEMS, MEASURE_FIELDS

ConfidentialityField = choice_field_class("ConfidentialityField", Confidentiality.choices)
HorizonField = choice_field_class("HorizonField", Measure.Horizon.choices)
MeasureStatusField = choice_field_class("MeasureStatusField", Measure.Status.choices)
IndicatorKindField = choice_field_class("IndicatorKindField", IndicatorValue.Kind.choices)
DirectionCodeField = choice_field_class("DirectionCodeField", DIRECTION_CODES)

PERIOD_HELP = "A year (2026), a half-year (2026-H1) or a quarter (2026-Q3)."


def period_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=7, validators=[PERIOD], help_text=PERIOD_HELP, **kwargs)


def long_text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=LONG_TEXT, allow_blank=True, required=False, **kwargs)


# Reading a situational picture


class ProblemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Problem
        fields = ["id", "title", "extent", "consequences"]
        read_only_fields = fields


class PictureSummarySerializer(serializers.Serializer):
    """What every reader of the picture reads: the mapping of problems, the cause analysis and
    the sources."""

    problems = ProblemSerializer(many=True, read_only=True)
    other_information = serializers.CharField(read_only=True)
    cause_analysis = serializers.CharField(read_only=True)
    sources_used = serializers.CharField(read_only=True)
    sources_left_out = serializers.CharField(
        read_only=True, help_text="Sources left out, and what that limits."
    )


class PictureDetailsSerializer(serializers.Serializer):
    """The detailed part: read only by the department, the coordinator and the security chief."""

    groups = serializers.CharField(read_only=True, help_text="Groups and milieus that are active.")
    areas = serializers.CharField(read_only=True)
    recruitment_venues = serializers.CharField(
        read_only=True, help_text="Meeting places where young people may be recruited."
    )


class PictureAbilitiesSerializer(serializers.Serializer):
    """What you may do with the picture now."""

    change = serializers.BooleanField(help_text="Change the picture (a new version is kept).")
    share = serializers.BooleanField(help_text="Share its summary with another authority.")


class SituationPictureSerializer(serializers.ModelSerializer):
    """A department's situational picture for a period.

    ``details`` is null for a reader who may read the summary only, and in lists: read one
    picture for its detailed part. Every read is written to the audit log.
    """

    visibility = ConfidentialityField(choices=Confidentiality.choices, read_only=True)
    summary = PictureSummarySerializer(source="*", read_only=True)
    details = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = SituationPicture
        fields = [
            "id",
            "network",
            "department",
            "period",
            "visibility",
            "summary",
            "details",
            "version",
            "updated_at",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(PictureDetailsSerializer(allow_null=True))
    def get_details(self, picture: SituationPicture) -> dict[str, Any] | None:
        if picture.pk not in self.context.get("details_of", ()):
            return None
        return {name: getattr(picture, name) for name in SituationPicture.DETAIL_FIELDS}

    @extend_schema_field(PictureAbilitiesSerializer)
    def get_abilities(self, picture: SituationPicture) -> dict[str, bool]:
        return self.context["abilities"](picture)


class PictureContentSerializer(serializers.Serializer):
    """The picture as it stood after one change."""

    period = serializers.CharField(read_only=True)
    visibility = ConfidentialityField(choices=Confidentiality.choices, read_only=True)
    summary = PictureSummarySerializer(read_only=True)
    details = PictureDetailsSerializer(read_only=True, allow_null=True)


class PictureReadSerializer(serializers.ModelSerializer):
    """One event of the picture's part of the audit log: who read it (or shared it), which part,
    through which path, from where."""

    actor_organisation = serializers.SerializerMethodField()
    part = serializers.SerializerMethodField()
    what = serializers.SerializerMethodField()
    via = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "actor_organisation",
            "action",
            "part",
            "what",
            "via",
            "remote_addr",
        ]
        read_only_fields = fields

    def get_actor_organisation(self, event: AuditEvent) -> int | None:
        return event.actor.organisation_id if event.actor is not None else None

    def get_part(self, event: AuditEvent) -> str:
        """``summary`` or ``details``; empty for a change of sharing."""
        return str(event.detail.get("part", ""))

    def get_what(self, event: AuditEvent) -> str:
        """What was read: ``picture``, ``versions`` or ``export`` (a print copy); empty for a
        change of sharing."""
        return str(event.detail.get("what") or "")

    def get_via(self, event: AuditEvent) -> str:
        """``page``, ``api`` or ``admin``; empty where the path was not recorded."""
        return str(event.detail.get("via", ""))


class PictureVersionSerializer(serializers.ModelSerializer):
    """One version of the picture; its detailed part only for those who read it."""

    content = serializers.SerializerMethodField()

    class Meta:
        model = SituationPictureVersion
        fields = ["number", "created_at", "changed_by", "content"]
        read_only_fields = fields

    @extend_schema_field(PictureContentSerializer)
    def get_content(self, version: SituationPictureVersion) -> dict[str, Any]:
        content = version.content if isinstance(version.content, dict) else {}
        details = None
        if self.context.get("details"):
            details = {name: content.get(name, "") for name in SituationPicture.DETAIL_FIELDS}
        return {
            "period": content.get("period", ""),
            "visibility": content.get("visibility", ""),
            "summary": {
                "problems": [
                    {key: problem.get(key) for key in ("id", "title", "extent", "consequences")}
                    for problem in content.get("problems", [])
                    if isinstance(problem, dict)
                ],
                **{name: content.get(name, "") for name in SituationPicture.SUMMARY_FIELDS},
            },
            "details": details,
        }


class PictureShareSerializer(WriteSerializer):
    """Let one other authority of the network read the summary, or stop it."""

    organisation = VisibleObjectField(
        selector=organisations_visible_to,
        model=Organisation,
        help_text="An authority of the picture's network.",
    )
    shared = serializers.BooleanField(
        required=False, default=True, help_text="true to share, false to stop sharing."
    )


# Writing a situational picture


class ProblemWriteSerializer(WriteSerializer):
    """One problem of the mapping. Give the ``id`` of a problem to keep it (its measures stay
    linked); a problem left out of a change is removed unless a measure answers it."""

    id = WholeNumberField(required=False, min_value=1, max_value=MAX_ID)
    title = serializers.CharField(max_length=200)
    extent = long_text()
    consequences = long_text()


class PictureSummaryWriteSerializer(WriteSerializer):
    problems = serializers.ListField(
        child=ProblemWriteSerializer(),
        required=False,
        max_length=MAX_PROBLEMS,
        help_text="The mapping of problems; given, it replaces the mapping.",
    )
    other_information = long_text()
    cause_analysis = long_text()
    sources_used = long_text()
    sources_left_out = long_text()


class PictureDetailsWriteSerializer(WriteSerializer):
    groups = long_text()
    areas = long_text()
    recruitment_venues = long_text()


class PictureChangeSerializer(WriteSerializer):
    """Aggregates only: text that holds a personal identity number is refused, whatever else."""

    period = period_field()
    visibility = ConfidentialityField(
        choices=Confidentiality.choices,
        required=False,
        help_text="organisation: the department (and those it shares with); authorities: every "
        "authority of the network reads the summary.",
    )
    summary = PictureSummaryWriteSerializer(required=False)
    details = PictureDetailsWriteSerializer(required=False)


class PictureCreateSerializer(PictureChangeSerializer):
    network = VisibleObjectField(
        selector=networks_visible_to,
        model=Network,
        required=False,
        help_text="May be left out if you take part in one network only.",
    )
    department = VisibleObjectField(
        selector=organisations_visible_to,
        model=Organisation,
        required=False,
        help_text="The department whose picture it is; by default your own.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return with_network_and_department(self.context["request"].user, attrs)


def with_network_and_department(user: User, attrs: dict[str, Any]) -> dict[str, Any]:
    """A department's own document: the caller's network and organisation when left out."""
    if "network" not in attrs:
        attrs["network"] = only_network(user)
    if "department" not in attrs:
        if user.organisation is None:
            raise serializers.ValidationError({"department": [_("This field is required.")]})
        attrs["department"] = user.organisation
    return attrs


def only_network(user: User) -> Network:
    networks = list(networks_visible_to(user)[:2])
    if len(networks) != 1:
        raise serializers.ValidationError({"network": [_("This field is required.")]})
    return networks[0]


# Action plans and measures


class IndicatorValueSerializer(serializers.ModelSerializer):
    kind = IndicatorKindField(choices=IndicatorValue.Kind.choices, read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["period", "value", "kind", "note"]
        read_only_fields = fields


class MeasureProblemSerializer(serializers.ModelSerializer):
    """The problem of the department's situational picture that the measure answers."""

    class Meta:
        model = Problem
        fields = ["id", "title"]
        read_only_fields = fields


class MeasureSerializer(serializers.ModelSerializer):
    """A measure of an action plan: the problem it answers, who is responsible, its indicator,
    the activities carrying it out (those you may see) and the indicator's values over time."""

    problem = serializers.SerializerMethodField(
        help_text="The problem of the department's situational picture that the measure "
        "answers; null if you may not read that picture's summary (a measure always answers "
        "one)."
    )
    direction: RelatedField[StrategicDirection, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The strategic direction's code."
    )
    horizon = HorizonField(choices=Measure.Horizon.choices, read_only=True)
    status = MeasureStatusField(choices=Measure.Status.choices, read_only=True)
    activities = serializers.SerializerMethodField(
        help_text="The activities carrying the measure out that you may see."
    )
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", *MEASURE_FIELDS, "activities", "values", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(MeasureProblemSerializer(allow_null=True))
    def get_problem(self, measure: Measure) -> dict[str, Any] | None:
        # Rows come annotated by the access layer (``selectors.measures_for``); a row without
        # the annotation shows no problem rather than one its reader may not see.
        problem = problem_shown(measure)
        return None if problem is None else MeasureProblemSerializer(problem).data

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_activities(self, measure: Measure) -> list[int]:
        return [activity.pk for activity in measure.activities.all()]


class PlanAbilitiesSerializer(serializers.Serializer):
    """What you may do with the plan now."""

    change = serializers.BooleanField(help_text="Revise the plan and keep its measures.")
    approve = serializers.BooleanField(help_text="Approve the plan (the security chief).")


class ActionPlanSerializer(serializers.ModelSerializer):
    """A department's action plan for a year, with its measures."""

    visibility = ConfidentialityField(choices=Confidentiality.choices, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "network",
            "department",
            "year",
            "title",
            "visibility",
            "decided_by_body",
            "decided_on",
            "reference_number",
            "approved_by",
            "approved_at",
            "revised_on",
            "next_revision_due",
            "measures",
            "abilities",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PlanAbilitiesSerializer)
    def get_abilities(self, plan: ActionPlan) -> dict[str, bool]:
        return self.context["abilities"](plan)


class ActionPlanCreateSerializer(WriteSerializer, serializers.ModelSerializer):
    network = VisibleObjectField(
        selector=networks_visible_to,
        model=Network,
        required=False,
        help_text="May be left out if you take part in one network only.",
    )
    department = VisibleObjectField(
        selector=organisations_visible_to,
        model=Organisation,
        required=False,
        help_text="The department whose plan it is; by default your own.",
    )
    year = WholeNumberField(min_value=2000, max_value=2100)
    visibility = ConfidentialityField(choices=Confidentiality.choices, required=False)
    decided_on = IsoDateField(required=False, allow_null=True)

    class Meta:
        model = ActionPlan
        fields = [
            "network",
            "department",
            "year",
            "title",
            "visibility",
            "decided_by_body",
            "decided_on",
            "reference_number",
        ]
        # The services check that a department has one plan a year.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return with_network_and_department(self.context["request"].user, attrs)


class PlanReviseSerializer(WriteSerializer):
    """The yearly revision: the next is due a year later, and a new approval is needed."""

    revised_on = IsoDateField(help_text="The day of the decision; today or earlier.")
    decided_by_body = serializers.CharField(max_length=200, allow_blank=True, required=False)
    reference_number = serializers.CharField(max_length=64, allow_blank=True, required=False)


def problems_visible_to(user: User) -> QuerySet[Problem]:
    return Problem.objects.filter(picture_visible_q(viewer_for(user), "picture__"))


def plans_visible_to(user: User) -> QuerySet[ActionPlan]:
    return plans_for(viewer_for(user))


class MeasureChangeSerializer(WriteSerializer, serializers.ModelSerializer):
    problem = VisibleObjectField(
        selector=problems_visible_to,
        model=Problem,
        allow_null=True,
        help_text="The problem of the department's situational picture that the measure answers.",
    )
    owner_organisation = VisibleObjectField(
        selector=organisations_visible_to,
        model=Organisation,
        required=False,
        help_text="The responsible organisation; by default the plan's department.",
    )
    owner = VisibleObjectField(
        selector=people_visible_to,
        model=User,
        required=False,
        allow_null=True,
        help_text="The responsible person, of the responsible organisation.",
    )
    direction = DirectionCodeField(choices=DIRECTION_CODES, help_text="A direction code.")
    horizon = HorizonField(choices=Measure.Horizon.choices, required=False)
    status = MeasureStatusField(choices=Measure.Status.choices, required=False)

    class Meta:
        model = Measure
        fields = [
            "problem",
            "title",
            "owner_organisation",
            "owner",
            "direction",
            "expected_effect",
            "horizon",
            "indicator",
            "baseline",
            "target",
            "comparison",
            "status",
            "status_comment",
        ]


class MeasureCreateSerializer(MeasureChangeSerializer):
    plan = VisibleObjectField(
        selector=plans_visible_to, model=ActionPlan, help_text="The action plan."
    )

    class Meta(MeasureChangeSerializer.Meta):
        fields = ["plan", *MeasureChangeSerializer.Meta.fields]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("owner_organisation", attrs["plan"].department)
        return attrs


class IndicatorValueWriteSerializer(WriteSerializer):
    """One reading of the indicator; a second for the same period and kind replaces it."""

    period = period_field()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    kind = IndicatorKindField(
        choices=IndicatorValue.Kind.choices,
        required=False,
        default=IndicatorValue.Kind.FOLLOW_UP,
        help_text="follow_up (uppföljning) or evaluation (utvärdering).",
    )
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


# Gaps in the chain from problem to follow-up


class GapsQuerySerializer(WriteSerializer):
    network = VisibleObjectField(
        selector=networks_visible_to,
        model=Network,
        required=False,
        help_text="May be left out if you take part in one network only.",
    )
    period = period_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "network" not in attrs:
            attrs["network"] = only_network(self.context["request"].user)
        return attrs


class ProblemGapSerializer(serializers.ModelSerializer):
    picture = serializers.IntegerField(source="picture_id", read_only=True)
    department = serializers.IntegerField(source="picture.department_id", read_only=True)
    department_name = serializers.CharField(source="picture.department.name", read_only=True)

    class Meta:
        model = Problem
        fields = ["id", "title", "picture", "department", "department_name"]
        read_only_fields = fields


class MeasureGapSerializer(serializers.ModelSerializer):
    department = serializers.IntegerField(source="plan.department_id", read_only=True)
    department_name = serializers.CharField(source="plan.department.name", read_only=True)
    direction: RelatedField[StrategicDirection, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Measure
        fields = ["id", "title", "plan", "direction", "department", "department_name"]
        read_only_fields = fields


class GapsSerializer(serializers.Serializer):
    """Where the chain breaks in the network, of what you may read."""

    problems_without_measures = ProblemGapSerializer(many=True, read_only=True)
    measures_without_activities = MeasureGapSerializer(
        many=True, read_only=True, help_text="No activity you may see carries them out."
    )
    measures_without_values = MeasureGapSerializer(
        many=True, read_only=True, help_text="No indicator value for the period."
    )
