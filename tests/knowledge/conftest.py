"""Knowledge items for the tests, published through the services as the coordinator would.

| item            | network   | kind     | readers (in its network)              |
|-----------------|-----------|----------|---------------------------------------|
| wide_link       | net       | link     | everyone taking part, civil included  |
| authorities_doc | net       | document | the authorities only (not civil)      |
| elsewhere       | other_net | link     | other_member only                     |

Files are written to a temporary media folder of each test, never to the checkout's.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from network.knowledge import services
from network.knowledge.demo import tiny_pdf
from network.models import KnowledgeItem, Role, User
from tests.conftest import World
from tests.factories import person

PDF = tiny_pdf(["Lathund för myndigheter"])


def pdf_upload(name: str = "lathund.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:  # noqa: ANN001 - pytest-django's fixture
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@dataclass
class Items:
    wide_link: KnowledgeItem
    authorities_doc: KnowledgeItem
    elsewhere: KnowledgeItem
    other_coordinator: User


@pytest.fixture
def items(world: World) -> Items:
    other_coordinator = person(
        "grannsamordnare", world.other_org, world.other_net, Role.Code.COORDINATOR
    )
    return Items(
        wide_link=services.knowledge_item_create(
            author=world.coordinator,
            network=world.net,
            kind="link",
            title="Brå: Kriminella nätverk i Ödåkra",
            summary="Polisers bild av maktstrukturer.",
            url="https://bra.se/",
            source="Brottsförebyggande rådet",
            published_on=date(2024, 5, 2),
            directions=["prevention", "competence"],
            tags=["Rapport", "unga  vuxna"],
            visibility="network",
        ),
        authorities_doc=services.knowledge_item_create(
            author=world.coordinator,
            network=world.net,
            kind="document",
            title="Lathund för myndigheter",
            summary="Hemlig rutin för samverkan.",
            document=pdf_upload(),
            source="Socialförvaltningen",
            directions=["coordination"],
            tags=["lathund", "rapport"],
            visibility="authorities",
        ),
        elsewhere=services.knowledge_item_create(
            author=other_coordinator,
            network=world.other_net,
            kind="link",
            title="Grannkommunens rapport",
            url="https://example.org/rapport",
            tags=["grannar"],
        ),
        other_coordinator=other_coordinator,
    )


@pytest.fixture
def web_client_for(world: World) -> Callable[[str | None], Client]:
    """A browser-like client signed in as the named persona (or anonymous for ``None``)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(world.persona(name))
        return client

    return make
