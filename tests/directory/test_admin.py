"""The support page in the admin: seen and changed by the network's coordinator and superusers,
by nobody else; a save goes through the service, with its lines, or writes nothing."""

from typing import Any

import pytest
from django.test import Client

from network.core import services as core_services
from network.directory import defaults, services
from network.models import AuditEvent, SupportLine, SupportPage, User
from tests.api.personas import each_persona
from tests.conftest import World
from tests.network.test_admin import form_data, make_coordinator_staff

CHANGELIST = "/admin/network/supportpage/"
ADD = "/admin/network/supportpage/add/"
ADMIN_SIGN_IN = 302  # the admin sends those who are not staff to its own sign-in


def _client(world: World, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(world.persona(name))
    return client


def _page(world: World, network: Any | None = None, actor: User | None = None) -> SupportPage:
    return services.support_page_update(
        actor=actor or world.coordinator,
        network=network or world.net,
        intro_sv=defaults.INTRO_SV,
        intro_en=defaults.INTRO_EN,
        lines=defaults.line_rows(),
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=ADMIN_SIGN_IN,
        police=ADMIN_SIGN_IN,
        civil=ADMIN_SIGN_IN,
        report_reader=ADMIN_SIGN_IN,
        outsider=ADMIN_SIGN_IN,
        other_member=ADMIN_SIGN_IN,
        anonymous=ADMIN_SIGN_IN,
    ),
)
def test_each_persona_gets_the_exact_answer_on_the_list(
    staff_world: World, name: str | None, expected: int
) -> None:
    response = _client(staff_world, name).get(CHANGELIST)

    assert response.status_code == expected
    if expected == ADMIN_SIGN_IN:
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=ADMIN_SIGN_IN,
        police=ADMIN_SIGN_IN,
        civil=ADMIN_SIGN_IN,
        report_reader=ADMIN_SIGN_IN,
        outsider=ADMIN_SIGN_IN,
        other_member=ADMIN_SIGN_IN,
        anonymous=ADMIN_SIGN_IN,
    ),
)
def test_each_persona_gets_the_exact_answer_on_the_change_page(
    staff_world: World, name: str | None, expected: int
) -> None:
    page = _page(staff_world)

    response = _client(staff_world, name).get(f"/admin/network/supportpage/{page.pk}/change/")

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=ADMIN_SIGN_IN,
        police=ADMIN_SIGN_IN,
        civil=ADMIN_SIGN_IN,
        report_reader=ADMIN_SIGN_IN,
        outsider=ADMIN_SIGN_IN,
        other_member=ADMIN_SIGN_IN,
        anonymous=ADMIN_SIGN_IN,
    ),
)
def test_each_persona_gets_the_exact_answer_on_the_add_page(
    staff_world: World, name: str | None, expected: int
) -> None:
    assert _client(staff_world, name).get(ADD).status_code == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=302,
        security_chief=403,
        contact_person=ADMIN_SIGN_IN,
        police=ADMIN_SIGN_IN,
        civil=ADMIN_SIGN_IN,
        report_reader=ADMIN_SIGN_IN,
        outsider=ADMIN_SIGN_IN,
        other_member=ADMIN_SIGN_IN,
        anonymous=ADMIN_SIGN_IN,
    ),
)
def test_each_persona_gets_the_exact_answer_on_a_change_sent(
    staff_world: World, name: str | None, expected: int
) -> None:
    page = _page(staff_world)
    url = f"/admin/network/supportpage/{page.pk}/change/"
    data = form_data(_client(staff_world, "coordinator").get(url))
    data["intro_sv"] = "Ändrad i admin."

    response = _client(staff_world, name).post(url, data)

    assert response.status_code == expected
    page.refresh_from_db()
    assert (page.intro_sv == "Ändrad i admin.") is (name == "coordinator")


def test_the_index_offers_the_page_to_the_coordinator_not_to_the_security_chief(
    staff_world: World,
) -> None:
    def models(name: str) -> set[str]:
        response = _client(staff_world, name).get("/admin/")
        return {m["object_name"] for app in response.context["app_list"] for m in app["models"]}

    assert "SupportPage" in models("coordinator")
    assert "SupportPage" not in models("security_chief")


