"""Pages of every list: ``{"count", "next", "previous", "results"}``.

``page`` and ``page_size`` are checked like any other query parameter: a value that is no whole
number, or out of range, is refused with a field error (400) rather than replaced by a default.
A well-formed page number past the last page answers 404, as DRF does.
"""

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from api.fields import WholeNumberField

# The largest page number worth asking for: beyond the range of a primary key, no page exists.
MAX_PAGE = 2**63 - 1


class PageNumberPagination(pagination.PageNumberPagination):
    """``{"count", "next", "previous", "results"}``, with ``page_size`` from 1 to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200
    # Page numbers only: "last" is no whole number, and the document says page is one.
    last_page_strings = ()

    def _whole_number(self, request: Request, name: str, maximum: int) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise ValidationError({name: [_("Give this parameter once.")]})
        field = WholeNumberField(min_value=1, max_value=maximum)
        try:
            return field.run_validation(values[0])
        except ValidationError as exc:
            raise ValidationError({name: exc.detail}) from None

    def get_page_size(self, request: Request) -> int | None:
        size = self._whole_number(request, self.page_size_query_param, self.max_page_size)
        return size if size is not None else self.page_size

    def get_page_number(self, request: Request, paginator: Paginator) -> int:
        number = self._whole_number(request, self.page_query_param, MAX_PAGE)
        return number if number is not None else 1

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        document = super().get_paginated_response_schema(schema)
        properties = document["properties"]
        # The examples describe a page of one row: the first and the last.
        properties["count"]["example"] = 1
        properties["next"]["example"] = None
        properties["previous"]["example"] = None
        return document

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
                parameter["description"] = "A page number, from 1; past the last page: 404."
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters
