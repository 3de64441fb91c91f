"""Writes of the knowledge bank: publishing, changing and removing items, with their files.

Every path (API, pages, admin, demo) calls these; each asks the access layer itself. An upload
is checked before anything is written: its size, its extension, and that its content is what
the extension says (the first bytes of a PDF, the parts of an office document's zip container,
UTF-8 text for text files), so that a renamed program is never handed out as a document. It is
stored under a random name: the uploaded name can carry paths, look-alike characters or text
that identifies someone, and it is never used. A replaced or removed file is deleted once the
change is committed, so that a rolled-back change never loses the file its row still names.
"""

from __future__ import annotations

import secrets
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext as _

from network.access import viewer_for
from network.access.knowledge import knowledge_for_change, require_publish_in
from network.core.checks import directions_from_codes, refuse_nul_bytes
from network.knowledge.models import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_MAX_BYTES,
    KnowledgeItem,
    KnowledgeTag,
    Readership,
)
from network.models import Network, User

MAX_TAGS = 20
MAX_TAG_LENGTH = 60
MAX_URL_LENGTH = 2000
TEXT_FIELDS = ("title", "summary", "source")
CHANGEABLE = frozenset(
    {
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
    }
)

# What each office format's zip container must hold: OOXML names its parts in
# ``[Content_Types].xml`` and keeps the document under one folder; OpenDocument starts with a
# ``mimetype`` member that names the kind of document.
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OPENDOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = frozenset({"txt", "csv"})


@dataclass(frozen=True)
class CheckedDocument:
    """An upload that passed every check, and the extension it is stored with."""

    file: File
    extension: str


# Checks


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].casefold() if "." in base else ""


def _read_head(upload: IO[bytes], size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head if isinstance(head, bytes) else b""


def _zip_matches(upload: IO[bytes], extension: str) -> bool:
    """Whether the zip container holds the parts of its office format (names only, and the
    first bytes of ``mimetype``: nothing is unpacked)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as container:
            names = container.namelist()
            if extension in OOXML_FOLDERS:
                folder = OOXML_FOLDERS[extension]
                return "[Content_Types].xml" in names and any(
                    name.startswith(folder) for name in names
                )
            if "mimetype" not in names:
                return False
            with container.open("mimetype") as member:
                return member.read(100).strip() == OPENDOCUMENT_TYPES[extension]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return False
    finally:
        upload.seek(0)


def _text_is_clean(upload: IO[bytes]) -> bool:
    """UTF-8 text (a byte-order mark allowed) without NUL: what a text or CSV file holds."""
    upload.seek(0)
    data = upload.read(DOCUMENT_MAX_BYTES + 1)
    upload.seek(0)
    if not isinstance(data, bytes) or b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _content_matches(upload: IO[bytes], extension: str) -> bool:
    if extension == "pdf":
        return _read_head(upload, 5) == b"%PDF-"
    if extension in OOXML_FOLDERS or extension in OPENDOCUMENT_TYPES:
        return _read_head(upload, 4) == b"PK\x03\x04" and _zip_matches(upload, extension)
    if extension in TEXT_EXTENSIONS:
        return _text_is_clean(upload)
    return False


def check_document(upload: Any) -> CheckedDocument:
    """The upload, if it may be published: refused with a field error on ``document`` else."""
    if not isinstance(upload, File):
        raise _refuse("document", _("Send the document as a file."))
    size = upload.size or 0
    if size <= 0:
        raise _refuse("document", _("The file is empty."))
    if size > DOCUMENT_MAX_BYTES:
        raise _refuse(
            "document",
            _("The file is larger than %(limit)d MB.") % {"limit": DOCUMENT_MAX_BYTES // 2**20},
        )
    extension = _extension(upload.name or "")
    if extension not in DOCUMENT_EXTENSIONS:
        raise _refuse(
            "document",
            _("Choose a file of one of these kinds: %(kinds)s.")
            % {"kinds": ", ".join(DOCUMENT_EXTENSIONS)},
        )
    if not _content_matches(upload, extension):
        raise _refuse(
            "document",
            _("The file's content is not a .%(extension)s document.") % {"extension": extension},
        )
    return CheckedDocument(file=upload, extension=extension)


def check_url(url: str) -> str:
    """An address to link to: http or https with a host, nothing that runs in the browser."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise _refuse(
            "url", _("The address is longer than %(limit)d characters.") % {"limit": MAX_URL_LENGTH}
        )
    try:
        parts = urlsplit(url)
    except ValueError:
        raise _refuse("url", _("Enter a web address starting with https:// or http://.")) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _refuse("url", _("Enter a web address starting with https:// or http://."))
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in url):
        raise _refuse("url", _("The address may not hold spaces or control characters."))
    return url


