"""What serving the app requires beyond what management commands and tests need."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_real_secret_key() -> None:
    """Refuse to serve with DEBUG off on the key generated into ``var/`` for local runs."""
    if not settings.DEBUG and settings.SECRET_KEY_IS_LOCAL:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set SECRET_KEY (or SECRET_KEY_FILE), "
            "or DEBUG=1 for a local run"
        )
