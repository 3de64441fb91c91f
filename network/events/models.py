"""Notifications: what happened, to whom, about which object; stored before they are sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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

    # No index of its own: the two indexes below begin with the recipient and serve its lookups;
    # a third would be one more to write for each of the thousand rows a delivery may store.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,
    )
    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    object_type = models.CharField(_("object type"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("object id"))
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    # One moment for all the notifications of one event, set by whoever stores them: the live
    # message carries it once for every recipient and must equal what each has stored.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set once the notification has gone out by e-mail, at once or in a digest: never mailed twice.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

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


class NotificationPreference(models.Model):
    """How one person wants to be told of one kind of event.

    No row means ``live``: told on the page only. ``none`` means nothing is stored for that person
    at all, so the event neither shows up as unread nor goes out by e-mail.
    """

    class Delivery(models.TextChoices):
        LIVE = "live", _("On the page only")
        IMMEDIATE = "immediate", _("E-mail at once")
        DIGEST = "digest", _("Daily e-mail digest")
        NONE = "none", _("Nothing")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    event = models.CharField(_("event"), max_length=64, choices=Notification.Event.choices)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.LIVE
    )
    # When ``delivery`` last changed: a digest covers only what happened since it was chosen, so
    # switching to the digest does not mail months of old notifications at once.
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="unique_notification_preference")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.event} · {self.delivery}"


class NotificationSettings(models.Model):
    """A person's settings for notifications that hold for every event, such as the language.

    The language is the person's, not an event's, so it has one row per person rather than a
    column on each preference. No row means Swedish, the network's language.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language of e-mail"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    # Network-wide news: told of every new activity the person may see in their networks, not
    # only of those that concern them.
    all_new_activities = models.BooleanField(_("every new activity"), default=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"
