"""Sign-in lockouts (django-axes): who sees the failed sign-ins, and who unlocks them.

django-axes registers its own admin for its records; when it is installed, that admin is
replaced by one that asks :mod:`network.access.admin`. Nobody is granted axes' model
permissions, so here the rule alone decides: the coordinator and the security chief see the
records under the usernames of the people they see; the coordinator unlocks. Deleting an
attempt unlocks it as well (with axes' database handler); the "Unlock" action also clears the
person's attempts from whichever handler axes uses.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network.access.admin import may_clean_up_lockouts
from network.admin.base import RuledAdmin, viewer_of


class LockoutAdmin(RuledAdmin):
    """Read-only, for the rule alone; no one adds or edits a record of a sign-in."""

    needs_model_permission = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def unlock_people(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    """Clear every failed sign-in of the selected people, so that they may sign in again."""
    from axes.utils import reset

    usernames = {name for name in queryset.values_list("username", flat=True) if name}
    # ``reset`` without a username would clear everyone's attempts: only named ones here.
    cleared = sum(reset(username=name) for name in sorted(usernames))
    model_admin.message_user(
        request,
        gettext("%(people)d people unlocked (%(attempts)d failed sign-ins cleared).")
        % {"people": len(usernames), "attempts": cleared},
    )


def register() -> None:
    from axes import admin as axes_admin  # registers axes' own admin first, to be replaced
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    class AccessAttemptAdmin(LockoutAdmin, axes_admin.AccessAttemptAdmin):
        actions = ["unlock", "cleanup_expired_attempts"]

        @admin.action(
            description=_("Unlock: clear the person's failed sign-ins"), permissions=["delete"]
        )
        def unlock(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
            unlock_people(self, request, queryset)

        @admin.action(description=_("Clean up expired attempts"), permissions=["clean_up"])
        def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
            super().cleanup_expired_attempts(request, queryset)

        def has_clean_up_permission(self, request: HttpRequest) -> bool:
            return may_clean_up_lockouts(viewer_of(request))

    class AccessLogAdmin(LockoutAdmin, axes_admin.AccessLogAdmin):
        pass

    class AccessFailureLogAdmin(LockoutAdmin, axes_admin.AccessFailureLogAdmin):
        pass

    for model, model_admin in (
        (AccessAttempt, AccessAttemptAdmin),
        (AccessLog, AccessLogAdmin),
        (AccessFailureLog, AccessFailureLogAdmin),
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)


if apps.is_installed("axes"):
    register()
