"""Every persona, and the anonymous visitor, against every page of the directory and the support
page: the exact answer, and nothing written by those who may not write."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from network.access import menu_for, viewer_for
from network.models import SupportPage
from tests.api.personas import each_persona
from tests.conftest import World

SIGN_IN = 302  # login_required sends the anonymous visitor to the sign-in page


def _edit_data(**overrides: str) -> dict[str, str]:
    data = {
        "intro_sv": "Hit vänder du dig.",
        "intro_en": "This is where to turn.",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-position": "1",
        "lines-0-name_sv": "Polisen",
        "lines-0-name_en": "The police",
        "lines-0-phone": "114 14",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=200,
        report_reader=200,
        outsider=200,
        other_member=200,
        anonymous=200,
    ),
)
def test_everyone_reads_the_public_page_and_the_list_of_networks(
    web_client_for: Any, world: World, name: str | None, expected: int
) -> None:
    client: Client = web_client_for(name)

    assert client.get(reverse("frontend:support")).status_code == expected
    assert client.get(reverse("frontend:support_network", args=["hbg"])).status_code == expected
    assert client.get(reverse("frontend:support_network", args=["granne"])).status_code == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=404,
        security_chief=404,
        contact_person=404,
        police=404,
        civil=404,
        report_reader=404,
        outsider=404,
        other_member=404,
        anonymous=404,
    ),
)
def test_an_unknown_network_has_no_public_page(
    web_client_for: Any, world: World, name: str | None, expected: int
) -> None:
    response = web_client_for(name).get(reverse("frontend:support_network", args=["nowhere"]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=200,
        security_chief=200,
        contact_person=200,
        police=200,
        civil=200,
        report_reader=404,
        outsider=404,
        other_member=200,
        anonymous=SIGN_IN,
    ),
)
def test_the_directory_is_read_by_those_taking_part(
    web_client_for: Any, world: World, name: str | None, expected: int
) -> None:
    response = web_client_for(name).get(reverse("frontend:directory"))

    assert response.status_code == expected
    if expected == SIGN_IN:
        assert response["Location"].startswith(reverse("frontend:login"))


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=200,
        security_chief=403,
        contact_person=403,
        police=403,
        civil=403,
        report_reader=403,
        outsider=403,
        other_member=403,
        anonymous=SIGN_IN,
    ),
)
def test_only_the_coordinator_opens_the_edit_page(
    web_client_for: Any, world: World, name: str | None, expected: int
) -> None:
    response = web_client_for(name).get(reverse("frontend:support_edit", args=["hbg"]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=302,
        security_chief=403,
        contact_person=403,
        police=403,
        civil=403,
        report_reader=403,
        outsider=403,
        other_member=403,
        anonymous=SIGN_IN,
    ),
)
def test_only_the_coordinator_changes_the_page(
    web_client_for: Any, world: World, name: str | None, expected: int
) -> None:
    response = web_client_for(name).post(
        reverse("frontend:support_edit", args=["hbg"]), _edit_data()
    )

    assert response.status_code == expected
    stored = SupportPage.objects.filter(network=world.net).exists()
    assert stored is (name == "coordinator")
    if name == "coordinator":
        assert response["Location"] == reverse("frontend:support_network", args=["hbg"])


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=403,
        security_chief=403,
        contact_person=403,
        police=403,
        civil=403,
        report_reader=403,
        outsider=403,
        other_member=403,
        anonymous=SIGN_IN,
    ),
)
def test_the_coordinator_of_one_network_does_not_change_another_networks_page(
    web_client_for: Any, world: World, name: str | None, expected: int
) -> None:
    client = web_client_for(name)
    url = reverse("frontend:support_edit", args=["granne"])

    assert client.get(url).status_code == expected
    assert client.post(url, _edit_data()).status_code == expected
    assert not SupportPage.objects.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=404,
        security_chief=404,
        contact_person=404,
        police=404,
        civil=404,
        report_reader=404,
        outsider=404,
        other_member=404,
        anonymous=SIGN_IN,
    ),
)
def test_the_edit_page_of_an_unknown_network_is_not_found(
    web_client_for: Any, world: World, name: str | None, expected: int
) -> None:
    url = reverse("frontend:support_edit", args=["nowhere"])

    assert web_client_for(name).get(url).status_code == expected


def test_a_superuser_edits_any_networks_page(world: World, superuser: Any) -> None:
    client = Client()
    client.force_login(superuser)

    url = reverse("frontend:support_edit", args=["granne"])
    assert client.get(url).status_code == 200
    assert client.post(url, _edit_data()).status_code == 302
    assert SupportPage.objects.get().network == world.other_net


@pytest.mark.parametrize(
    ("name", "expected"),
    each_persona(
        coordinator=True,
        security_chief=True,
        contact_person=True,
        police=True,
        civil=True,
        report_reader=False,
        outsider=False,
        other_member=True,
        anonymous=False,
    ),
)
def test_the_menu_offers_the_directory_to_those_taking_part(
    world: World, name: str | None, expected: bool
) -> None:
    user = world.persona(name) if name else None
    assert menu_for(viewer_for(user)).directory is expected
