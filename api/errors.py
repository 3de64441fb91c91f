"""Errors as the contract says, mapped once for the whole API.

- Django's ``ValidationError`` (raised by the services) becomes 400 with the field errors;
- ``NotFound`` and ``Forbidden`` of the domain are Django's ``Http404`` and ``PermissionDenied``,
  which DRF answers 404 and 403 with their message; ``Conflict`` becomes 409;
- input Django refuses before the view sees it (a body over the size limit, too many fields, a
  malformed request) and input that nests too deeply to be handled (``RecursionError``) become
  400 with ``{"detail": ...}``: never a server error, never an HTML page.
"""

import logging
from typing import Any

from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.parsers import too_deep, too_large
from network.errors import Conflict

logger = logging.getLogger(__name__)


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception that answers ``exc``, or ``exc`` itself when DRF knows it already."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            return exceptions.ValidationError(detail=exc.message_dict)
        return exceptions.ValidationError(detail={"non_field_errors": exc.messages})
    if isinstance(exc, Conflict):
        return ConflictError(*exc.args)
    if isinstance(exc, RecursionError):
        # Only input nests this deeply; logged all the same, so that a bug cannot hide here.
        logger.warning("Input too deeply nested to handle", exc_info=exc)
        return too_deep()
    if isinstance(exc, RequestDataTooBig):
        return too_large()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError(_("The request has too many fields."))
    if isinstance(exc, SuspiciousOperation | BadRequest):
        return exceptions.ParseError(_("The request is malformed."))
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    return drf_exception_handler(as_api_exception(exc), context)
