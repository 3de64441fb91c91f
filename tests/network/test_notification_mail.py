"""Notifications by e-mail: chosen per event, in the person's language, never what they may not see.

The scene: the police member posts updates to the whole network (everyone in it but the police
member is told) or logs an activity with the school department and the association as partners.
"""

from collections.abc import Callable
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from network.activities import services as activity_services
from network.events import mail as event_mail
from network.events.models import Notification, NotificationPreference
from network.events.preferences import (
    CHOOSABLE_EVENTS,
    notification_preferences_set,
    preferences_for,
)
from network.models import Activity, Update, User, Visibility
from tests.conftest import World

Delivery = NotificationPreference.Delivery
ALL_LIVE = {event.value: "live" for event in CHOOSABLE_EVENTS}


@pytest.fixture(autouse=True)
def _addresses(world: World, settings: Any) -> None:
    settings.SITE_URL = "https://samverkan.example.se/"
    for user in User.objects.all():
        user.email = f"{user.username}@example.se"
        user.save(update_fields=["email"])


def _choose(user: User, language: str = "sv", **deliveries: str) -> None:
    chosen = ALL_LIVE | {event.replace("_", "."): d for event, d in deliveries.items()}
    notification_preferences_set(user=user, deliveries=chosen, language=language)


def _post(world: World, capture: Callable, body: str = "Lugnt i centrum i helgen.") -> Update:
    with capture(execute=True):
        return activity_services.update_post(
            author=world.police, network=world.net, body=body, visibility=Visibility.NETWORK
        )


def _log_activity(world: World, capture: Callable) -> Activity:
    with capture(execute=True):
        return activity_services.activity_create(
            author=world.police,
            network=world.net,
            title="Samtal med unga i centrum",
            starts_on=date(2026, 5, 4),
            partners=[world.school, world.association],
            visibility=Visibility.NETWORK,
        )


def _digests() -> str:
    out = StringIO()
    call_command("send_digests", stdout=out)
    return out.getvalue()


def test_a_person_without_a_choice_is_told_live_only(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    assert preferences_for(world.civil) == ALL_LIVE
    _log_activity(world, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=world.civil).count() == 1
    assert mail.outbox == []


def test_a_person_who_chose_nothing_gets_nothing_stored_and_the_others_still_do(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, activity_created=Delivery.NONE)
    _log_activity(world, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=world.civil).exists()
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "samordnare",
        "skola",
    }


def test_nothing_for_one_event_does_not_silence_another(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, activity_created=Delivery.NONE)
    _post(world, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=world.civil, event="update.posted").count() == 1


