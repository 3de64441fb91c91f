"""Notifications: what happened, to whom, about which object; stored before they are sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.core.models import Network


class Notification(models.Model):
    class Event(models.TextChoices):
        ACTIVITY_CREATED = "activity.created", _("New activity")
        ACTIVITY_UPDATED = "activity.updated", _("Activity changed")
        ACTIVITY_TAGGED = "activity.tagged", _("Activity tagged")
        UPDATE_POSTED = "update.posted", _("New update")
        MEETING_SCHEDULED = "meeting.scheduled", _("Meeting scheduled")
        MEETING_UPDATED = "meeting.updated", _("Meeting changed")
        MINUTES_APPROVED = "minutes.approved", _("Minutes approved")
        ACTION_ITEM_ASSIGNED = "action_item.assigned", _("Action item assigned")
        ACTION_ITEM_OVERDUE = "action_item.overdue", _("Action item overdue")
        SITUATION_PICTURE_UPDATED = "situation_picture.updated", _("Situational picture updated")
        ACTION_PLAN_REVISION_DUE = "action_plan.revision_due", _("Action plan revision due")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    object_type = models.CharField(_("object type"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("object id"))
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "-id"]),
            models.Index(fields=["recipient", "read_at"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.event} · {self.title}"


class ActivityFollow(models.Model):
    """A person's choice to be told about one activity, or not.

    The lead and partner organisations' people and the person who logged it are told by default;
    a row with ``following=False`` stops that, one with ``following=True`` tells anyone else who
    may see the activity.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activity_follows",
        verbose_name=_("person"),
    )
    activity = models.ForeignKey(
        "network.Activity",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("activity"),
    )
    following = models.BooleanField(_("following"), default=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="unique_activity_follow")
        ]
        verbose_name = _("following")
        verbose_name_plural = _("followings")

    def __str__(self) -> str:
        return f"{self.user} · {self.activity}"
