"""Activities (joint actions), their tagging history, updates, and one-by-one grants."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from network.core.models import Network, Organisation, StrategicDirection, Visibility


class Activity(models.Model):
    # The free text: searched, and checked for personal identity numbers, on every path.
    TEXT_FIELDS = ("title", "description", "place", "target_groups", "outcome")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="activities", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=20_000, validators=[MaxLengthValidator(20_000)]
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_activities",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_activities", verbose_name=_("partners")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("An area, never an address.")
    )
    target_groups = models.CharField(_("target groups"), max_length=500, blank=True)
    participants_count = models.PositiveIntegerField(_("participants reached"), default=0)
    outcome = models.TextField(
        _("outcome"), blank=True, max_length=20_000, validators=[MaxLengthValidator(20_000)]
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.ORGANISATION
    )
    suggested_directions = models.ManyToManyField(
        StrategicDirection,
        blank=True,
        related_name="suggested_for",
        verbose_name=_("suggested directions"),
    )
    directions = models.ManyToManyField(
        StrategicDirection,
        blank=True,
        related_name="activities",
        verbose_name=_("directions"),
    )
    # The measure of a department's action plan that the activity carries out.
    measure = models.ForeignKey(
        "network.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("measure"),
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tagged by"),
    )
    tagged_at = models.DateTimeField(_("tagged at"), null=True, blank=True)
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
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["network", "-starts_on", "-id"]),
            models.Index(fields=["organisation", "-starts_on", "-id"]),
            models.Index(fields=["starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            )
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        closed = self.network.reporting_closed_until
        return closed is not None and self.starts_on <= closed


class ActivityTagging(models.Model):
    """One tagging by the coordinator: the history of an activity's directions."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="taggings", verbose_name=_("activity")
    )
    directions = models.JSONField(_("directions"), default=list)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("tagged by"),
    )
    tagged_at = models.DateTimeField(_("tagged at"))

    class Meta:
        ordering = ["-tagged_at", "-id"]
        verbose_name = _("tagging")
        verbose_name_plural = _("taggings")

    def __str__(self) -> str:
        return f"{self.activity} · {', '.join(self.directions) or '-'}"


class Update(models.Model):
    """A short post by a partner organisation, on the network or on one activity."""

    TEXT_FIELDS = ("body",)

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="updates", verbose_name=_("network")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("activity"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="updates",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=5_000, validators=[MaxLengthValidator(5_000)])
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.ORGANISATION
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "visibility", "-created_at"])]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return self.body[:60]


class ActivityUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Activity, on_delete=models.CASCADE)


class ActivityGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Activity, on_delete=models.CASCADE)
