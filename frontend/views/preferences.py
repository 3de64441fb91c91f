"""The person's notification settings: how each kind of event is told, network-wide news, and the
mail language."""

from typing import Any, cast

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
    notification_preferences_set,
    notification_settings_for,
)
from network.models import User

LANGUAGE_FIELD = "language"
ALL_NEW_ACTIVITIES_FIELD = "all_new_activities"


def field_name(event: str) -> str:
    """The form field of an event: without the dot, which would end an id in a CSS selector."""
    return event.replace(".", "_")


class NotificationPreferencesForm(AccessibleForm):
    """Network-wide news, one group of radio buttons per event that a service publishes today, and
    the language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Unticked, a checkbox sends nothing: not required, and absent means "no".
        self.fields[ALL_NEW_ACTIVITIES_FIELD] = forms.BooleanField(
            label=gettext_lazy("Tell me about every new activity I may see in my networks"),
            required=False,
            help_text=gettext_lazy(
                "Otherwise you are told of new activities of your own organisation and of those "
                "you take part in or follow."
            ),
        )
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
    chosen = notification_settings_for(request.user)
    initial: dict[str, Any] = {
        field_name(event): delivery for event, delivery in chosen["events"].items()
    }
    initial[LANGUAGE_FIELD] = chosen["language"]
    initial[ALL_NEW_ACTIVITIES_FIELD] = chosen["all_new_activities"]
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                notification_preferences_set(
                    user=cast(User, request.user),  # behind login_required: signed in
                    deliveries={e.value: data[field_name(e.value)] for e in CHOOSABLE_EVENTS},
                    language=data[LANGUAGE_FIELD],
                    all_new_activities=data[ALL_NEW_ACTIVITIES_FIELD],
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
