from typing import Any

from django.core.management.base import BaseCommand

from network.meetings.services import remind_overdue


class Command(BaseCommand):
    help = (
        "Tell the responsible people of each open action item past its due date, once. "
        "Safe to run again: an item already reminded of is not reminded of again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_overdue()
        self.stdout.write(f"Sent {sent} reminders of overdue action items.")
