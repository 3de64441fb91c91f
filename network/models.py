"""The domain core: networks, organisations, people, roles, directions, activities, updates."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Visibility(models.TextChoices):
    ORGANISATION = "organisation", _("Own organisation")
    AUTHORITIES = "authorities", _("Authorities")
    NETWORK = "network", _("Whole network")


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    reporting_closed_until = models.DateField(
        _("reporting closed until"),
        null=True,
        blank=True,
        help_text=_("Activities that start on or before this date are locked."),
    )
    organisations: models.ManyToManyField[Organisation, NetworkMembership] = models.ManyToManyField(
        "Organisation",
        through="NetworkMembership",
        related_name="networks",
        verbose_name=_("organisations"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CITY_DEPARTMENT = "city_department", _("City department")
        MUNICIPAL_COMPANY = "municipal_company", _("Municipal company")
        POLICE = "police", _("Police")
        PRISON_PROBATION = "prison_probation", _("Prison and probation service")
        ASSOCIATION = "association", _("Association")
        FAITH_COMMUNITY = "faith_community", _("Faith community")
        VOLUNTARY = "voluntary", _("Voluntary organisation")
        OTHER_CIVIL_SOCIETY = "other_civil_society", _("Other civil society")

    AUTHORITY_KINDS = (
        Kind.CITY_DEPARTMENT,
        Kind.MUNICIPAL_COMPANY,
        Kind.POLICE,
        Kind.PRISON_PROBATION,
    )

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # Derived from the kind in the database, so that visibility rules stay one SQL predicate.
    is_authority = models.GeneratedField(
        expression=models.Case(
            models.When(kind__in=[str(kind) for kind in AUTHORITY_KINDS], then=models.Value(True)),
            default=models.Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("public authority"),
    )
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.PROTECT,
        related_name="organisation",
        editable=False,
        help_text=_("Carries the object permissions granted to the whole organisation."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, verbose_name=_("network"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("organisation")
    )
    joined_on = models.DateField(_("joined on"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="unique_network_membership"
            )
        ]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.network}"


class User(AbstractUser):
    """A person; belongs to at most one organisation (an API consumer may belong to none)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.Model):
    class Code(models.TextChoices):
        MEMBER = "member", _("Member")
        CONTACT_PERSON = "contact_person", _("Contact person")
        COORDINATOR = "coordinator", _("Central coordinator")
        SECURITY_CHIEF = "security_chief", _("Security chief")
        REPORT_READER = "report_reader", _("Report reader")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="roles", verbose_name=_("network")
    )
    code = models.CharField(_("role"), max_length=32, choices=Code.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "network", "code"], name="unique_role")
        ]
        ordering = ["network", "code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_code_display()} · {self.network}"


class StrategicDirection(models.Model):
    class Code(models.TextChoices):
        PREVENTION = "prevention", _("Preventive measures")
        COMPETENCE = "competence", _("Competence-raising measures")
        COORDINATION = "coordination", _("Coordination and cooperation")
        EVALUATION = "evaluation", _("Follow-up and evaluation")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)
    name_sv = models.CharField(_("Swedish name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("strategic direction")
        verbose_name_plural = _("strategic directions")

    def __str__(self) -> str:
        return self.name_sv


class Activity(models.Model):
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


class AuditEvent(models.Model):
    """Who did or read what, when, from where. Append-only; each event chains to the previous."""

    created_at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who (name)"), max_length=150)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    network = models.ForeignKey(
        Network, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("network")
    )
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class ActivityUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Activity, on_delete=models.CASCADE)


class ActivityGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Activity, on_delete=models.CASCADE)
