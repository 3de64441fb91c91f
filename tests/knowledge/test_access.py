"""The knowledge bank's rules against each other: the list predicate, the check of one item and
the audience (the people who read an item) agree for every persona and every item."""

from django.db.models import Q

from network.access import viewer_for
from network.access.knowledge import (
    knowledge_abilities,
    knowledge_audience,
    knowledge_is_visible,
    knowledge_visible_q,
)
from network.models import KnowledgeItem, User
from tests.conftest import PERSONAS, World
from tests.knowledge.conftest import Items


def test_the_predicate_the_item_check_and_the_audience_agree(world: World, items: Items) -> None:
    people = [world.persona(name) for name in PERSONAS] + [items.other_coordinator]
    superuser = User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests")
    people.append(superuser)

    for item in KnowledgeItem.objects.all():
        audience = set(knowledge_audience(item).values_list("pk", flat=True))
        for user in people:
            viewer = viewer_for(user)
            listed = KnowledgeItem.objects.filter(Q(pk=item.pk) & knowledge_visible_q(viewer))
            assert listed.exists() == knowledge_is_visible(viewer, item), (user, item)
            assert (user.pk in audience) == knowledge_is_visible(viewer, item), (user, item)


def test_civil_society_never_reads_an_item_for_the_authorities_whatever_its_role(
    world: World, items: Items
) -> None:
    from network.core import services as core_services

    for code in ("coordinator", "security_chief", "contact_person"):
        core_services.role_grant(user=world.civil, network=world.net, code=code)
        civil = User.objects.get(pk=world.civil.pk)  # a fresh viewer
        assert not knowledge_is_visible(viewer_for(civil), items.authorities_doc)
        assert not knowledge_abilities(viewer_for(civil), items.authorities_doc).change


def test_only_the_coordinator_may_change_what_it_reads(world: World, items: Items) -> None:
    answers = {
        name: knowledge_abilities(viewer_for(world.persona(name)), items.wide_link).change
        for name in PERSONAS
    }

    assert answers == {name: name == "coordinator" for name in PERSONAS}
