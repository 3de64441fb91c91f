"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import functools
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
