"""The domain's refusals on pages, mapped once.

``NotFound``, ``Forbidden`` and ``Locked`` subclass Django's own exceptions and reach the 404 and
403 pages by themselves; ``Conflict`` (the request contradicts the object's state) is answered
here with a 409 page that says why, so that no view catches it itself. The API maps the same
errors in ``api/errors.py``.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin

from network.errors import Conflict


class ConflictMiddleware(MiddlewareMixin):
    """Render a ``Conflict`` raised by a page as a 409 page with its message."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Conflict):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and "api" in match.namespaces:
            return None  # The API answers in JSON, through its own exception handler.
        return render(request, "frontend/conflict.html", {"message": str(exception)}, status=409)
