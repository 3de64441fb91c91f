from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from network.accounts.two_factor import has_second_factor, remove_devices
from network.core.models import User


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator app and recovery codes, for someone who lost the phone. "
        "At the next sign-in they set up a new app (when their role requires it, before anything "
        "else); their open sessions must verify again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="The username of the person.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No person with the username {options['username']!r}.")
        had_one = has_second_factor(user)
        remove_devices(user)
        if had_one:
            self.stdout.write(f"Two-factor authentication was reset for {user.username}.")
        else:
            self.stdout.write(f"{user.username} had no authenticator app; nothing was set up.")
