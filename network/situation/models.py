"""Local situational pictures (lägesbild) and yearly action plans (handlingsplan).

A department keeps a situational picture per period: the mapping of problems with their extent
and consequences, other relevant information, the cause analysis and the sources, which any
reader of the picture sees (the summary), and the detailed part (groups and milieus, areas,
meeting places where young people may be recruited), which only the department, the coordinator
and the security chief read. Each change keeps a version.

An action plan holds the department's measures for a year, each linked to a problem of its
situational picture, followed up by indicator values over time. Activities carry measures out.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.core.models import (
    Network,
    Organisation,
    StrategicDirection,
    Visibility,
    long_text,
)

PERIOD = RegexValidator(
    r"^(19|20)\d\d(-(H[12]|Q[1-4]))?\Z",
    _("A period is a year (2026), a half-year (2026-H1) or a quarter (2026-Q3)."),
)


class Confidentiality(models.TextChoices):
    """Never wider than the authorities: a situational picture is not for civil society."""

    ORGANISATION = Visibility.ORGANISATION.value, Visibility.ORGANISATION.label
    AUTHORITIES = Visibility.AUTHORITIES.value, Visibility.AUTHORITIES.label


class SituationPicture(models.Model):
    SUMMARY_FIELDS = ("other_information", "cause_analysis", "sources_used", "sources_left_out")
    DETAIL_FIELDS = ("groups", "areas", "recruitment_venues")
    TEXT_FIELDS = SUMMARY_FIELDS + DETAIL_FIELDS

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="situation_pictures",
        verbose_name=_("network"),
    )
    department = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="situation_pictures",
        verbose_name=_("department"),
    )
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD])
    # Who beyond the department reads the summary: the authorities of the network, or only the
    # organisations it is shared with (SituationPictureShare).
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.ORGANISATION,
    )
    other_information = long_text(_("other relevant information"))
    cause_analysis = long_text(_("cause analysis"))
    sources_used = long_text(_("sources used"))
    sources_left_out = long_text(_("sources left out, and what that limits"))
    groups = long_text(_("groups and milieus that are active"))
    areas = long_text(_("areas"))
    recruitment_venues = long_text(_("meeting places where young people may be recruited"))
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["department__name", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "department", "period"], name="unique_situation_picture"
            )
        ]
        verbose_name = _("situational picture")
        verbose_name_plural = _("situational pictures")

    def __str__(self) -> str:
        return f"{self.department} · {self.period}"

    @property
    def organisation_id(self) -> int:
        """The owning organisation, under the name the visibility rules read."""
        return self.department_id


class Problem(models.Model):
    """One problem of the mapping: what, how much, with what consequences."""

    TEXT_FIELDS = ("title", "extent", "consequences")

    picture = models.ForeignKey(
        SituationPicture,
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("situational picture"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("problem"), max_length=200)
    extent = long_text(_("extent"))
    consequences = long_text(_("consequences"))

    class Meta:
        ordering = ["picture", "position", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return self.title


class SituationPictureVersion(models.Model):
    """The picture as it stood after one change: versions compare side by side."""

    picture = models.ForeignKey(
        SituationPicture,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("situational picture"),
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["picture", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["picture", "number"], name="unique_situation_picture_version"
            )
        ]
        verbose_name = _("version of a situational picture")
        verbose_name_plural = _("versions of situational pictures")

    def __str__(self) -> str:
        return f"{self.picture} · v{self.number}"


class SituationPictureShare(models.Model):
    """The department lets one other authority read the summary (never the detailed part)."""

    picture = models.ForeignKey(
        SituationPicture,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("situational picture"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("shared with")
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("shared by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["picture", "organisation"], name="unique_situation_picture_share"
            )
        ]
        verbose_name = _("sharing of a situational picture")
        verbose_name_plural = _("sharings of situational pictures")

    def __str__(self) -> str:
        return f"{self.picture} → {self.organisation}"


class ActionPlan(models.Model):
    TEXT_FIELDS = ("title", "decided_by_body", "reference_number")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("network")
    )
    department = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("department"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    # As narrow as a picture by default: a plan names the problems of the department's picture.
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.ORGANISATION,
    )
    decided_by_body = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reference_number = models.CharField(_("reference number"), max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    revised_on = models.DateField(_("last revised on"))
    next_revision_due = models.DateField(_("next revision due"))
    # When the contact persons were last told the revision is near or late: told once each.
    revision_reminded_for = models.DateField(null=True, blank=True, editable=False)
    revision_overdue_reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["department__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "department", "year"], name="unique_action_plan"
            )
        ]
        indexes = [models.Index(fields=["next_revision_due"])]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.department} · {self.year}"

    @property
    def organisation_id(self) -> int:
        return self.department_id


class Measure(models.Model):
    TEXT_FIELDS = (
        "title",
        "expected_effect",
        "indicator",
        "baseline",
        "target",
        "comparison",
        "status_comment",
    )

    class Horizon(models.TextChoices):
        SHORT = "short", _("Short term")
        LONG = "long", _("Long term")

    class Status(models.TextChoices):
        GREEN = "green", _("On track")
        YELLOW = "yellow", _("At risk")
        RED = "red", _("Off track")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("action plan")
    )
    # A measure answers a problem of the department's situational picture: never none.
    problem = models.ForeignKey(
        Problem, on_delete=models.PROTECT, related_name="measures", verbose_name=_("problem")
    )
    title = models.CharField(_("measure"), max_length=200)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    direction = models.ForeignKey(
        StrategicDirection,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("strategic direction"),
    )
    expected_effect = long_text(_("expected effect"))
    horizon = models.CharField(
        _("horizon"), max_length=8, choices=Horizon.choices, default=Horizon.SHORT
    )
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    comparison = models.CharField(
        _("comparison"),
        max_length=300,
        blank=True,
        help_text=_("The same period last year, or a comparison area."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.GREEN
    )
    status_comment = models.CharField(_("comment on the status"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title


class IndicatorValue(models.Model):
    """One reading of a measure's indicator: follow-up (uppföljning) or evaluation."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up")
        EVALUATION = "evaluation", _("Evaluation")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="values", verbose_name=_("measure")
    )
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD])
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FOLLOW_UP)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["measure", "period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period", "kind"], name="unique_indicator_value"
            )
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.measure} · {self.period} · {self.value}"
