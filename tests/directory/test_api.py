"""GET /api/v1/contact-persons/: every persona's exact answer, and what each reads there."""

from typing import Any

import pytest

from network.models import Role, User
from tests.api.personas import each_persona
from tests.conftest import World
from tests.factories import person

URL = "/api/v1/contact-persons/"


@pytest.fixture
def listed(world: World) -> World:
    User.objects.filter(pk=world.contact_person.pk).update(
        first_name="Karim", last_name="Kontaktperson", email="skola@example.org", phone="114 14"
    )
    person("granne_kp", world.other_org, world.other_net, Role.Code.CONTACT_PERSON)
    gone = person("slutat", world.social, world.net, Role.Code.CONTACT_PERSON)
    gone.is_active = False
    gone.save()
    return world


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=(200, ["skola"]),
        security_chief=(200, ["skola"]),
        contact_person=(200, ["skola"]),
        police=(200, ["skola"]),
        civil=(200, ["skola"]),
        report_reader=(403, None),
        outsider=(200, []),
        other_member=(200, ["granne_kp"]),
        anonymous=(401, None),
    ),
)
def test_each_persona_reads_the_contact_persons_of_its_networks(
    client_for: Any, listed: World, name: str | None, expected: tuple[int, list[str] | None]
) -> None:
    status, usernames = expected

    response = client_for(name).get(URL)

    assert response.status_code == status
    if usernames is not None:
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == [User.objects.get(username=u).pk for u in usernames]


def test_a_row_carries_the_person_the_department_and_the_network(
    client_for: Any, listed: World
) -> None:
    (row,) = client_for("civil").get(URL).json()["results"]

    assert row == {
        "id": listed.contact_person.pk,
        "first_name": "Karim",
        "last_name": "Kontaktperson",
        "email": "skola@example.org",
        "phone": "114 14",
        "organisation": listed.school.pk,
        "organisation_name": "Skol- och fritidsförvaltningen",
        "network": listed.net.pk,
    }


def test_the_list_costs_the_same_queries_for_more_contact_persons(
    client_for: Any, listed: World, django_assert_num_queries: Any
) -> None:
    client = client_for("civil")
    client.get(URL)
    with django_assert_num_queries(2) as few:  # the count and the page
        client.get(URL)
    for number in range(8):
        person(f"extra{number}", listed.police_org, listed.net, Role.Code.CONTACT_PERSON)
    with django_assert_num_queries(len(few)):
        assert client.get(URL).json()["count"] == 9
