"""What a person locked out after failed sign-ins is told, on every way in.

django-axes counts the failures and keeps the lock (config/settings.py); the pages, the admin and
the API each answer a locked-out sign-in with this wait and this message.
"""

from datetime import timedelta
from math import ceil

from axes.helpers import get_cool_off
from django.http import HttpRequest
from django.utils.translation import ngettext


def lockout_wait(request: HttpRequest) -> timedelta:
    """How long the lock lasts from now (a failure during the lock starts it anew)."""
    return get_cool_off(request) or timedelta(0)


def lockout_message(request: HttpRequest) -> str:
    minutes = max(1, ceil(lockout_wait(request).total_seconds() / 60))
    return ngettext(
        "Sign-in is locked after too many failed attempts. Try again in %(minutes)d minute, "
        "or ask the central coordinator to lift the lock.",
        "Sign-in is locked after too many failed attempts. Try again in %(minutes)d minutes, "
        "or ask the central coordinator to lift the lock.",
        minutes,
    ) % {"minutes": minutes}
