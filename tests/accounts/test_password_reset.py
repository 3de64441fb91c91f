"""Resetting a forgotten password by e-mail: the link works, once, for the account's owner only,
the answer never tells whether an account exists, and the number of mails is limited."""

import re
from typing import Any, cast

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontend.views.password_reset import PasswordResetRequestView
from network.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "pw-for-tests"  # tests/factories.py
NEW_PASSWORD = "Kvällssol över Öresund 1848"


@pytest.fixture
def mike() -> User:
    return cast(User, UserFactory(username="mike", email="mike@example.org"))


def ask(client: Client, email: str, language: str = "sv", **extra: Any) -> Any:
    """Asks for a reset link on the page in ``language``: always the same answer."""
    with translation.override(language):
        url, done = reverse("frontend:password_reset"), reverse("frontend:password_reset_done")
    response = client.post(url, {"email": email}, **extra)
    assert response.status_code == 302
    assert response["Location"] == done
    return response


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"http://testserver(/\S+)", str(message.body))
    assert match, message.body
    return match.group(1)


def set_password_through(client: Client, link: str, password: str = NEW_PASSWORD) -> Any:
    """Opens the link (which moves the token into the session) and sends the new password."""
    opened = client.get(link)
    assert opened.status_code == 302
    form = client.get(opened["Location"])
    assert form.status_code == 200
    assert b'id="password-reset-new-form"' in form.content
    return client.post(opened["Location"], {"new_password1": password, "new_password2": password})


def test_the_mail_carries_a_link_that_sets_a_new_password(client: Client, mike: User) -> None:
    ask(client, "mike@example.org")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mike@example.org"]
    response = set_password_through(client, link_in(mail.outbox[0]))

    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:password_reset_complete")
    assert b'id="password-reset-complete"' in client.get(response["Location"]).content
    mike.refresh_from_db()
    assert mike.check_password(NEW_PASSWORD)
    # Nobody is signed in by the link itself.
    assert "_auth_user_id" not in client.session


def test_the_link_works_once(client: Client, mike: User) -> None:
    ask(client, "mike@example.org")
    link = link_in(mail.outbox[0])
    set_password_through(client, link)

    again = Client().get(link)

    assert again.status_code == 200
    assert b'id="password-reset-invalid"' in again.content
    assert b'id="password-reset-new-form"' not in again.content


