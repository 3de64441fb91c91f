from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Samverkan")

    def ready(self) -> None:
        from network.core import sqlite

        sqlite.install()
