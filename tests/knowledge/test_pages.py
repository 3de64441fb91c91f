"""The knowledge bank's pages: every persona on every page, with the exact answer; the search in
Swedish; and the coordinator's forms.

An anonymous visitor is sent to sign in (302); someone who takes part in no network (a report
reader, an outsider) does not find the pages (404); civil society does not find an item for the
authorities (404) nor its title or tags anywhere.
"""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.models import KnowledgeItem
from tests.api.personas import each_persona
from tests.conftest import World
from tests.knowledge.conftest import PDF, Items, stored_files

NAMES = ("wide_link", "authorities_doc", "elsewhere")


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"wide_link", "authorities_doc"}),
        security_chief=(200, {"wide_link", "authorities_doc"}),
        contact_person=(200, {"wide_link", "authorities_doc"}),
        police=(200, {"wide_link", "authorities_doc"}),
        civil=(200, {"wide_link"}),
        report_reader=(404, None),
        outsider=(404, None),
        other_member=(200, {"elsewhere"}),
        anonymous=(302, None),
    ),
)
def test_the_list_page_shows_exactly_the_items_the_persona_reads(
    web_client_for: Any, items: Items, persona: str | None, expected: tuple
) -> None:
    response = web_client_for(persona).get(reverse("frontend:knowledge_list"))

    seen = None
    if response.status_code == 200:
        page = response.context["page"]
        by_id = {getattr(items, name).pk: name for name in NAMES}
        seen = {by_id[item.pk] for item in page.object_list}
        assert page.paginator.count == len(seen)
        text = response.content.decode()
        for name in set(NAMES) - seen:
            assert getattr(items, name).title not in text
    assert (response.status_code, seen) == expected


def test_civil_society_is_not_offered_a_tag_used_only_for_the_authorities(
    web_client_for: Any, items: Items
) -> None:
    civil = web_client_for("civil").get(reverse("frontend:knowledge_list"))
    police = web_client_for("police").get(reverse("frontend:knowledge_list"))

    def offered(response: Any) -> set[str]:
        return {value for value, _label in response.context["form"].fields["tag"].choices if value}

    assert "lathund" in offered(police)
    assert "lathund" not in offered(civil)
    assert "lathund" not in civil.content.decode()


PAGE_READS = {
    "wide_link": dict(
        coordinator=200, security_chief=200, contact_person=200, police=200, civil=200,
        report_reader=404, outsider=404, other_member=404, anonymous=302,
    ),
    "authorities_doc": dict(
        coordinator=200, security_chief=200, contact_person=200, police=200, civil=404,
        report_reader=404, outsider=404, other_member=404, anonymous=302,
    ),
    "elsewhere": dict(
        coordinator=404, security_chief=404, contact_person=404, police=404, civil=404,
        report_reader=404, outsider=404, other_member=200, anonymous=302,
    ),
}  # fmt: skip


def _per_persona(table: dict[str, dict[str, int]]) -> list[Any]:
    first = next(iter(table.values()))
    return each_persona(
        **{persona: {name: row[persona] for name, row in table.items()} for persona in first}
    )


@pytest.mark.parametrize(("persona", "expected"), _per_persona(PAGE_READS))
def test_an_item_page_answers_each_persona_as_it_may_read_it(
    web_client_for: Any, items: Items, persona: str | None, expected: dict[str, int]
) -> None:
    client = web_client_for(persona)

    answers = {}
    for name in NAMES:
        item = getattr(items, name)
        response = client.get(reverse("frontend:knowledge_detail", args=[item.pk]))
        answers[name] = response.status_code
        if response.status_code == 200:
            text = response.content.decode()
            assert item.title in text
            if item.kind == "document":
                assert reverse("frontend:knowledge_download", args=[item.pk]) in text
            else:
                assert f'href="{item.url}"' in text

    assert answers == expected


DOWNLOADS = {
    "wide_link": {p: 404 if c == 200 else c for p, c in PAGE_READS["wide_link"].items()},
    "authorities_doc": PAGE_READS["authorities_doc"],
}


@pytest.mark.parametrize(("persona", "expected"), _per_persona(DOWNLOADS))
def test_the_download_page_serves_the_document_to_exactly_its_readers(
    web_client_for: Any, items: Items, persona: str | None, expected: dict[str, int]
) -> None:
    client = web_client_for(persona)

    answers = {}
    for name in DOWNLOADS:
        item = getattr(items, name)
        response = client.get(reverse("frontend:knowledge_download", args=[item.pk]))
        answers[name] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"

    assert answers == expected


