"""API tokens: named, listed, expiring, revoked, stored as a digest; report-only tokens; throttling.

A token is made at ``POST /api/v1/auth/token/`` (username and password, and the second factor's
code for whoever has one) or at ``POST /api/v1/tokens/`` (signed in already), and managed at
``/api/v1/tokens/``: a person's own tokens only, another person's answering 404.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from api.urls import router
from network.access import asked_for_second_factor, requires_second_factor
from network.accounts.models import ApiToken
from network.accounts.tokens import (
    digest_of,
    expiry_in,
    issue_token,
    issue_tokens,
    revoke_token,
    token_for_key,
)
from network.models import User
from tests.conftest import PERSONAS, World

PASSWORD = "pw-for-tests"
SIGN_IN = "/api/v1/auth/token/"
TOKENS = "/api/v1/tokens/"
REPORTS = [
    "/api/v1/reports/activities/",
    "/api/v1/reports/attendance/",
    "/api/v1/reports/action-items/",
    "/api/v1/reports/trainings/",
]
REPORTS_ONLY = "This API token reads reports only: the reports and me/, with GET."


def keyed(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def key_of(user: User, scope: str = ApiToken.Scope.FULL, days: int = 30) -> str:
    _token, key = issue_token(user, "tests", expiry_in(days), scope)
    return key


def session_of(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def browser_of(user: User) -> Client:
    """A browser signed in, posting forms as the admin's pages do."""
    client = Client()
    client.force_login(user)
    return client


# Made at sign-in


