"""Reads of the knowledge bank, always for a given person: what they may read, in SQL.

The pages and the API filter lists by one definition, :func:`knowledge_items_filtered`. The
search finds every word in the title, the summary, the source or a tag's name, in any letter
case (on SQLite through the Unicode-aware LIKE of :mod:`network.core.sqlite`, as the activity
search does), so that "ödåkra" finds "Ödåkra".
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from typing import IO, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from network.access import Person, viewer_for
from network.access.knowledge import knowledge_for_view, knowledge_visible_q
from network.activities.selectors import MAX_SEARCH_TERMS
from network.errors import NotFound
from network.knowledge.models import KnowledgeItem, KnowledgeTag
from network.knowledge.services import normalise_tag
from network.models import StrategicDirection

SEARCH_FIELDS = ("title", "summary", "source")
# What each kind of document is served as; anything else is never served.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain",
    "csv": "text/csv",
}
MAX_DOWNLOAD_NAME = 80


def knowledge_items_for(user: Person) -> QuerySet[KnowledgeItem]:
    """Every item the user reads: one SQL statement."""
    return KnowledgeItem.objects.filter(knowledge_visible_q(viewer_for(user)))


def knowledge_items_for_listing(queryset: QuerySet[KnowledgeItem]) -> QuerySet[KnowledgeItem]:
    """The related rows a list shows, fetched in a fixed number of queries."""
    directions = StrategicDirection.objects.only("id", "code", "name_sv", "name_en", "position")
    return queryset.select_related("network", "created_by").prefetch_related(
        Prefetch("directions", queryset=directions.order_by("position")),
        Prefetch("tags", queryset=KnowledgeTag.objects.order_by("name")),
    )


def _words_q(word: str) -> Q:
    anywhere = Q()
    for name in SEARCH_FIELDS:
        anywhere |= Q(**{f"{name}__icontains": word})
    tagged = KnowledgeItem.tags.through.objects.filter(
        knowledgeitem_id=OuterRef("pk"), knowledgetag__name__icontains=word
    )
    return anywhere | Q(Exists(tagged))


def _as_list(value: Any) -> list[Any]:
    if value in (None, "", [], ()):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def knowledge_items_filtered(
    queryset: QuerySet[KnowledgeItem], filters: Mapping[str, Any]
) -> QuerySet[KnowledgeItem]:
    """The one filter of knowledge lists, for the pages and the API alike.

    ``filters`` holds already-parsed values: ``q`` (words, each found in the title, summary,
    source or a tag), ``direction`` (codes: any of them), ``tag`` (a name, in any letter case),
    ``kind``, ``visibility`` and ``network`` (an id or a network). Empty values do not filter.
    """
    text = filters.get("q") or ""
    for word in str(text).split()[:MAX_SEARCH_TERMS]:
        queryset = queryset.filter(_words_q(word))
    if codes := _as_list(filters.get("direction")):
        directed = KnowledgeItem.directions.through.objects.filter(
            knowledgeitem_id=OuterRef("pk"), strategicdirection__code__in=codes
        )
        queryset = queryset.filter(Exists(directed))
    if names := [normalise_tag(name) for name in _as_list(filters.get("tag"))]:
        match = Q(pk__in=[])
        for name in names:
            match |= Q(knowledgetag__name__iexact=name)
        tagged = KnowledgeItem.tags.through.objects.filter(
            Q(knowledgeitem_id=OuterRef("pk")), match
        )
        queryset = queryset.filter(Exists(tagged))
    if kinds := _as_list(filters.get("kind")):
        queryset = queryset.filter(kind__in=kinds)
    if visibility := _as_list(filters.get("visibility")):
        queryset = queryset.filter(visibility__in=visibility)
    if network := filters.get("network"):
        queryset = queryset.filter(network=network)
    return queryset.order_by("-created_at", "-pk")


def knowledge_item_get_for_user(user: Person, pk: object) -> KnowledgeItem:
    """The item, or not found whether it does not exist or is not visible to the user."""
    return knowledge_for_view(
        viewer_for(user), pk, knowledge_items_for_listing(KnowledgeItem.objects.all())
    )


def knowledge_tags_for(user: Person, network_id: int | None = None) -> QuerySet[KnowledgeTag]:
    """The tags on items the user reads (for the list's tag filter): a tag given only to items
    for the authorities is not named to civil society."""
    visible = KnowledgeItem.objects.filter(
        knowledge_visible_q(viewer_for(user)), tags=OuterRef("pk")
    )
    rows = KnowledgeTag.objects.filter(Exists(visible))
    if network_id is not None:
        rows = rows.filter(network_id=network_id)
    return rows.order_by("name")


# Downloads


def document_content_type(item: KnowledgeItem) -> str:
    extension = document_extension(item)
    content_type = CONTENT_TYPES.get(extension) or mimetypes.types_map.get(f".{extension}", "")
    if extension in ("txt", "csv"):
        return f"{content_type}; charset=utf-8"
    return content_type or "application/octet-stream"


def document_extension(item: KnowledgeItem) -> str:
    name = item.document.name or ""
    return name.rsplit(".", 1)[-1].casefold() if "." in name else ""


def download_name(item: KnowledgeItem) -> str:
    """The name a download is saved under: the item's title and the stored extension.

    The uploaded name is never kept. Only letters, digits and a few separators of the title are
    used, so that the name is safe in every file system and header.
    """
    words = re.sub(r"[^\w\- ]+", " ", item.title, flags=re.UNICODE).split()
    stem = "-".join(words)[:MAX_DOWNLOAD_NAME].strip("-_") or _("document")
    return f"{stem}.{document_extension(item)}"


def document_for_download(user: Person, pk: object) -> tuple[KnowledgeItem, IO[bytes]]:
    """The item and its file opened for reading; not found for an item the user may not read,
    a link, or a file that is gone."""
    item = knowledge_for_view(viewer_for(user), pk)
    if item.kind != KnowledgeItem.Kind.DOCUMENT or not item.document:
        raise NotFound(_("The item has no document."))
    if document_extension(item) not in CONTENT_TYPES:
        raise NotFound(_("The item has no document."))
    try:
        handle = item.document.storage.open(item.document.name or "", "rb")
    except (FileNotFoundError, OSError, ValueError):
        raise NotFound(_("The item has no document.")) from None
    return item, handle
