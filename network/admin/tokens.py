"""API tokens in the admin: listed and revoked by a superuser, and by nobody else.

A token is a person's own credential: a coordinator or a security chief, who oversee a network,
have no business with another person's keys, so only a superuser (:func:`may_manage_accounts`)
sees the list at all; to anyone else every page answers as for a missing object. Nobody adds a
token here (a key is shown once, to the person who makes it), nor changes one: its digest, its
person and its scope are what it is. Revoking is the only write, as on the person's own page.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.accounts.models import ApiToken
from network.accounts.tokens import revoke_tokens
from network.admin.base import CredentialsAdmin

# Never the digest: it is of no use to anyone reading, and it is what a key is checked against.
SHOWN = (
    "name",
    "user",
    "prefix",
    "scope",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
)


@admin.register(ApiToken)
class ApiTokenAdmin(CredentialsAdmin):
    list_display = SHOWN
    list_filter = ["scope", "revoked_at", "expires_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    ordering = ["-created_at", "-pk"]
    fields = SHOWN
    readonly_fields = SHOWN
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # The action's permission: the change page itself writes nothing (every field is shown
        # read-only), so a superuser may open it to read a token.
        return self.manages(request)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = revoke_tokens(queryset)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
        )
