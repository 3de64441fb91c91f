"""Second-factor devices in the admin: listed and deleted by a superuser, and by nobody else.

django-otp registers admins of its own that show a TOTP device's secret key, its QR code and a
person's recovery codes, and let anyone with the model permission change them. A device is a
person's own credential: a coordinator or a security chief has no business with another person's
secrets, so those admins are replaced here. Only a superuser (:func:`may_manage_accounts`) sees
the list, with no key and no codes; the one write is deleting a device, which is how a person
who lost the phone is let in again (they set up a new app at the next sign-in). The management
command ``reset_two_factor`` does the same from a shell.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

# Imported first so that django-otp's own registrations exist before they are replaced, whichever
# order the admin modules are discovered in.
from django_otp.plugins.otp_static import admin as _otp_static_admin  # noqa: F401
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as _otp_totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.admin.base import CredentialsAdmin

DEVICE_FIELDS: tuple[str, ...] = ("user", "name", "confirmed", "created_at", "last_used_at")

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class DeviceAdmin(CredentialsAdmin):
    """Read-only for a superuser, with delete; every page answers not found to anyone else."""

    list_display = DEVICE_FIELDS
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    ordering = ["user__username", "pk"]
    fields = DEVICE_FIELDS
    readonly_fields = DEVICE_FIELDS

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.manages(request)


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)
