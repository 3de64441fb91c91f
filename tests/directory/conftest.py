"""Clients for the directory's page tests, and a staff world for its admin tests."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from network.models import User
from tests.conftest import World
from tests.network.test_admin import make_coordinator_staff, make_security_staff


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Swedish: a request under /en/ leaves English active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def web_client_for(world: World):  # noqa: ANN201 - returns a factory
    """A browser-like client signed in as the named persona (or anonymous for ``None``)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(world.persona(name))
        return client

    return make


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests")


@pytest.fixture
def staff_world(world: World) -> World:
    """The personas with the admin access the demo gives its people: the coordinator with every
    ``network`` model permission, the security chief with the ``view_`` ones."""
    make_coordinator_staff(world.coordinator)
    make_security_staff(world.security_chief)
    return world
