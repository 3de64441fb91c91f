"""The audit log: append-only events, each chained to the one before by a SHA-256 hash."""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from network.models import AuditEvent, Network, User

GENESIS = "0" * 64
# Any fixed number will do: it names the lock that keeps the chain in one line on PostgreSQL.
_CHAIN_LOCK = 7_405_011


def _digest(event: AuditEvent) -> str:
    body = {
        "previous": event.previous_hash,
        "created_at": event.created_at.isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "network": event.network_id,
        "remote_addr": event.remote_addr,
        "detail": event.detail,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    """One event to append: what :func:`audit_record` takes, for :func:`audit_record_many`."""

    actor: User | None
    action: str
    obj: Model | None = None
    network: Network | None = None
    remote_addr: str | None = None
    detail: dict | None = None


@transaction.atomic
def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Model | None = None,
    network: Network | None = None,
    remote_addr: str | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain."""
    entry = AuditEntry(actor, action, obj, network, remote_addr, detail)
    return audit_record_many([entry])[0]


@transaction.atomic
def audit_record_many(entries: list[AuditEntry]) -> list[AuditEvent]:
    """Append events to the chain in the order given, in a fixed number of queries: the chain
    is locked (on PostgreSQL) and its last hash read once, the new events chained in memory and
    inserted together."""
    if not entries:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    now = timezone.now().replace(microsecond=0)
    events = []
    for entry in entries:
        obj = entry.obj
        event = AuditEvent(
            created_at=now,
            actor=entry.actor,
            actor_name=getattr(entry.actor, "username", "") or "system",
            action=entry.action,
            object_type=(obj._meta.model_name or "") if obj is not None else "",
            object_id=obj.pk if obj is not None else None,
            network=entry.network,
            remote_addr=entry.remote_addr,
            detail=entry.detail or {},
            previous_hash=previous,
        )
        event.hash = _digest(event)
        previous = event.hash
        events.append(event)
    return AuditEvent.objects.bulk_create(events)


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def audit_verify() -> ChainBreak | None:
    """The first event where the chain breaks, or None when it is whole."""
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return ChainBreak(event.id, "does not follow the event before it (one removed?)")
        if _digest(event) != event.hash:
            return ChainBreak(event.id, "its content does not match its hash (changed?)")
        previous = event.hash
    return None