def test_signing_in_issues_a_named_expiring_token_with_its_key_shown_once(
    api_client: APIClient, world: World
) -> None:
    before = timezone.now()

    response = api_client.post(
        SIGN_IN,
        {
            "username": "polis",
            "password": PASSWORD,
            "name": "Power BI",
            "expires_in_days": 7,
            "scope": "reports",
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    token = ApiToken.objects.get(user=world.police)
    assert body["token"][:8] == token.prefix == body["prefix"]
    assert (body["id"], body["name"], body["scope"]) == (token.pk, "Power BI", "reports")
    assert before + timedelta(days=7) <= token.expires_at <= timezone.now() + timedelta(days=7)
    assert body["is_active"] is True


def test_by_default_a_token_is_named_api_and_lasts_api_token_days(
    api_client: APIClient, world: World, settings: Any
) -> None:
    settings.API_TOKEN_DAYS = 12

    response = api_client.post(SIGN_IN, {"username": "polis", "password": PASSWORD})

    token = ApiToken.objects.get(pk=response.json()["id"])
    assert (token.name, token.scope) == ("API", ApiToken.Scope.FULL)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=12))) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "extra",
    [
        {"expires_in_days": 0},
        {"expires_in_days": 366},
        {"expires_in_days": "ten"},
        {"expires_in_days": 1.5},
        {"scope": "admin"},
        {"name": ""},
        {"name": "x" * 101},
        {"otp": ["123456"]},
    ],
    ids=["0 days", "366 days", "words", "fraction", "unknown scope", "no name", "long", "list"],
)
def test_bad_token_settings_are_refused_and_make_nothing(
    api_client: APIClient, world: World, extra: dict[str, Any]
) -> None:
    response = api_client.post(
        SIGN_IN, {"username": "polis", "password": PASSWORD, **extra}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == set(extra)
    assert not ApiToken.objects.exists()


def test_only_the_digest_of_the_key_is_stored(api_client: APIClient, world: World) -> None:
    key = api_client.post(SIGN_IN, {"username": "polis", "password": PASSWORD}).json()["token"]

    (row,) = ApiToken.objects.values()
    assert row["digest"] == digest_of(key)
    assert not [name for name, value in row.items() if key in str(value)]


def test_a_key_authenticates_and_records_its_last_use(world: World) -> None:
    key = key_of(world.police)

    response = keyed(key).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["organisation"] == world.police_org.pk
    assert ApiToken.objects.get().last_used_at is not None


def test_many_tokens_are_made_at_once_with_their_keys(world: World) -> None:
    people = [world.police, world.civil]

    made = issue_tokens(people, "bench", expiry_in(1))

    assert [user_id for user_id, _key in made] == [world.police.pk, world.civil.pk]
    for user_id, key in made:
        token = token_for_key(key)
        assert token is not None and token.user_id == user_id


# The second factor at sign-in


@pytest.fixture
def with_app(world: World) -> TOTPDevice:
    return TOTPDevice.objects.create(user=world.police, name="authenticator", confirmed=True)


@pytest.mark.parametrize("otp", [None, "", "000000"], ids=["absent", "blank", "wrong"])
def test_a_person_with_a_second_factor_gets_no_token_without_its_code(
    api_client: APIClient, world: World, with_app: TOTPDevice, otp: str | None
) -> None:
    body = {"username": "polis", "password": PASSWORD}
    if otp is not None:
        body["otp"] = otp
    if otp == "000000" and totp(with_app.bin_key) == 0:
        body["otp"] = "000001"

    response = api_client.post(SIGN_IN, body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["otp"]
    assert not ApiToken.objects.exists()


def test_a_person_with_a_second_factor_gets_a_token_with_the_current_code(
    api_client: APIClient, world: World, with_app: TOTPDevice
) -> None:
    code = f"{totp(with_app.bin_key):06d}"

    response = api_client.post(
        SIGN_IN, {"username": "polis", "password": PASSWORD, "otp": code}, format="json"
    )

    assert response.status_code == 200
    assert ApiToken.objects.filter(user=world.police).count() == 1


def test_who_must_set_up_a_second_factor_is_sent_to_do_so_first(
    api_client: APIClient, world: World, settings: Any
) -> None:
    settings.TWO_FACTOR_REQUIRED = True

    response = api_client.post(SIGN_IN, {"username": "samordnare", "password": PASSWORD})

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert not ApiToken.objects.exists()


# Listed, made and revoked at /api/v1/tokens/


def test_the_list_shows_the_persons_own_tokens_and_never_a_key_or_digest(world: World) -> None:
    key = key_of(world.police)
    issue_token(world.police, "Excel", expiry_in(5), ApiToken.Scope.REPORTS)
    key_of(world.civil)

    response = keyed(key).get(TOKENS)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["name"] for item in results] == ["Excel", "tests"]
    assert set(results[0]) == {
        "id",
        "name",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "is_active",
    }
    assert key not in response.content.decode()
    for token in ApiToken.objects.all():
        assert token.digest not in response.content.decode()


def test_a_token_is_made_with_its_key_shown_once_and_its_location(world: World) -> None:
    client = session_of(world.police)

    response = client.post(TOKENS, {"name": "Skript", "expires_in_days": 3}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert response["Location"].endswith(f"{TOKENS}{body['id']}/")
    assert keyed(body["token"]).get("/api/v1/me/").status_code == 200
    shown = client.get(response["Location"]).json()
    assert "token" not in shown and shown["name"] == "Skript"


@pytest.mark.parametrize(
    "body",
    [{"expires_in_days": 400}, {"scope": "everything"}, {"name": ""}, {"token": "abc"}],
    ids=["too long", "unknown scope", "no name", "a key of one's own"],
)
def test_bad_input_when_making_a_token_is_refused(world: World, body: dict[str, Any]) -> None:
    response = session_of(world.police).post(TOKENS, body, format="json")

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("revoke", ["post", "delete"])
def test_a_revoked_token_is_refused_from_the_next_request(world: World, revoke: str) -> None:
    key = key_of(world.police)
    client = keyed(key)
    token = ApiToken.objects.get()
    assert client.get("/api/v1/me/").status_code == 200

    if revoke == "post":
        response = client.post(f"{TOKENS}{token.pk}/revoke/")
        assert response.status_code == 200
        assert response.json()["is_active"] is False
    else:
        assert client.delete(f"{TOKENS}{token.pk}/").status_code == 204

    refused = client.get("/api/v1/me/")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "The API token is not valid: unknown, revoked or expired."}
    assert refused["WWW-Authenticate"] == "Token"


def test_revoking_one_token_leaves_the_others(world: World) -> None:
    first, second = key_of(world.police), key_of(world.police)
    client = session_of(world.police)
    token = ApiToken.objects.get(digest=digest_of(first))

    client.post(f"{TOKENS}{token.pk}/revoke/")
    client.post(f"{TOKENS}{token.pk}/revoke/")  # twice is no error

    assert keyed(first).get("/api/v1/me/").status_code == 401
    assert keyed(second).get("/api/v1/me/").status_code == 200


def test_an_expired_token_is_refused(world: World) -> None:
    key = key_of(world.police)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = keyed(key).get("/api/v1/me/")

    assert response.status_code == 401


def test_a_deactivated_persons_token_is_refused(world: World) -> None:
    key = key_of(world.police)
    world.police.is_active = False
    world.police.save()

    assert keyed(key).get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("post", "revoke/"), ("delete", "")],
    ids=["read", "revoke", "delete"],
)
def test_another_persons_token_is_not_found_on_every_path(
    world: World, method: str, suffix: str
) -> None:
    theirs, _key = issue_token(world.civil, "theirs", expiry_in(5))
    client = keyed(key_of(world.police))

    response = getattr(client, method)(f"{TOKENS}{theirs.pk}/{suffix}")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_without_credentials_tokens_are_not_managed(api_client: APIClient, world: World) -> None:
    assert api_client.get(TOKENS).status_code == 401
    assert api_client.post(TOKENS, {"name": "x"}, format="json").status_code == 401


