"""What a document may be: size, extension and content are all checked before anything is
stored; a refused upload leaves no row and no file behind, on every path."""

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.knowledge import services
from network.knowledge.models import DOCUMENT_MAX_BYTES
from network.models import KnowledgeItem
from tests.conftest import World
from tests.knowledge.conftest import PDF, stored_files


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        for name, content in members.items():
            container.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})

ACCEPTED = [
    pytest.param("rapport.pdf", PDF, id="pdf"),
    pytest.param("Rapport.PDF", PDF, id="pdf-upper-case-extension"),
    pytest.param("rutin.docx", DOCX, id="docx"),
    pytest.param("siffror.xlsx", XLSX, id="xlsx"),
    pytest.param("rutin.odt", ODT, id="odt"),
    pytest.param("lista.txt", "Trygghetsvandring i Ödåkra\n".encode(), id="txt"),
    pytest.param(
        "lista.csv", b"\xef\xbb\xbfomr\xc3\xa5de;antal\r\nS\xc3\xb6der;3\r\n", id="csv-bom"
    ),
]

REFUSED = [
    pytest.param("program.exe", b"MZ\x90\x00" + b"\x00" * 60, id="exe"),
    pytest.param("sida.html", b"<script>alert(1)</script>", id="html"),
    pytest.param("bild.svg", b"<svg onload=alert(1)/>", id="svg"),
    pytest.param("utan-andelse", PDF, id="no-extension"),
    pytest.param("falsk.pdf", b"MZ\x90\x00 not a pdf at all", id="fake-pdf"),
    pytest.param("falsk.pdf", b"<html>%PDF-1.4</html>", id="pdf-magic-not-first"),
    pytest.param("falsk.docx", b"%PDF-1.4 renamed", id="pdf-renamed-docx"),
    pytest.param("tom.docx", _zip({"hello.txt": b"hi"}), id="docx-bare-zip"),
    pytest.param("fel.xlsx", DOCX, id="docx-renamed-xlsx"),
    pytest.param("fel.ods", ODT, id="odt-renamed-ods"),
    pytest.param("trasig.docx", b"PK\x03\x04broken", id="broken-zip"),
    pytest.param("binar.txt", b"text\x00with nul", id="txt-with-nul"),
    pytest.param("latin1.csv", "område;antal".encode("latin-1"), id="csv-not-utf8"),
    pytest.param("tom.pdf", b"", id="empty"),
    pytest.param("../../etc/passwd.txt", b"\x00", id="path-and-nul"),
]


def _create(world: World, name: str, content: bytes) -> KnowledgeItem:
    return services.knowledge_item_create(
        author=world.coordinator,
        network=world.net,
        kind="document",
        title="Dokument",
        document=SimpleUploadedFile(name, content),
    )


@pytest.mark.parametrize(("name", "content"), ACCEPTED)
def test_an_office_document_or_text_whose_content_matches_is_stored_under_a_random_name(
    world: World, media_root: Path, name: str, content: bytes
) -> None:
    item = _create(world, name, content)

    (stored,) = stored_files(media_root)
    assert stored.read_bytes() == content
    assert stored.name == item.document.name.rsplit("/", 1)[-1]
    stem, extension = stored.name.rsplit(".", 1)
    assert extension == name.rsplit(".", 1)[1].lower()
    assert stem != name.rsplit(".", 1)[0] and len(stem) == 32


@pytest.mark.parametrize(("name", "content"), REFUSED)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_stored(
    world: World, media_root: Path, name: str, content: bytes
) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(world, name, content)

    assert set(refused.value.message_dict) == {"document"}
    assert KnowledgeItem.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_file_over_the_size_limit_is_refused(world: World, media_root: Path) -> None:
    content = b"%PDF-1.4\n" + b"0" * (DOCUMENT_MAX_BYTES - 8)
    assert len(content) == DOCUMENT_MAX_BYTES + 1

    with pytest.raises(ValidationError) as refused:
        _create(world, "stor.pdf", content)

    assert set(refused.value.message_dict) == {"document"}
    assert stored_files(media_root) == []


def test_a_file_at_the_size_limit_is_stored(world: World, media_root: Path) -> None:
    content = b"%PDF-1.4\n" + b"0" * (DOCUMENT_MAX_BYTES - 9)

    _create(world, "precis.pdf", content)

    assert len(stored_files(media_root)) == 1


def test_a_document_needs_a_file_and_no_address(world: World, media_root: Path) -> None:
    for extra, field in (
        ({}, "document"),
        ({"document": SimpleUploadedFile("a.pdf", PDF), "url": "https://bra.se/"}, "url"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.knowledge_item_create(
                author=world.coordinator,
                network=world.net,
                kind="document",
                title="Dokument",
                **extra,
            )
        assert field in refused.value.message_dict
    assert stored_files(media_root) == []


def test_a_link_needs_an_http_address_and_no_file(world: World, media_root: Path) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"url": ""}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://"}, "url"),
        ({"url": "https://bra.se/", "document": SimpleUploadedFile("a.pdf", PDF)}, "document"),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.knowledge_item_create(
                author=world.coordinator, network=world.net, kind="link", title="Länk", **extra
            )
        assert field in refused.value.message_dict
    assert KnowledgeItem.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("name", "content"), REFUSED[:6])
def test_the_api_refuses_the_same_files_with_a_field_error(
    client_for: Any, world: World, media_root: Path, name: str, content: bytes
) -> None:
    response = client_for("coordinator").post(
        "/api/v1/knowledge-items/",
        {
            "network": world.net.pk,
            "kind": "document",
            "title": "Dokument",
            "document": SimpleUploadedFile(name, content),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "document" in response.json()
    assert KnowledgeItem.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_api_refuses_a_file_over_the_limit(
    client_for: Any, world: World, media_root: Path
) -> None:
    content = b"%PDF-1.4\n" + b"0" * DOCUMENT_MAX_BYTES

    response = client_for("coordinator").post(
        "/api/v1/knowledge-items/",
        {
            "network": world.net.pk,
            "kind": "document",
            "title": "Stor",
            "document": SimpleUploadedFile("stor.pdf", content),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "document" in response.json()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("name", "content"), REFUSED[3:6])
def test_the_page_refuses_the_same_files_at_the_field(
    web_client_for: Any, world: World, media_root: Path, name: str, content: bytes
) -> None:
    response = web_client_for("coordinator").post(
        reverse("frontend:knowledge_create"),
        {
            "network": world.net.pk,
            "kind": "document",
            "title": "Dokument",
            "visibility": "network",
            "document": SimpleUploadedFile(name, content),
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["document"]
    assert KnowledgeItem.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_replacement_that_is_refused_keeps_the_old_file(
    world: World, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    item = _create(world, "rapport.pdf", PDF)
    before = stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.knowledge_item_update(
            item=item,
            actor=world.coordinator,
            document=SimpleUploadedFile("ny.pdf", b"MZ not a pdf"),
        )

    assert stored_files(media_root) == before
    item.refresh_from_db()
    assert item.document.name == f"knowledge/{before[0].parent.name}/{before[0].name}"
