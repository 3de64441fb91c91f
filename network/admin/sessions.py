"""Signed-in sessions in the admin: read by a superuser, who may end them; nobody else sees them.

A session's key is the credential in its cookie, so it is never shown. Ending goes through
:func:`network.accounts.sessions.end_session`, as on the person's own security page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.accounts.models import SignIn
from network.accounts.sessions import client_address, end_session
from network.admin.base import CredentialsAdmin
from network.models import User


@admin.register(SignIn)
class SignInAdmin(CredentialsAdmin):
    list_display = ("user", "method", "ip_address", "created_at", "last_seen_at")
    list_filter = ("method",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "ip_address")
    fields = ("user", "method", "ip_address", "user_agent", "created_at", "last_seen_at")
    readonly_fields = fields
    list_select_related = ("user",)
    actions = ["end_sessions"]

    def has_end_permission(self, request: HttpRequest) -> bool:
        return self.manages(request)

    @admin.action(description=_("End these sessions"), permissions=["end"])
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        actor = request.user
        assert isinstance(actor, User)  # noqa: S101 - the admin lets only a signed-in user in
        ended = 0
        for sign_in in queryset:
            end_session(sign_in, actor=actor, remote_addr=client_address(request))
            ended += 1
        self.message_user(
            request,
            ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended)
            % {"count": ended},
        )
