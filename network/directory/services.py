"""Writes of the support page and of a person's own work telephone.

The pages and the admin call these. A page is stored as a whole: the introduction in both
languages and its lines, exactly as submitted and in the order submitted, or nothing at all.
The page is public, so every change is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.access import viewer_for
from network.access.directory import require_edit_support_page
from network.audit.chain import audit_record
from network.core.checks import refuse_nul_bytes
from network.models import Network, SupportLine, SupportPage, User

LINE_FIELDS = ("name_sv", "name_en", "phone", "url", "note_sv", "note_en")
# More lines than anyone reads on a phone before making the call.
MAX_LINES = 20


def _line(position: int, row: Mapping[str, Any]) -> SupportLine:
    """One line, checked by the model's own rules (the telephone by ``PHONE``)."""
    if not isinstance(row, Mapping):
        raise ValidationError({f"lines.{position - 1}": _("Each line has a name and a number.")})
    unknown = set(row) - set(LINE_FIELDS)
    if unknown:
        raise ValidationError(
            {f"lines.{position - 1}.{name}": _("Unknown field.") for name in sorted(unknown)}
        )
    values = {name: row.get(name, "") for name in LINE_FIELDS}
    if not all(isinstance(value, str) for value in values.values()):
        raise ValidationError({f"lines.{position - 1}": _("Each value is text.")})
    refuse_nul_bytes({f"lines.{position - 1}.{name}": v for name, v in values.items()})
    line = SupportLine(position=position, **values)
    try:
        line.full_clean(exclude=["page"])
    except ValidationError as error:
        raise ValidationError(
            {
                f"lines.{position - 1}.{name}": messages
                for name, messages in error.message_dict.items()
            }
        ) from error
    return line


def _lines(rows: Sequence[Mapping[str, Any]]) -> list[SupportLine]:
    if len(rows) > MAX_LINES:
        raise ValidationError({"lines": _("At most %(count)d lines.") % {"count": MAX_LINES}})
    lines: list[SupportLine] = []
    errors: dict[str, list[str]] = {}
    for position, row in enumerate(rows, start=1):
        try:
            lines.append(_line(position, row))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return lines


@transaction.atomic
def support_page_update(
    *,
    actor: User,
    network: Network,
    intro_sv: str,
    intro_en: str,
    lines: Sequence[Mapping[str, Any]],
    remote_addr: str | None = None,
) -> SupportPage:
    """Store the network's support page: the introductions, and ``lines`` (each a mapping of
    :data:`LINE_FIELDS`) in the order given, replacing those stored. The coordinator's only."""
    require_edit_support_page(viewer_for(actor), network.pk)
    rows = list(lines)
    texts = {"intro_sv": intro_sv, "intro_en": intro_en}
    if not all(isinstance(text, str) for text in texts.values()):
        raise ValidationError({name: _("Enter text.") for name in texts})
    refuse_nul_bytes(texts)
    candidate = SupportPage(network=network, **texts)
    candidate.full_clean(exclude=["network", "updated_by"], validate_unique=False)
    checked = _lines(rows)
    page = SupportPage.objects.select_for_update().filter(network=network).first()
    if page is None:
        page = SupportPage(network=network)
    page.intro_sv, page.intro_en, page.updated_by = intro_sv, intro_en, actor
    page.save()
    page.lines.all().delete()
    for line in checked:
        line.page = page
    SupportLine.objects.bulk_create(checked)
    audit_record(
        actor=actor,
        action="support_page.updated",
        obj=page,
        network=network,
        remote_addr=remote_addr,
        detail={"lines": len(checked)},
    )
    return page


@transaction.atomic
def own_phone_set(*, user: User, phone: str) -> User:
    """Set the person's own work telephone, shown in the directory; empty removes it."""
    if not isinstance(phone, str):
        raise ValidationError({"phone": _("Enter a telephone number.")})
    refuse_nul_bytes({"phone": phone})
    field = User._meta.get_field("phone")
    try:
        field.clean(phone, user)  # max_length and PHONE; the person is left as it was
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error
    user.phone = phone
    user.save(update_fields=["phone"])
    return user
