import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

# Served as in production: with a real key, which the entry point insists on when DEBUG is off.
with override_settings(SECRET_KEY_IS_LOCAL=False):
    from config.asgi import application


def test_the_asgi_application_routes_http_and_websockets():
    assert set(application.application_mapping) == {"http", "websocket"}


@pytest.mark.django_db(transaction=True)
def test_a_websocket_handshake_from_a_foreign_origin_is_refused():
    async def handshake() -> bool:
        communicator = WebsocketCommunicator(
            application,
            "/ws/notifications/",
            headers=[(b"origin", b"https://evil.example"), (b"host", b"localhost")],
        )
        connected, _subprotocol = await communicator.connect()
        await communicator.disconnect()
        return connected

    # A thread of its own: the browser tests' driver may hold an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        connected = pool.submit(asyncio.run, handshake()).result(timeout=30)

    assert connected is False
