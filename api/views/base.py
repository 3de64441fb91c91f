"""What every API view shares: the caller, and the read-only collections' base."""

from typing import Any, cast

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets
from rest_framework.request import Request

from api.filters import StableOrderingFilter
from api.schema import ApiSchema
from network.access import Viewer, require_content_reader, viewer_for
from network.models import User


def person(request: Request) -> User:
    """The signed-in caller: every view that calls this requires authentication."""
    return cast(User, request.user)


def viewer(request: Request) -> Viewer:
    return viewer_for(request.user)


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail; a detail is looked up by the access layer, never through the filters."""

    schema = ApiSchema()
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    ordering_fields: list[str] = []
    # Any path segment reaches the view, so that a malformed id is a JSON 404 like any other.
    lookup_value_regex = "[^/]+"


class ContentViewSet(ReadViewSet):
    """A collection of network content: refused to a report reader, who reads reports only."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        require_content_reader(viewer(request))
