"""Activities for the page tests, logged through the services by the personas of ``world``."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from network.activities import services as activity_services
from network.models import Activity, Visibility
from tests.conftest import World


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Swedish: a request under /en/ leaves English active in the thread,
    which would make the next test's ``reverse()`` answer English paths."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class Activities:
    school_network: Activity  # the contact person's, seen by the whole network
    police_authorities: Activity  # the police's, seen by authorities only
    social_own: Activity  # the coordinator's department's, seen by that organisation
    other_network: Activity  # in the other network


@pytest.fixture
def activities(world: World) -> Activities:
    return Activities(
        school_network=activity_services.activity_create(
            author=world.contact_person,
            network=world.net,
            title="Läxhjälp på fritidsgården",
            description="Läxhjälp två kvällar i veckan.",
            starts_on=date(2026, 2, 10),
            visibility=Visibility.NETWORK,
            suggested_directions=["prevention"],
        ),
        police_authorities=activity_services.activity_create(
            author=world.police,
            network=world.net,
            title="Gemensam lägesgenomgång",
            starts_on=date(2026, 3, 5),
            visibility=Visibility.AUTHORITIES,
        ),
        social_own=activity_services.activity_create(
            author=world.coordinator,
            network=world.net,
            title="Intern planering",
            starts_on=date(2026, 4, 1),
            visibility=Visibility.ORGANISATION,
        ),
        other_network=activity_services.activity_create(
            author=world.other_member,
            network=world.other_net,
            title="Grannkommunens insats",
            starts_on=date(2026, 1, 20),
            visibility=Visibility.NETWORK,
        ),
    )


@pytest.fixture
def web_client_for(world: World):  # noqa: ANN201 - returns a factory
    """A browser-like client signed in as the named persona (or anonymous for ``None``)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(world.persona(name))
        return client

    return make
