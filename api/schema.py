"""The OpenAPI document: every status code an operation can answer with is written into it.

Success bodies are declared on the views with ``extend_schema``, each with a description and an
example; the error answers that follow from how the API works (401 without credentials, 404 for
what is not visible, ...) are added here, once, so that no operation forgets one. Here too:

- request bodies admit no other properties than their fields (``additionalProperties: false``),
  as the serializers refuse any other (``api.serializers.WriteSerializer``);
- an answer may carry OpenAPI links (:class:`LinkedResponse`), from a created object to the
  operations on it, so that a generic client can follow them;
- the ``id`` in a path is a whole number.
"""

import inspect
from collections.abc import Sequence
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from api.filters import MAX_ID
from api.serializers import WriteSerializer


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
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Refused to these credentials: a report-only token reads only the reports and me/ "
        "(and a report reader reads no network content)."
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
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Too many requests: over the rate of the person, of the token or (without credentials) "
        "of the address. Wait for Retry-After seconds."
    ),
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    description="Seconds to wait before trying again.",
    response=[429],
)


class LinkedResponse(OpenApiResponse):
    """A response with OpenAPI links to the operations that its answer leads to."""

    def __init__(
        self,
        response: Any = None,
        description: str = "",
        examples: Sequence[OpenApiExample] | None = None,
        links: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(response, description, examples)
        self.links = links or {}


def links_by_id(*operations: tuple[str, str]) -> dict[str, dict[str, Any]]:
    """Links that pass the answer's ``id`` as the ``id`` of each (operationId, description)."""
    return {
        operation_id: {
            "operationId": operation_id,
            "parameters": {"id": "$response.body#/id"},
            "description": description,
        }
        for operation_id, description in operations
    }


LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    location=OpenApiParameter.HEADER,
    response=[201],
    description="The URL of the new object.",
)

_WRITES = frozenset({"POST", "PUT", "PATCH"})
_ERRORS_AS = ("application/json",)


class ApiSchema(AutoSchema):
    """Adds the error answers that every operation of its kind can give."""

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        errors: dict[str, OpenApiResponse] = {"406": NOT_ACCEPTABLE, "429": THROTTLED}
        if (
            self.method in _WRITES
            or self._filters()
            or self._paginated()
            or self.get_override_parameters()
        ):
            errors["400"] = FIELD_ERRORS
        if self.get_auth():
            errors["401"] = UNAUTHENTICATED
            errors["403"] = REFUSED
        if self.method in _WRITES:
            errors["403"] = FORBIDDEN
            errors["415"] = UNSUPPORTED_MEDIA_TYPE
        if "{" in self.path or self._is_list_view():
            errors["404"] = NOT_FOUND
        return errors

    def _paginated(self) -> bool:
        """Whether the operation reads ``page`` and ``page_size``, which may be refused."""
        return bool(self._is_list_view() and self._get_paginator())

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

    def _get_response_for_code(
        self,
        serializer: Any,
        status_code: str,
        media_types: Any = None,
        direction: Any = "response",
    ) -> dict[str, Any]:
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        if not response.get("description") and status_code.startswith("2"):
            # An answer no view describes is described by its serializer's own docstring.
            response["description"] = _docstring(serializer)
        if isinstance(serializer, LinkedResponse) and serializer.links:
            response["links"] = serializer.links
        return response

    def _get_response_headers_for_code(
        self, status_code: str, direction: Any = "response"
    ) -> dict[str, Any]:
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "429" and "Retry-After" not in headers:
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": RETRY_AFTER.description,
            }
        return headers

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, WriteSerializer):
            schema["additionalProperties"] = False
        return schema

    def _resolve_path_parameters(self, variables: list[str]) -> list[dict[str, Any]]:
        parameters = super()._resolve_path_parameters(variables)
        if getattr(self.view, "lookup_value_regex", None) == "[0-9]+":
            for parameter in parameters:
                if parameter["name"] == "id":
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        return parameters


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the token: as DRF's own ``tokenAuth``."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'Token-based authentication with required prefix "Token": '
                "Authorization: Token <key>. Tokens are made at POST /api/v1/auth/token/ or "
                "/api/v1/tokens/, expire, and can be revoked."
            ),
        }


def _docstring(serializer: Any) -> str:
    if isinstance(serializer, OpenApiResponse):
        serializer = serializer.response
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    cls = serializer if isinstance(serializer, type) else type(serializer)
    return inspect.cleandoc(cls.__dict__.get("__doc__") or "")


def read_operations(
    serializer: type[serializers.Serializer],
    *,
    example: Any,
    listed: str,
    detail: str | OpenApiResponse,
) -> Any:
    """The list and detail operations of a read-only collection, each described with an example."""
    one = (
        detail
        if isinstance(detail, OpenApiResponse)
        else OpenApiResponse(serializer, description=detail, examples=[example])
    )
    return extend_schema_view(
        list=extend_schema(
            responses={200: OpenApiResponse(serializer, description=listed, examples=[example])}
        ),
        retrieve=extend_schema(responses={200: one}),
    )