def test_immediate_mail_is_sent_once_in_swedish_with_the_title_and_an_absolute_link(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, activity_created=Delivery.IMMEDIATE)
    activity = _log_activity(world, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["forening@example.se"]
    assert "Ny insats" in message.subject
    assert "Samtal med unga i centrum" in message.subject
    assert "Samtal med unga i centrum" in message.body
    assert f"https://samverkan.example.se/insatser/{activity.pk}/" in message.body
    assert Notification.objects.get(recipient=world.civil).emailed_at is not None


def test_immediate_mail_is_in_english_with_an_english_link_for_who_chose_english(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, language="en", update_posted=Delivery.IMMEDIATE)
    update = _post(world, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "New update" in message.subject
    assert "https://samverkan.example.se/en/" in message.body
    assert "Open it in Samverkan" in message.body
    assert update.body not in message.body  # the title only, never the post's text


def test_immediate_mail_skips_a_person_without_an_address(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, activity_created=Delivery.IMMEDIATE)
    User.objects.filter(pk=world.civil.pk).update(email="")
    _log_activity(world, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=world.civil).emailed_at is None


def test_a_mail_server_that_fails_does_not_break_the_write(
    world: World, django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(event_mail, "send_mail", refuse)
    _choose(world.civil, activity_created=Delivery.IMMEDIATE)
    _log_activity(world, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=world.civil)
    assert notification.emailed_at is None
    assert Notification.objects.count() == 3


def test_the_digest_is_sent_once_and_a_second_run_sends_nothing(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _post(world, django_capture_on_commit_callbacks, "Första")
    _post(world, django_capture_on_commit_callbacks, "Andra")
    assert mail.outbox == []  # nothing at once
    assert "Sent 1 digests listing 2 notifications." in _digests()
    [message] = mail.outbox
    assert message.to == ["forening@example.se"]
    assert message.subject == "Samverkan: 2 nya notiser"
    assert message.body.count("https://samverkan.example.se/") == 2
    assert not Notification.objects.filter(recipient=world.civil, emailed_at=None).exists()
    assert "Sent 0 digests listing 0 notifications." in _digests()
    assert len(mail.outbox) == 1


def test_a_notification_made_between_runs_is_sent_by_the_next_run(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _post(world, django_capture_on_commit_callbacks)
    _digests()
    _post(world, django_capture_on_commit_callbacks)
    _digests()
    assert len(mail.outbox) == 2
    assert mail.outbox[1].body.count("https://samverkan.example.se/") == 1


def test_a_notification_stored_while_the_digest_is_sent_waits_for_the_next_run(
    world: World, django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    _choose(world.civil, update_posted=Delivery.DIGEST)
    first = _post(world, django_capture_on_commit_callbacks)
    real_send = event_mail.send_mail

    def send_while_another_arrives(*args: Any, **kwargs: Any) -> int:
        Notification.objects.create(
            recipient=world.civil,
            event="update.posted",
            object_type="update",
            object_id=first.pk,
            network=world.net,
            title="Under körningen",
            url="/",
        )
        return real_send(*args, **kwargs)

    monkeypatch.setattr(event_mail, "send_mail", send_while_another_arrives)
    _digests()
    late = Notification.objects.get(title="Under körningen")
    assert late.emailed_at is None
    monkeypatch.setattr(event_mail, "send_mail", real_send)
    _digests()
    assert "Under körningen" in mail.outbox[-1].body
    late.refresh_from_db()
    assert late.emailed_at is not None


def test_the_digest_leaves_out_what_the_person_may_no_longer_see(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _choose(world.contact_person, update_posted=Delivery.DIGEST)
    update = _post(world, django_capture_on_commit_callbacks)
    Update.objects.filter(pk=update.pk).update(visibility=Visibility.AUTHORITIES)
    _digests()
    assert [m.to for m in mail.outbox] == [["skola@example.se"]]
    assert Notification.objects.get(recipient=world.civil).emailed_at is None


def test_the_digest_covers_only_what_happened_since_it_was_chosen(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _post(world, django_capture_on_commit_callbacks)
    Notification.objects.update(created_at=timezone.now() - timedelta(days=30))
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _digests()
    assert mail.outbox == []


def test_saving_the_same_choice_again_keeps_what_the_digest_waits_for(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _post(world, django_capture_on_commit_callbacks)
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _digests()
    assert len(mail.outbox) == 1


def test_the_digest_is_in_english_for_who_chose_english(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, language="en", update_posted=Delivery.DIGEST)
    _post(world, django_capture_on_commit_callbacks)
    _digests()
    [message] = mail.outbox
    assert "1 new notification" in message.subject
    assert "https://samverkan.example.se/en/" in message.body


def test_a_failed_digest_is_left_for_the_next_run_and_the_command_says_so(
    world: World, django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _post(world, django_capture_on_commit_callbacks)
    real_send = event_mail.send_mail

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(event_mail, "send_mail", refuse)
    with pytest.raises(CommandError):
        _digests()
    assert Notification.objects.get(recipient=world.civil).emailed_at is None
    monkeypatch.setattr(event_mail, "send_mail", real_send)
    _digests()
    assert len(mail.outbox) == 1


def test_an_immediate_mail_is_not_sent_again_in_a_digest(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    _choose(world.civil, update_posted=Delivery.IMMEDIATE)
    _post(world, django_capture_on_commit_callbacks)
    _choose(world.civil, update_posted=Delivery.DIGEST)
    _digests()
    assert len(mail.outbox) == 1
