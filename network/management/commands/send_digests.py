from typing import Any

from django.core.management.base import BaseCommand, CommandError

from network.events.mail import digests_send


class Command(BaseCommand):
    help = (
        "E-mail each person who chose a daily digest the notifications not mailed yet. Safe to "
        "run again or at once: a notification is mailed once, and one stored meanwhile waits for "
        "the next run. Run it daily, e.g. from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = digests_send()
        self.stdout.write(f"Sent {run.people} digests listing {run.notifications} notifications.")
        if run.failed:
            # Non-zero so that cron reports it; the failed ones are retried by the next run.
            raise CommandError(f"{run.failed} digests could not be sent; see the log.")