@pytest.mark.parametrize(
    ("uidb64", "token"),
    [
        pytest.param(None, "bad-token", id="bad token"),
        pytest.param("bm90LWFuLWlk", "bad-token", id="no such account"),
        pytest.param("!!!", "bad-token", id="garbage"),
    ],
)
def test_a_bad_link_answers_the_invalid_link_page(
    client: Client, mike: User, uidb64: str | None, token: str
) -> None:
    uid = uidb64 or urlsafe_base64_encode(force_bytes(mike.pk))

    response = client.get(
        reverse("frontend:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )

    assert response.status_code == 200
    assert b'id="password-reset-invalid"' in response.content


def test_a_bad_token_cannot_set_a_password(client: Client, mike: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(mike.pk))
    url = reverse(
        "frontend:password_reset_confirm", kwargs={"uidb64": uid, "token": "set-password"}
    )

    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 200
    mike.refresh_from_db()
    assert mike.check_password(OLD_PASSWORD)


def test_an_unknown_address_answers_the_same_and_sends_nothing(client: Client, mike: User) -> None:
    known = ask(client, "mike@example.org")
    unknown = ask(client, "nobody@example.org")

    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mike@example.org"]


def test_an_inactive_account_gets_no_mail(client: Client, mike: User) -> None:
    mike.is_active = False
    mike.save(update_fields=["is_active"])

    ask(client, "mike@example.org")

    assert mail.outbox == []


def test_the_address_is_matched_without_regard_to_case_and_the_mail_goes_to_the_account(
    client: Client, mike: User
) -> None:
    ask(client, "MIKE@Example.ORG")

    assert [message.to for message in mail.outbox] == [["mike@example.org"]]


@pytest.mark.parametrize(
    "look_alike",
    [
        pytest.param("mıke@example.org", id="dotless i"),
        pytest.param("mike@exаmple.org", id="Cyrillic a in the domain"),
    ],
)
def test_a_look_alike_address_reaches_no_account(
    client: Client, mike: User, look_alike: str
) -> None:
    ask(client, look_alike)

    assert mail.outbox == []


def test_a_look_alike_account_is_not_reached_by_the_plain_address(client: Client) -> None:
    UserFactory(username="mallory", email="mıke@example.org")

    ask(client, "mike@example.org")

    assert mail.outbox == []


def test_a_malformed_address_is_a_form_error(client: Client, mike: User) -> None:
    response = client.post(reverse("frontend:password_reset"), {"email": "not an address"})

    assert response.status_code == 200
    assert b'id="form-errors"' in response.content
    assert b'aria-invalid="true"' in response.content
    assert mail.outbox == []


def test_one_address_gets_at_most_a_few_mails_an_hour_however_it_is_spelled(
    client: Client, mike: User
) -> None:
    limit = PasswordResetRequestView.per_email
    spellings = ["mike@example.org", "MIKE@example.org", "Mike@Example.org"]
    for number in range(limit + 2):
        ask(client, spellings[number % len(spellings)])

    assert len(mail.outbox) == limit


def test_one_client_asks_for_at_most_a_few_mails_an_hour(client: Client, mike: User) -> None:
    for number in range(PasswordResetRequestView.per_client):
        ask(client, f"guess{number}@example.org", REMOTE_ADDR="203.0.113.7")

    ask(client, "mike@example.org", REMOTE_ADDR="203.0.113.7")
    assert mail.outbox == []

    ask(Client(), "mike@example.org", REMOTE_ADDR="198.51.100.9")
    assert len(mail.outbox) == 1


def test_the_new_password_goes_through_the_password_validators(client: Client, mike: User) -> None:
    ask(client, "mike@example.org")

    response = set_password_through(client, link_in(mail.outbox[0]), password="12345678")

    assert response.status_code == 200
    assert b'id="form-errors"' in response.content
    mike.refresh_from_db()
    assert mike.check_password(OLD_PASSWORD)


def test_a_reset_ends_the_persons_other_sessions(client: Client, mike: User) -> None:
    elsewhere = Client()
    assert (
        elsewhere.post(
            reverse("frontend:login"), {"username": "mike", "password": OLD_PASSWORD}
        ).status_code
        == 302
    )
    assert elsewhere.get(reverse("frontend:home")).status_code == 200

    ask(client, "mike@example.org")
    set_password_through(client, link_in(mail.outbox[0]))

    response = elsewhere.get(reverse("frontend:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))


def test_the_mail_is_in_the_language_of_the_page(client: Client, mike: User) -> None:
    ask(client, "mike@example.org", language="en")
    ask(client, "mike@example.org")

    english, swedish = mail.outbox
    assert english.subject == "Choose a new password for Samverkan"
    assert link_in(english).startswith("/en/")
    assert not link_in(swedish).startswith("/en/")
    # Each link leads to the form in its own language.
    assert Client().get(link_in(english)).status_code == 302


def test_the_link_in_the_mail_is_made_for_the_account(mike: User) -> None:
    client = Client()
    ask(client, "mike@example.org")
    uid = urlsafe_base64_encode(force_bytes(mike.pk))

    link = link_in(mail.outbox[0])

    uidb64, token = link.rstrip("/").split("/")[-2:]
    assert uidb64 == uid
    assert default_token_generator.check_token(mike, token)


def test_the_sign_in_page_links_to_the_reset(client: Client) -> None:
    page = client.get(reverse("frontend:login"))

    assert f'id="password-reset-link" href="{reverse("frontend:password_reset")}"'.encode() in (
        page.content
    )