# Report-only tokens


@pytest.fixture
def reports_only(world: World) -> APIClient:
    return keyed(key_of(world.coordinator, ApiToken.Scope.REPORTS))


def _collections() -> list[str]:
    """Every collection of the router that lists (some offer details only)."""
    return [
        f"/api/v1/{prefix}/"
        for prefix, viewset, _basename in router.registry
        if hasattr(viewset, "list")
    ]


def test_a_report_only_token_is_refused_every_collection(
    world: World, reports_only: APIClient
) -> None:
    paths = [
        *_collections(),
        "/api/v1/notifications/settings/",
        f"/api/v1/networks/{world.net.pk}/",
    ]
    assert TOKENS in paths

    for path in paths:
        response = reports_only.get(path)
        assert (path, response.status_code) == (path, 403)
        assert response.json() == {"detail": REPORTS_ONLY}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/activities/"),
        ("post", TOKENS),
        ("post", "/api/v1/reports/activities/"),
        ("delete", f"{TOKENS}1/"),
        ("post", f"{TOKENS}1/revoke/"),
        ("options", "/api/v1/me/"),
    ],
)
def test_a_report_only_token_writes_nothing(
    world: World, reports_only: APIClient, method: str, path: str
) -> None:
    before = ApiToken.objects.count()

    response = getattr(reports_only, method)(path, {"title": "Nej"}, format="json")

    assert response.status_code == 403
    assert ApiToken.objects.count() == before
    assert all(token.is_active for token in ApiToken.objects.all())


def test_a_report_only_token_reads_the_reports_and_me(
    world: World, reports_only: APIClient
) -> None:
    for path in [*REPORTS, "/api/v1/me/", "/api/v1/schema/"]:
        assert (path, reports_only.get(path).status_code) == (path, 200)


def test_a_report_only_token_makes_no_tokens_but_a_full_one_does(world: World) -> None:
    full = keyed(key_of(world.police))

    assert full.get(TOKENS).status_code == 200
    assert full.post(TOKENS, {"name": "Ny"}, format="json").status_code == 201


# Throttling


@pytest.fixture
def low_rates(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "5/min", "token": "3/min", "anon": "2/min"},
    }
    cache.clear()


def _statuses(client: APIClient, count: int, path: str = "/api/v1/me/") -> list[int]:
    return [client.get(path).status_code for _ in range(count)]


def test_a_token_over_its_rate_is_answered_429_with_retry_after(
    world: World, low_rates: None
) -> None:
    client = keyed(key_of(world.police))

    assert _statuses(client, 3) == [200] * 3
    response = client.get("/api/v1/me/")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")


def test_the_429_detail_is_in_the_requests_language(world: World, low_rates: None) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key_of(world.police)}")
    _statuses(client, 3)

    swedish = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="sv")
    english = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")

    assert swedish.status_code == english.status_code == 429
    assert swedish.json()["detail"] != english.json()["detail"]