FORMS = {
    "create": dict(
        coordinator=200, security_chief=403, contact_person=403, police=403, civil=403,
        report_reader=404, outsider=404, other_member=403, anonymous=302,
    ),
    "edit wide_link": dict(
        coordinator=200, security_chief=403, contact_person=403, police=403, civil=403,
        report_reader=404, outsider=404, other_member=404, anonymous=302,
    ),
    "edit authorities_doc": dict(
        coordinator=200, security_chief=403, contact_person=403, police=403, civil=404,
        report_reader=404, outsider=404, other_member=404, anonymous=302,
    ),
    "delete wide_link": dict(
        coordinator=200, security_chief=403, contact_person=403, police=403, civil=403,
        report_reader=404, outsider=404, other_member=404, anonymous=302,
    ),
    "delete authorities_doc": dict(
        coordinator=200, security_chief=403, contact_person=403, police=403, civil=404,
        report_reader=404, outsider=404, other_member=404, anonymous=302,
    ),
}  # fmt: skip


def _form_url(items: Items, page: str) -> str:
    if page == "create":
        return reverse("frontend:knowledge_create")
    action, name = page.split()
    return reverse(f"frontend:knowledge_{action}", args=[getattr(items, name).pk])


@pytest.mark.parametrize(("persona", "expected"), _per_persona(FORMS))
def test_the_coordinators_forms_answer_each_persona(
    web_client_for: Any, items: Items, persona: str | None, expected: dict[str, int]
) -> None:
    client = web_client_for(persona)

    answers = {page: client.get(_form_url(items, page)).status_code for page in FORMS}

    assert answers == expected


@pytest.mark.parametrize(("persona", "expected"), _per_persona(FORMS))
def test_a_refused_post_to_a_form_changes_nothing(
    web_client_for: Any,
    items: Items,
    media_root: Path,
    persona: str | None,
    expected: dict[str, int],
) -> None:
    client = web_client_for(persona)
    before = (list(KnowledgeItem.objects.order_by("pk").values()), stored_files(media_root))
    body = {"kind": "link", "title": "Ändrad", "url": "https://bra.se/", "visibility": "network"}

    for page, code in expected.items():
        if code == 200:
            continue
        response = client.post(_form_url(items, page), body)
        assert response.status_code == code, page

    assert (list(KnowledgeItem.objects.order_by("pk").values()), stored_files(media_root)) == before


def test_the_coordinator_publishes_a_document_on_the_page(
    web_client_for: Any, world: World, media_root: Path
) -> None:
    response = web_client_for("coordinator").post(
        reverse("frontend:knowledge_create"),
        {
            "network": world.net.pk,
            "kind": "document",
            "title": "Lathund för skolan",
            "summary": "Hur skolan anmäler oro.",
            "document": SimpleUploadedFile("lathund.pdf", PDF),
            "directions": ["prevention"],
            "tags": "Skola, unga,  skola ",
            "visibility": "authorities",
        },
    )

    item = KnowledgeItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:knowledge_detail", args=[item.pk])
    assert sorted(tag.name for tag in item.tags.all()) == ["Skola", "unga"]
    assert [d.code for d in item.directions.all()] == ["prevention"]
    assert len(stored_files(media_root)) == 1


