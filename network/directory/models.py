"""Where to turn: the network's public support page, which needs no sign-in.

Each network keeps one page, in Swedish and English, edited by its coordinator: an introduction
and the lines to call with a concrete tip or a worry (the police, the Swedish Security Service,
the national centre's support line, the city's own). The directory of contact persons is not
stored here: it is the departments' people who hold the ``contact_person`` role.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.core.models import PHONE, Network, long_text


class SupportPage(models.Model):
    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="support_page", verbose_name=_("network")
    )
    intro_sv = long_text(_("introduction in Swedish"))
    intro_en = long_text(_("introduction in English"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("support page")
        verbose_name_plural = _("support pages")

    def __str__(self) -> str:
        return str(self.network)


class SupportLine(models.Model):
    page = models.ForeignKey(
        SupportPage, on_delete=models.CASCADE, related_name="lines", verbose_name=_("page")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    phone = models.CharField(_("telephone"), max_length=24, validators=[PHONE])
    url = models.URLField(_("web address"), max_length=500, blank=True)
    note_sv = models.CharField(_("note in Swedish"), max_length=500, blank=True)
    note_en = models.CharField(_("note in English"), max_length=500, blank=True)

    class Meta:
        ordering = ["page", "position", "pk"]
        verbose_name = _("support line")
        verbose_name_plural = _("support lines")

    def __str__(self) -> str:
        return f"{self.name_sv} {self.phone}"


class AccessibilityFeedback(models.Model):
    """A report of an accessibility problem, from the feedback form of the accessibility
    statement: anyone may send one, signed in or not; the coordinator reads them in the admin."""

    page_url = models.CharField(_("page"), max_length=500, blank=True)
    message = long_text(_("message"))
    email = models.EmailField(_("e-mail address for an answer"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.message[:60]}"
