"""Networks, organisations, people, their roles, and the strategic directions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The longest free text a field takes, on every path (forms, the API, the admin).
LONG_TEXT = 20_000
# A telephone number as people write it in Sweden: digits, spaces, hyphens, an optional leading +.
PHONE = RegexValidator(
    r"^\+?[0-9](?:[0-9 -]{0,22}[0-9])?\Z",
    _("Enter a telephone number: digits, spaces and hyphens, optionally starting with +."),
)


def long_text(verbose_name: object) -> models.TextField:
    """A free-text field that may be empty, at most :data:`LONG_TEXT` characters."""
    return models.TextField(
        verbose_name,  # type: ignore[arg-type]
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )


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
    # Shown in the network's directory to those signed in, next to the person's e-mail.
    phone = models.CharField(_("telephone"), max_length=24, blank=True, validators=[PHONE])

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