def normalise_tag(name: str) -> str:
    """A tag as it is stored: composed Unicode, no surrounding or repeated white space."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def _tag_names(names: Iterable[Any]) -> list[str]:
    """Each tag once (by its case-folded form), in the order given; blank ones left out."""
    found: dict[str, str] = {}
    for raw in names:
        if not isinstance(raw, str):
            raise _refuse("tags", _("A tag is a piece of text."))
        name = normalise_tag(raw)
        if not name:
            continue
        if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") for char in name):
            raise _refuse("tags", _("A tag may not hold control or invisible characters."))
        if len(name) > MAX_TAG_LENGTH:
            raise _refuse(
                "tags",
                _("A tag is at most %(limit)d characters long.") % {"limit": MAX_TAG_LENGTH},
            )
        found.setdefault(name.casefold(), name)
    if len(found) > MAX_TAGS:
        raise _refuse("tags", _("At most %(limit)d tags.") % {"limit": MAX_TAGS})
    return list(found.values())


def tags_for(network: Network, names: Iterable[Any]) -> list[KnowledgeTag]:
    """The network's tags by these names, made when new. Two names that differ only in letter
    case are one tag: the one the network already has, whatever case it was first written in."""
    wanted = _tag_names(names)
    if not wanted:
        return []
    existing = {tag.name.casefold(): tag for tag in KnowledgeTag.objects.filter(network=network)}
    tags = []
    for name in wanted:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = KnowledgeTag.objects.create(network=network, name=name)
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


def _drop_unused_tags(network_id: int) -> None:
    """Tags are made on the fly; one that no item carries any more is removed with it."""
    KnowledgeTag.objects.filter(network_id=network_id, items__isnull=True).delete()


# Files


def _store(item: KnowledgeItem, document: CheckedDocument) -> str:
    """Write the file under a random name (in the field's yearly folder); returns the name."""
    name = f"{secrets.token_hex(16)}.{document.extension}"
    document.file.seek(0)
    item.document.save(name, document.file, save=False)
    return item.document.name or ""


def _delete_after_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Writes


def _validate(item: KnowledgeItem) -> None:
    refuse_nul_bytes({name: getattr(item, name) for name in TEXT_FIELDS})
    if item.visibility not in Readership.values:
        raise _refuse("visibility", _("Choose who reads the item."))
    item.full_clean(
        exclude=["network", "created_by", "document", "directions", "tags", "url"],
        validate_constraints=False,
    )


def _shape(item: KnowledgeItem, *, document: CheckedDocument | None) -> None:
    """A link has an address and no file; a document has a file and no address."""
    if item.kind == KnowledgeItem.Kind.LINK:
        item.url = check_url(item.url)
    elif item.kind == KnowledgeItem.Kind.DOCUMENT:
        if item.url:
            raise _refuse("url", _("A document has no web address: publish a link for that."))
        if document is None and not item.document:
            raise _refuse("document", _("Choose the file to publish."))
    else:
        raise _refuse("kind", _("Choose document or link."))


@transaction.atomic
def knowledge_item_create(
    *,
    author: User,
    network: Network,
    kind: str,
    title: str,
    summary: str = "",
    url: str = "",
    document: Any = None,
    source: str = "",
    published_on: date | None = None,
    directions: Iterable[str] = (),
    tags: Iterable[Any] = (),
    visibility: str = Readership.NETWORK,
) -> KnowledgeItem:
    """Publish a document or a link in the network: the coordinator only."""
    require_publish_in(viewer_for(author), network.pk, visibility)
    item = KnowledgeItem(
        network=network,
        kind=kind,
        title=title,
        summary=summary,
        url=url or "",
        source=source,
        published_on=published_on,
        visibility=visibility,
        created_by=author,
    )
    _validate(item)
    checked = check_document(document) if kind == KnowledgeItem.Kind.DOCUMENT else None
    if kind == KnowledgeItem.Kind.LINK and document is not None:
        raise _refuse("document", _("A link has no file: publish a document for that."))
    _shape(item, document=checked)
    chosen = directions_from_codes(directions, "directions")
    tag_rows = tags_for(network, tags)
    stored = _store(item, checked) if checked is not None else ""
    try:
        item.save()
        item.directions.set(chosen)
        item.tags.set(tag_rows)
    except BaseException:
        if stored:
            item.document.storage.delete(stored)
        raise
    return item


@transaction.atomic
def knowledge_item_update(*, item: KnowledgeItem, actor: User, **changes: Any) -> KnowledgeItem:
    """Change the item. A new ``document`` replaces the file, whose old one is deleted after
    commit; a document turned into a link loses its file the same way."""
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    viewer = viewer_for(actor)
    item = knowledge_for_change(viewer, item.pk, KnowledgeItem.objects.select_for_update())
    document = changes.pop("document", None)
    directions = changes.pop("directions", None)
    tags = changes.pop("tags", None)
    if "visibility" in changes and changes["visibility"] != item.visibility:
        require_publish_in(viewer, item.network_id, changes["visibility"])
    for name, value in changes.items():
        setattr(item, name, "" if name == "url" and value is None else value)
    _validate(item)
    checked = None
    if item.kind == KnowledgeItem.Kind.DOCUMENT:
        if document is not None:
            checked = check_document(document)
    elif document is not None:
        raise _refuse("document", _("A link has no file: publish a document for that."))
    _shape(item, document=checked)
    chosen = directions_from_codes(directions, "directions") if directions is not None else None
    tag_rows = tags_for(item.network, tags) if tags is not None else None
    old = item.document.name or ""
    storage = item.document.storage
    stored = ""
    if checked is not None:
        stored = _store(item, checked)
    elif item.kind == KnowledgeItem.Kind.LINK:
        item.document = None
    try:
        item.save()
        if chosen is not None:
            item.directions.set(chosen)
        if tag_rows is not None:
            item.tags.set(tag_rows)
            _drop_unused_tags(item.network_id)
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    if old and old != (item.document.name or ""):
        _delete_after_commit(storage, old)
    return item


@transaction.atomic
def knowledge_item_delete(*, item: KnowledgeItem, actor: User) -> None:
    """Remove the item; its file is deleted after commit, and tags no other item carries."""
    item = knowledge_for_change(
        viewer_for(actor), item.pk, KnowledgeItem.objects.select_for_update()
    )
    name = item.document.name or ""
    storage = item.document.storage
    network_id = item.network_id
    item.delete()
    _drop_unused_tags(network_id)
    _delete_after_commit(storage, name)
