"""The OpenAPI document: every status code an operation can answer with is written into it.

Success bodies are declared on the views with ``extend_schema``; the error answers that follow
from how the API works (401 without credentials, 404 for what is not visible, ...) are added
here, once, so that no operation forgets one.
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "description": "Field name (or non_field_errors) → list of messages.",
        "additionalProperties": {},
    },
    description="Bad input: the field errors, keyed by field name.",
)
UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description="No valid credentials.")
FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The object is visible, but not yours to change (or a session request lacks its "
        "CSRF token)."
    ),
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such object, or not visible to you (or no such page)."
)
NOT_ACCEPTABLE = OpenApiResponse(
    ErrorSerializer, description="The Accept header names no format this operation offers."
)
UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    ErrorSerializer, description="The request body is in a format the API does not read."
)
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many attempts; wait and retry.")

_WRITES = frozenset({"POST", "PUT", "PATCH"})
_ERRORS_AS = ("application/json",)


class ApiSchema(AutoSchema):
    """Adds the error answers that every operation of its kind can give."""

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        errors: dict[str, OpenApiResponse] = {"406": NOT_ACCEPTABLE}
        if self.method in _WRITES or self._filters() or self.get_override_parameters():
            errors["400"] = FIELD_ERRORS
        if self.get_auth():
            errors["401"] = UNAUTHENTICATED
        if self.method in _WRITES:
            errors["403"] = FORBIDDEN
            errors["415"] = UNSUPPORTED_MEDIA_TYPE
        if "{" in self.path or self._is_list_view():
            errors["404"] = NOT_FOUND
        return errors

    def _filters(self) -> bool:
        """Whether the operation reads filters from the query, which may be refused."""
        return bool(
            self._is_list_view()
            and getattr(self.view, "filterset_class", None)
            and getattr(self.view, "filter_backends", None)
        )

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, _ERRORS_AS, direction)
        return dict(sorted(responses.items()))
