"""Reports from the feedback form of the accessibility statement, for the coordinator.

Read and marked handled by the coordinator of any network and by a superuser
(:func:`network.access.admin.may_handle_accessibility_feedback`); what the sender wrote is
never changed here, and nothing is added here: reports come from the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.admin.base import RuledAdmin
from network.models import AccessibilityFeedback

SENT_FIELDS = ["created_at", "language", "page_url", "message", "email"]
READ_ONLY = [*SENT_FIELDS, "handled_at"]


class FeedbackForm(forms.ModelForm):
    """Only whether the report is handled: the moment is set when it is ticked, cleared when
    the tick is taken away (the report was reopened)."""

    handled = forms.BooleanField(label=_("Handled"), required=False)

    class Meta:
        model = AccessibilityFeedback
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handled"].initial = self.instance.handled_at is not None

    def save(self, commit: bool = True) -> AccessibilityFeedback:
        feedback: AccessibilityFeedback = super().save(commit=False)
        if not self.cleaned_data.get("handled"):
            feedback.handled_at = None
        elif feedback.handled_at is None:
            feedback.handled_at = timezone.now()
        if commit:
            feedback.save(update_fields=["handled_at"])
        return feedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(RuledAdmin):
    form = FeedbackForm
    list_display = ["created_at", "summary", "page_url", "language", "is_handled"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter), "language"]
    search_fields = ["message", "page_url"]
    date_hierarchy = "created_at"
    fields = [*SENT_FIELDS, "handled", "handled_at"]
    readonly_fields = READ_ONLY
    actions = ["mark_handled"]

    @admin.display(description=_("message"))
    def summary(self, obj: AccessibilityFeedback) -> str:
        text = " ".join(obj.message.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    @admin.display(description=_("handled"), boolean=True, ordering="handled_at")
    def is_handled(self, obj: AccessibilityFeedback) -> bool:
        return obj.handled_at is not None

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as handled.",
                "%(count)d reports marked as handled.",
                count,
            )
            % {"count": count},
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # The tick box is the form's, not the model's: shown only to whoever may change.
        if not self.has_change_permission(request, obj):
            return list(READ_ONLY)
        return [*SENT_FIELDS, "handled", "handled_at"]
