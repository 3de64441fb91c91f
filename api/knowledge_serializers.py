"""Knowledge items as JSON, and the query of their list.

An item reads with its ``directions`` as codes (as activities carry them), its ``tags`` as
names, and its ``document`` as the URL that downloads it (null for a link). A link is written as
JSON; a document as ``multipart/form-data`` with the file in ``document``. Serializers translate;
the knowledge services decide (who publishes, what a file may be, how tags are written).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema_field
from rest_framework import serializers
from rest_framework.relations import RelatedField
from rest_framework.reverse import reverse

from api.fields import IsoDateField
from api.filters import MAX_SEARCH_LENGTH, FilterSet, IdFilter
from api.meeting_serializers import choice_field_class
from api.serializers import DIRECTION_CODES, VisibleObjectField, WriteSerializer
from network.core.models import LONG_TEXT
from network.core.selectors import networks_visible_to
from network.knowledge.models import KnowledgeItem, KnowledgeTag, Readership
from network.knowledge.selectors import knowledge_items_filtered
from network.knowledge.services import MAX_TAG_LENGTH, MAX_TAGS, MAX_URL_LENGTH
from network.models import Network, StrategicDirection

KnowledgeKindField = choice_field_class("KnowledgeKindField", KnowledgeItem.Kind.choices)
ReadershipField = choice_field_class("ReadershipField", Readership.choices)
DirectionCodeField = choice_field_class("KnowledgeDirectionField", DIRECTION_CODES)

READERSHIP_HELP = (
    "network: every member of the network; authorities: the members of its authorities only "
    "(never civil society)."
)


class KnowledgeItemSerializer(serializers.ModelSerializer):
    """A document or a link of the network's knowledge bank."""

    kind = KnowledgeKindField(choices=KnowledgeItem.Kind.choices, read_only=True)
    visibility = ReadershipField(
        choices=Readership.choices, read_only=True, help_text=READERSHIP_HELP
    )
    document = serializers.SerializerMethodField(
        help_text="The URL that downloads the document; null for a link."
    )
    directions: RelatedField[StrategicDirection, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Strategic direction codes."
    )
    tags: RelatedField[KnowledgeTag, Any, Any] = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = KnowledgeItem
        fields = [
            "id",
            "network",
            "kind",
            "title",
            "summary",
            "url",
            "document",
            "source",
            "published_on",
            "directions",
            "tags",
            "visibility",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document(self, item: KnowledgeItem) -> str | None:
        if item.kind != KnowledgeItem.Kind.DOCUMENT or not item.document:
            return None
        return reverse(
            "api:knowledge-item-download",
            kwargs={"pk": item.pk},
            request=self.context.get("request"),
        )


class KnowledgeItemChangeSerializer(WriteSerializer):
    """A change of an item: only the fields sent change. Send a new file in ``document``
    (multipart/form-data) to replace the document; the old file is deleted."""

    kind = KnowledgeKindField(choices=KnowledgeItem.Kind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(max_length=LONG_TEXT, allow_blank=True, required=False)
    url = serializers.URLField(
        max_length=MAX_URL_LENGTH,
        allow_blank=True,
        required=False,
        help_text="For a link: its http(s) address. A document has none.",
    )
    document = serializers.FileField(
        required=False,
        allow_empty_file=False,
        use_url=False,
        help_text="For a document: the file (pdf, docx, xlsx, pptx, odt, ods, odp, txt or "
        "csv; at most 20 MB), sent as multipart/form-data.",
    )
    # A declared field named like ``Field.source``: the serializer's metaclass takes it out of
    # the class attributes, so the two never meet.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=200, allow_blank=True, required=False
    )
    published_on = IsoDateField(required=False, allow_null=True)
    directions = serializers.ListField(
        child=DirectionCodeField(choices=DIRECTION_CODES),
        required=False,
        max_length=len(DIRECTION_CODES),
        help_text="Strategic direction codes; an empty list removes every direction.",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TAG_LENGTH),
        required=False,
        max_length=MAX_TAGS,
        help_text="Tag names; new ones are made, the same name in another letter case is the "
        "same tag. An empty list removes every tag.",
    )
    visibility = ReadershipField(
        choices=Readership.choices, required=False, help_text=READERSHIP_HELP
    )


