"""What the domain answers when a request cannot be done, whoever asked.

The access layer and the services raise these; the API maps them once (``api/errors.py``) and
the pages once (``frontend/middleware.py``). They subclass Django's own exceptions, so that any
other caller (the admin, a management command) still gets a 404 or 403 and never a server error.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NotFound(Http404):
    """The object does not exist, or the person may not see it: the two look the same."""

    code = "not_found"


class Forbidden(PermissionDenied):
    """The person sees the object but may not do this with it."""

    code = "forbidden"


class Locked(Forbidden):
    """The object is frozen: its reporting period is closed."""

    code = "locked"


class Conflict(Exception):
    """The request contradicts the object's state (for example, approved minutes)."""

    code = "conflict"
