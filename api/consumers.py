"""The WebSocket at ``/ws/notifications/``.

Until live notifications are delivered, the socket answers every handshake with a close code that
says why, never with a server error: the handshake is accepted, then closed with

- ``4001`` when the caller is not signed in (no session, no valid token): as HTTP 401;
- ``4503`` when the caller is signed in: notifications are not available yet, try again later
  (as HTTP 503). A client that reconnects with a growing delay keeps working when they are.

Codes from 4000 are the application's own (RFC 6455, 7.4.2): 4000 plus the HTTP status that
says the same.
"""

from channels.generic.websocket import AsyncWebsocketConsumer

UNAUTHENTICATED = 4001
NOT_AVAILABLE_YET = 4503


class NotificationConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        # Accepted first: a handshake refused outright reaches a browser only as code 1006,
        # which tells the client nothing.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        await self.close(code=NOT_AVAILABLE_YET)
