"""Meetings: invitations, agenda, attendance, numbered minutes, action items and approval.

A meeting moves ``draft`` → ``scheduled`` → ``held`` → ``approved`` (justerad), or is cancelled
before it is held. Its minutes are one entry per agenda item, numbered § 1, § 2, … when the
meeting is marked held, continuously through the year for the network. When the chair and the
named approvers have all approved, the minutes are frozen as a :class:`MinutesVersion` with a
SHA-256 hash of their content; a later correction is a new version with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.core.models import (
    Network,
    Organisation,
    StrategicDirection,
    Visibility,
    long_text,
)


class MeetingKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    WORKING_GROUP = "working_group", _("Working group")
    TRAINING = "training", _("Training")


class MeetingSeries(models.Model):
    """Meetings that recur every n weeks or months, each made from the one before."""

    class Unit(models.TextChoices):
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="meeting_series", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    interval = models.PositiveSmallIntegerField(
        _("every"), default=1, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.MONTHS)
    # The agenda each new meeting of the series starts with: [{"title": ..., "planned_minutes": n}]
    agenda_template = models.JSONField(_("agenda template"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    # The free text: searched, and checked for personal identity numbers, on every path.
    TEXT_FIELDS = ("title", "description", "place")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        APPROVED = "approved", _("Approved")
        CANCELLED = "cancelled", _("Cancelled")

    Kind = MeetingKind

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("network")
    )
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.NETWORK_MEETING
    )
    description = long_text(_("description"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    # The organiser's organisation: an ``organisation`` meeting is its own.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        verbose_name=_("organising organisation"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("approvers")
    )
    invited_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="meeting_invitations", verbose_name=_("invited")
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.NETWORK
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    # Raised on every change a calendar must see (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    # The number of the version being approved: 1 at first, one more for each correction.
    version = models.PositiveIntegerField(_("minutes version"), default=1)
    revision_reason = models.TextField(_("reason for the new version"), blank=True)
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
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["network", "starts_at"]),
            models.Index(fields=["state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        """Approved minutes: nothing changes except through a new version."""
        return self.state == self.State.APPROVED

    @property
    def length_minutes(self) -> int:
        return max(0, int((self.ends_at - self.starts_at).total_seconds() // 60))


class Invitation(models.Model):
    """One person invited by name, or a guest: someone outside the invited organisations who
    is let into this one meeting only. Also holds the person's answer (RSVP)."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered")
        YES = "yes", _("Yes")
        NO = "no", _("No")
        MAYBE = "maybe", _("Maybe")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
        verbose_name=_("person"),
    )
    is_guest = models.BooleanField(_("guest"), default=False)
    response = models.CharField(
        _("answer"), max_length=8, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_meeting_invitation")
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user}"


class Attendance(models.Model):
    """Who was there, per person and organisation."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")
        SUBSTITUTE = "substitute", _("Substitute")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    status = models.CharField(_("attendance"), max_length=12, choices=Status.choices)
    substitute_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("substitute for"),
    )

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_meeting_attendance")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user} · {self.status}"

    @property
    def was_there(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.SUBSTITUTE)


class AgendaItem(models.Model):
    TEXT_FIELDS = ("title", "description")

    class Kind(models.TextChoices):
        ITEM = "item", _("Item")
        ACTION_REVIEW = "action_review", _("Review of open action items")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = long_text(_("description"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ITEM)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned minutes"), default=0, validators=[MaxValueValidator(24 * 60)]
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            # One review of open action items per meeting: carried over once, never twice.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(kind="action_review"),
                name="one_action_review_per_meeting",
            )
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class MinutesEntry(models.Model):
    """The minutes of one agenda item: § n, what was said, and its outcome."""

    TEXT_FIELDS = ("text", "decision")

    class Outcome(models.TextChoices):
        INFORMATION = "information", _("Information")
        DECISION = "decision", _("Decision")
        ACTION_ITEM = "action_item", _("Action item")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("agenda item")
    )
    # § n: given when the meeting is marked held, in the order of its agenda, continuing the
    # network's numbering of the year.
    network = models.ForeignKey(Network, on_delete=models.CASCADE, verbose_name=_("network"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("§"), null=True, blank=True)
    text = long_text(_("minutes"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.INFORMATION
    )
    decision = long_text(_("decision"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["meeting", "number", "agenda_item__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "number"], name="unique_minutes_number_per_year"
            )
        ]
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")

    def __str__(self) -> str:
        return f"§ {self.number}" if self.number else str(self.agenda_item)


class ActionItem(models.Model):
    TEXT_FIELDS = ("title", "description")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    entry = models.ForeignKey(
        MinutesEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("minutes entry"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = long_text(_("description"))
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible person"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    activity = models.ForeignKey(
        "network.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("activity"),
    )
    direction = models.ForeignKey(
        StrategicDirection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("strategic direction"),
    )
    # Set once the owner has been told it is overdue: the reminder is sent once.
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES


class MinutesApproval(models.Model):
    """One approver's approval (justering) of one version of the minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    version = models.PositiveIntegerField(_("version"))
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "version"], name="unique_minutes_approval"
            )
        ]
        verbose_name = _("approval of minutes")
        verbose_name_plural = _("approvals of minutes")

    def __str__(self) -> str:
        return f"{self.meeting} · v{self.version} · {self.user}"


class MinutesVersion(models.Model):
    """Approved minutes, frozen: the content as approved and its SHA-256 hash."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="versions", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    reason = models.TextField(_("reason for the new version"), blank=True)
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_minutes_version")
        ]
        verbose_name = _("approved minutes")
        verbose_name_plural = _("approved minutes")

    def __str__(self) -> str:
        return f"{self.meeting} · v{self.number}"


class CalendarFeed(models.Model):
    """A person's secret calendar address: a new token revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