def test_the_coordinator_edits_and_removes_an_item_on_the_pages(
    web_client_for: Any,
    items: Items,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = web_client_for("coordinator")
    item = items.authorities_doc

    edit = client.post(
        reverse("frontend:knowledge_edit", args=[item.pk]),
        {"kind": "document", "title": "Ny lathund", "tags": "lathund", "visibility": "network"},
    )
    item.refresh_from_db()
    assert edit.status_code == 302
    assert (item.title, item.visibility) == ("Ny lathund", "network")
    assert len(stored_files(media_root)) == 1  # the file was kept: none was chosen

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(reverse("frontend:knowledge_delete", args=[item.pk]))
    assert removed.status_code == 302
    assert not KnowledgeItem.objects.filter(pk=item.pk).exists()
    assert stored_files(media_root) == []


def test_a_refusal_of_the_service_is_shown_at_its_field(
    web_client_for: Any, world: World, media_root: Path
) -> None:
    response = web_client_for("coordinator").post(
        reverse("frontend:knowledge_create"),
        {
            "network": world.net.pk,
            "kind": "link",
            "title": "Länk",
            "url": "javascript:alert(1)",
            "visibility": "network",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["url"]
    assert KnowledgeItem.objects.count() == 0


def test_the_form_offers_civil_society_no_readership_it_does_not_belong_to(
    web_client_for: Any, world: World, items: Items
) -> None:
    """A coordinator from civil society could not read an item for the authorities."""
    from network.core import services as core_services

    core_services.role_grant(user=world.civil, network=world.net, code="coordinator")
    client = web_client_for("civil")

    form = client.get(reverse("frontend:knowledge_create")).context["form"]
    refused = client.post(
        reverse("frontend:knowledge_create"),
        {
            "network": world.net.pk,
            "kind": "link",
            "title": "Länk",
            "url": "https://bra.se/",
            "visibility": "authorities",
        },
    )

    assert [value for value, _label in form.fields["visibility"].choices] == ["network"]
    assert refused.status_code == 400
    assert KnowledgeItem.objects.filter(title="Länk").count() == 0


# Search and filters


@pytest.mark.parametrize(
    "search", ["ödåkra", "ÖDÅKRA", "Ödåkra", "kriminella ödåkra", "BRÅ", "brottsförebyggande"]
)
def test_the_search_finds_swedish_letters_in_any_case(
    web_client_for: Any, items: Items, search: str
) -> None:
    response = web_client_for("civil").get(reverse("frontend:knowledge_list"), {"q": search})

    assert [item.pk for item in response.context["page"].object_list] == [items.wide_link.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "rapport"}, {"wide_link", "authorities_doc"}),
        ({"q": "UNGA VUXNA"}, {"wide_link"}),
        ({"tag": "Rapport"}, {"wide_link", "authorities_doc"}),
        ({"tag": "lathund"}, {"authorities_doc"}),
        ({"direction": "coordination"}, {"authorities_doc"}),
        ({"kind": "link"}, {"wide_link"}),
        ({"q": "rapport", "kind": "document"}, {"authorities_doc"}),
        ({"q": "ingenting sådant"}, set()),
    ],
)
def test_the_list_filters_work_without_javascript(
    web_client_for: Any, items: Items, query: dict[str, str], expected: set[str]
) -> None:
    response = web_client_for("police").get(reverse("frontend:knowledge_list"), query)

    by_id = {getattr(items, name).pk: name for name in NAMES}
    assert {by_id[item.pk] for item in response.context["page"].object_list} == expected


def test_civil_societys_search_never_finds_an_item_for_the_authorities(
    web_client_for: Any, items: Items
) -> None:
    client = web_client_for("civil")

    for query in ({"q": "lathund"}, {"q": "hemlig rutin"}):
        response = client.get(reverse("frontend:knowledge_list"), query)
        assert list(response.context["page"].object_list) == []
        assert items.authorities_doc.title not in response.content.decode()
    # A tag civil society is not offered is refused as any unknown choice: the filter is
    # shown as an error, and the list holds what civil society reads, as without it.
    unknown = client.get(reverse("frontend:knowledge_list"), {"tag": "lathund"})
    never_used = client.get(reverse("frontend:knowledge_list"), {"tag": "finns inte"})
    assert [e.replace("lathund", "?") for e in unknown.context["form"].errors["tag"]] == [
        e.replace("finns inte", "?", 1) for e in never_used.context["form"].errors["tag"]
    ]
    assert [i.pk for i in unknown.context["page"].object_list] == [items.wide_link.pk]
    assert items.authorities_doc.title not in unknown.content.decode()


def test_the_pages_are_in_english_under_en(web_client_for: Any, items: Items) -> None:
    response = web_client_for("police").get("/en/knowledge/")

    assert response.status_code == 200
    assert "Knowledge bank" in response.content.decode()


def test_the_menu_offers_the_knowledge_bank_to_those_taking_part(world: World) -> None:
    from network.access import menu_for, viewer_for

    offered = {
        name: menu_for(viewer_for(world.persona(name))).knowledge
        for name in ("coordinator", "police", "civil", "other_member", "report_reader", "outsider")
    }

    assert offered == {
        "coordinator": True, "police": True, "civil": True, "other_member": True,
        "report_reader": False, "outsider": False,
    }  # fmt: skip


def test_the_list_page_costs_the_same_queries_whatever_the_number_of_items(
    web_client_for: Any, world: World, items: Items
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network.knowledge import services

    client = web_client_for("police")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("frontend:knowledge_list")).status_code == 200
        return len(queries)

    before = count()
    for number in range(5):
        services.knowledge_item_create(
            author=world.coordinator,
            network=world.net,
            kind="link",
            title=f"Länk {number}",
            url="https://bra.se/",
            directions=["prevention"],
            tags=[f"tagg {number}"],
        )

    assert count() == before
