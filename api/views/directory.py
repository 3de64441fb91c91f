"""The directory of contact persons, for those taking part in a network."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request

from api.directory_serializers import CONTACT_PERSON, ContactPersonSerializer
from api.schema import ApiSchema
from api.views.base import person, viewer
from network.access import require_content_reader
from network.directory.selectors import contact_roles_for
from network.models import Role


@extend_schema_view(
    list=extend_schema(
        responses={
            200: OpenApiResponse(
                ContactPersonSerializer,
                description="A page of the contact persons of the networks you take part in, "
                "by network, department and name.",
                examples=[CONTACT_PERSON],
            )
        }
    )
)
class ContactPersonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each department's contact persons in the networks you take part in; never a deactivated
    account. A report reader reads reports only."""

    schema = ApiSchema()
    serializer_class = ContactPersonSerializer
    filter_backends: list[type] = []

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        require_content_reader(viewer(request))

    def get_queryset(self) -> QuerySet[Role]:
        return contact_roles_for(person(self.request))
