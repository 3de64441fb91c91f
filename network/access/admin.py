"""The admin: who opens it, which rows each person sees there, and what they may do with them.

The admin is the tool of the people who oversee a network: the central coordinator and the
security chief. A superuser sees and does everything. Django's model permissions stay the coarse
switch a superuser sets per person (``is_staff`` and the ``network`` permissions); these rules
narrow every list, every object and every choice to the networks the person oversees, and decide
what no model permission can say. What a person may not see does not exist for them: its change
page answers as for a missing object.

- **Networks**: seen where the person is coordinator or security chief (:func:`admin_networks`);
  written to where the person is coordinator (:func:`coordinated_networks`). The security chief
  reads. Only a superuser creates or deletes a network.
- **Reporting period**: a coordinator closes more of it, never reopens it: only a superuser
  moves ``reporting_closed_until`` back or clears it, since that would unlock what was reported.
- **Organisations**: the members of the networks the person oversees. A coordinator changes or
  deletes an organisation only when it coordinates every network the organisation belongs to,
  because its kind decides what its people see in each of them. A new organisation joins one of
  the coordinated networks as it is created, so that it does not vanish from its creator's view.
- **People**: those whose organisation is a member of a network the person oversees, those who
  hold a role there, and the person themself. A coordinator changes (names, e-mail, organisation,
  whether active) or deletes a person attached to a network it coordinates when it coordinates
  every network where that person holds a role, and the person is no superuser and holds no
  coordinator or security chief role anywhere; itself it may change, not delete. Only a superuser
  sees or changes ``is_superuser``, ``is_staff``, groups, model permissions or another person's
  password (:func:`may_manage_accounts`); everyone else changes their own password with the
  ordinary password change, which asks for the old one.
- **Roles**: a coordinator grants and revokes member, contact person and report reader in the
  networks it coordinates (:data:`GRANTABLE_BY_COORDINATOR`). Only a superuser grants or revokes
  coordinator and security chief: otherwise a coordinator could appoint coordinators or remove
  the security chief who oversees it. A role is granted or revoked, never edited in place.
- **Activities, updates, taggings, memberships**: those of the networks the person oversees. The
  coordinator tags and deletes activities (never in a closed reporting period) and deletes
  updates; activities and updates are written on the pages and through the API, where the
  services check their content, and the tag history is kept as it was written.
- **Audit log**: read by the security chief, for the networks it is security chief of, and by a
  superuser. An event without a network (a system job such as a disposal) may concern any
  network, so only a superuser reads those. Nobody adds, changes or deletes an event.
- **Sign-in lockouts** (django-axes): the coordinator and the security chief see the attempts
  and logs under the usernames of the people they see; the coordinator unlocks those of people
  attached to a network it coordinates. Attempts under a name that is nobody's (guessing) are
  the superuser's.
- **Strategic directions**: fixed codes; read by anyone who uses the admin, renamed by a superuser.
- **Meetings**: those of the networks the person oversees, drafts included (the coordinator and
  the security chief see every meeting of their network). The coordinator changes a meeting's
  particulars through the service until its minutes are approved; approved minutes and a
  cancelled meeting are read-only, and so are a meeting's agenda, minutes and attendance here
  (they are written on the meeting's page). Nobody adds or deletes a meeting here.
- **Action items**: those of the meetings above; the coordinator moves their status on, also
  after approval, and changes their content while the minutes are open.
- **Meeting series**: those of the networks overseen; the coordinator adds and changes them.
- **Approved minutes** (versions, with their hash): read, never written.
- **Situational pictures, action plans, indicator values** (and a picture's problems and
  versions, a plan's measures): those the person reads by :mod:`network.access.situation`, in
  the networks it oversees; to anyone else (civil society first) the admin does not even show
  that they exist: not in the index, and every one of their pages answers not found. The
  coordinator corrects them through the services (a new version of a picture is kept); nobody
  adds or deletes a picture or a plan here. Versions are read-only.
- **Accessibility feedback** (from the form of the accessibility statement): it concerns the
  service, not a network's content, so the coordinator of any network reads it and marks it
  handled, as does a superuser; nobody else sees it. Nobody adds or deletes it here: it comes
  from the form (:func:`may_handle_accessibility_feedback`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from network.access.activities import activity_abilities
from network.access.rules import nothing
from network.access.situation import (
    keeps,
    may_read_situation,
    picture_visible_q,
    plan_visible_q,
)
from network.access.viewer import COORDINATOR_ROLES, OVERSIGHT_ROLES, SECURITY_ROLES, Viewer
from network.errors import Forbidden, NotFound
from network.models import (
    ActionItem,
    ActionPlan,
    Activity,
    ActivityTagging,
    AuditEvent,
    IndicatorValue,
    Measure,
    Meeting,
    MeetingSeries,
    MinutesVersion,
    Network,
    NetworkMembership,
    Organisation,
    Problem,
    Role,
    SituationPicture,
    SituationPictureVersion,
    Update,
    User,
)

Roles = Role.Code
# The roles a coordinator grants and revokes in the networks it coordinates.
GRANTABLE_BY_COORDINATOR = frozenset({Roles.MEMBER, Roles.CONTACT_PERSON, Roles.REPORT_READER})
# What only a superuser sees or changes on a person.
ACCOUNT_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")
# django-axes' records of sign-ins, by model label: they carry a username, not a network.
LOCKOUT_MODELS = frozenset({"axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"})
# The rows that belong to one meeting: seen with the meeting, in the networks overseen.
MEETING_PART_MODELS = frozenset(
    {
        "network.AgendaItem",
        "network.MinutesEntry",
        "network.Attendance",
        "network.ActionItem",
        "network.MinutesVersion",
        "network.MinutesApproval",
        "network.Invitation",
    }
)

# The rows of situational pictures and action plans, each with the path from it to its picture
# (or plan): their rows follow the strictest rules of the platform, not the network's.
PICTURE_PART_MODELS = {
    "network.SituationPicture": "",
    "network.Problem": "picture__",
    "network.SituationPictureVersion": "picture__",
}
PLAN_PART_MODELS = {
    "network.ActionPlan": "",
    "network.Measure": "plan__",
    "network.IndicatorValue": "measure__plan__",
}
SITUATION_MODELS = frozenset(PICTURE_PART_MODELS) | frozenset(PLAN_PART_MODELS)


@dataclass(frozen=True)
class AdminAbilities:
    """What a person may do in the admin with a kind of row, or with one row."""

    view: bool = False
    add: bool = False
    change: bool = False
    delete: bool = False


NO_ABILITIES = AdminAbilities()


# Whose networks


def admin_networks(viewer: Viewer) -> list[int]:
    """Networks the viewer oversees (coordinator or security chief); for a superuser see the
    predicates below, which answer every network without listing them."""
    return viewer.networks_with(OVERSIGHT_ROLES)


def coordinated_networks(viewer: Viewer) -> list[int]:
    return viewer.networks_with(COORDINATOR_ROLES)


def audited_networks(viewer: Viewer) -> list[int]:
    """Networks whose audit log the viewer reads: those it is security chief of."""
    return viewer.networks_with(SECURITY_ROLES)


def _ids(viewer: Viewer, *, write: bool) -> list[int]:
    return coordinated_networks(viewer) if write else admin_networks(viewer)


def may_use_admin(viewer: Viewer) -> bool:
    """Whether the admin has anything for the viewer at all."""
    return viewer.is_superuser or bool(admin_networks(viewer))


def _coordinates_anywhere(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(coordinated_networks(viewer))


def may_manage_accounts(viewer: Viewer) -> bool:
    """Superuser and staff flags, groups, model permissions, other people's passwords."""
    return viewer.is_superuser


