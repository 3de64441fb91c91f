from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from network.demo import USERS, seed_demo
from network.models import Meeting, User


class Command(BaseCommand):
    help = (
        "Create the demo network of the Helsingborg model, its people, activities and a year of "
        "meetings (idempotent)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--password", default="samverkan", help="password of every demo user")
        parser.add_argument(
            "--activities", type=int, default=400, help="how many activities the network holds"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds users",
        )

    def handle(
        self, *args: Any, password: str, activities: int, if_empty: bool, **options: Any
    ) -> None:
        if if_empty and User.objects.exists():
            self.stdout.write("The database already holds data: no demo data added.")
            return
        if activities < 0:
            raise CommandError("--activities must be zero or more")
        if not password:
            raise CommandError("--password must not be empty")
        network, created = seed_demo(password=password, activities=activities)
        self.stdout.write(f"Demo network: {network.name}")
        self.stdout.write(f"Activities created now: {created}")
        self.stdout.write(
            f"Meetings in the network: {Meeting.objects.filter(network=network).count()}"
        )
        self.stdout.write("Users: " + ", ".join(user.username for user in USERS))
