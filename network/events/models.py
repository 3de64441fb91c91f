"""Notifications: what happened, to whom, about which object; stored before they are sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.core.models import Network


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("event"), max_length=64)
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