class KnowledgeItemCreateSerializer(KnowledgeItemChangeSerializer):
    """A new item: a link (JSON, with ``url``) or a document (multipart/form-data, with the
    file in ``document``)."""

    network = VisibleObjectField(
        selector=networks_visible_to,
        model=Network,
        help_text="The network whose knowledge bank the item is published in.",
    )
    kind = KnowledgeKindField(choices=KnowledgeItem.Kind.choices)
    title = serializers.CharField(max_length=200)


class KnowledgeItemFilter(FilterSet):
    """Parses and documents the query; the filtering itself is ``knowledge_items_filtered``,
    the same definition the knowledge page uses."""

    network = IdFilter(field_name="network_id")
    kind = django_filters.ChoiceFilter(choices=KnowledgeItem.Kind.choices)
    direction = django_filters.MultipleChoiceFilter(
        choices=StrategicDirection.Code.choices,
        help_text="Serving any of these strategic directions.",
    )
    tag = django_filters.CharFilter(
        max_length=MAX_TAG_LENGTH, help_text="Carrying this tag (any letter case)."
    )
    visibility = django_filters.ChoiceFilter(choices=Readership.choices)
    search = django_filters.CharFilter(
        max_length=MAX_SEARCH_LENGTH,
        help_text="Words that must all occur in the title, summary, source or a tag "
        "(any letter case).",
    )

    class Meta:
        model = KnowledgeItem
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = dict(self.form.cleaned_data)
        data["q"] = data.pop("search", "")
        return knowledge_items_filtered(queryset, data)


KNOWLEDGE_LINK = OpenApiExample(
    "En länk till Brå",
    value={
        "id": 3,
        "network": 1,
        "kind": "link",
        "title": "Brå: Kriminella nätverk och grupperingar",
        "summary": "Polisers bild av maktstrukturer och marknader.",
        "url": "https://bra.se/publikationer/arkiv/publikationer/2016-06-09-kriminella-natverk-och-grupperingar.html",
        "document": None,
        "source": "Brå",
        "published_on": "2016-06-09",
        "directions": ["prevention", "competence"],
        "tags": ["kriminella nätverk", "rapport"],
        "visibility": "network",
        "created_by": 1,
        "created_at": "2026-03-02T09:15:00+01:00",
        "updated_at": "2026-03-02T09:15:00+01:00",
    },
    response_only=True,
)
KNOWLEDGE_DOCUMENT = OpenApiExample(
    "Ett dokument",
    value={
        **KNOWLEDGE_LINK.value,
        "id": 4,
        "kind": "document",
        "title": "Lathund: orosanmälan",
        "url": "",
        "document": "http://127.0.0.1:8000/api/v1/knowledge-items/4/download/",
        "source": "Socialförvaltningen",
        "visibility": "authorities",
        "tags": ["lathund"],
    },
    response_only=True,
)
KNOWLEDGE_LINK_REQUEST = OpenApiExample(
    "En ny länk",
    value={
        "network": 1,
        "kind": "link",
        "title": "CVE: Stöd till yrkesverksamma",
        "summary": "Rådgivning om våldsbejakande extremism.",
        "url": "https://www.cve.se/",
        "source": "Center mot våldsbejakande extremism",
        "directions": ["competence"],
        "tags": ["extremism", "stöd"],
        "visibility": "network",
    },
    request_only=True,
)
KNOWLEDGE_CHANGE_REQUEST = OpenApiExample(
    "Nya taggar",
    value={"tags": ["extremism", "rådgivning"], "directions": ["competence", "prevention"]},
    request_only=True,
)