def may_handle_accessibility_feedback(viewer: Viewer) -> bool:
    """Reports of accessibility problems: the coordinator of any network, and a superuser."""
    return _coordinates_anywhere(viewer)


def may_clean_up_lockouts(viewer: Viewer) -> bool:
    """Clearing every expired lockout at once touches everyone's records: a superuser's task."""
    return viewer.is_superuser


# Rows: one SQL predicate per kind of row, for lists and for choices (``write=True``: the rows
# the viewer may pick when writing, in the networks it coordinates).


def in_admin_networks_q(viewer: Viewer, field: str = "network", *, write: bool = False) -> Q:
    """Rows whose ``field`` is a network the viewer oversees (or coordinates, for ``write``)."""
    if viewer.is_superuser:
        return Q()
    ids = _ids(viewer, write=write)
    return Q(**{f"{field}__in": ids}) if ids else nothing()


def admin_networks_q(viewer: Viewer, *, write: bool = False) -> Q:
    return in_admin_networks_q(viewer, "pk", write=write)


def admin_organisations_q(viewer: Viewer, *, write: bool = False) -> Q:
    """Organisations that are members of a network the viewer oversees."""
    if viewer.is_superuser:
        return Q()
    ids = _ids(viewer, write=write)
    if not ids:
        return nothing()
    member = NetworkMembership.objects.filter(organisation_id=OuterRef("pk"), network_id__in=ids)
    return Q(Exists(member))


