"""The security page: a person sees and ends only their own sessions and tokens."""

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from network.accounts.tokens import issue_token
from network.models import ApiToken, AuditEvent, SignIn, User
from tests.accounts.conftest import sign_in_of, signed_in
from tests.conftest import World

PERSONAS = (
    "coordinator",
    "security_chief",
    "contact_person",
    "police",
    "civil",
    "report_reader",
    "outsider",
)


def page_url() -> str:
    return reverse("frontend:account_security")


def ids(html: str, attribute: str) -> set[int]:
    return {int(found) for found in re.findall(rf'data-{attribute}="(\d+)"', html)}


def token_for(user: User, name: str = "Rapportverktyg") -> ApiToken:
    token, _key = issue_token(user, name, timezone.now() + timedelta(days=30))
    return token


@pytest.fixture
def everyone(world: World) -> dict[str, Client]:
    """Each persona signed in once, in a browser of its own, with one token."""
    clients = {}
    for name in (*PERSONAS, "other_member"):
        user = world.persona(name)
        clients[name] = signed_in(user)
        token_for(user)
    return clients


def test_an_anonymous_visitor_is_sent_to_sign_in(world: World) -> None:
    response = Client().get(page_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))


@pytest.mark.parametrize("name", PERSONAS)
def test_each_person_sees_only_their_own_sessions_and_tokens(
    world: World, everyone: dict[str, Client], name: str
) -> None:
    user = world.persona(name)
    client = everyone[name]
    signed_in(user)  # a second session, elsewhere

    response = client.get(page_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert ids(html, "session") == set(
        SignIn.objects.filter(user=user).values_list("pk", flat=True)
    )
    assert len(ids(html, "session")) == 2
    assert ids(html, "token") == set(
        ApiToken.objects.filter(user=user).values_list("pk", flat=True)
    )
    current = re.findall(r'data-session="(\d+)" data-current-session', html)
    assert current == [str(sign_in_of(client).pk)]


def test_a_session_past_its_idle_timeout_is_not_listed(world: World) -> None:
    client = signed_in(world.civil)
    idle = sign_in_of(signed_in(world.civil))
    SignIn.objects.filter(pk=idle.pk).update(last_seen_at=timezone.now() - timedelta(hours=2))

    html = client.get(page_url()).content.decode()

    assert ids(html, "session") == {sign_in_of(client).pk}


def test_the_menu_links_to_the_page(world: World) -> None:
    response = signed_in(world.civil).get(reverse("frontend:home"))

    assert f'href="{page_url()}"' in response.content.decode()


def test_the_page_links_to_two_factor_settings_only_where_they_exist(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = signed_in(world.civil)
    try:
        two_factor = reverse("frontend:two_factor")
    except NoReverseMatch:
        two_factor = None
    if two_factor:
        assert f'href="{two_factor}"' in client.get(page_url()).content.decode()

    def missing(*args: Any, **kwargs: Any) -> str:
        raise NoReverseMatch("frontend:two_factor")

    monkeypatch.setattr("frontend.views.account.reverse", missing)
    response = client.get(page_url())
    assert response.status_code == 200
    if two_factor:
        assert f'href="{two_factor}"' not in response.content.decode()


# Another person's ids: not found, nothing changed


@pytest.mark.parametrize("name", PERSONAS)
def test_another_person_s_session_and_token_are_not_found(
    world: World, everyone: dict[str, Client], name: str
) -> None:
    theirs = world.other_member
    their_sign_in = SignIn.objects.get(user=theirs)
    their_token = ApiToken.objects.get(user=theirs)
    client = everyone[name]

    for url in (
        reverse("frontend:account_session_end", args=[their_sign_in.pk]),
        reverse("frontend:account_token_revoke", args=[their_token.pk]),
        reverse("frontend:account_session_end", args=[987654]),
        reverse("frontend:account_token_revoke", args=[987654]),
    ):
        assert client.post(url).status_code == 404

    assert SignIn.objects.filter(pk=their_sign_in.pk).exists()
    their_token.refresh_from_db()
    assert their_token.revoked_at is None
    assert client.get(page_url()).status_code == 200


def test_every_change_is_a_post(world: World) -> None:
    client = signed_in(world.civil)
    sign_in = sign_in_of(client)
    token = token_for(world.civil)

    for url in (
        reverse("frontend:account_session_end", args=[sign_in.pk]),
        reverse("frontend:account_sessions_end_others"),
        reverse("frontend:account_sessions_end_all"),
        reverse("frontend:account_token_create"),
        reverse("frontend:account_token_revoke", args=[token.pk]),
    ):
        assert client.get(url).status_code == 405
    assert SignIn.objects.filter(pk=sign_in.pk).exists()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_change_without_the_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.civil)
    other = signed_in(world.civil)

    response = client.post(reverse("frontend:account_sessions_end_others"))

    assert response.status_code == 403
    assert SignIn.objects.filter(pk=sign_in_of(other).pk).exists()


def test_an_anonymous_post_changes_nothing(world: World) -> None:
    token = token_for(world.civil)

    response = Client().post(reverse("frontend:account_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


# Sessions


def test_signing_out_another_session_from_the_page(world: World) -> None:
    here = signed_in(world.civil)
    there = signed_in(world.civil)
    theirs = sign_in_of(there)

    response = here.post(reverse("frontend:account_session_end", args=[theirs.pk]))

    assert response.status_code == 302
    assert response["Location"] == page_url()
    assert not SignIn.objects.filter(pk=theirs.pk).exists()
    assert there.get(page_url()).status_code == 302
    assert here.get(page_url()).status_code == 200
    assert AuditEvent.objects.filter(action="session.ended", actor=world.civil).exists()


def test_signing_out_this_session_from_its_own_row_signs_out_here(world: World) -> None:
    here = signed_in(world.civil)
    there = signed_in(world.civil)

    response = here.post(reverse("frontend:account_session_end", args=[sign_in_of(here).pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))
    assert here.get(page_url()).status_code == 302
    assert there.get(page_url()).status_code == 200


def test_signing_out_everywhere_else_from_the_page(world: World) -> None:
    here = signed_in(world.civil)
    elsewhere = [signed_in(world.civil), signed_in(world.civil)]
    police = signed_in(world.police)

    response = here.post(reverse("frontend:account_sessions_end_others"))

    assert response.status_code == 302
    assert list(SignIn.objects.filter(user=world.civil)) == [sign_in_of(here)]
    assert here.get(page_url()).status_code == 200
    assert police.get(page_url()).status_code == 200
    for client in elsewhere:
        assert client.get(page_url()).status_code == 302
    assert AuditEvent.objects.filter(action="session.ended_everywhere").count() == 1


def test_signing_out_everywhere_also_signs_out_this_session(world: World) -> None:
    here = signed_in(world.civil)
    there = signed_in(world.civil)

    response = here.post(reverse("frontend:account_sessions_end_all"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))
    assert not SignIn.objects.filter(user=world.civil).exists()
    for client in (here, there):
        assert client.get(page_url()).status_code == 302


# Tokens


def test_a_new_token_s_key_is_shown_once_and_only_its_digest_is_kept(world: World) -> None:
    client = signed_in(world.report_reader)

    response = client.post(
        reverse("frontend:account_token_create"),
        {"token-name": "Power BI", "token-days": "30", "token-scope": "reports"},
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=world.report_reader)
    key = response.context["key"]
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    assert key in response.content.decode()
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert token.name == "Power BI"
    assert token.scope == ApiToken.Scope.REPORTS
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    # Nowhere else: not in the page, not in the session, not in a message.
    page = client.get(page_url()).content.decode()
    assert key not in page
    assert token.prefix in page
    assert key not in str(dict(client.session.items()))
    assert key not in str(client.cookies)
    event = AuditEvent.objects.get(action="api_token.created")
    assert event.object_id == token.pk
    assert key not in str(event.detail)


def test_a_token_is_made_for_90_days_with_full_scope_by_default(world: World) -> None:
    client = signed_in(world.police)
    form = client.get(page_url()).context["form"]

    assert form["days"].value() == 90
    assert form["scope"].value() == ApiToken.Scope.FULL


@pytest.mark.parametrize(
    ("name", "days", "scope"),
    [
        ("", "30", "full"),
        ("   ", "30", "full"),
        ("x" * 101, "30", "full"),
        ("Skript", "0", "full"),
        ("Skript", "366", "full"),
        ("Skript", "-5", "full"),
        ("Skript", "abc", "full"),
        ("Skript", "", "full"),
        ("Skript", "9" * 400, "full"),
        ("Skript", "1e3", "full"),
        ("Skript", "٣٠", "full"),  # Arabic-Indic digits
        ("Skript", "３０", "full"),  # full-width digits
        ("Skript", "30", "admin"),
        ("Skript", "30", ""),
    ],
)
def test_bad_token_input_gives_form_errors_and_makes_nothing(
    world: World, name: str, days: str, scope: str
) -> None:
    client = signed_in(world.police)

    response = client.post(
        reverse("frontend:account_token_create"),
        {"token-name": name, "token-days": days, "token-scope": scope},
    )

    assert response.status_code == 400
    assert response.context["form"].errors
    assert "key" not in response.context
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.created").exists()


@pytest.mark.parametrize("days", ["1", " 365 "])
def test_the_bounds_of_the_expiry_are_accepted(world: World, days: str) -> None:
    client = signed_in(world.police)

    response = client.post(
        reverse("frontend:account_token_create"),
        {"token-name": "Skript", "token-days": days, "token-scope": "full"},
    )

    assert response.status_code == 200
    token = ApiToken.objects.get()
    expected = timedelta(days=int(days))
    assert expected - timedelta(minutes=1) < token.expires_at - timezone.now() <= expected


def test_revoking_a_token(world: World) -> None:
    client = signed_in(world.police)
    token = token_for(world.police)
    kept = token_for(world.police, "Annan")

    response = client.post(reverse("frontend:account_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    kept.refresh_from_db()
    assert token.revoked_at is not None
    assert kept.revoked_at is None
    assert AuditEvent.objects.get(action="api_token.revoked").object_id == token.pk
    # Again: nothing more happens.
    first = token.revoked_at
    assert client.post(reverse("frontend:account_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at == first
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
