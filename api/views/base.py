"""What every API view shares: the caller, the answer to a create, and the collections' bases."""

from typing import Any, cast

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api.filters import StableOrderingFilter
from api.schema import ApiSchema
from network.access import Viewer, require_content_reader, viewer_for
from network.models import User


def person(request: Request) -> User:
    """The signed-in caller: every view that calls this requires authentication."""
    return cast(User, request.user)


def viewer(request: Request) -> Viewer:
    return viewer_for(request.user)


def created(request: Request, data: Any, detail_view: str, pk: int) -> Response:
    """``201 Created`` with the new object's URL in ``Location``, as the contract says."""
    location = reverse(detail_view, kwargs={"pk": pk}, request=request)
    return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail; a detail is looked up by the access layer, never through the filters."""

    schema = ApiSchema()
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    ordering_fields: list[str] = []
    # ASCII digits only: Python reads "１２" (fullwidth) as 12, and a look-alike id must not find
    # an object. Any other path answers the API's JSON 404 (api.middleware).
    lookup_value_regex = "[0-9]+"


class ContentViewSet(ReadViewSet):
    """A collection of network content: refused to a report reader, who reads reports only."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        require_content_reader(viewer(request))
