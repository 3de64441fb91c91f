from argparse import ArgumentParser, ArgumentTypeError
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from network.events.services import notifications_prune

DEFAULT_DAYS = 90


def _days(text: str) -> int:
    """A whole number of days, 0 or more: a negative age would reach into the future."""
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise ArgumentTypeError(f"not a whole number of days from 0 to 999999: {text!r}")
    return int(text)


class Command(BaseCommand):
    help = "Delete read notifications older than --days days (default 90); unread ones are kept."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=_days,
            default=DEFAULT_DAYS,
            help=f"Age in days beyond which read notifications are deleted (default {DEFAULT_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = notifications_prune(older_than=timedelta(days=options["days"]))
        self.stdout.write(
            f"Deleted {deleted} read notifications older than {options['days']} days."
        )