def admin_people_q(viewer: Viewer, *, write: bool = False) -> Q:
    """People whose organisation is a member of a network the viewer oversees, people with a
    role there, and the viewer."""
    if viewer.is_superuser:
        return Q()
    ids = _ids(viewer, write=write)
    own = Q(pk=viewer.user_id) if viewer.user_id is not None else nothing()
    if not ids:
        return own
    in_member = NetworkMembership.objects.filter(
        organisation_id=OuterRef("organisation_id"), network_id__in=ids
    )
    with_role = Role.objects.filter(user_id=OuterRef("pk"), network_id__in=ids)
    return Q(Exists(in_member)) | Q(Exists(with_role)) | own


def admin_audit_events_q(viewer: Viewer) -> Q:
    if viewer.is_superuser:
        return Q()
    ids = audited_networks(viewer)
    return Q(network_id__in=ids) if ids else nothing()


def admin_lockouts_q(viewer: Viewer, *, write: bool = False) -> Q:
    """Sign-in records under the username of a person the viewer sees (or may unlock)."""
    if viewer.is_superuser:
        return Q()
    if not _ids(viewer, write=write):
        return nothing()
    people = User.objects.filter(admin_people_q(viewer, write=write)).values("username")
    return Q(username__in=people)


def admin_situation_rows_q(viewer: Viewer, model: type[Model], *, write: bool = False) -> Q:
    """Rows of pictures and plans the viewer reads, in the networks it oversees (or
    coordinates, for ``write``): the reading rule and the admin's rule, both."""
    label = model._meta.label
    if label in PICTURE_PART_MODELS:
        prefix = PICTURE_PART_MODELS[label]
        readable = picture_visible_q(viewer, prefix)
    else:
        prefix = PLAN_PART_MODELS[label]
        readable = plan_visible_q(viewer, prefix)
    return readable & in_admin_networks_q(viewer, f"{prefix}network", write=write)


def admin_rows_q(viewer: Viewer, model: type[Model], *, write: bool = False) -> Q:
    """The rows of ``model`` the viewer sees in the admin, or may pick when writing."""
    label = model._meta.label
    if label in SITUATION_MODELS:
        return admin_situation_rows_q(viewer, model, write=write)
    if label == "network.Network":
        return admin_networks_q(viewer, write=write)
    if label == "network.Organisation":
        return admin_organisations_q(viewer, write=write)
    if label == "network.User":
        return admin_people_q(viewer, write=write)
    if label in ("network.Activity", "network.Update", "network.Role", "network.NetworkMembership"):
        return in_admin_networks_q(viewer, "network", write=write)
    if label == "network.ActivityTagging":
        return in_admin_networks_q(viewer, "activity__network", write=write)
    if label in ("network.Meeting", "network.MeetingSeries"):
        return in_admin_networks_q(viewer, "network", write=write)
    if label in MEETING_PART_MODELS:
        return in_admin_networks_q(viewer, "meeting__network", write=write)
    if label == "network.AuditEvent":
        return admin_audit_events_q(viewer)
    if label == "network.StrategicDirection":
        return Q() if may_use_admin(viewer) else nothing()
    if label in LOCKOUT_MODELS:
        return admin_lockouts_q(viewer, write=write)
    if label == "network.AccessibilityFeedback":
        return Q() if may_handle_accessibility_feedback(viewer) else nothing()
    return Q() if viewer.is_superuser else nothing()


