"""Who read a situational picture: its part of the audit log, for the security chief only.

Every persona and the anonymous caller against the page and the API for a picture of the school
department shared with the police: the security chief (and a superuser) reads the log; the other
readers of the picture are refused (403) and do not get the link; whoever does not read the
picture gets 404, as for the picture itself.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from network.models import AuditEvent, SituationPicture
from network.situation import services
from tests.api.personas import each_persona
from tests.conftest import World
from tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(world: World) -> SituationPicture:
    made = services.picture_create(
        author=world.contact_person,
        network=world.net,
        department=world.school,
        period="2026",
        visibility="organisation",
        problems=[{"title": "Skolfrånvaro i åk 9", "extent": "12 %", "consequences": "Betyg"}],
        cause_analysis="Få vuxna ute kvällstid",
        recruitment_venues="Källarlokalen vid torget",
    )
    services.picture_share(
        picture=made, actor=world.contact_person, organisation=world.police_org, shared=True
    )
    return made


PAGE = each_persona(
    coordinator=403,
    security_chief=200,
    contact_person=403,
    police=403,
    civil=404,
    report_reader=404,
    outsider=404,
    other_member=404,
    anonymous=302,
)


@pytest.mark.parametrize(("name", "status"), PAGE)
def test_the_read_log_page_is_the_security_chiefs(
    world: World, picture: SituationPicture, name: str | None, status: int
) -> None:
    client = Client()
    if name is not None:
        client.force_login(world.persona(name))

    response = client.get(reverse("frontend:situation_picture_reads", args=[picture.pk]))

    assert response.status_code == status
    if status == 200:
        assert "Källarlokalen" not in response.content.decode()  # the log is not a read


API = each_persona(
    coordinator=403,
    security_chief=200,
    contact_person=403,
    police=403,
    civil=404,
    report_reader=403,  # reads reports only: refused before any object is looked at
    outsider=404,
    other_member=404,
    anonymous=401,
)


@pytest.mark.parametrize(("name", "status"), API)
def test_the_read_log_in_the_api_is_the_security_chiefs(
    world: World, picture: SituationPicture, name: str | None, status: int
) -> None:
    client = APIClient()
    if name is not None:
        client.force_authenticate(user=world.persona(name))

    response = client.get(f"/api/v1/situation-pictures/{picture.pk}/reads/")

    assert response.status_code == status
    if status != 200:
        assert "results" not in response.json()


def test_the_log_names_who_read_which_part_through_which_path_and_from_where(
    world: World, picture: SituationPicture
) -> None:
    police = APIClient()
    police.force_authenticate(user=world.police)
    police.get(f"/api/v1/situation-pictures/{picture.pk}/", REMOTE_ADDR="10.20.0.14")
    keeper = Client()
    keeper.force_login(world.contact_person)
    keeper.get(
        reverse("frontend:situation_picture_print", args=[picture.pk]), REMOTE_ADDR="10.20.0.15"
    )
    chief = APIClient()
    chief.force_authenticate(user=world.security_chief)

    rows = chief.get(f"/api/v1/situation-pictures/{picture.pk}/reads/").json()["results"]

    assert [
        (row["actor"], row["action"], row["part"], row["what"], row["via"], row["remote_addr"])
        for row in rows
    ] == [
        (
            world.contact_person.pk,
            "situation_picture.read",
            "details",
            "export",
            "page",
            "10.20.0.15",
        ),
        (world.police.pk, "situation_picture.read", "summary", "picture", "api", "10.20.0.14"),
        (world.contact_person.pk, "situation_picture.shared", "", "", "", None),
    ]
    assert rows[1]["actor_organisation"] == world.police_org.pk
    # Reading the log wrote nothing to it.
    assert AuditEvent.objects.filter(object_id=picture.pk, actor=world.security_chief).count() == 0


def test_the_page_lists_the_reads_newest_first_and_links_from_the_picture(
    world: World, picture: SituationPicture
) -> None:
    police = Client()
    police.force_login(world.police)
    police.get(reverse("frontend:situation_picture_detail", args=[picture.pk]))
    chief = Client()
    chief.force_login(world.security_chief)
    log_url = reverse("frontend:situation_picture_reads", args=[picture.pk])

    detail = chief.get(reverse("frontend:situation_picture_detail", args=[picture.pk]))
    page = chief.get(log_url).content.decode()

    assert log_url in detail.content.decode()
    assert (
        log_url
        not in police.get(
            reverse("frontend:situation_picture_detail", args=[picture.pk])
        ).content.decode()
    )
    # The chief's own read of the picture comes first, then the police's.
    assert page.index(world.security_chief.username) < page.index(world.police.username)
    assert world.police_org.name in page


def test_another_networks_security_chief_gets_404(world: World, picture: SituationPicture) -> None:
    stranger = person("chief-elsewhere", world.other_org, world.other_net, "security_chief")
    client = Client()
    client.force_login(stranger)

    response = client.get(reverse("frontend:situation_picture_reads", args=[picture.pk]))

    assert response.status_code == 404


def test_a_superuser_reads_the_log(world: World, picture: SituationPicture) -> None:
    root = person("root", None, None)
    root.is_superuser = True
    root.save()
    client = Client()
    client.force_login(root)

    response = client.get(reverse("frontend:situation_picture_reads", args=[picture.pk]))

    assert response.status_code == 200
