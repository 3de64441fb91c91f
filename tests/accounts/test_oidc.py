"""Signing in through the city's identity provider, against a mock provider over real HTTP.

The flow is the browser's: the sign-in starts at our authenticate address, which sends the
browser to the provider with a state and a nonce; the provider sends it back with a code; our
callback then fetches the tokens, the signing keys and the userinfo from the provider itself.
"""

import importlib
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, cast
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import clear_url_caches, reverse

from network.accounts.oidc import BACKEND_PATH
from network.models import Role, User
from tests.accounts.mock_oidc import MockProvider, new_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "anna.berg@helsingborg.se"


def _reload_urls() -> None:
    clear_url_caches()
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))


@pytest.fixture
def provider() -> Iterator[MockProvider]:
    mock = MockProvider().start()
    mock.claims = {"sub": "helsingborg-4711", "email": EMAIL, "email_verified": True}
    yield mock
    mock.stop()


@pytest.fixture
def oidc(settings, provider: MockProvider) -> Iterator[MockProvider]:  # noqa: ANN001
    """OIDC configured as config/settings.py would from the environment, with the URLs."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    for name, value in provider.endpoints().items():
        setattr(settings, name, value)
    settings.OIDC_PROVIDER_NAME = "Helsingborgs stad"
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(1, BACKEND_PATH)
    settings.AUTHENTICATION_BACKENDS = backends
    _reload_urls()
    yield provider
    settings.OIDC_ENABLED = False
    _reload_urls()


@pytest.fixture
def anna() -> User:
    return cast(User, UserFactory(username="anna", email=EMAIL, first_name="Anna"))


def start(client: Client, provider: MockProvider) -> str:
    """Our authenticate address, up to the provider's authorize address it redirects to."""
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{provider.base_url}/authorize?")
    params = parse_qs(urlsplit(authorize).query)
    assert params["state"][0] and params["nonce"][0] and params["code_challenge"][0]
    assert params["client_id"] == [provider.client_id]
    return authorize


