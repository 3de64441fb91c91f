"""WebSocket routes. The notification consumer is mounted at /ws/notifications/."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
