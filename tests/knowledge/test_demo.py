"""The demo's knowledge bank: made once, with directions and tags, and a document for the
authorities that civil society never sees."""

from pathlib import Path

from network.knowledge.demo import ITEMS, seed_knowledge, tiny_pdf
from network.knowledge.selectors import knowledge_items_for
from network.models import KnowledgeItem, KnowledgeTag
from tests.conftest import World
from tests.knowledge.conftest import stored_files


def _state(root: Path) -> tuple:
    return (
        list(KnowledgeItem.objects.order_by("pk").values_list("pk", "title", "document")),
        KnowledgeTag.objects.count(),
        stored_files(root),
    )


def test_the_demo_knowledge_is_made_once(world: World, media_root: Path) -> None:
    made = seed_knowledge(world.net)
    first = _state(media_root)

    again = seed_knowledge(world.net)

    assert (made, again) == (len(ITEMS), 0)
    assert _state(media_root) == first
    documents = [spec for spec in ITEMS if spec.document is not None]
    assert len(first[2]) == len(documents) > 0


def test_every_demo_item_has_directions_and_tags_and_links_are_https(world: World) -> None:
    seed_knowledge(world.net)

    for item in KnowledgeItem.objects.filter(network=world.net):
        assert item.directions.exists() and item.tags.exists(), item.title
        if item.kind == "link":
            assert item.url.startswith("https://")
        assert item.created_by == world.coordinator


def test_civil_society_does_not_see_the_demos_document_for_the_authorities(
    world: World,
) -> None:
    seed_knowledge(world.net)
    hidden = {spec.title for spec in ITEMS if spec.visibility == "authorities"}

    police = set(knowledge_items_for(world.police).values_list("title", flat=True))
    civil = set(knowledge_items_for(world.civil).values_list("title", flat=True))

    assert hidden and hidden <= police
    assert not hidden & civil
    assert civil == {spec.title for spec in ITEMS} - hidden


def test_a_network_without_a_coordinator_gets_no_demo_items(world: World) -> None:
    assert seed_knowledge(world.other_net) == 0


def test_the_generated_pdf_is_a_pdf_with_a_cross_reference_table() -> None:
    pdf = tiny_pdf(["Åtgärder för trygghet (utkast)"])

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    offset = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[offset:].startswith(b"xref")
