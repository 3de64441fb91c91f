"""Reads of the support page and of the directory of contact persons.

The support page is shown in the language of the request from columns stored in both languages;
a network that has stored no page shows the built-in lines of :mod:`network.directory.defaults`.
The directory is one query over the roles, filtered by the access layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from django.db.models import F, QuerySet
from django.utils import translation

from network.access import Person, viewer_for
from network.access.directory import (
    directory_roles_q,
    editable_support_networks_q,
    public_networks_q,
)
from network.directory import defaults
from network.models import Network, Organisation, Role, SupportPage, User


def _english(language: str | None = None) -> bool:
    """Whether to show English: for a request under ``/en/``; Swedish otherwise."""
    return (language or translation.get_language() or "sv").startswith("en")


@dataclass(frozen=True)
class Line:
    """One place to turn, in one language."""

    name: str
    phone: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class SupportView:
    """A network's support page as shown, in one language."""

    network: Network
    intro: str
    lines: list[Line]
    stored: bool  # False: nothing is stored and the built-in lines are shown
    updated_at: datetime | None = None


def public_networks() -> QuerySet[Network]:
    """The networks whose support page anyone reads, by name."""
    return Network.objects.filter(public_networks_q()).order_by("name")


def support_page_of(network: Network, language: str | None = None) -> SupportView:
    """The network's page in ``language`` (the active one by default); the built-in lines when
    the network has stored none."""
    english = _english(language)
    page = SupportPage.objects.filter(network=network).prefetch_related("lines").first()
    if page is None:
        return SupportView(
            network=network,
            intro=defaults.INTRO_EN if english else defaults.INTRO_SV,
            lines=[
                Line(
                    name=d.name_en if english else d.name_sv,
                    phone=d.phone,
                    url=d.url,
                    note=d.note_en if english else d.note_sv,
                )
                for d in defaults.LINES
            ],
            stored=False,
        )
    return SupportView(
        network=network,
        intro=page.intro_en if english else page.intro_sv,
        lines=[
            Line(
                name=line.name_en if english else line.name_sv,
                phone=line.phone,
                url=line.url,
                note=line.note_en if english else line.note_sv,
            )
            for line in page.lines.all()  # ordered by position
        ],
        stored=True,
        updated_at=page.updated_at,
    )


def support_page_for_edit(network: Network) -> dict[str, Any]:
    """What the edit form starts from: the stored page in both languages, or the built-in one."""
    page = SupportPage.objects.filter(network=network).prefetch_related("lines").first()
    if page is None:
        return {
            "intro_sv": defaults.INTRO_SV,
            "intro_en": defaults.INTRO_EN,
            "lines": defaults.line_rows(),
        }
    return {
        "intro_sv": page.intro_sv,
        "intro_en": page.intro_en,
        "lines": [
            {
                "name_sv": line.name_sv,
                "name_en": line.name_en,
                "phone": line.phone,
                "url": line.url,
                "note_sv": line.note_sv,
                "note_en": line.note_en,
            }
            for line in page.lines.all()
        ],
    }


def support_networks_editable_by(user: Person) -> QuerySet[Network]:
    return Network.objects.filter(editable_support_networks_q(viewer_for(user))).order_by("name")


# The directory


@dataclass
class Department:
    """A department (or other organisation) and its contact persons in one network."""

    organisation: Organisation | None
    people: list[User] = field(default_factory=list)


@dataclass
class NetworkDirectory:
    network: Network
    departments: list[Department] = field(default_factory=list)


def contact_roles_for(user: Person) -> QuerySet[Role]:
    """The contact persons' roles listed for ``user``, with the person, the department and the
    network: one query, ordered by network, department and name."""
    return (
        Role.objects.filter(directory_roles_q(viewer_for(user)))
        .select_related("user", "user__organisation", "network")
        .order_by(
            "network__name",
            F("user__organisation__name").asc(nulls_last=True),
            "user__last_name",
            "user__first_name",
            "user__username",
            "pk",
        )
    )


def directory_for(user: Person) -> list[NetworkDirectory]:
    """The directory ``user`` reads: per network, per department, its contact persons."""
    result = []
    for _network_id, in_network in groupby(contact_roles_for(user), key=lambda r: r.network_id):
        roles = list(in_network)
        book = NetworkDirectory(network=roles[0].network)
        for _organisation_id, in_department in groupby(roles, key=lambda r: r.user.organisation_id):
            people = [role.user for role in in_department]
            book.departments.append(Department(organisation=people[0].organisation, people=people))
        result.append(book)
    return result
