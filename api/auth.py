"""WebSocket authentication: the session cookie, or ``Authorization: Token <key>`` on the handshake."""

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser
from rest_framework.authtoken.models import Token


@database_sync_to_async
def _user_for_token(key: str) -> Any:
    try:
        token = Token.objects.select_related("user").get(key=key)
    except Token.DoesNotExist:
        return AnonymousUser()
    return token.user if token.user.is_active else AnonymousUser()


class TokenAuthMiddleware(BaseMiddleware):
    """Puts the token's user in the scope when the handshake carries one; else leaves the session's."""

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers", []))
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        keyword, _, key = authorization.partition(" ")
        if keyword.lower() == "token" and key.strip():
            scope["user"] = await _user_for_token(key.strip())
        return await super().__call__(scope, receive, send)


def TokenAuthMiddlewareStack(inner: Any) -> Any:  # noqa: N802 - named like Channels' own stacks
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))
