"""A small OpenID Connect provider on 127.0.0.1, for driving the real sign-in flow in tests.

It serves the authorization, token, userinfo and JWKS endpoints over real HTTP from a thread, and
signs ID tokens with an RSA key made when it starts. What it answers is set per test:
``claims`` (who the person is), ``id_token_changes`` (claims to change in the next ID tokens: a
wrong nonce, a wrong audience) and ``signing_key`` (a key other than the published one: a forged
token). It checks what a real provider checks: the client's secret, the redirect address, PKCE,
and that a code is used once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_ID = "mock-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Grant:
    redirect_uri: str
    nonce: str | None
    code_challenge: str | None


@dataclass
class MockProvider:
    client_id: str = "samverkan"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    claims: dict[str, Any] = field(default_factory=dict)
    id_token_changes: dict[str, Any] = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    signing_key: rsa.RSAPrivateKey | None = None
    grants: dict[str, Grant] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def issuer(self) -> str:
        return self.base_url

    def endpoints(self) -> dict[str, str]:
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base_url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base_url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base_url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base_url}/jwks",
            "OIDC_OP_ISSUER": self.issuer,
        }

    def start(self) -> MockProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.handle(self, "GET")

            def do_POST(self) -> None:
                provider.handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests assert on ``requests`` instead."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # The endpoints.

    def handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        self.requests.append(parts.path)
        if method == "GET" and parts.path == "/authorize":
            self.authorize(handler, {k: v[0] for k, v in parse_qs(parts.query).items()})
        elif method == "POST" and parts.path == "/token":
            length = int(handler.headers.get("Content-Length") or 0)
            body = handler.rfile.read(length).decode()
            self.token(handler, {k: v[0] for k, v in parse_qs(body).items()})
        elif method == "GET" and parts.path == "/userinfo":
            self.userinfo(handler)
        elif method == "GET" and parts.path == "/jwks":
            public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            keys = [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]
            self.answer(handler, 200, {"keys": keys})
        else:
            self.answer(handler, 404, {"error": "not_found"})

    def authorize(self, handler: BaseHTTPRequestHandler, params: dict[str, str]) -> None:
        """Signs the person in at once and sends them back with a code."""
        if params.get("client_id") != self.client_id or params.get("response_type") != "code":
            self.answer(handler, 400, {"error": "invalid_request"})
            return
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            redirect_uri=params["redirect_uri"],
            nonce=params.get("nonce"),
            code_challenge=params.get("code_challenge"),
        )
        query = urlencode({"code": code, "state": params.get("state", "")})
        handler.send_response(302)
        handler.send_header("Location", f"{params['redirect_uri']}?{query}")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def token(self, handler: BaseHTTPRequestHandler, form: dict[str, str]) -> None:
        grant = self.grants.pop(form.get("code", ""), None)
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            self.answer(handler, 401, {"error": "invalid_client"})
            return
        if grant is None or form.get("redirect_uri") != grant.redirect_uri:
            self.answer(handler, 400, {"error": "invalid_grant"})
            return
        if grant.code_challenge is not None:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.code_challenge:
                self.answer(handler, 400, {"error": "invalid_grant"})
                return
        access_token = secrets.token_urlsafe(16)
        self.answer(
            handler,
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(grant.nonce),
            },
        )

    def userinfo(self, handler: BaseHTTPRequestHandler) -> None:
        if not handler.headers.get("Authorization", "").startswith("Bearer "):
            self.answer(handler, 401, {"error": "invalid_token"})
            return
        self.answer(handler, 200, self.claims)

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
            **self.id_token_changes,
        }
        key = self.signing_key or self.key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": KEY_ID})

    @staticmethod
    def answer(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
