"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import functools
import gc
import inspect
import os
from typing import Any

from django.core.asgi import get_asgi_application

from config.serving import require_real_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()
require_real_secret_key()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from api.auth import OriginOrTokenValidator, TokenAuthMiddlewareStack  # noqa: E402
from api.routing import websocket_urlpatterns  # noqa: E402


def leave_request_bodies_to_django() -> None:
    """Stop Twisted (under daphne) from parsing POST form bodies before Django sees them.

    Twisted parses ``multipart/form-data`` bodies on its own, for its own request objects that
    daphne never uses, and answers one it cannot parse with a bare ``400`` without headers or
    body. Django parses the body anyway and answers bad input in the API's JSON, so Twisted's
    parsing (which also holds a second copy of every upload in memory) is switched off.
    """
    try:
        from daphne.http_protocol import WebRequest
        from twisted.web.http import Request
    except ImportError:  # served by another ASGI server
        return
    init = WebRequest.__init__
    if getattr(init, "leaves_bodies_to_django", False):
        return
    if "parsePOSTFormSubmission" not in inspect.signature(Request.__init__).parameters:
        return  # an older Twisted, which cannot be told

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        kwargs.setdefault("parsePOSTFormSubmission", False)
        init(self, *args, **kwargs)

    __init__.leaves_bodies_to_django = True  # type: ignore[attr-defined]
    WebRequest.__init__ = __init__


leave_request_bodies_to_django()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginOrTokenValidator(
            TokenAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)


def keep_startup_objects_out_of_collections() -> None:
    """Leave what the server built at start (Django, its apps, the routes) out of the garbage
    collector's full collections.

    Those objects live as long as the process, yet every full collection walks them all: with
    Django loaded, some 80 ms in which nothing else in the process runs, neither the request
    that has just committed nor the live messages of every socket. A server hands a
    notification to a thousand sockets in about as long: measured, such a pause in the process
    that committed took the slowest deliveries from about 100 ms to 200 ms. Frozen, a full
    collection walks only what was made since; collected first, so that no garbage of the start
    is kept for good.
    """
    gc.collect()
    gc.freeze()


keep_startup_objects_out_of_collections()
