from typing import Any

from django.core.management.base import BaseCommand

from network.situation.services import REVISION_NOTICE_DAYS, remind_revisions


class Command(BaseCommand):
    help = (
        f"Tell the department's contact persons and the coordinator that an action plan's yearly "
        f"revision is due within {REVISION_NOTICE_DAYS} days, and again once it is late. Safe to "
        f"run again: each plan is reminded once ahead and once when late, per due date."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_revisions()
        self.stdout.write(f"Sent {sent} reminders of action plan revisions.")
