"""The knowledge bank in the admin, for every persona: only those who oversee a network see its
items there, civil society never one for the authorities, and only the coordinator corrects and
removes them (through the services, so that a removed item's file is deleted)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from network.models import KnowledgeItem, Role, User
from tests.api.personas import each_persona
from tests.conftest import World
from tests.factories import OrganisationFactory, person
from tests.knowledge.conftest import Items, stored_files
from tests.network.test_admin import (
    NETWORK_PERMISSIONS,
    make_coordinator_staff,
    make_security_staff,
)

LIST = "/admin/network/knowledgeitem/"
NAMES = ("wide_link", "authorities_doc", "elsewhere")


def change_url(item: KnowledgeItem | int) -> str:
    pk = item if isinstance(item, int) else item.pk
    return f"/admin/network/knowledgeitem/{pk}/change/"


@dataclass
class Staff:
    """Beside the personas: staff who oversee nothing, a security chief from civil society,
    the other network's coordinator, and a superuser."""

    staff_member: User
    civil_chief: User
    other_coordinator: User
    superuser: User


@pytest.fixture
def staff(world: World, items: Items) -> Staff:
    make_coordinator_staff(world.coordinator)
    make_security_staff(world.security_chief)
    staff_member = world.police
    staff_member.is_staff = True
    staff_member.save()
    staff_member.user_permissions.set(NETWORK_PERMISSIONS)
    association = OrganisationFactory(
        name="Fritidsföreningen", kind="association", networks=[world.net]
    )
    civil_chief = make_security_staff(
        person("foreningschef", association, world.net, Role.Code.SECURITY_CHIEF)
    )
    return Staff(
        staff_member=staff_member,
        civil_chief=civil_chief,
        other_coordinator=make_coordinator_staff(items.other_coordinator),
        superuser=User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests"),
    )


def _client(world: World, staff: Staff, name: str | None) -> Client:
    client = Client()
    if name is None:
        return client
    user = getattr(staff, name, None) if hasattr(staff, name) else world.persona(name)
    client.force_login(user)
    return client


def _seen(items: Items, response: Any) -> set[str]:
    by_id = {getattr(items, name).pk: name for name in NAMES}
    return {by_id[row.pk] for row in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("persona", "expected"),
    each_persona(
        coordinator=(200, {"wide_link", "authorities_doc"}),
        security_chief=(200, {"wide_link", "authorities_doc"}),
        contact_person=(302, None),
        police=(302, None),
        civil=(302, None),
        report_reader=(302, None),
        outsider=(302, None),
        other_member=(302, None),
        anonymous=(302, None),
    ),
)
def test_the_admin_list_shows_each_persona_exactly_the_items_it_oversees(
    world: World, staff: Staff, items: Items, persona: str | None, expected: tuple
) -> None:
    if persona == "police":  # the personas' police, before it was made staff
        world.police.is_staff = False
        world.police.save()

    response = _client(world, staff, persona).get(LIST)

    seen = _seen(items, response) if response.status_code == 200 else None
    if response.status_code == 200:
        assert response.context["cl"].result_count == len(seen or ())
    assert (response.status_code, seen) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("staff_member", (403, None)),
        ("civil_chief", (200, {"wide_link"})),
        ("other_coordinator", (200, {"elsewhere"})),
        ("superuser", (200, set(NAMES))),
    ],
)
def test_the_admin_list_for_other_staff(
    world: World, staff: Staff, items: Items, name: str, expected: tuple
) -> None:
    response = _client(world, staff, name).get(LIST)

    seen = _seen(items, response) if response.status_code == 200 else None
    assert (response.status_code, seen) == expected


def test_a_civil_society_chief_finds_no_authorities_item_by_search_or_filter(
    world: World, staff: Staff, items: Items
) -> None:
    client = _client(world, staff, "civil_chief")

    for query in ({"q": "lathund"}, {"q": "hemlig"}, {"visibility__exact": "authorities"}):
        response = client.get(LIST, query)
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
        assert items.authorities_doc.title not in response.content.decode()


