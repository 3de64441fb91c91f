"""Networks, organisations and the strategic directions."""

from django.db.models import QuerySet
from django.http import Http404

from api import examples
from api.filters import NetworkFilter, OrganisationFilter
from api.schema import read_operations
from api.serializers import DirectionSerializer, NetworkSerializer, OrganisationSerializer
from api.views.base import ReadViewSet
from network.core.selectors import (
    network_get_for_user,
    networks_visible_to,
    organisation_get_for_user,
    organisations_visible_to,
)
from network.models import Network, Organisation, StrategicDirection


@read_operations(
    NetworkSerializer,
    example=examples.NETWORK,
    listed="A page of the networks you take part in or read reports of, by name.",
    detail="The network.",
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


@read_operations(
    OrganisationSerializer,
    example=examples.ORGANISATION,
    listed="A page of the organisations in your networks, and your own, by name.",
    detail="The organisation.",
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


@read_operations(
    DirectionSerializer,
    example=examples.DIRECTION,
    listed="The four strategic directions, in their fixed order.",
    detail="The strategic direction.",
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
