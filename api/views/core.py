"""Networks, organisations and the strategic directions."""

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from api import examples
from api.filters import NetworkFilter, OrganisationFilter
from api.serializers import DirectionSerializer, NetworkSerializer, OrganisationSerializer
from api.views.base import ReadViewSet
from network.core.selectors import (
    network_get_for_user,
    networks_visible_to,
    organisation_get_for_user,
    organisations_visible_to,
)
from network.models import Network, Organisation, StrategicDirection


@extend_schema_view(
    list=extend_schema(
        responses={
            200: OpenApiResponse(
                NetworkSerializer,
                description="A page of the networks you take part in or read reports of, by name.",
                examples=[examples.NETWORK],
            )
        }
    ),
    retrieve=extend_schema(
        responses={
            200: OpenApiResponse(
                NetworkSerializer,
                description="The network.",
                examples=[examples.NETWORK],
            )
        }
    ),
)
class NetworkViewSet(ReadViewSet):
    """The networks you take part in or read reports of."""

    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter
    ordering_fields = ["id", "name"]

    def get_queryset(self) -> QuerySet[Network]:
        return networks_visible_to(self.request.user).order_by("name", "id")

    def get_object(self) -> Network:
        return network_get_for_user(self.request.user, self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        responses={
            200: OpenApiResponse(
                OrganisationSerializer,
                description="A page of the organisations in your networks, and your own, by name.",
                examples=[examples.ORGANISATION],
            )
        }
    ),
    retrieve=extend_schema(
        responses={
            200: OpenApiResponse(
                OrganisationSerializer,
                description="The organisation.",
                examples=[examples.ORGANISATION],
            )
        }
    ),
)
class OrganisationViewSet(ReadViewSet):
    """The organisations in your networks, and your own."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    ordering_fields = ["id", "name", "kind"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_visible_to(self.request.user).order_by("name", "id")

    def get_object(self) -> Organisation:
        return organisation_get_for_user(self.request.user, self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        responses={
            200: OpenApiResponse(
                DirectionSerializer,
                description="The four strategic directions, in their fixed order.",
                examples=[examples.DIRECTION],
            )
        }
    ),
    retrieve=extend_schema(
        responses={
            200: OpenApiResponse(
                DirectionSerializer,
                description="The strategic direction.",
                examples=[examples.DIRECTION],
            )
        }
    ),
)
class DirectionViewSet(ReadViewSet):
    """The four strategic directions, looked up by code."""

    serializer_class = DirectionSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_backends: list[type] = []
    queryset = StrategicDirection.objects.order_by("position", "id")

    def get_object(self) -> StrategicDirection:
        code = self.kwargs["code"]
        direction = (
            self.get_queryset().filter(code=code).first()
            if code in StrategicDirection.Code.values
            else None
        )
        if direction is None:
            raise Http404
        return direction
