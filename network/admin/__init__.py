"""The Django admin, in Swedish, for those who oversee a network. Writes go through the services.

One module per domain; importing them here registers them when Django discovers the admin.
Every model admin asks ``network.access.admin`` which rows a person sees and what they may do.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from network.admin import (
    accessibility,
    activities,
    audit,
    core,
    directory,
    knowledge,
    lockout,
    meetings,
    people,
    sessions,
    situation,
    tokens,
    two_factor,
)

admin.site.site_header = _("Samverkan administration")
admin.site.site_title = "Samverkan"
admin.site.index_title = _("Administration")

__all__ = [
    "accessibility",
    "activities",
    "audit",
    "core",
    "directory",
    "knowledge",
    "lockout",
    "meetings",
    "people",
    "sessions",
    "situation",
    "tokens",
    "two_factor",
]