def _row_in(viewer: Viewer, obj: Model, *, write: bool = False) -> bool:
    model = type(obj)
    rows: QuerySet[Model] = model._default_manager.filter(pk=obj.pk)
    return rows.filter(admin_rows_q(viewer, model, write=write)).exists()


# Abilities: for a kind of row (``obj=None``: may the viewer do it to some row?) and for one row


def admin_model_abilities(viewer: Viewer, model: type[Model]) -> AdminAbilities:
    if not may_use_admin(viewer):
        return NO_ABILITIES
    superuser = viewer.is_superuser
    coordinates = _coordinates_anywhere(viewer)
    label = model._meta.label
    if label == "network.Network":
        return AdminAbilities(view=True, add=superuser, change=coordinates, delete=superuser)
    if label in ("network.Organisation", "network.User"):
        return AdminAbilities(view=True, add=coordinates, change=coordinates, delete=coordinates)
    if label in ("network.Role", "network.NetworkMembership"):
        return AdminAbilities(view=True, add=coordinates, delete=coordinates)
    if label == "network.Activity":
        return AdminAbilities(view=True, change=coordinates, delete=coordinates)
    if label == "network.Update":
        return AdminAbilities(view=True, delete=coordinates)
    if label == "network.ActivityTagging":
        return AdminAbilities(view=True)
    if label in ("network.Meeting", "network.ActionItem"):
        return AdminAbilities(view=True, change=coordinates)
    if label == "network.MeetingSeries":
        return AdminAbilities(view=True, add=coordinates, change=coordinates)
    if label in MEETING_PART_MODELS:
        return AdminAbilities(view=True)
    if label == "network.AuditEvent":
        return AdminAbilities(view=superuser or bool(audited_networks(viewer)))
    if label == "network.StrategicDirection":
        return AdminAbilities(view=True, change=superuser)
    if label == "axes.AccessAttempt":
        return AdminAbilities(view=True, delete=coordinates)
    if label in LOCKOUT_MODELS:
        return AdminAbilities(view=True, delete=superuser)
    if label in SITUATION_MODELS:
        return _situation_model_abilities(viewer, label, coordinates)
    if label == "network.AccessibilityFeedback":
        handles = may_handle_accessibility_feedback(viewer)
        return AdminAbilities(view=handles, change=handles)
    return AdminAbilities(view=superuser, add=superuser, change=superuser, delete=superuser)


def _situation_model_abilities(viewer: Viewer, label: str, coordinates: bool) -> AdminAbilities:
    """Pictures and plans are made on the pages; here the coordinator corrects them through the
    services, which keep a picture's versions. Nothing here deletes a picture, a plan or a
    measure: no service does, and a measure may carry activities and values."""
    if not may_read_situation(viewer):
        return NO_ABILITIES  # civil society: the admin does not show that they exist
    if label == "network.Problem":
        return AdminAbilities(view=True, add=coordinates, change=coordinates, delete=coordinates)
    if label == "network.Measure":
        return AdminAbilities(view=True, add=coordinates, change=coordinates)
    if label == "network.SituationPictureVersion":
        return AdminAbilities(view=True)
    return AdminAbilities(view=True, change=coordinates)