CHANGE_PAGES = {
    # An item one may not see answers as one that does not exist (Django's redirect to the
    # index with "does not exist"), so that the two cannot be told apart.
    "coordinator": {"wide_link": 200, "authorities_doc": 200, "elsewhere": 302, "missing": 302},
    "security_chief": {"wide_link": 200, "authorities_doc": 200, "elsewhere": 302, "missing": 302},
    "civil_chief": {"wide_link": 200, "authorities_doc": 302, "elsewhere": 302, "missing": 302},
    "other_coordinator": {"wide_link": 302, "authorities_doc": 302, "elsewhere": 200, "missing": 302},
    "staff_member": {"wide_link": 403, "authorities_doc": 403, "elsewhere": 403, "missing": 403},
    "superuser": {"wide_link": 200, "authorities_doc": 200, "elsewhere": 200, "missing": 302},
}  # fmt: skip


@pytest.mark.parametrize(("name", "expected"), list(CHANGE_PAGES.items()))
def test_a_change_page_answers_each_staff_member(
    world: World, staff: Staff, items: Items, name: str, expected: dict[str, int]
) -> None:
    client = _client(world, staff, name)
    missing = max(KnowledgeItem.objects.values_list("pk", flat=True)) + 100

    answers = {}
    for label in expected:
        target = missing if label == "missing" else getattr(items, label)
        answers[label] = client.get(change_url(target)).status_code

    assert answers == expected


def _change_body(item: KnowledgeItem, **change: Any) -> dict[str, Any]:
    return {
        "title": item.title,
        "summary": item.summary,
        "url": item.url,
        "source": item.source,
        "published_on": "",
        "directions": [d.pk for d in item.directions.all()],
        "visibility": item.visibility,
        **change,
    }


def test_the_coordinator_corrects_an_item_through_the_service(
    world: World, staff: Staff, items: Items
) -> None:
    item = items.wide_link

    response = _client(world, staff, "coordinator").post(
        change_url(item), _change_body(item, title="Rättad titel")
    )

    item.refresh_from_db()
    assert response.status_code == 302
    assert item.title == "Rättad titel"
    assert {d.code for d in item.directions.all()} == {"prevention", "competence"}


def test_a_bad_address_is_refused_and_nothing_changes(
    world: World, staff: Staff, items: Items
) -> None:
    item = items.wide_link
    before = list(KnowledgeItem.objects.filter(pk=item.pk).values())

    _client(world, staff, "coordinator").post(
        change_url(item), _change_body(item, url="ftp://example.org/", title="Ny")
    )

    assert list(KnowledgeItem.objects.filter(pk=item.pk).values()) == before


@pytest.mark.parametrize("name", ["security_chief", "civil_chief", "other_coordinator"])
def test_who_does_not_coordinate_the_network_changes_and_removes_nothing(
    world: World, staff: Staff, items: Items, name: str
) -> None:
    client = _client(world, staff, name)
    before = list(KnowledgeItem.objects.order_by("pk").values())

    change = client.post(change_url(items.wide_link), _change_body(items.wide_link, title="X"))
    delete = client.post(
        f"/admin/network/knowledgeitem/{items.wide_link.pk}/delete/", {"post": "yes"}
    )

    assert change.status_code in (302, 403)
    assert delete.status_code in (302, 403)
    assert list(KnowledgeItem.objects.order_by("pk").values()) == before


def test_nobody_adds_an_item_in_the_admin(world: World, staff: Staff, items: Items) -> None:
    for name in ("coordinator", "superuser"):
        assert _client(world, staff, name).get(f"{LIST}add/").status_code == 403


def test_the_coordinator_removes_a_document_and_its_file(
    world: World,
    staff: Staff,
    items: Items,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    item = items.authorities_doc
    assert len(stored_files(media_root)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world, staff, "coordinator").post(
            f"/admin/network/knowledgeitem/{item.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not KnowledgeItem.objects.filter(pk=item.pk).exists()
    assert stored_files(media_root) == []


def test_the_bulk_removal_goes_through_the_service(
    world: World,
    staff: Staff,
    items: Items,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    chosen = [items.wide_link.pk, items.authorities_doc.pk]

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world, staff, "coordinator").post(
            LIST, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
        )

    assert response.status_code == 302
    assert not KnowledgeItem.objects.filter(pk__in=chosen).exists()
    assert KnowledgeItem.objects.filter(pk=items.elsewhere.pk).exists()
    assert stored_files(media_root) == []
