"""Knowledge items through the API: every persona on every operation, with the exact answer.

Civil society reads the network's items but never one for the authorities (404, and absent from
lists and counts); only the coordinator publishes, changes and removes; what a refused request
asked for is never written.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from network.models import KnowledgeItem, KnowledgeTag
from tests.api.personas import each_persona
from tests.conftest import World
from tests.knowledge.conftest import PDF, Items, pdf_upload, stored_files

ClientFor = Callable[[str | None], APIClient]
URL = "/api/v1/knowledge-items/"
NAMES = ("wide_link", "authorities_doc", "elsewhere")


def _names(items: Items, rows: list[dict[str, Any]]) -> set[str]:
    by_id = {getattr(items, name).pk: name for name in NAMES}
    return {by_id[row["id"]] for row in rows}


def _state(root: Path) -> tuple:
    """What a refused request must leave as it was."""
    return (
        list(KnowledgeItem.objects.order_by("pk").values()),
        list(KnowledgeItem.tags.through.objects.order_by("pk").values()),
        list(KnowledgeItem.directions.through.objects.order_by("pk").values()),
        list(KnowledgeTag.objects.order_by("pk").values()),
        stored_files(root),
    )


# Reading


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"wide_link", "authorities_doc"}),
        security_chief=(200, {"wide_link", "authorities_doc"}),
        contact_person=(200, {"wide_link", "authorities_doc"}),
        police=(200, {"wide_link", "authorities_doc"}),
        civil=(200, {"wide_link"}),
        report_reader=(403, None),
        outsider=(200, set()),
        other_member=(200, {"elsewhere"}),
        anonymous=(401, None),
    ),
)
def test_the_list_shows_exactly_the_items_the_persona_reads(
    client_for: ClientFor, items: Items, persona: str | None, expected: tuple
) -> None:
    response = client_for(persona).get(URL)

    seen = None
    if response.status_code == 200:
        body = response.json()
        seen = _names(items, body["results"])
        assert body["count"] == len(seen)
    assert (response.status_code, seen) == expected


READS = {
    "wide_link": dict(
        coordinator=200, security_chief=200, contact_person=200, police=200, civil=200,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "authorities_doc": dict(
        coordinator=200, security_chief=200, contact_person=200, police=200, civil=404,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "elsewhere": dict(
        coordinator=404, security_chief=404, contact_person=404, police=404, civil=404,
        report_reader=403, outsider=404, other_member=200, anonymous=401,
    ),
}  # fmt: skip


def _per_persona(table: dict[str, dict[str, int]]) -> list[Any]:
    return each_persona(
        **{
            persona: {name: row[persona] for name, row in table.items()}
            for persona in table["wide_link"]
        }
    )


@pytest.mark.parametrize(("persona", "expected"), _per_persona(READS))
def test_an_item_answers_each_persona_as_it_may_read_it(
    client_for: ClientFor, items: Items, persona: str | None, expected: dict[str, int]
) -> None:
    client = client_for(persona)

    answers = {name: client.get(f"{URL}{getattr(items, name).pk}/").status_code for name in NAMES}

    assert answers == expected


DOWNLOADS = {
    # A link has nothing to download: not found, for those who read it too.
    "wide_link": {name: 404 if code == 200 else code for name, code in READS["wide_link"].items()},
    "authorities_doc": READS["authorities_doc"],
}


@pytest.mark.parametrize(("persona", "expected"), _per_persona(DOWNLOADS))
def test_the_document_downloads_for_exactly_its_readers(
    client_for: ClientFor, items: Items, persona: str | None, expected: dict[str, int]
) -> None:
    client = client_for(persona)

    answers = {}
    for name in DOWNLOADS:
        response = client.get(f"{URL}{getattr(items, name).pk}/download/")
        answers[name] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
        else:
            assert response["Content-Type"].startswith("application/json")

    assert answers == expected


def test_the_payload_carries_the_contract_fields(client_for: ClientFor, items: Items) -> None:
    client = client_for("police")

    link = client.get(f"{URL}{items.wide_link.pk}/").json()
    document = client.get(f"{URL}{items.authorities_doc.pk}/").json()

    assert set(link) == {
        "id", "network", "kind", "title", "summary", "url", "document", "source",
        "published_on", "directions", "tags", "visibility", "created_by", "created_at",
        "updated_at",
    }  # fmt: skip
    assert link["document"] is None
    assert link["url"] == items.wide_link.url
    assert set(link["directions"]) == {"prevention", "competence"}
    assert set(link["tags"]) == {"Rapport", "unga vuxna"}
    assert document["url"] == ""
    assert document["document"].endswith(f"{URL}{items.authorities_doc.pk}/download/")
    assert client.get(document["document"]).status_code == 200


def test_the_download_is_named_after_the_title_never_the_uploaded_name(
    client_for: ClientFor, world: World, media_root: Path
) -> None:
    client = client_for("coordinator")
    upload = pdf_upload("C:\\Users\\anna\\personnummer 19811218-9876 <script>.pdf")

    created = client.post(
        URL,
        {
            "network": world.net.pk,
            "kind": "document",
            "title": "Rutin / ärende",
            "document": upload,
        },
        format="multipart",
    )

    assert created.status_code == 201, created.json()
    item = KnowledgeItem.objects.get(pk=created.json()["id"])
    assert "anna" not in item.document.name and "19811218" not in item.document.name
    (stored,) = stored_files(media_root)
    assert stored.name == item.document.name.rsplit("/", 1)[-1]
    download = client.get(created.json()["document"])
    disposition = download["Content-Disposition"]
    assert "anna" not in disposition and "19811218" not in disposition
    assert "Rutin" in disposition
    assert disposition.rstrip('"').endswith(".pdf")


# Writing: every persona


def _link_body(world: World, **change: Any) -> dict[str, Any]:
    return {
        "network": world.net.pk,
        "kind": "link",
        "title": "CVE: stöd till yrkesverksamma",
        "summary": "Rådgivning.",
        "url": "https://www.cve.se/",
        "source": "CVE",
        "published_on": "2025-01-15",
        "directions": ["competence"],
        "tags": ["Extremism", "stöd"],
        "visibility": "network",
        **change,
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=201, security_chief=403, contact_person=403, police=403, civil=403,
        report_reader=403, outsider=403, other_member=403, anonymous=401,
    ),
)  # fmt: skip
def test_only_the_coordinator_publishes(
    client_for: ClientFor,
    world: World,
    items: Items,
    media_root: Path,
    persona: str | None,
    expected: int,
) -> None:
    before = _state(media_root)

    response = client_for(persona).post(URL, _link_body(world), format="json")

    assert response.status_code == expected
    if expected == 201:
        body = response.json()
        assert response["Location"].endswith(f"{URL}{body['id']}/")
        assert body["created_by"] == world.coordinator.pk
        assert set(body["tags"]) == {"Extremism", "stöd"}
        assert body["published_on"] == "2025-01-15"
    else:
        assert _state(media_root) == before


def test_the_coordinator_publishes_a_document_as_multipart(
    client_for: ClientFor, world: World, media_root: Path
) -> None:
    response = client_for("coordinator").post(
        URL,
        {
            "network": world.net.pk,
            "kind": "document",
            "title": "Lathund",
            "document": pdf_upload(),
            "directions": ["prevention", "evaluation"],
            "tags": ["lathund", "Lathund "],
            "visibility": "authorities",
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body["directions"]) == {"prevention", "evaluation"}
    assert body["tags"] == ["lathund"]
    assert len(stored_files(media_root)) == 1


def test_a_coordinator_cannot_publish_in_a_network_it_does_not_see(
    client_for: ClientFor, world: World, items: Items, media_root: Path
) -> None:
    before = _state(media_root)

    response = client_for("coordinator").post(
        URL, _link_body(world, network=world.other_net.pk), format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"network"}
    assert _state(media_root) == before


CHANGES = {
    "wide_link": dict(
        coordinator=200, security_chief=403, contact_person=403, police=403, civil=403,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "authorities_doc": dict(
        coordinator=200, security_chief=403, contact_person=403, police=403, civil=404,
        report_reader=403, outsider=404, other_member=404, anonymous=401,
    ),
    "elsewhere": dict(
        coordinator=404, security_chief=404, contact_person=404, police=404, civil=404,
        report_reader=403, outsider=404, other_member=403, anonymous=401,
    ),
}  # fmt: skip


@pytest.mark.parametrize(("persona", "expected"), _per_persona(CHANGES))
def test_only_the_coordinator_changes_an_item_and_a_refusal_changes_nothing(
    client_for: ClientFor,
    items: Items,
    media_root: Path,
    persona: str | None,
    expected: dict[str, int],
) -> None:
    client = client_for(persona)

    answers = {}
    for name in NAMES:
        item = getattr(items, name)
        before = _state(media_root)
        response = client.patch(
            f"{URL}{item.pk}/", {"title": "Ny titel", "tags": ["ny"]}, format="json"
        )
        answers[name] = response.status_code
        if response.status_code == 200:
            assert response.json()["title"] == "Ny titel"
            assert response.json()["tags"] == ["ny"]
        else:
            assert _state(media_root) == before

    assert answers == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    _per_persona(
        {name: {p: 204 if c == 200 else c for p, c in row.items()} for name, row in CHANGES.items()}
    ),
)
def test_only_the_coordinator_removes_an_item(
    client_for: ClientFor,
    items: Items,
    media_root: Path,
    persona: str | None,
    expected: dict[str, int],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(persona)

    answers = {}
    for name in NAMES:
        item = getattr(items, name)
        before = _state(media_root)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.delete(f"{URL}{item.pk}/")
        answers[name] = response.status_code
        exists = KnowledgeItem.objects.filter(pk=item.pk).exists()
        assert exists == (response.status_code != 204)
        if response.status_code != 204:
            assert _state(media_root) == before

    assert answers == expected


def test_removing_a_document_deletes_its_file_and_unused_tags(
    client_for: ClientFor,
    items: Items,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert len(stored_files(media_root)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").delete(f"{URL}{items.authorities_doc.pk}/")

    assert response.status_code == 204
    assert stored_files(media_root) == []
    names = set(
        KnowledgeTag.objects.filter(network=items.wide_link.network).values_list("name", flat=True)
    )
    assert "lathund" not in names
    assert "Rapport" in names  # still on the link


def test_replacing_a_document_deletes_the_old_file(
    client_for: ClientFor,
    items: Items,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    (old,) = stored_files(media_root)
    new_content = b"Rad ett\nRad tv\xc3\xa5\n"

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").patch(
            f"{URL}{items.authorities_doc.pk}/",
            {"document": pdf_upload("ny.txt", new_content)},
            format="multipart",
        )

    assert response.status_code == 200, response.json()
    (new,) = stored_files(media_root)
    assert new != old and new.read_bytes() == new_content
    download = client_for("coordinator").get(response.json()["document"])
    assert download["Content-Type"] == "text/plain; charset=utf-8"


def test_a_document_turned_into_a_link_loses_its_file(
    client_for: ClientFor,
    items: Items,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").patch(
            f"{URL}{items.authorities_doc.pk}/",
            {"kind": "link", "url": "https://www.lansstyrelsen.se/"},
            format="json",
        )

    assert response.status_code == 200, response.json()
    assert response.json()["document"] is None
    assert stored_files(media_root) == []


# Bad input: a 400 with the field named, never a 500, nothing written


BAD_LINKS = [
    pytest.param({"title": "x" * 201}, "title", id="title-too-long"),
    pytest.param({"title": ["a"]}, "title", id="title-wrong-type"),
    pytest.param({"title": "Rätt\x00fel"}, "title", id="title-nul"),
    pytest.param({"summary": "x" * 100_001}, "summary", id="summary-huge"),
    pytest.param({"url": "javascript:alert(1)"}, "url", id="url-javascript"),
    pytest.param({"url": "ftp://example.org/a"}, "url", id="url-ftp"),
    pytest.param({"url": ""}, "url", id="link-without-url"),
    pytest.param({"network": "１"}, "network", id="network-fullwidth-digit"),
    pytest.param({"network": 2**70}, "network", id="network-huge-id"),
    pytest.param({"network": {"id": 1}}, "network", id="network-object"),
    pytest.param({"kind": "exe"}, "kind", id="kind-unknown"),
    pytest.param({"directions": ["prevention", "nonsense"]}, "directions", id="direction-unknown"),
    pytest.param({"directions": "prevention"}, "directions", id="directions-not-a-list"),
    pytest.param({"tags": [{"a": [[[]]]}]}, "tags", id="tag-nested"),
    pytest.param({"tags": ["x" * 61]}, "tags", id="tag-too-long"),
    pytest.param({"tags": [f"t{i}" for i in range(21)]}, "tags", id="too-many-tags"),
    pytest.param({"tags": ["a\u200bb"]}, "tags", id="tag-invisible-character"),
    pytest.param({"published_on": "２０２５-01-01"}, "published_on", id="date-look-alike"),
    pytest.param({"visibility": "organisation"}, "visibility", id="visibility-organisation"),
    pytest.param({"id": 5}, "id", id="read-only-field"),
    pytest.param({"document": "not a file"}, "document", id="document-as-text"),
]


@pytest.mark.parametrize(("change", "field"), BAD_LINKS)
def test_bad_input_is_a_field_error_and_writes_nothing(
    client_for: ClientFor,
    world: World,
    items: Items,
    media_root: Path,
    change: dict[str, Any],
    field: str,
) -> None:
    before = _state(media_root)

    response = client_for("coordinator").post(URL, _link_body(world, **change), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert _state(media_root) == before


def test_deeply_nested_json_is_refused_without_a_server_error(
    client_for: ClientFor, world: World, media_root: Path
) -> None:
    body = '{"tags": ' + "[" * 5000 + "]" * 5000 + "}"

    response = client_for("coordinator").post(URL, body, content_type="application/json")

    assert response.status_code == 400
    assert KnowledgeItem.objects.count() == 0


def test_a_change_with_bad_input_changes_nothing(
    client_for: ClientFor, items: Items, media_root: Path
) -> None:
    before = _state(media_root)

    response = client_for("coordinator").patch(
        f"{URL}{items.wide_link.pk}/", {"title": "Ny", "url": "data:text/html,x"}, format="json"
    )

    assert response.status_code == 400
    assert _state(media_root) == before


def test_look_alike_ids_in_the_path_find_nothing(client_for: ClientFor, items: Items) -> None:
    client = client_for("coordinator")

    assert client.get(f"{URL}１/").status_code == 404
    assert client.get(f"{URL}{2**70}/").status_code == 404


# Filters and query counts


def test_the_list_filters_by_the_query(client_for: ClientFor, items: Items) -> None:
    client = client_for("police")

    def names(**query: Any) -> set[str]:
        response = client.get(URL, query)
        assert response.status_code == 200, response.json()
        return _names(items, response.json()["results"])

    assert names(search="ödåkra") == {"wide_link"}
    assert names(search="RAPPORT") == {"wide_link", "authorities_doc"}
    assert names(tag="rapport") == {"wide_link", "authorities_doc"}
    assert names(tag="LATHUND") == {"authorities_doc"}
    assert names(direction="coordination") == {"authorities_doc"}
    assert names(direction=["coordination", "competence"]) == {"wide_link", "authorities_doc"}
    assert names(kind="document") == {"authorities_doc"}
    assert names(visibility="network") == {"wide_link"}
    assert names(network=items.elsewhere.network_id) == set()


def test_the_search_never_finds_what_the_caller_may_not_read(
    client_for: ClientFor, items: Items
) -> None:
    client = client_for("civil")

    for query in ({"search": "lathund"}, {"tag": "lathund"}, {"search": "hemlig"}):
        body = client.get(URL, query).json()
        assert (body["count"], body["results"]) == (0, [])


@pytest.mark.parametrize(
    "query",
    [{"direction": "nonsense"}, {"kind": "x"}, {"network": "１"}, {"search": "x" * 201}],
)
def test_a_bad_filter_is_a_field_error(
    client_for: ClientFor, items: Items, query: dict[str, str]
) -> None:
    response = client_for("police").get(URL, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_the_list_costs_the_same_queries_whatever_the_page_size(
    client_for: ClientFor, world: World, items: Items
) -> None:
    client = client_for("police")
    for number in range(6):
        client_for("coordinator").post(
            URL, _link_body(world, title=f"Länk {number}", tags=[f"tagg {number}"]), format="json"
        )
    client.get(URL)  # the viewer is memoised per request; warm nothing else

    counts = []
    for size in (1, 8):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_an_item_costs_the_same_queries_whatever_its_tags_and_directions(
    client_for: ClientFor, world: World, items: Items
) -> None:
    client = client_for("police")
    many = client_for("coordinator").post(
        URL,
        _link_body(
            world,
            tags=[f"tagg {n}" for n in range(10)],
            directions=["prevention", "competence", "coordination", "evaluation"],
        ),
        format="json",
    )
    few = client_for("coordinator").post(URL, _link_body(world, tags=[], directions=[]))
    client.get(URL)  # the viewer is memoised on the signed-in user after its first request

    counts = []
    for created in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{URL}{created.json()['id']}/")
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