def require_admin_model_view(viewer: Viewer, model: type[Model]) -> None:
    """Not found, rather than the admin's "forbidden", for a kind of row whose very existence
    is withheld from the viewer (situational pictures from civil society)."""
    if not admin_model_abilities(viewer, model).view:
        raise NotFound(_("Nothing here."))


def admin_object_abilities(viewer: Viewer, obj: Model) -> AdminAbilities:
    """What the viewer may do with one row; nothing at all with a row it does not see."""
    kind = admin_model_abilities(viewer, type(obj))
    if not kind.view:
        return NO_ABILITIES
    if isinstance(obj, Network):
        return _network_abilities(viewer, obj, kind)
    if isinstance(obj, Organisation):
        return _organisation_abilities(viewer, obj, kind)
    if isinstance(obj, User):
        return _person_abilities(viewer, obj, kind)
    if isinstance(obj, Role):
        return _in_network(viewer, obj.network_id, kind, delete=may_revoke(viewer, obj))
    if isinstance(obj, NetworkMembership | Update):
        return _in_network(viewer, obj.network_id, kind)
    if isinstance(obj, Activity):
        delete = kind.delete and activity_abilities(viewer, obj).delete
        return _in_network(viewer, obj.network_id, kind, delete=delete)
    if isinstance(obj, ActivityTagging):
        return _in_network(viewer, obj.activity.network_id, kind)
    if isinstance(obj, Meeting):
        found = _in_network(viewer, obj.network_id, kind)
        # Approved minutes change only as a new version (on the meeting's page), and a
        # cancelled meeting not at all: here both are read-only.
        still_open = obj.state not in (Meeting.State.APPROVED, Meeting.State.CANCELLED)
        return AdminAbilities(view=found.view, change=found.change and still_open)
    if isinstance(obj, MeetingSeries):
        return _in_network(viewer, obj.network_id, kind)
    if isinstance(obj, ActionItem | MinutesVersion):
        return _in_network(viewer, obj.meeting.network_id, kind)
    if obj._meta.label in MEETING_PART_MODELS:
        return _in_network(viewer, obj.meeting.network_id, kind)  # type: ignore[attr-defined]
    if isinstance(obj, AuditEvent):
        return AdminAbilities(
            view=viewer.is_superuser or obj.network_id in audited_networks(viewer)
        )
    if obj._meta.label in SITUATION_MODELS:
        return _situation_object_abilities(viewer, obj, kind)
    if obj._meta.label in LOCKOUT_MODELS:
        if viewer.is_superuser:
            return kind
        seen = _row_in(viewer, obj)
        unlock = seen and kind.delete and _row_in(viewer, obj, write=True)
        return AdminAbilities(view=seen, delete=unlock)
    return kind


def _situation_object_abilities(viewer: Viewer, obj: Model, kind: AdminAbilities) -> AdminAbilities:
    """Seen if read (in a network overseen); written by whoever keeps the department's
    picture and plan, in a network it coordinates."""
    if not _row_in(viewer, obj):
        return NO_ABILITIES
    owner: SituationPicture | ActionPlan
    if isinstance(obj, SituationPicture | ActionPlan):
        owner = obj
    elif isinstance(obj, Problem | SituationPictureVersion):
        owner = obj.picture
    elif isinstance(obj, Measure):
        owner = obj.plan
    elif isinstance(obj, IndicatorValue):
        owner = obj.measure.plan
    else:
        return NO_ABILITIES
    writes = viewer.has_role(owner.network_id, COORDINATOR_ROLES) and keeps(
        viewer, owner.network_id, owner.department_id
    )
    return AdminAbilities(
        view=True,
        add=kind.add and writes,
        change=kind.change and writes,
        delete=kind.delete and writes,
    )


def _in_network(
    viewer: Viewer, network_id: int, kind: AdminAbilities, *, delete: bool = True
) -> AdminAbilities:
    """For a row of one network: seen where overseen, written where coordinated."""
    if not (viewer.is_superuser or network_id in admin_networks(viewer)):
        return NO_ABILITIES
    writes = viewer.has_role(network_id, COORDINATOR_ROLES)
    return AdminAbilities(
        view=True,
        add=kind.add and writes,
        change=kind.change and writes,
        delete=kind.delete and writes and delete,
    )


