"""The audit log: read-only, for the security chief of its networks (see ``network.access.admin``)."""

from __future__ import annotations

from django.contrib import admin

from network.admin.base import RuledAdmin, RuledRelatedFilter
from network.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(RuledAdmin):
    """Append-only: the rules let nobody add, change or delete an event."""

    list_display = ["created_at", "actor_name", "action", "object_type", "object_id", "remote_addr"]
    list_filter = ["action", ("network", RuledRelatedFilter)]
    list_select_related = ["network"]
    search_fields = ["actor_name", "action"]
