"""The directory of contact persons and the public "where to turn" page.

- **The public page** of every network is read by anyone, signed in or not: it is for the
  worried parent or neighbour who has no account. Which networks exist is therefore public too.
- **Changing the page** is for the network's coordinator and superusers. Everyone else who is
  signed in sees the page but may not change it: forbidden, never not found.
- **The directory** (each department's contact persons, with e-mail and telephone) is read by
  everyone taking part in a network, civil society included, since they need to know whom to
  turn to; it lists the contact persons of the networks the reader takes part in, never a
  deactivated account. The anonymous, report readers and outsiders find nothing there.
- **In the admin** the support page of a network, with its lines, is seen and changed by that
  network's coordinator and by superusers; the security chief, who reads the network's work
  there, has nothing to oversee on a public page.
"""

from __future__ import annotations

from django.db.models import Model, Q
from django.utils.translation import gettext as _

from network.access.admin import NO_ABILITIES, AdminAbilities, may_use_admin
from network.access.rules import everything, nothing
from network.access.viewer import COORDINATOR_ROLES, PARTICIPANT_ROLES, Roles, Viewer
from network.errors import Forbidden, NotFound
from network.models import Network, SupportLine, SupportPage

# The roles listed in the directory.
LISTED_ROLES = frozenset({Roles.CONTACT_PERSON})


# The public page


def public_networks_q() -> Q:
    """The networks whose support page anyone reads: all of them."""
    return everything()


def public_network(slug: object) -> Network:
    """A network's public page by its slug; an unknown or malformed slug is not found."""
    if isinstance(slug, str) and slug.isascii():
        found = Network.objects.filter(public_networks_q(), slug=slug).first()
        if found is not None:
            return found
    raise NotFound(_("No such network."))


def may_edit_support_page(viewer: Viewer, network_id: int) -> bool:
    return viewer.has_role(network_id, COORDINATOR_ROLES)


def require_edit_support_page(viewer: Viewer, network_id: int) -> None:
    if not may_edit_support_page(viewer, network_id):
        raise Forbidden(_("Only the network's coordinator changes its support page."))


def support_page_for_change(viewer: Viewer, slug: object) -> Network:
    """The network whose page the viewer is about to change: the page is public, so a network
    that exists is seen by all, and refused to all but its coordinator."""
    network = public_network(slug)
    require_edit_support_page(viewer, network.pk)
    return network


def editable_support_networks_q(viewer: Viewer) -> Q:
    """The networks whose page the viewer changes, for the link on the public page."""
    if viewer.is_superuser:
        return everything()
    ids = viewer.networks_with(COORDINATOR_ROLES)
    return Q(pk__in=ids) if ids else nothing()


# The directory


def may_read_directory(viewer: Viewer) -> bool:
    """Whether the viewer reads any network's directory: for the menu, without a query."""
    return viewer.takes_part_anywhere


def require_directory_reader(viewer: Viewer) -> None:
    if not may_read_directory(viewer):
        raise NotFound(_("Nothing here."))


def directory_networks_q(viewer: Viewer, prefix: str = "") -> Q:
    """The networks whose directory the viewer reads (optionally through a relation)."""
    if viewer.is_superuser:
        return everything(prefix)
    ids = viewer.networks_with(PARTICIPANT_ROLES)
    return Q(**{f"{prefix}pk__in": ids}) if ids else nothing()


def directory_roles_q(viewer: Viewer) -> Q:
    """Rows of ``Role`` listed in the viewer's directory: the contact persons, with an active
    account, of the networks the viewer takes part in. One SQL predicate."""
    if viewer.is_anonymous:
        return nothing()
    if viewer.is_superuser:
        networks = everything("network__")
    else:
        ids = viewer.networks_with(PARTICIPANT_ROLES)
        if not ids:
            return nothing()
        networks = Q(network_id__in=ids)
    return networks & Q(code__in=LISTED_ROLES, user__is_active=True)


# The admin


def admin_support_pages_q(viewer: Viewer, prefix: str = "") -> Q:
    """Support pages (or, with ``prefix="page__"``, their lines) of the networks the viewer
    coordinates."""
    if viewer.is_superuser:
        return everything(prefix)
    ids = viewer.networks_with(COORDINATOR_ROLES)
    return Q(**{f"{prefix}network_id__in": ids}) if ids else nothing()


def admin_support_networks_q(viewer: Viewer) -> Q:
    """The networks the viewer may pick for a new support page in the admin."""
    return editable_support_networks_q(viewer)


def admin_support_abilities(
    viewer: Viewer, model: type[Model], obj: Model | None = None
) -> AdminAbilities:
    """What the viewer does in the admin with support pages or their lines (``obj=None``: with
    some row of ``model``), or with the lines of one page (``obj``, a page or a line).

    A page is changed, never deleted: its lines are removed one by one, with the page's save.
    """
    if not may_use_admin(viewer) or model not in (SupportPage, SupportLine):
        return NO_ABILITIES
    if obj is None:
        writes = viewer.is_superuser or bool(viewer.networks_with(COORDINATOR_ROLES))
    elif isinstance(obj, SupportLine):
        writes = may_edit_support_page(viewer, obj.page.network_id)
    elif isinstance(obj, SupportPage):
        writes = may_edit_support_page(viewer, obj.network_id)
    else:
        writes = False
    if not writes:
        return NO_ABILITIES
    return AdminAbilities(view=True, add=True, change=True, delete=model is SupportLine)