def test_a_persons_rate_counts_all_their_tokens_and_their_session(
    world: World, low_rates: None
) -> None:
    first, second = keyed(key_of(world.police)), keyed(key_of(world.police))
    others = keyed(key_of(world.civil))

    assert _statuses(first, 3) == [200] * 3
    assert _statuses(second, 2) == [200] * 2
    assert second.get("/api/v1/me/").status_code == 429  # the person's 5, not the token's 3
    assert session_of(world.police).get("/api/v1/me/").status_code == 429
    assert _statuses(others, 3) == [200] * 3


def test_requests_without_credentials_have_their_own_rate(
    api_client: APIClient, world: World, low_rates: None
) -> None:
    """Counted where no credentials are needed (elsewhere the answer is 401 before counting)."""
    schema = "/api/v1/schema/"
    assert _statuses(api_client, 2, schema) == [200, 200]

    response = api_client.get(schema)

    assert response.status_code == 429
    assert "Retry-After" in response
    assert keyed(key_of(world.police)).get(schema).status_code == 200


def test_the_default_rates_come_from_the_settings(settings: Any) -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert rates == {
        "user": settings.API_RATE_USER,
        "token": settings.API_RATE_TOKEN,
        "anon": settings.API_RATE_ANON,
    }


def test_the_schema_documents_429_with_retry_after_on_every_operation(
    api_client: APIClient,
) -> None:
    document = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operations = [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]

    assert len(operations) > 40
    for method, path, operation in operations:
        throttled = operation["responses"].get("429")
        assert throttled, f"{method} {path}"
        assert throttled["headers"]["Retry-After"]["schema"]["type"] == "integer", path
    tokens = document["paths"]["/api/v1/tokens/{id}/revoke/"]["post"]["responses"]
    assert {"200", "401", "403", "404", "429"} <= set(tokens)


# The admin


@pytest.fixture
def admin_urls() -> Callable[..., str]:
    label = ApiToken._meta.app_label

    def url(view: str, *args: Any) -> str:
        return reverse(f"admin:{label}_apitoken_{view}", args=args)

    return url


def test_a_superuser_lists_and_revokes_tokens_in_the_admin(
    world: World, admin_urls: Callable[..., str]
) -> None:
    superuser = User.objects.create_superuser("chef", "chef@example.org", PASSWORD)
    token, key = issue_token(world.police, "Skript", expiry_in(5))
    client = browser_of(superuser)

    listing = client.get(admin_urls("changelist"))
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    assert key not in listing.content.decode()
    assert token.digest not in listing.content.decode()
    assert client.get(admin_urls("add")).status_code == 403

    client.post(admin_urls("changelist"), {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert keyed(key).get("/api/v1/me/").status_code == 401


def test_a_coordinator_sees_no_tokens_in_the_admin(
    world: World, admin_urls: Callable[..., str]
) -> None:
    world.coordinator.is_staff = True
    world.coordinator.save()
    theirs, _key = issue_token(world.police, "Skript", expiry_in(5))
    client = browser_of(world.coordinator)

    assert client.get(admin_urls("changelist")).status_code == 403
    assert client.get(admin_urls("change", theirs.pk)).status_code in {302, 403, 404}
    client.post(admin_urls("changelist"), {"action": "revoke", "_selected_action": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.is_active
    assert "apitoken" not in client.get(reverse("admin:index")).content.decode()


def test_revoke_token_is_idempotent(world: World) -> None:
    token, _key = issue_token(world.police, "x", expiry_in(1))
    revoke_token(token)
    first = token.revoked_at

    revoke_token(token)

    assert token.revoked_at == first is not None


def test_the_sockets_second_factor_check_agrees_with_the_access_rule(
    world: World, settings: Any
) -> None:
    """The sign-in check of many sockets decides for all at once what
    ``requires_second_factor`` decides for one, and adds whoever has set up an app."""
    settings.TWO_FACTOR_REQUIRED = True
    world.police.is_staff = True
    world.police.save()
    TOTPDevice.objects.create(user=world.civil, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=world.contact_person, name="unfinished", confirmed=False)
    people = {world.persona(name) for name in PERSONAS}

    asked = asked_for_second_factor(people)

    required = {user.pk for user in people if requires_second_factor(user)}
    assert asked == required | {world.civil.pk}
    assert {world.coordinator.pk, world.security_chief.pk, world.police.pk} <= asked
    settings.TWO_FACTOR_REQUIRED = False
    assert asked_for_second_factor(people) == {world.civil.pk}
