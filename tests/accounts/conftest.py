"""What the tests of signing in share: a client signed in as someone, and its session's record."""

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from network.accounts.models import SignIn
from network.models import User


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request leaves its language active in the test's thread: each test starts in Swedish."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sign_in_of(client: Client) -> SignIn:
    """The record of the client's session."""
    return SignIn.objects.get(session_key=client.cookies["sessionid"].value)