def test_a_coordinator_sees_only_the_page_of_its_own_network(staff_world: World) -> None:
    own = _page(staff_world)
    other_coordinator = make_coordinator_staff(staff_world.other_member)
    core_services.role_grant(
        user=other_coordinator, network=staff_world.other_net, code="coordinator"
    )
    other = _page(staff_world, staff_world.other_net, other_coordinator)
    client = _client(staff_world, "coordinator")

    listed = list(client.get(CHANGELIST).context["cl"].result_list)
    foreign = client.get(f"/admin/network/supportpage/{other.pk}/change/")

    assert listed == [own]
    assert foreign.status_code == 302  # as for a page that does not exist
    assert foreign["Location"] == "/admin/"


def test_a_superuser_sees_every_page(staff_world: World, superuser: User) -> None:
    pages = {_page(staff_world), _page(staff_world, staff_world.other_net, superuser)}
    client = Client()
    client.force_login(superuser)

    assert set(client.get(CHANGELIST).context["cl"].result_list) == pages


def test_the_coordinator_changes_the_lines_in_the_admin_through_the_service(
    staff_world: World,
) -> None:
    page = _page(staff_world)
    url = f"/admin/network/supportpage/{page.pk}/change/"
    client = _client(staff_world, "coordinator")
    data = form_data(client.get(url))
    # Remove the second line, move the third first, and add the city's line last.
    data["lines-1-DELETE"] = "on"
    data["lines-2-position"] = "0"
    data.update(
        {
            "lines-3-position": "9",
            "lines-3-name_sv": "Helsingborgs stads stödlinje",
            "lines-3-name_en": "The City of Helsingborg's support line",
            "lines-3-phone": "040-628 04 10",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302
    assert [(line.position, line.name_sv) for line in SupportLine.objects.all()] == [
        (1, "Center mot våldsbejakande extremism, stödtelefon"),
        (2, "Polisen"),
        (3, "Helsingborgs stads stödlinje"),
    ]
    assert AuditEvent.objects.filter(action="support_page.updated").count() == 2


def test_a_look_alike_number_in_the_admin_is_refused_and_nothing_changes(
    staff_world: World,
) -> None:
    page = _page(staff_world)
    before = list(SupportLine.objects.values_list("pk", "phone"))
    url = f"/admin/network/supportpage/{page.pk}/change/"
    client = _client(staff_world, "coordinator")
    data = form_data(client.get(url))
    data["lines-0-phone"] = "١١٤ ١٤"
    data["intro_sv"] = "Ändrad."

    response = client.post(url, data)

    assert response.status_code == 200  # the admin's form with its errors
    assert response.context["errors"]
    assert list(SupportLine.objects.values_list("pk", "phone")) == before
    page.refresh_from_db()
    assert page.intro_sv == defaults.INTRO_SV


def test_the_coordinator_adds_the_page_in_the_admin(staff_world: World) -> None:
    client = _client(staff_world, "coordinator")
    form = client.get(ADD)
    networks = list(form.context["adminform"].form.fields["network"].queryset)
    data = {
        "network": str(staff_world.net.pk),
        "intro_sv": "Hit vänder du dig.",
        "intro_en": "Where to turn.",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-position": "1",
        "lines-0-name_sv": "Polisen",
        "lines-0-name_en": "The police",
        "lines-0-phone": "114 14",
    }

    response = client.post(ADD, data)

    assert networks == [staff_world.net]  # only the networks it coordinates
    assert response.status_code == 302
    page = SupportPage.objects.get()
    assert page.network == staff_world.net
    assert page.updated_by == staff_world.coordinator
    assert [line.phone for line in page.lines.all()] == ["114 14"]


def test_the_coordinator_cannot_add_a_page_to_another_network(staff_world: World) -> None:
    data = {
        "network": str(staff_world.other_net.pk),
        "intro_sv": "",
        "intro_en": "",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
    }

    response = _client(staff_world, "coordinator").post(ADD, data)

    assert response.status_code == 200
    assert "network" in response.context["adminform"].form.errors
    assert not SupportPage.objects.exists()


def test_nobody_deletes_a_page_in_the_admin(staff_world: World, superuser: User) -> None:
    page = _page(staff_world)
    client = Client()
    client.force_login(superuser)

    for who in (client, _client(staff_world, "coordinator")):
        response = who.post(f"/admin/network/supportpage/{page.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
    assert SupportPage.objects.filter(pk=page.pk).exists()
