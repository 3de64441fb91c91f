"""WebSocket routes: the notifications at /ws/notifications/; any other path is refused."""

from channels.security.websocket import WebsocketDenier
from django.urls import URLPattern, path, re_path

from api.consumers import NotificationConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    # Refused at the handshake (HTTP 403), where an unknown path would otherwise be a server error.
    re_path(r"", WebsocketDenier.as_asgi()),
]
