import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

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

    assert async_to_sync(handshake)() is False
