"""Forms of the knowledge bank pages. They parse and describe input; the knowledge services
decide (who publishes, what a file may be, how tags are written) and the views show their
refusals at the fields they name."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frontend.forms import DATE_WIDGET, AccessibleForm, IdChoiceField
from frontend.labels import direction_choices
from network.core.models import LONG_TEXT
from network.knowledge.models import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_MAX_BYTES,
    KnowledgeItem,
    Readership,
)
from network.knowledge.services import MAX_TAG_LENGTH, MAX_TAGS, MAX_URL_LENGTH
from network.models import Network

READERSHIP_HELP = _(
    "Whole network: every member, civil society included. Authorities: only the members of the "
    "network's public authorities."
)
TAGS_HELP = _("Separate tags with commas, e.g. “rapport, unga, skola”.")


def document_help() -> str:
    """Asked when the form is made, so that it is in the page's language."""
    return gettext("A %(kinds)s file of at most %(limit)d MB.") % {
        "kinds": ", ".join(DOCUMENT_EXTENSIONS),
        "limit": DOCUMENT_MAX_BYTES // 2**20,
    }


def split_tags(text: str) -> list[str]:
    return [part for part in (text or "").split(",") if part.strip()]


class KnowledgeFilterForm(AccessibleForm):
    """The list's search and filters, sent by GET so that they work without JavaScript and can
    be bookmarked."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *KnowledgeItem.Kind.choices]
    )
    direction = forms.ChoiceField(label=_("Strategic direction"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    network = IdChoiceField(
        label=_("Network"), required=False, queryset=Network.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, networks: list[Network], tags: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["direction"]).choices = [
            ("", _("Any")),
            *direction_choices(),
        ]
        cast(forms.ChoiceField, self.fields["tag"]).choices = [
            ("", _("Any")),
            *((name, name) for name in tags),
        ]
        field = cast(IdChoiceField, self.fields["network"])
        field.queryset = Network.objects.filter(pk__in=[n.pk for n in networks]).order_by("name")
        if len(networks) < 2:
            del self.fields["network"]


class KnowledgeItemForm(AccessibleForm):
    network = IdChoiceField(label=_("Network"), queryset=Network.objects.none(), empty_label=None)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=KnowledgeItem.Kind.choices,
        widget=forms.RadioSelect,
        initial=KnowledgeItem.Kind.LINK,
        help_text=_("A document is a file you upload; a link points to a web page."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the material is about and who it is for."),
    )
    url = forms.CharField(
        label=_("Web address"),
        required=False,
        max_length=MAX_URL_LENGTH,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        help_text=_("For a link: the address, starting with https://."),
    )
    document = forms.FileField(label=_("File"), required=False)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=200,
        help_text=_("Who published it, e.g. Brå."),
    )
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
    )
    directions = forms.MultipleChoiceField(
        label=_("Strategic directions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=(MAX_TAG_LENGTH + 2) * MAX_TAGS,
        help_text=TAGS_HELP,
    )
    visibility = forms.ChoiceField(
        label=_("Who reads it"),
        choices=Readership.choices,
        widget=forms.RadioSelect,
        initial=Readership.NETWORK,
        help_text=READERSHIP_HELP,
    )

    def __init__(
        self,
        *args: Any,
        networks: list[Network],
        readerships: list[str],
        item: KnowledgeItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["directions"]).choices = direction_choices()
        self.fields["document"].help_text = document_help()
        cast(forms.ChoiceField, self.fields["visibility"]).choices = [
            (value, label) for value, label in Readership.choices if value in readerships
        ]
        if item is not None:
            del self.fields["network"]  # an item stays in its network
            if item.kind == KnowledgeItem.Kind.DOCUMENT:
                self.fields["document"].help_text = gettext(
                    "Choose a file only to replace the current one. %(rules)s"
                ) % {"rules": document_help()}
        else:
            field = cast(IdChoiceField, self.fields["network"])
            field.queryset = Network.objects.filter(pk__in=[n.pk for n in networks])
            if len(networks) == 1:
                field.widget = forms.HiddenInput()
                field.initial = networks[0].pk

    @staticmethod
    def initial_for(item: KnowledgeItem) -> dict[str, Any]:
        return {
            "kind": item.kind,
            "title": item.title,
            "summary": item.summary,
            "url": item.url,
            "source": item.source,
            "published_on": item.published_on,
            "directions": [d.code for d in item.directions.all()],
            "tags": ", ".join(tag.name for tag in item.tags.all()),
            "visibility": item.visibility,
        }

    def values(self) -> dict[str, Any]:
        """The cleaned input as the services' keyword arguments."""
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in ("kind", "title", "summary", "source", "published_on", "visibility")
        }
        values["directions"] = data["directions"]
        values["tags"] = split_tags(data["tags"])
        is_link = data["kind"] == KnowledgeItem.Kind.LINK
        values["url"] = data["url"].strip() if is_link else ""
        values["document"] = None if is_link else data.get("document")
        return values
