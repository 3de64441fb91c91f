from typing import Any

from django.core.management.base import BaseCommand

from network.accounts.sessions import delete_ended_sign_ins


class Command(BaseCommand):
    help = (
        "Delete the records of sessions that reached their idle timeout or lifetime without a "
        "request to sign them out, so that a person's list shows only live sessions."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = delete_ended_sign_ins()
        self.stdout.write(f"Deleted {deleted} records of ended sessions.")
