from typing import Any

from django.core.management.base import BaseCommand, CommandError

from network.audit.chain import audit_verify
from network.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit log's hash chain; fail and name the first broken event if it is broken."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = audit_verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at event {broken.event_id}: {broken.reason}")
        self.stdout.write(f"Audit chain intact: {AuditEvent.objects.count()} events.")
