from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Samverkan")

    def ready(self) -> None:
        from network.accounts import sessions, two_factor
        from network.core import sqlite

        sqlite.install()
        sessions.connect_signals()
        two_factor.connect_signals()
