"""How each person wants to be told: per event, on the page, by e-mail at once, in a digest, or not.

Also the settings that hold for every event: the language of e-mail, and whether the person wants
network-wide news (every new activity they may see in their networks). The selectors answer with
the defaults filled in (``live``, Swedish, no network-wide news), so that no caller has to know
that a person without rows has never opened the settings page. The settings page and the API read
with :func:`notification_settings_for` and write with :func:`notification_preferences_set`.
"""

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.access import Person
from network.events.models import Notification, NotificationPreference, NotificationSettings
from network.models import User

Delivery = NotificationPreference.Delivery

# The events a person can choose for: those that some service publishes today. Add the others
# (meetings, minutes, action items, pictures, plans) here when their features publish them.
# Every event the platform sends: each person chooses how to be told of each.
CHOOSABLE_EVENTS: tuple[Notification.Event, ...] = tuple(Notification.Event)
DEFAULT_DELIVERY = Delivery.LIVE
DEFAULT_LANGUAGE = "sv"
DEFAULT_ALL_NEW_ACTIVITIES = False


class NotificationChoices(TypedDict):
    """Everything a person chose about notifications, with the defaults filled in."""

    language: str
    all_new_activities: bool
    events: dict[str, str]


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def preferences_for(user: Person) -> dict[str, str]:
    """Each choosable event's delivery for the person, ``live`` where nothing was chosen."""
    chosen: dict[str, str] = {}
    if user.pk is not None:
        chosen = dict(
            NotificationPreference.objects.filter(user_id=user.pk).values_list("event", "delivery")
        )
    return {event.value: chosen.get(event.value, DEFAULT_DELIVERY) for event in CHOOSABLE_EVENTS}


def language_for(user: Person) -> str:
    """The language the person's e-mail is written in."""
    return languages_for([user.pk]).get(user.pk, DEFAULT_LANGUAGE) if user.pk else DEFAULT_LANGUAGE


def languages_for(user_ids: Iterable[int]) -> dict[int, str]:
    """The e-mail language of each of the people, in one query; Swedish for those without a row."""
    ids = list(user_ids)
    chosen = dict(
        NotificationSettings.objects.filter(user_id__in=ids).values_list("user_id", "language")
    )
    return {pk: chosen.get(pk, DEFAULT_LANGUAGE) for pk in ids}


def notification_settings_for(user: Person) -> NotificationChoices:
    """The person's language, network-wide news and delivery of each choosable event."""
    row = None
    if user.pk is not None:
        row = (
            NotificationSettings.objects.filter(user_id=user.pk)
            .values("language", "all_new_activities")
            .first()
        )
    return {
        "language": row["language"] if row else DEFAULT_LANGUAGE,
        "all_new_activities": row["all_new_activities"] if row else DEFAULT_ALL_NEW_ACTIVITIES,
        "events": preferences_for(user),
    }


@transaction.atomic
def notification_preferences_set(
    *,
    user: User,
    deliveries: Mapping[str, Any] | None = None,
    language: Any = None,
    all_new_activities: Any = None,
) -> None:
    """Save what the person chose; what is left out (``None``, or an event not named) is kept.

    Everything is checked before anything is written: a refused choice changes nothing at all.
    A delivery that is unchanged keeps the moment it was chosen: the digest covers what happened
    since the digest was chosen, and saving the page again must not move that moment on.
    """
    deliveries = deliveries or {}
    errors: dict[str, list[str]] = {}
    choosable = {event.value for event in CHOOSABLE_EVENTS}
    for event, delivery in deliveries.items():
        if event not in choosable:
            errors.setdefault(event, []).append(_("Not an event you can choose for."))
        elif not isinstance(delivery, str) or delivery not in Delivery.values:
            errors.setdefault(event, []).append(_("Choose one of the ways shown."))
    if language is not None and (not isinstance(language, str) or language not in _languages()):
        errors.setdefault("language", []).append(_("Choose one of the languages shown."))
    # Strictly a boolean: "false" is a non-empty string, and would read as true.
    if all_new_activities is not None and not isinstance(all_new_activities, bool):
        errors.setdefault("all_new_activities", []).append(_("Must be a valid boolean."))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    current = {
        p.event: p
        for p in NotificationPreference.objects.filter(user_id=user.pk).select_for_update()
    }
    for event, delivery in deliveries.items():
        preference = current.get(event)
        if preference is None:
            NotificationPreference.objects.create(
                user_id=user.pk, event=event, delivery=delivery, changed_at=now
            )
        elif preference.delivery != delivery:
            preference.delivery = delivery
            preference.changed_at = now
            preference.save(update_fields=["delivery", "changed_at"])
    chosen: dict[str, Any] = {}
    if language is not None:
        chosen["language"] = language
    if all_new_activities is not None:
        chosen["all_new_activities"] = all_new_activities
    if chosen:
        NotificationSettings.objects.update_or_create(user_id=user.pk, defaults=chosen)