def _network_abilities(viewer: Viewer, network: Network, kind: AdminAbilities) -> AdminAbilities:
    if not (viewer.is_superuser or network.pk in admin_networks(viewer)):
        return NO_ABILITIES
    return AdminAbilities(
        view=True,
        change=kind.change and viewer.has_role(network.pk, COORDINATOR_ROLES),
        delete=kind.delete,
    )


def _organisation_abilities(
    viewer: Viewer, organisation: Organisation, kind: AdminAbilities
) -> AdminAbilities:
    if viewer.is_superuser:
        return kind
    belongs = set(
        NetworkMembership.objects.filter(organisation_id=organisation.pk).values_list(
            "network_id", flat=True
        )
    )
    if not belongs & set(admin_networks(viewer)):
        return NO_ABILITIES
    writes = belongs <= set(coordinated_networks(viewer))
    return AdminAbilities(view=True, change=kind.change and writes, delete=kind.delete and writes)


def _person_abilities(viewer: Viewer, person: User, kind: AdminAbilities) -> AdminAbilities:
    if viewer.is_superuser:
        return kind
    if person.pk == viewer.user_id:
        return AdminAbilities(view=True, change=True)
    if not _row_in(viewer, person):
        return NO_ABILITIES
    writes = (
        kind.change
        and not person.is_superuser
        and _row_in(viewer, person, write=True)
        and _roles_all_grantable(viewer, person)
    )
    return AdminAbilities(view=True, change=writes, delete=writes)


def _roles_all_grantable(viewer: Viewer, person: User) -> bool:
    """Whether every role the person holds is one the viewer could grant: the person holds no
    oversight role, and no role in a network the viewer does not coordinate."""
    held = Role.objects.filter(user_id=person.pk).values_list("network_id", "code")
    coordinated = set(coordinated_networks(viewer))
    return all(nid in coordinated and code in GRANTABLE_BY_COORDINATOR for nid, code in held)


# Roles


def grantable_roles(viewer: Viewer, network_id: int | None = None) -> frozenset[str]:
    """The role codes the viewer may grant (in one network, or in some network)."""
    if viewer.is_superuser:
        return frozenset(Roles.values)
    if network_id is None:
        return GRANTABLE_BY_COORDINATOR if coordinated_networks(viewer) else frozenset()
    if viewer.has_role(network_id, COORDINATOR_ROLES):
        return GRANTABLE_BY_COORDINATOR
    return frozenset()


def require_role_grant(viewer: Viewer, *, network_id: int, code: str) -> None:
    """Refuse a grant the viewer may not make: outside its networks, or an oversight role.

    A coordinator may grant member, contact person and report reader in the networks it
    coordinates; only a superuser grants coordinator and security chief.
    """
    if viewer.is_superuser:
        return
    if not viewer.has_role(network_id, COORDINATOR_ROLES):
        raise Forbidden(_("You may grant roles only in the networks you coordinate."))
    if code not in GRANTABLE_BY_COORDINATOR:
        raise Forbidden(_("Only a superuser grants the roles of coordinator and security chief."))


def may_revoke(viewer: Viewer, role: Role) -> bool:
    """Revoking follows the same rule as granting."""
    try:
        require_role_grant(viewer, network_id=role.network_id, code=role.code)
    except Forbidden:
        return False
    return True


# Reporting periods


def require_reporting_period_change(
    viewer: Viewer, *, network: Network, closed_until: date | None
) -> None:
    """Refuse to reopen a closed reporting period to anyone but a superuser."""
    current = network.reporting_closed_until
    if viewer.is_superuser or current is None:
        return
    if closed_until is None or closed_until < current:
        raise Forbidden(
            _("Only a superuser reopens a closed reporting period (closed until %(date)s).")
            % {"date": current.isoformat()}
        )
