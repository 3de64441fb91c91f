"""Reads of networks and organisations, always for a given person, filtered in SQL."""

from django.db.models import QuerySet

from network.access import (
    Person,
    network_for_view,
    networks_visible_q,
    organisation_for_view,
    organisations_visible_q,
    viewer_for,
)
from network.models import Network, Organisation


def networks_visible_to(user: Person) -> QuerySet[Network]:
    return Network.objects.filter(networks_visible_q(viewer_for(user)))


def network_get_for_user(user: Person, pk: object) -> Network:
    return network_for_view(viewer_for(user), pk)


def organisations_visible_to(user: Person) -> QuerySet[Organisation]:
    """Organisations in the networks the user sees, and the user's own."""
    return Organisation.objects.filter(organisations_visible_q(viewer_for(user)))


def organisation_get_for_user(user: Person, pk: object) -> Organisation:
    return organisation_for_view(viewer_for(user), pk)
