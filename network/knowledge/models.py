"""The knowledge bank: documents and links the coordinator publishes for the network.

The coordinator builds the network's knowledge base and keeps up with research: each item is a
document (an uploaded file) or a link, with a summary, the strategic directions it serves and
free tags, readable by the network or only by its authorities. Trainings are meetings of kind
``training`` (:mod:`network.meetings`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.core.models import Network, StrategicDirection, Visibility, long_text

# What a document may be: what the network's offices read, nothing that runs.
DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


class Readership(models.TextChoices):
    """Knowledge is for the network or its authorities; never one organisation's own."""

    AUTHORITIES = Visibility.AUTHORITIES.value, Visibility.AUTHORITIES.label
    NETWORK = Visibility.NETWORK.value, Visibility.NETWORK.label


class KnowledgeTag(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="knowledge_tags", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="unique_knowledge_tag")
        ]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class KnowledgeItem(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="knowledge_items",
        verbose_name=_("network"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = long_text(_("summary"))
    url = models.URLField(_("address"), max_length=2000, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="knowledge/%Y/",
        max_length=300,
        blank=True,
        validators=[FileExtensionValidator(list(DOCUMENT_EXTENSIONS))],
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Who published it, e.g. Brå.")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    directions = models.ManyToManyField(
        StrategicDirection,
        blank=True,
        related_name="knowledge_items",
        verbose_name=_("strategic directions"),
    )
    tags = models.ManyToManyField(
        KnowledgeTag, blank=True, related_name="items", verbose_name=_("tags")
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Readership.choices, default=Readership.NETWORK
    )
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
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A link has an address; a document has a file (checked by the services, which
            # see the upload) and no address.
            models.CheckConstraint(
                condition=~models.Q(kind="link", url=""), name="knowledge_link_has_url"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="document") | models.Q(url=""),
                name="knowledge_document_has_no_url",
            ),
        ]
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")

    def __str__(self) -> str:
        return self.title
