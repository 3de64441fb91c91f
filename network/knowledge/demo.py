"""The demo network's knowledge bank: links to Brå, CVE and the county administrative board, and
two small documents made here (a one-page PDF and a text checklist).

Published through the services by the demo's coordinator, once per network: an item whose title
the network already has is left alone, so that running the seed again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from network.knowledge import services
from network.knowledge.models import KnowledgeItem, Readership
from network.models import Network, Role, User


@dataclass(frozen=True)
class DemoItem:
    title: str
    summary: str
    source: str
    directions: tuple[str, ...]
    tags: tuple[str, ...]
    url: str = ""
    document: tuple[str, bytes] | None = None  # file name, content
    published_on: date | None = None
    visibility: str = Readership.NETWORK


def _pdf_text(text: str) -> bytes:
    """Text for a PDF string in WinAnsi (Latin-1 covers å, ä and ö), with its delimiters
    escaped."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text: enough to open in any reader."""
    stream = b"BT /F1 12 Tf 56 780 Td 16 TL\n" + b"".join(
        b"(" + _pdf_text(line) + b") '\n" for line in lines
    )
    stream += b"ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


ROUTINE = [
    "Lathund: samverkan vid oro för rekrytering",
    "",
    "1. Dokumentera iakttagelser utan att namnge enskilda i nätverket.",
    "2. Kontakta socialtjänstens mottagning vid oro för ett barn.",
    "3. Ta upp mönster och platser på nätverkets nästa möte.",
    "4. Samordnaren för frågan vidare till den lokala lägesbilden.",
]
CHECKLIST = "\n".join(
    [
        "Checklista inför trygghetsvandring",
        "",
        "- Bestäm område och tid tillsammans med polisen och fastighetsägaren.",
        "- Bjud in föreningar, skola och boende i god tid.",
        "- Ta med karta, ficklampor och västar.",
        "- Anteckna platser som upplevs otrygga: belysning, skymd sikt, nedskräpning.",
        "- Återkoppla till deltagarna inom två veckor med vad som åtgärdats.",
        "",
    ]
).encode("utf-8")

ITEMS = (
    DemoItem(
        title="Brå: kunskap om brott och brottsförebyggande arbete",
        summary="Brottsförebyggande rådets statistik, utvärderingar och stöd till lokalt "
        "brottsförebyggande arbete, bland annat metoder för lägesbilder och orsaksanalyser.",
        source="Brottsförebyggande rådet (Brå)",
        url="https://bra.se/",
        directions=("prevention", "evaluation"),
        tags=("brottsförebyggande", "statistik", "lägesbild"),
    ),
    DemoItem(
        title="Center mot våldsbejakande extremism: stöd till yrkesverksamma",
        summary="Kunskap, rådgivning och utbildningar för den som möter personer i eller nära "
        "våldsbejakande miljöer, bland annat en stödtelefon för yrkesverksamma.",
        source="Center mot våldsbejakande extremism (CVE)",
        url="https://www.cve.se/",
        directions=("competence", "prevention"),
        tags=("extremism", "utbildning", "stöd"),
    ),
    DemoItem(
        title="Länsstyrelsen Skåne: regional samordning",
        summary="Länsstyrelsens regionala samordning mot våldsbejakande extremism och "
        "organiserad brottslighet, med nätverksträffar för kommunernas samordnare.",
        source="Länsstyrelsen Skåne",
        url="https://www.lansstyrelsen.se/skane.html",
        directions=("coordination",),
        tags=("samordning", "regionalt"),
    ),
    DemoItem(
        title="Lathund: samverkan vid oro för rekrytering",
        summary="Hur myndigheterna i nätverket delar iakttagelser om rekrytering av unga utan "
        "att hantera enskilda ärenden i nätverket.",
        source="Socialförvaltningen",
        document=("lathund.pdf", tiny_pdf(ROUTINE)),
        directions=("coordination", "prevention"),
        tags=("lathund", "rekrytering"),
        visibility=Readership.AUTHORITIES,
    ),
    DemoItem(
        title="Checklista inför trygghetsvandring",
        summary="Att tänka på när föreningar, skola, polis och boende går en trygghetsvandring.",
        source="Samverkansnätverket",
        document=("checklista.txt", CHECKLIST),
        directions=("prevention",),
        tags=("trygghetsvandring", "checklista"),
    ),
)


def _publisher(network: Network) -> User | None:
    role = (
        Role.objects.filter(network=network, code=Role.Code.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return role.user if role is not None else None


def seed_knowledge(network: Network) -> int:
    """The demo items, each made once: returns how many were made."""
    author = _publisher(network)
    if author is None:
        return 0
    existing = set(KnowledgeItem.objects.filter(network=network).values_list("title", flat=True))
    made = 0
    for spec in ITEMS:
        if spec.title in existing:
            continue
        document = None
        if spec.document is not None:
            name, content = spec.document
            document = SimpleUploadedFile(name, content)
        services.knowledge_item_create(
            author=author,
            network=network,
            kind=KnowledgeItem.Kind.DOCUMENT if document else KnowledgeItem.Kind.LINK,
            title=spec.title,
            summary=spec.summary,
            url=spec.url,
            document=document,
            source=spec.source,
            published_on=spec.published_on,
            directions=spec.directions,
            tags=spec.tags,
            visibility=spec.visibility,
        )
        made += 1
    return made
