"""The directory: each department's contact persons, for those taking part in the network, with
e-mail and telephone as links; never a deactivated account; and the person's own work phone."""

from typing import Any

import pytest
from django.urls import reverse

from network.directory import selectors
from network.models import Role, User
from tests.conftest import World
from tests.factories import person

Code = Role.Code


def _names(page: str, *names: str) -> list[int]:
    return [page.index(name) for name in names]


@pytest.fixture
def contacts(world: World) -> World:
    """Two contact persons in the school department, one in the social services, one in the
    other network; each with e-mail and telephone."""
    people = {
        "skola": ("Karim", "Kontaktperson", "070-174 06 12"),
        "skola2": ("Anna", "Andersson", "042-10 50 00"),
        "soc": ("Sofia", "Kontaktperson", "+46 70 174 06 11"),
        "granne_kp": ("Greta", "Grann", "08-465 04 00"),
    }
    person("skola2", world.school, world.net, Code.CONTACT_PERSON)
    person("soc", world.social, world.net, Code.CONTACT_PERSON)
    person("granne_kp", world.other_org, world.other_net, Code.CONTACT_PERSON)
    for username, (first, last, phone) in people.items():
        User.objects.filter(username=username).update(
            first_name=first, last_name=last, phone=phone, email=f"{username}@example.org"
        )
    return world


def test_the_directory_lists_each_departments_contact_persons_with_links(
    web_client_for: Any, contacts: World
) -> None:
    response = web_client_for("civil").get(reverse("frontend:directory"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Helsingborgsnätverket" in page
    # Departments by name, people by name within each.
    order = _names(
        page,
        "Skol- och fritidsförvaltningen",
        "Anna Andersson",
        "Karim Kontaktperson",
        "Socialförvaltningen",
        "Sofia Kontaktperson",
    )
    assert order == sorted(order)
    assert '<a href="mailto:skola2@example.org">skola2@example.org</a>' in page
    assert '<a href="tel:042105000">042-10 50 00</a>' in page
    assert '<a href="tel:+46701740611">+46 70 174 06 11</a>' in page
    # Only contact persons: the coordinator, the police member and the reader are not listed.
    assert "samordnare@" not in page
    assert "polis@" not in page
    # Nothing of the other network.
    assert "Greta" not in page
    assert "Grannkommunen" not in page


def test_the_other_networks_member_reads_only_its_own_networks_contact_persons(
    web_client_for: Any, contacts: World
) -> None:
    page = web_client_for("other_member").get(reverse("frontend:directory")).content.decode()

    assert "Greta Grann" in page
    assert '<a href="tel:084650400">08-465 04 00</a>' in page
    assert "Karim" not in page
    assert "Sofia" not in page


def test_a_deactivated_contact_person_is_not_listed(web_client_for: Any, contacts: World) -> None:
    User.objects.filter(username="skola2").update(is_active=False)

    page = web_client_for("police").get(reverse("frontend:directory")).content.decode()

    assert "Anna Andersson" not in page
    assert "skola2@example.org" not in page
    assert "Karim Kontaktperson" in page


def test_a_revoked_contact_person_is_not_listed(web_client_for: Any, contacts: World) -> None:
    Role.objects.filter(user__username="soc", code=Code.CONTACT_PERSON).delete()

    page = web_client_for("police").get(reverse("frontend:directory")).content.decode()

    assert "Sofia" not in page
    assert "Socialförvaltningen" not in page


def test_a_superuser_reads_every_networks_directory(contacts: World, superuser: User) -> None:
    books = selectors.directory_for(superuser)

    assert [book.network.slug for book in books] == ["granne", "hbg"]


@pytest.mark.parametrize("name", ["report_reader", "outsider"])
def test_those_taking_part_in_no_network_read_no_directory(contacts: World, name: str) -> None:
    assert selectors.directory_for(contacts.persona(name)) == []
    assert not selectors.contact_roles_for(contacts.persona(name)).exists()


def test_the_directory_costs_the_same_queries_for_more_contact_persons(
    web_client_for: Any, contacts: World, django_assert_max_num_queries: Any
) -> None:
    client = web_client_for("civil")
    client.get(reverse("frontend:directory"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("frontend:directory"))
    for number in range(10):
        user = person(f"extra{number}", contacts.police_org, contacts.net, Code.CONTACT_PERSON)
        user.phone = "114 14"
        user.save()
    with django_assert_max_num_queries(len(few)) as many:
        page = client.get(reverse("frontend:directory")).content.decode()

    assert len(many) == len(few)
    assert page.count('href="tel:11414"') == 10


# The person's own work telephone


def test_a_person_sets_their_own_work_telephone(web_client_for: Any, contacts: World) -> None:
    client = web_client_for("contact_person")

    response = client.post(reverse("frontend:directory"), {"phone": "042-10 20 30"})

    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:directory")
    contacts.contact_person.refresh_from_db()
    assert contacts.contact_person.phone == "042-10 20 30"
    page = web_client_for("civil").get(reverse("frontend:directory")).content.decode()
    assert '<a href="tel:042102030">042-10 20 30</a>' in page


def test_a_person_removes_their_work_telephone(web_client_for: Any, contacts: World) -> None:
    response = web_client_for("contact_person").post(reverse("frontend:directory"), {"phone": ""})

    assert response.status_code == 302
    contacts.contact_person.refresh_from_db()
    assert contacts.contact_person.phone == ""


@pytest.mark.parametrize(
    "phone",
    ["٠٤٢-١٠ ٢٠ ٣٠", "０４２-１０ ２０ ３０", "042<script>", "1" * 40, "nul\x00", "+", "--"],
)
def test_a_bad_work_telephone_is_refused_and_the_old_one_kept(
    web_client_for: Any, contacts: World, phone: str
) -> None:
    response = web_client_for("contact_person").post(
        reverse("frontend:directory"), {"phone": phone}
    )

    assert response.status_code == 400
    assert 'id="id_phone_error"' in response.content.decode()
    contacts.contact_person.refresh_from_db()
    assert contacts.contact_person.phone == "070-174 06 12"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("report_reader", 404), ("outsider", 404), (None, 302)],
)
def test_those_who_read_no_directory_cannot_set_a_phone_there(
    web_client_for: Any, contacts: World, name: str | None, expected: int
) -> None:
    response = web_client_for(name).post(reverse("frontend:directory"), {"phone": "114 14"})

    assert response.status_code == expected
    assert not User.objects.filter(phone="114 14").exists()
