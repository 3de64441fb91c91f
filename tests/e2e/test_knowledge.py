"""The knowledge bank in a real browser: the coordinator publishes a link and a document through
the form, finds them by a Swedish search, downloads the document, edits and removes; civil society
never meets an item for the authorities; axe and the width of a phone on every page."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from network.knowledge import services
from network.knowledge.models import KnowledgeItem
from tests.conftest import World
from tests.e2e.pages import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF that any reader opens: catalogue, page tree, page, font, content stream,
    and a cross-reference table whose byte offsets are computed, not guessed."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF = minimal_pdf("Lägesrapport om våld i nära relationer")


def _url(language: str, name: str, *args: object) -> str:
    with translation.override(language):
        return reverse(f"frontend:{name}", args=args)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"knowledge-{name}.png"), full_page=True)


def _fits(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def _rows(page: Page):  # noqa: ANN202 - a Playwright locator
    return page.locator(".knowledge-table tbody tr")


@pytest.fixture
def open_tab(browser: Browser, live_server: object, directions: None) -> Iterator[object]:
    """A factory of fresh tabs (own cookies), sized as asked, downloads accepted."""
    contexts = []

    def make(viewport: dict[str, int] = DESKTOP, *, mobile: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,  # type: ignore[attr-defined]
            locale="sv-SE",
            viewport=viewport,
            is_mobile=mobile,
            has_touch=mobile,
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def _publish(world: World, **values: object) -> KnowledgeItem:
    defaults: dict[str, object] = {
        "kind": "link",
        "url": "https://bra.se/",
        "summary": "",
        "source": "",
        "directions": [],
        "tags": [],
        "visibility": "network",
    }
    return services.knowledge_item_create(
        author=world.coordinator, network=world.net, **{**defaults, **values}
    )


@pytest.fixture
def shelf(world: World) -> dict[str, KnowledgeItem]:
    """Three items published through the services: one for everyone, two for the authorities
    only (one of them a document), all three about violence."""
    return {
        "wide": _publish(
            world,
            title="Våld i skolmiljö: stöd till föreningar",
            summary="Hur en förening känner igen tecken på våld och vart den vänder sig.",
            source="Brå",
            published_on=date(2025, 3, 1),
            directions=["prevention", "competence"],
            tags=["våld", "förening"],
        ),
        "secret_link": _publish(
            world,
            title="Hemlig lägesbild: våldsbejakande miljöer",
            summary="Polisens bedömning av rekryteringen i Drottninghög.",
            source="Polisen",
            directions=["coordination"],
            tags=["myndighetsintern", "våld"],
            visibility="authorities",
        ),
        "secret_doc": _publish(
            world,
            kind="document",
            url="",
            title="Rutin för informationsdelning mellan myndigheter",
            document=SimpleUploadedFile("rutin.pdf", PDF, content_type="application/pdf"),
            tags=["rutin"],
            visibility="authorities",
        ),
    }


def test_the_coordinator_publishes_finds_downloads_edits_and_removes(
    open_tab, world: World
) -> None:
    _publish(world, title="Föräldrastöd i Drottninghög", tags=["föräldrar"])  # not about våld
    page = open_tab()
    sign_in(page, "samordnare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Kunskapsbank"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunskapsbank")
    assert page.url.endswith("/kunskapsbank/")
    assert_accessible(page)

    # A link, for the whole network.
    page.get_by_role("link", name="Publicera material").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publicera material")
    assert_accessible(page)
    page.get_by_role("radio", name="Länk").check()
    page.get_by_label("Titel").fill("Våldsbejakande extremism: stöd för skolor")
    page.get_by_label("Sammanfattning").fill("Vad skolan gör när en elev dras till våld.")
    page.get_by_label("Webbadress").fill("https://www.cve.se/")
    page.get_by_label("Källa").fill("Center mot våldsbejakande extremism")
    page.get_by_label("Utgiven").fill("2025-03-01")
    page.get_by_role("checkbox", name="Förebyggande insatser").check()
    page.get_by_role("checkbox", name="Kompetenshöjande insatser").check()
    page.get_by_label("Taggar").fill("våld, skola")
    page.get_by_role("radio", name="Hela nätverket").check()
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Våldsbejakande extremism: stöd för skolor"
    )
    expect(page.locator(".messages")).to_contain_text("Materialet publicerades.")
    expect(page.get_by_role("link", name="Öppna länken")).to_have_attribute(
        "href", "https://www.cve.se/"
    )
    assert_accessible(page)
    link = KnowledgeItem.objects.get(title="Våldsbejakande extremism: stöd för skolor")
    assert link.kind == "link" and link.visibility == "network"
    assert sorted(d.code for d in link.directions.all()) == ["competence", "prevention"]

    # A document, for the authorities only; a form without its file is refused at the field.
    page.goto(_url("sv", "knowledge_create"))
    page.get_by_role("radio", name="Dokument").check()
    page.get_by_label("Titel").fill("Lägesrapport om våld i nära relationer")
    page.get_by_role("checkbox", name="Samordning och samverkan").check()
    page.get_by_label("Taggar").fill("våld, myndigheter")
    page.get_by_role("radio", name="Myndigheter").check()
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Lägesrapport om våld i nära relationer")
    assert_accessible(page)
    _shot(page, "form-refused-sv-desktop")
    page.locator("input[type=file]").set_input_files(
        {"name": "rapport.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lägesrapport om våld i nära relationer"
    )
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Samordning och samverkan")
    expect(facts).to_contain_text("Myndigheter")
    expect(facts.get_by_role("link", name="våld")).to_be_visible()
    assert_accessible(page)
    document = KnowledgeItem.objects.get(title="Lägesrapport om våld i nära relationer")
    assert document.kind == "document" and document.visibility == "authorities"

    # Found by a Swedish word, in any letter case; the third item does not match.
    for word in ("våld", "VÅLD"):
        page.goto(_url("sv", "knowledge_list"))
        page.locator("#id_q").fill(word)
        page.locator("main").get_by_role("button", name="Sök").click()
        expect(_rows(page)).to_have_count(2)
        expect(page.locator(".knowledge-table")).not_to_contain_text("Föräldrastöd")
    assert_accessible(page)
    page.get_by_label("Strategisk inriktning").select_option("coordination")
    page.locator("main").get_by_role("button", name="Sök").click()
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page)).to_contain_text("Lägesrapport om våld i nära relationer")

    # The detail, and the download's bytes are the uploaded ones.
    page.get_by_role("link", name="Lägesrapport om våld i nära relationer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lägesrapport om våld i nära relationer"
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner dokumentet").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes() == PDF

    # Edit: a new title and one tag fewer.
    page.get_by_role("link", name="Ändra").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra materialet")
    expect(page.get_by_label("Taggar")).to_have_value("myndigheter, våld")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Lägesrapport om våld i nära relationer 2026")
    page.get_by_label("Taggar").fill("våld")
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lägesrapport om våld i nära relationer 2026"
    )
    expect(page.locator(".messages")).to_contain_text("Ändringarna sparades.")
    expect(page.locator("dl.facts")).not_to_contain_text("myndigheter")
    document.refresh_from_db()
    assert [tag.name for tag in document.tags.all()] == ["våld"]
    with page.expect_download() as info:  # the file stays when only the text changes
        page.get_by_role("link", name="Ladda ner dokumentet").click()
    assert Path(info.value.path()).read_bytes() == PDF

    # Remove, after a page that asks.
    page.get_by_role("link", name="Ta bort materialet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort materialet")
    assert_accessible(page)
    page.get_by_role("button", name="Ta bort", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunskapsbank")
    expect(page.locator(".messages")).to_contain_text("Lägesrapport om våld i nära relationer")
    expect(page.locator(".knowledge-table")).not_to_contain_text("Lägesrapport")
    assert not KnowledgeItem.objects.filter(pk=document.pk).exists()
    response = page.goto(_url("sv", "knowledge_detail", document.pk))
    assert response is not None and response.status == 404
    response = page.goto(_url("sv", "knowledge_download", document.pk))
    assert response is not None and response.status == 404


def test_civil_society_sees_network_items_and_never_one_for_the_authorities(
    open_tab, world: World, shelf: dict[str, KnowledgeItem]
) -> None:
    page = open_tab()
    sign_in(page, "forening")
    page.goto(_url("sv", "knowledge_list"))
    main = page.locator("main")
    expect(_rows(page)).to_have_count(1)
    expect(main).to_contain_text("Våld i skolmiljö")
    for secret in ("Hemlig lägesbild", "Rutin för informationsdelning", "myndighetsintern"):
        expect(main).not_to_contain_text(secret)  # nor as a tag in the filter
    expect(main.get_by_role("link", name="Publicera material")).to_have_count(0)
    assert_accessible(page)

    page.locator("#id_q").fill("våld")
    main.get_by_role("button", name="Sök").click()
    expect(_rows(page)).to_have_count(1)
    expect(main).not_to_contain_text("Hemlig")
    # The tag of the authorities' items is not offered; asked for by URL, it is refused as an
    # unknown choice and nothing of theirs is shown.
    expect(page.get_by_label("Tagg").locator("option", has_text="myndighetsintern")).to_have_count(
        0
    )
    page.goto(_url("sv", "knowledge_list") + "?tag=myndighetsintern")
    expect(main).not_to_contain_text("Hemlig")
    expect(main).not_to_contain_text("Rutin för informationsdelning")

    page.goto(_url("sv", "knowledge_detail", shelf["wide"].pk))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Våld i skolmiljö: stöd till föreningar"
    )
    expect(main.get_by_role("link", name="Ändra")).to_have_count(0)
    assert_accessible(page)

    for key in ("secret_link", "secret_doc"):
        pk = shelf[key].pk
        for language, name in (
            ("sv", "knowledge_detail"),
            ("en", "knowledge_detail"),
            ("sv", "knowledge_download"),
            ("sv", "knowledge_edit"),
            ("sv", "knowledge_delete"),
        ):
            url = _url(language, name, pk)
            response = page.goto(url)
            assert response is not None and response.status == 404, (url, response.status)
            expect(main).not_to_contain_text(shelf[key].title)
    page.goto(_url("sv", "knowledge_detail", shelf["secret_link"].pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    assert_accessible(page)
    # The wide item exists for the member: its forms answer 403 (seen, not to change).
    response = page.goto(_url("sv", "knowledge_edit", shelf["wide"].pk))
    assert response is not None and response.status == 403


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("size", "viewport", "mobile"), [("phone", PHONE, True), ("desktop", DESKTOP, False)]
)
def test_the_pages_pass_axe_and_fit_a_phone(
    open_tab,
    world: World,
    shelf: dict[str, KnowledgeItem],
    language: str,
    size: str,
    viewport: dict[str, int],
    mobile: bool,
) -> None:
    page = open_tab(viewport, mobile=mobile)
    sign_in(page, "samordnare")
    wide, document = shelf["wide"], shelf["secret_doc"]
    pages = {
        "list": _url(language, "knowledge_list"),
        "search": _url(language, "knowledge_list") + "?q=v%C3%A5ld&direction=prevention",
        "empty": _url(language, "knowledge_list") + "?q=finns-inte",
        "detail-link": _url(language, "knowledge_detail", wide.pk),
        "detail-document": _url(language, "knowledge_detail", document.pk),
        "create": _url(language, "knowledge_create"),
        "edit": _url(language, "knowledge_edit", document.pk),
        "delete": _url(language, "knowledge_delete", wide.pk),
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        expect(page.locator("html")).to_have_attribute("lang", language)
        _fits(page)
        assert_accessible(page)
        _shot(page, f"{name}-{language}-{size}")
    # A refused form, with its error summary, fits and passes too.
    page.goto(pages["create"])
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    _shot(page, f"create-refused-{language}-{size}")
