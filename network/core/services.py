"""Writes for networks, organisations, people and roles."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.access import forget_viewer
from network.models import Network, NetworkMembership, Organisation, Role, User


@transaction.atomic
def organisation_create(*, name: str, kind: str) -> Organisation:
    group, _created = Group.objects.get_or_create(name=f"organisation:{name}"[:150])
    organisation = Organisation(name=name, kind=kind, group=group)
    organisation.full_clean(exclude=["group", "is_authority"])
    organisation.save()
    return organisation


@transaction.atomic
def network_add_organisation(*, network: Network, organisation: Organisation) -> None:
    NetworkMembership.objects.get_or_create(network=network, organisation=organisation)


@transaction.atomic
def user_set_organisation(*, user: User, organisation: Organisation | None) -> User:
    """Move a person to an organisation, and into the group that carries its grants."""
    # Whatever the organisation was before (the admin has saved the new one already), the
    # person leaves every other organisation's group and the grants it carries.
    stale = user.groups.filter(organisation__isnull=False)
    if organisation is not None:
        stale = stale.exclude(organisation=organisation)
    user.groups.remove(*stale)
    user.organisation = organisation
    user.save(update_fields=["organisation"])
    if organisation is not None:
        user.groups.add(organisation.group_id)
    forget_viewer(user)
    return user


def role_check(*, user: User, network: Network, code: str) -> None:
    """Refuse a role the person cannot hold: an unknown one, or outside their organisation's networks."""
    if code not in Role.Code.values:
        raise ValidationError({"code": _("Unknown role.")})
    if code != Role.Code.REPORT_READER and not (
        user.organisation_id
        and NetworkMembership.objects.filter(
            network=network, organisation_id=user.organisation_id
        ).exists()
    ):
        raise ValidationError(
            {"network": _("The person's organisation is not a member of this network.")}
        )


@transaction.atomic
def role_grant(*, user: User, network: Network, code: str) -> Role:
    role_check(user=user, network=network, code=code)
    role, _created = Role.objects.get_or_create(user=user, network=network, code=code)
    forget_viewer(user)
    return role
