"""The person's notification settings: how each kind of event is told, and the mail language."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontend.forms import AccessibleForm
from network.events.preferences import (
    CHOOSABLE_EVENTS,
    Delivery,
    language_for,
    notification_preferences_set,
    preferences_for,
)

LANGUAGE_FIELD = "language"


def field_name(event: str) -> str:
    """The form field of an event: without the dot, which would end an id in a CSS selector."""
    return event.replace(".", "_")


class NotificationPreferencesForm(AccessibleForm):
    """One group of radio buttons per event that a service publishes today, and the language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for event in CHOOSABLE_EVENTS:
            self.fields[field_name(event.value)] = forms.ChoiceField(
                label=event.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": gettext_lazy("Choose one of the ways shown.")},
            )
        self.fields[LANGUAGE_FIELD] = forms.ChoiceField(
            label=gettext_lazy("Language of e-mail"),
            choices=settings.LANGUAGES,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": gettext_lazy("Choose one of the languages shown.")},
        )

    def event_fields(self) -> list[forms.BoundField]:
        return [self[field_name(event.value)] for event in CHOOSABLE_EVENTS]


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    initial: dict[str, str] = {
        field_name(event): delivery for event, delivery in preferences_for(request.user).items()
    }
    initial[LANGUAGE_FIELD] = language_for(request.user)
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                notification_preferences_set(
                    user=request.user,
                    deliveries={e.value: data[field_name(e.value)] for e in CHOOSABLE_EVENTS},
                    language=data[LANGUAGE_FIELD],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Your notification settings were saved."))
                return redirect("frontend:notification_preferences")
    return render(
        request,
        "frontend/notification_preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
