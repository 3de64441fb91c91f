"""The demo's support page and contact persons' telephones: made once, in both languages."""

import pytest
from django.core.management import call_command
from django.test import Client

from network.directory.demo import CITY_LINE, seed_directory
from network.models import AuditEvent, Network, SupportLine, SupportPage, User
from tests.conftest import World


def test_seed_directory_stores_the_four_lines_and_the_phones_once(world: World) -> None:
    first = seed_directory(world.net)
    again = seed_directory(world.net)

    assert again.pk == first.pk
    assert SupportPage.objects.count() == 1
    assert list(SupportLine.objects.values_list("name_sv", "phone")) == [
        ("Polisen", "114 14"),
        ("Säkerhetspolisen", "010-568 70 00"),
        ("Center mot våldsbejakande extremism, stödtelefon", "08-527 442 90"),
        ("Helsingborgs stads stödlinje", CITY_LINE["phone"]),
    ]
    assert all(line.name_en and line.note_sv and line.note_en for line in first.lines.all()[1:])
    assert AuditEvent.objects.filter(action="support_page.updated").count() == 1
    world.contact_person.refresh_from_db()
    assert world.contact_person.phone == "070-174 06 12"


def test_seed_directory_leaves_a_page_and_phones_the_coordinator_changed(world: World) -> None:
    seed_directory(world.net)
    SupportLine.objects.filter(name_sv="Polisen").update(note_sv="Ändrad av samordnaren.")
    User.objects.filter(pk=world.contact_person.pk).update(phone="042-10 00 00")

    seed_directory(world.net)

    assert SupportLine.objects.get(name_sv="Polisen").note_sv == "Ändrad av samordnaren."
    world.contact_person.refresh_from_db()
    assert world.contact_person.phone == "042-10 00 00"


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_network_its_support_page() -> None:
    call_command("seed_demo", "--password", "pw-1", "--activities", "20", stdout=None)
    call_command("seed_demo", "--password", "pw-1", "--activities", "20", stdout=None)

    network = Network.objects.get(slug="avbryta-och-forhindra")
    page = SupportPage.objects.get(network=network)
    assert page.updated_by == User.objects.get(username="samordnare")
    assert page.lines.count() == 4
    assert dict(
        User.objects.filter(username__in=["soc", "skola"]).values_list("username", "phone")
    ) == {
        "soc": "070-174 06 11",
        "skola": "070-174 06 12",
    }
    public = Client().get("/stod/").content.decode()
    assert "Helsingborgs stads stödlinje" in public
    assert 'href="tel:0406280410"' in public
