"""The same security headers on every answer: pages, the API and its errors, the API docs, the
admin, static files and the health check; behind the proxy, HSTS and the redirect to HTTPS."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

import config.settings as configured
from api.throttling import PersonRateThrottle
from network.models import User
from tests.frontend.test_minutes_documents import _approved
from tests.situation.test_access import _picture

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"
)
HEADERS = {
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The test run has neither BEHIND_PROXY nor OIDC: the sockets' hosts are those allowed at start.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": " ".join(
        ["'self'", *configured.websocket_sources(configured.ALLOWED_HOSTS, secure_only=False)]
    ),
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(header: str) -> dict[str, str]:
    """The policy's directives (django-csp writes them in no fixed order)."""
    directives = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in directives}


def assert_security_headers(response) -> None:  # noqa: ANN001 - any Django response
    assert {name: response.get(name) for name in HEADERS} == HEADERS, response.get("Content-Type")
    assert policy(response["Content-Security-Policy"]) == CSP
    assert "Strict-Transport-Security" not in response  # plain HTTP, no proxy


@pytest.fixture
def coordinator(world) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(world.coordinator)
    return client


@pytest.fixture
def superuser(db: None) -> Client:
    user = User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_sign_in_page(client):
    response = client.get(reverse("frontend:login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_start_page_signed_in(coordinator):
    response = coordinator.get(reverse("frontend:home"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_an_api_list(coordinator):
    response = coordinator.get("/api/v1/networks/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_security_headers(response)


@pytest.mark.django_db
def test_an_api_401(client):
    response = client.get("/api/v1/networks/")
    assert response.status_code == 401
    assert_security_headers(response)


def test_an_api_404(coordinator):
    response = coordinator.get("/api/v1/networks/999999/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_an_api_429(world, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(PersonRateThrottle, "rate", "1/min", raising=False)
    client = APIClient()
    client.force_authenticate(world.coordinator)
    assert client.get("/api/v1/me/").status_code == 200
    response = client.get("/api/v1/me/")
    assert response.status_code == 429
    assert_security_headers(response)


def test_the_api_docs_page_its_script_and_the_schema(coordinator):
    page = coordinator.get(reverse("api:docs"))
    assert page.status_code == 200
    assert_security_headers(page)
    assert b"<script>" not in page.content
    assert b"<style" not in page.content
    script = coordinator.get(reverse("api:docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content
    assert_security_headers(script)
    schema = coordinator.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert_security_headers(schema)


@pytest.mark.django_db
def test_the_admin_sign_in_page(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_admin_index(superuser):
    response = superuser.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/static/frontend/samverkan.css",
        "/static/api/swagger-ui-page.css",
        "/static/admin/js/core.js",
    ],
)
def test_a_static_file_served_by_whitenoise(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_health_check(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_page_without_inline_style_sends_no_nonce(client):
    response = client.get(reverse("frontend:login"))
    assert "nonce-" not in response["Content-Security-Policy"]


def print_pages(world) -> list[str]:  # noqa: ANN001
    version = _approved(world)
    picture = _picture(world)
    return [
        reverse("frontend:minutes_print", args=[version.meeting_id, version.number]),
        reverse("frontend:situation_picture_print", args=[picture.pk]),
    ]


def test_the_print_pages_allow_their_own_stylesheet_by_nonce(world):  # noqa: ANN001
    """The print pages keep their stylesheet inline (a copy that prints as it is; WeasyPrint
    fetches nothing): the policy names that <style>'s nonce, a new one on each request, and
    still no 'unsafe-inline'."""
    client = Client()
    client.force_login(world.coordinator)
    for url in print_pages(world):
        nonces = []
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            style_src = policy(response["Content-Security-Policy"])["style-src"]
            match = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]{24})'", style_src)
            assert match, style_src
            nonces.append(match[1])
            html = response.content.decode()
            assert html.count("<style") == 1
            assert f'<style nonce="{match[1]}">' in html
            assert {name: response.get(name) for name in HEADERS} == HEADERS
        assert nonces[0] != nonces[1]


@pytest.fixture
def behind_proxy(settings) -> None:  # noqa: ANN001
    """What BEHIND_PROXY=1 sets (tests/config/test_deploy.py checks the mapping). The security
    middleware reads these when it is made: each test's client makes its own."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False


HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    "path", ["/login/", "/api/v1/networks/", "/static/frontend/samverkan.css", "/health/"]
)
@pytest.mark.django_db
def test_hsts_on_every_https_answer(client, path):
    response = client.get(path, headers=HTTPS)
    assert response.status_code in {200, 401}
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert {name: response.get(name) for name in HEADERS} == HEADERS


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    "path", ["/login/", "/en/", "/api/v1/networks/?page=2", "/static/frontend/samverkan.css"]
)
@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}"
    assert {name: response.get(name) for name in HEADERS} == HEADERS
    assert policy(response["Content-Security-Policy"]) == CSP


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.django_db
def test_the_health_check_answers_plain_http_without_a_redirect(client):
    """The container's own health check calls http://127.0.0.1:8000/health/."""
    response = client.get("/health/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response  # HSTS is sent over HTTPS only
    assert client.get("/health/x").status_code == 301  # exempt is that one path, not a prefix
