"""Checks that every write of free text, directions or organisations shares."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from network.audit.chain import audit_record
from network.models import (
    Network,
    NetworkMembership,
    Organisation,
    StrategicDirection,
    User,
    Visibility,
)
from network.personal_data import contains_identity_number


def refuse_nul_bytes(values: Mapping[str, Any]) -> None:
    errors = {
        name: _("The text holds a NUL character, which is not allowed.")
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    }
    if errors:
        raise ValidationError(errors)


def guard_personal_data(
    *,
    actor: User,
    network: Network,
    texts: Mapping[str, str],
    visibility: str,
    reason: str,
    obj_kind: str,
) -> None:
    """Refuse identity numbers in text seen by the whole network, unless a reason is given.

    A given reason is written to the audit log, with the fields concerned but not their text.
    """
    if visibility != Visibility.NETWORK:
        return
    flagged = sorted(
        name for name, text in texts.items() if text and contains_identity_number(text)
    )
    if not flagged:
        return
    if not (reason or "").strip():
        message = _(
            "The text appears to hold a Swedish personal identity number. Remove it, choose a "
            "narrower visibility, or give a reason in personal_data_reason."
        )
        raise ValidationError({name: message for name in flagged})
    audit_record(
        actor=actor,
        action="personal_data.published",
        network=network,
        detail={"kind": obj_kind, "fields": flagged, "reason": reason.strip()[:1000]},
    )


def directions_from_codes(codes: Iterable[str], field: str) -> list[StrategicDirection]:
    codes = list(dict.fromkeys(codes))
    found = {d.code: d for d in StrategicDirection.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown direction: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}}
        )
    return [found[code] for code in codes]


def check_members(network: Network, organisations: Iterable[Organisation], field: str) -> None:
    ids = {organisation.pk for organisation in organisations}
    members = set(
        NetworkMembership.objects.filter(network=network, organisation_id__in=ids).values_list(
            "organisation_id", flat=True
        )
    )
    if ids - members:
        raise ValidationError({field: _("The organisation is not a member of this network.")})