def come_back(authorize: str) -> tuple[str, dict[str, list[str]]]:
    """The provider's answer, followed over HTTP: our callback's path and query."""
    answer = requests.get(authorize, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == reverse("oidc_authentication_callback")
    return callback.path, parse_qs(callback.query)


def sign_in(client: Client, provider: MockProvider) -> Any:
    path, query = come_back(start(client, provider))
    return client.get(path, {key: values[0] for key, values in query.items()})


def signed_in(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def assert_refused(client: Client, response: Any) -> None:
    assert response.status_code == 302
    assert response["Location"] == reverse("frontend:login")
    assert signed_in(client) is None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"message-error" in page.content


def test_a_city_employee_signs_in_through_the_provider(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    response = sign_in(client, oidc)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in(client) == str(anna.pk)
    assert client.session[BACKEND_SESSION_KEY] == BACKEND_PATH
    # The callback asked the provider itself, over HTTP, for the tokens, the keys and the claims.
    assert oidc.requests == ["/authorize", "/token", "/jwks", "/userinfo"]
    assert client.get(reverse("frontend:home")).status_code == 200


def test_the_address_is_matched_without_regard_to_case_or_width(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    oidc.claims["email"] = "ＡＮＮＡ.ＢＥＲＧ@Helsingborg.se"  # full-width letters: NFKC folds them

    sign_in(client, oidc)

    assert signed_in(client) == str(anna.pk)


def test_the_person_is_sent_on_to_where_they_were_going(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    target = reverse("frontend:activity_list")
    page = client.get(reverse("frontend:login"), {"next": target})
    button = page.context["oidc_sign_in_url"]
    assert button == f"{reverse('oidc_authentication_init')}?{urlencode({'next': target})}"

    authorize = client.get(button)["Location"]
    path, query = come_back(authorize)
    response = client.get(path, {key: values[0] for key, values in query.items()})

    assert response["Location"] == target
    assert signed_in(client) == str(anna.pk)


def test_an_unknown_address_is_refused_and_no_account_is_made(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    oidc.claims["email"] = "someone.else@helsingborg.se"
    before = User.objects.count()

    assert_refused(client, sign_in(client, oidc))

    assert User.objects.count() == before


def test_a_look_alike_address_is_refused(client: Client, oidc: MockProvider, anna: User) -> None:
    oidc.claims["email"] = "аnna.berg@helsingborg.se"  # the first letter is Cyrillic

    assert_refused(client, sign_in(client, oidc))


def test_a_refused_sign_in_counts_as_a_failure_from_the_address(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    oidc.claims["email"] = "someone.else@helsingborg.se"

    sign_in(client, oidc)

    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "127.0.0.1"
    assert attempt.failures_since_start == 1


def test_an_inactive_account_is_refused(client: Client, oidc: MockProvider, anna: User) -> None:
    anna.is_active = False
    anna.save(update_fields=["is_active"])

    assert_refused(client, sign_in(client, oidc))


def test_two_accounts_with_the_address_are_refused(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    UserFactory(username="anna2", email=EMAIL.upper())

    assert_refused(client, sign_in(client, oidc))


def test_an_inactive_namesake_does_not_stand_in_the_way(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    UserFactory(username="anna-old", email=EMAIL, is_active=False)

    sign_in(client, oidc)

    assert signed_in(client) == str(anna.pk)


def test_an_address_the_provider_has_not_verified_is_refused(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    oidc.claims["email_verified"] = False

    assert_refused(client, sign_in(client, oidc))


def test_with_a_username_claim_the_username_is_matched(
    client: Client,
    oidc: MockProvider,
    anna: User,
    settings,  # noqa: ANN001
) -> None:
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    oidc.claims = {"sub": "helsingborg-4711", "preferred_username": "anna"}

    sign_in(client, oidc)

    assert signed_in(client) == str(anna.pk)


def test_with_a_username_claim_the_address_alone_is_not_enough(
    client: Client,
    oidc: MockProvider,
    anna: User,
    settings,  # noqa: ANN001
) -> None:
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    oidc.claims = {"sub": "helsingborg-4711", "email": EMAIL, "preferred_username": "anna.berg"}

    assert_refused(client, sign_in(client, oidc))


def test_claims_never_change_the_account_or_its_roles(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    oidc.claims.update(
        given_name="Mallory",
        family_name="Admin",
        roles=["coordinator", "security_chief"],
        groups=["admins"],
        is_staff=True,
        is_superuser=True,
    )

    sign_in(client, oidc)

    anna.refresh_from_db()
    assert signed_in(client) == str(anna.pk)
    assert (anna.first_name, anna.last_name) == ("Anna", "")
    assert not anna.is_staff and not anna.is_superuser
    assert not Role.objects.filter(user=anna).exists()
    assert anna.organisation is None


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"nonce": "another-nonce"}, id="wrong nonce"),
        pytest.param({"aud": "another-application"}, id="wrong audience"),
        pytest.param({"iss": "https://impostor.example"}, id="wrong issuer"),
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
        pytest.param({"sub": "someone-else"}, id="userinfo about another subject"),
    ],
)
def test_a_tampered_id_token_is_refused(
    client: Client, oidc: MockProvider, anna: User, changes: dict[str, object]
) -> None:
    oidc.id_token_changes = changes

    assert_refused(client, sign_in(client, oidc))


def test_an_id_token_signed_with_another_key_is_refused(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    oidc.signing_key = new_key()

    assert_refused(client, sign_in(client, oidc))


def test_a_state_this_browser_never_sent_is_refused(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    path, query = come_back(start(client, oidc))

    response = client.get(path, {"code": query["code"][0], "state": "forged-state"})

    assert_refused(client, response)
    assert "/token" not in oidc.requests


def test_a_callback_in_another_browser_is_refused(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    path, query = come_back(start(client, oidc))
    other = Client()

    response = other.get(path, {key: values[0] for key, values in query.items()})

    assert_refused(other, response)
    assert "/token" not in oidc.requests


def test_a_callback_is_good_once(client: Client, oidc: MockProvider, anna: User) -> None:
    path, query = come_back(start(client, oidc))
    params = {key: values[0] for key, values in query.items()}
    client.get(path, params)
    assert signed_in(client) == str(anna.pk)
    client.logout()

    assert_refused(client, client.get(path, params))


def test_a_provider_that_is_down_is_a_refused_sign_in(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    path, query = come_back(start(client, oidc))
    oidc.stop()

    response = client.get(path, {key: values[0] for key, values in query.items()})

    assert_refused(client, response)


def test_a_cancelled_sign_in_lands_on_the_sign_in_page(client: Client, oidc: MockProvider) -> None:
    authorize = start(client, oidc)
    state = parse_qs(urlsplit(authorize).query)["state"][0]

    response = client.get(
        reverse("oidc_authentication_callback"), {"error": "access_denied", "state": state}
    )

    assert_refused(client, response)


def test_an_account_made_inactive_is_signed_out(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    sign_in(client, oidc)
    assert client.get(reverse("frontend:home")).status_code == 200

    User.objects.filter(pk=anna.pk).update(is_active=False)

    response = client.get(reverse("frontend:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))


def test_a_password_sign_in_is_never_taken_for_the_providers_answer(
    client: Client, oidc: MockProvider, anna: User
) -> None:
    anna.set_password("a long password for anna")
    anna.save()

    response = client.post(
        f"{reverse('frontend:login')}?code=stolen&state=whatever",
        {"username": "anna", "password": "a long password for anna"},
    )

    assert response.status_code == 302
    assert signed_in(client) == str(anna.pk)
    assert client.session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    assert oidc.requests == []


def test_signing_out_also_signs_out_at_the_provider(
    client: Client,
    oidc: MockProvider,
    anna: User,
    settings,  # noqa: ANN001
) -> None:
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{oidc.base_url}/logout"
    settings.OIDC_STORE_ID_TOKEN = True
    sign_in(client, oidc)

    response = client.post(reverse("frontend:logout"))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{oidc.base_url}/logout"
    params = parse_qs(location.query)
    assert params["client_id"] == [oidc.client_id]
    assert params["post_logout_redirect_uri"] == [f"http://testserver{reverse('frontend:login')}"]
    assert params["id_token_hint"][0].count(".") == 2
    assert signed_in(client) is None


def test_a_password_session_signs_out_here_only(
    client: Client,
    oidc: MockProvider,
    anna: User,
    settings,  # noqa: ANN001
) -> None:
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{oidc.base_url}/logout"
    client.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(reverse("frontend:logout"))

    assert response["Location"] == reverse("frontend:login")
    assert signed_in(client) is None


def test_the_sign_in_page_offers_the_provider(client: Client, oidc: MockProvider) -> None:
    page = client.get("/en/login/")

    content = page.content.decode()
    assert 'id="oidc-sign-in"' in content
    assert "Sign in with Helsingborgs stad" in content
    assert f'href="{reverse("oidc_authentication_init")}"' in content
    # Partners outside the city keep their password.
    assert 'id="id_password"' in content


def test_without_configuration_there_is_no_provider(client: Client, anna: User) -> None:
    assert not django_settings.OIDC_ENABLED

    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404
    assert client.post("/oidc/logout/").status_code == 404
    page = client.get(reverse("frontend:login"))
    assert page.status_code == 200
    assert b'id="oidc-sign-in"' not in page.content
    assert "oidc_sign_in_url" not in page.context


# The settings, read from the environment as at start-up.

OIDC_ENV = {
    "OIDC_RP_CLIENT_ID": "samverkan",
    "OIDC_RP_CLIENT_SECRET": "s3cret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example/jwks",
}


def load_settings() -> ModuleType:
    """A fresh copy of config/settings.py, read from the environment as it is now."""
    path = Path(django_settings.BASE_DIR) / "config" / "settings.py"
    spec = importlib.util.spec_from_file_location("settings_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [*OIDC_ENV, "OIDC_OP_LOGOUT_ENDPOINT", "OIDC_RP_CLIENT_SECRET_FILE"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_settings_add_the_backend_after_axes_when_a_client_id_is_set(
    clean_env: pytest.MonkeyPatch,
) -> None:
    for name, value in OIDC_ENV.items():
        clean_env.setenv(name, value)

    loaded = load_settings()

    assert loaded.OIDC_ENABLED
    assert loaded.AUTHENTICATION_BACKENDS[:2] == [
        "axes.backends.AxesStandaloneBackend",
        BACKEND_PATH,
    ]
    assert loaded.OIDC_RP_SIGN_ALGO == "RS256"
    assert loaded.OIDC_RP_SCOPES == "openid email profile"
    assert loaded.OIDC_CREATE_USER is False


def test_settings_read_the_client_secret_from_a_file(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in OIDC_ENV.items():
        clean_env.setenv(name, value)
    clean_env.delenv("OIDC_RP_CLIENT_SECRET")
    secret = tmp_path / "oidc_secret"
    secret.write_text("from-a-file\n", encoding="utf-8")
    clean_env.setenv("OIDC_RP_CLIENT_SECRET_FILE", str(secret))

    assert load_settings().OIDC_RP_CLIENT_SECRET == "from-a-file"


def test_settings_refuse_a_client_id_without_the_endpoints(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("OIDC_RP_CLIENT_ID", "samverkan")

    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_TOKEN_ENDPOINT"):
        load_settings()


def test_settings_leave_the_provider_out_without_a_client_id(clean_env: pytest.MonkeyPatch) -> None:
    loaded = load_settings()

    assert not loaded.OIDC_ENABLED
    assert BACKEND_PATH not in loaded.AUTHENTICATION_BACKENDS
