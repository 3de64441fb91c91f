"""``GET /health/``: 200 when the database and the channel layer answer, 503 otherwise."""

import asyncio
import time
from collections.abc import Awaitable

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

_TIMEOUT = 2.0


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _channel_layer_answers() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("health.")
    await layer.send(channel, {"type": "health.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "health.ping":
        raise RuntimeError("the channel layer returned another message")


async def _check(name: str, probe: Awaitable[None]) -> tuple[str, dict]:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(probe, timeout=_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any failure means "does not answer"
        return name, {"status": "unavailable", "error": type(exc).__name__}
    return name, {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_GET
async def health(request: HttpRequest) -> JsonResponse:
    results = dict(
        await asyncio.gather(
            _check("database", sync_to_async(_database_answers, thread_sensitive=True)()),
            _check("channel_layer", _channel_layer_answers()),
        )
    )
    healthy = all(result["status"] == "ok" for result in results.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": results}
    return JsonResponse(body, status=200 if healthy else 503)
