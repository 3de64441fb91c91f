"""Events: published after commit only, to exactly the people concerned who may see the object.

The scene for every event: Polisen leads an activity (logged by the police member) with the
school department and the association as partners; the coordinator changes and tags it; the
police member posts updates, on it and on the network. Each is tried at every visibility.

| event                      | actor       | organisation   | authorities            | network   |
|----------------------------|-------------|----------------|------------------------|-----------|
| activity.created           | police      | coordinator    | + contact person       | + civil   |
| activity.updated / .tagged | coordinator | police         | + contact person       | + civil   |
| update.posted (activity)   | police      | nobody         | contact person         | + civil   |
| update.posted (network)    | police      | coordinator,   | + contact person       | + civil   |
|                            |             | security chief |                        |           |
"""

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from network.access import activity_audience, update_audience
from network.activities import services as activity_services
from network.events.models import ActivityFollow, Notification, NotificationSettings
from network.events.publish import (
    BATCH,
    batch,
    deliver,
    message,
    network_group,
    shared_message,
    user_group,
)
from network.events.types import Event
from network.models import Activity, Update, User, Visibility
from tests.conftest import PERSONAS, World

VISIBILITIES = [Visibility.ORGANISATION, Visibility.AUTHORITIES, Visibility.NETWORK]
KINDS = ["activity.created", "activity.updated", "activity.tagged", "update.posted"]
MESSAGE_KEYS = {"id", "event", "created_at", "object", "title", "url"}


def _lead_activity(world: World, visibility: str) -> Activity:
    return activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Samtal med unga i centrum",
        starts_on=date(2026, 5, 4),
        partners=[world.school, world.association],
        visibility=visibility,
    )


def _act(world: World, case: str, visibility: str, activity: Activity | None) -> Activity | Update:
    """Do what publishes the event of ``case``; ``activity`` is the one made beforehand."""
    if case == "activity.created":
        return _lead_activity(world, visibility)
    assert activity is not None
    if case == "activity.updated":
        return activity_services.activity_update(
            activity=activity, actor=world.coordinator, participants_count=14
        )
    if case == "activity.tagged":
        return activity_services.activity_tag(
            activity=activity, actor=world.coordinator, directions=["prevention"]
        )
    return activity_services.update_post(
        author=world.police,
        network=world.net,
        activity=activity if case == "update.posted" else None,
        body="Samtalen fortsätter nästa vecka.",
        visibility=visibility,
    )


def _prepare(world: World, case: str, visibility: str) -> Activity | None:
    """The activity the event is about, made before (its own event is not the one tested)."""
    return None if case == "activity.created" else _lead_activity(world, visibility)


class Recorder:
    """Stands in for ``publish``: keeps the events the services hand it."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)


class FakeSend:
    """Stands in for the channel layer's ``group_send``: keeps what it is handed."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, group: str, payload: dict[str, Any]) -> None:
        self.sent.append((group, payload))


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recording = Recorder()
    monkeypatch.setattr(activity_services, "publish", recording)
    return recording


def _names(world: World, user_ids: set[int]) -> set[str]:
    by_id = {world.persona(name).pk: name for name in PERSONAS}
    assert user_ids <= set(by_id), "someone other than the personas was told"
    return {by_id[user_id] for user_id in user_ids}


# Published after commit, never for a transaction that rolls back


@pytest.mark.parametrize("case", KINDS)
def test_each_event_is_published_only_after_the_transaction_commits(
    world: World, django_capture_on_commit_callbacks: Callable, case: str
) -> None:
    activity = _prepare(world, case, Visibility.NETWORK)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _act(world, case, Visibility.NETWORK, activity)
        assert not Notification.objects.exists()

    assert len(callbacks) == 1
    stored = Notification.objects.filter(event=case)
    assert stored.exists()
    assert set(stored.values_list("event", flat=True)) == {case}


class RolledBack(Exception):
    pass


@pytest.mark.parametrize("case", KINDS)
def test_nothing_is_stored_or_sent_for_a_transaction_that_rolls_back(
    world: World, django_capture_on_commit_callbacks: Callable, case: str
) -> None:
    activity = _prepare(world, case, Visibility.NETWORK)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RolledBack), transaction.atomic():
            _act(world, case, Visibility.NETWORK, activity)
            raise RolledBack

    assert callbacks == []
    assert not Notification.objects.exists()


# Who is told


EXPECTED = {
    "activity.created": {
        Visibility.ORGANISATION: {"coordinator"},
        Visibility.AUTHORITIES: {"coordinator", "contact_person"},
        Visibility.NETWORK: {"coordinator", "contact_person", "civil"},
    },
    "activity.updated": {
        Visibility.ORGANISATION: {"police"},
        Visibility.AUTHORITIES: {"police", "contact_person"},
        Visibility.NETWORK: {"police", "contact_person", "civil"},
    },
    "activity.tagged": {
        Visibility.ORGANISATION: {"police"},
        Visibility.AUTHORITIES: {"police", "contact_person"},
        Visibility.NETWORK: {"police", "contact_person", "civil"},
    },
    "update.posted": {
        Visibility.ORGANISATION: set(),
        Visibility.AUTHORITIES: {"contact_person"},
        Visibility.NETWORK: {"contact_person", "civil"},
    },
    "update.posted to the network": {
        Visibility.ORGANISATION: {"coordinator", "security_chief"},
        Visibility.AUTHORITIES: {"coordinator", "security_chief", "contact_person"},
        Visibility.NETWORK: {"coordinator", "security_chief", "contact_person", "civil"},
    },
}
CASES = [
    pytest.param(case, visibility, expected, id=f"{case}-{visibility}")
    for case, by_visibility in EXPECTED.items()
    for visibility, expected in by_visibility.items()
]


def _deliver_what_was_published(
    world: World, recorder: Recorder, case: str, visibility: str
) -> tuple[Event, Activity | Update, list[Notification], FakeSend]:
    activity = _prepare(world, case, visibility)
    obj = _act(world, case, visibility, activity)
    event = recorder.events[-1]
    send = FakeSend()
    return event, obj, deliver(event, send=send), send


@pytest.mark.parametrize(("case", "visibility", "expected"), CASES)
def test_exactly_the_people_concerned_who_may_see_the_object_are_told(
    world: World, recorder: Recorder, case: str, visibility: str, expected: set[str]
) -> None:
    event, obj, notifications, _send = _deliver_what_was_published(
        world, recorder, case, visibility
    )

    told = {notification.recipient_id for notification in notifications}
    assert _names(world, told) == expected
    audience = activity_audience(obj) if isinstance(obj, Activity) else update_audience(obj)
    assert told <= set(audience.values_list("pk", flat=True))
    assert event["actor"] not in told
    assert len(notifications) == len(told)  # one each


@pytest.mark.parametrize(("case", "visibility", "expected"), CASES)
def test_what_is_stored_is_what_the_channel_layer_is_handed(
    world: World, recorder: Recorder, case: str, visibility: str, expected: set[str]
) -> None:
    _event, obj, notifications, send = _deliver_what_was_published(
        world, recorder, case, visibility
    )

    # Everyone told takes part in the network: one message for all of them, to its group.
    if not notifications:
        assert send.sent == []
    else:
        shared = shared_message(notifications[0])
        pairs = [(n.recipient_id, n.pk) for n in notifications]
        assert send.sent == [(network_group(world.net.pk), batch(shared, pairs))]
        payload = send.sent[0][1]
        assert payload["type"] == BATCH
        assert payload["users"] == sorted(payload["users"])  # ascending, for the sockets' search
        assert [message(n) for n in notifications] == [
            {"id": i, **payload["message"]} for i in payload["ids"]
        ]
    object_type = "activity" if isinstance(obj, Activity) else "update"
    assert Notification.objects.filter(object_type=object_type, object_id=obj.pk).count() == len(
        expected
    )


@pytest.mark.parametrize("case", list(EXPECTED))
@pytest.mark.parametrize("visibility", [Visibility.ORGANISATION, Visibility.AUTHORITIES])
def test_a_civil_society_member_is_never_told_of_an_authorities_or_organisation_object(
    world: World, recorder: Recorder, case: str, visibility: str
) -> None:
    _event, _obj, notifications, send = _deliver_what_was_published(
        world, recorder, case, visibility
    )

    assert world.civil.pk not in {notification.recipient_id for notification in notifications}
    assert user_group(world.civil.pk) not in {group for group, _payload in send.sent}
    assert all(world.civil.pk not in payload["users"] for _group, payload in send.sent)


@pytest.mark.parametrize("case", list(EXPECTED))
def test_report_readers_outsiders_and_other_networks_are_never_told(
    world: World, recorder: Recorder, case: str
) -> None:
    _event, _obj, notifications, _send = _deliver_what_was_published(
        world, recorder, case, Visibility.NETWORK
    )

    told = {notification.recipient_id for notification in notifications}
    assert not told & {world.report_reader.pk, world.outsider.pk, world.other_member.pk}


def test_a_deactivated_person_is_told_nothing(world: World, recorder: Recorder) -> None:
    User.objects.filter(pk=world.civil.pk).update(is_active=False)

    _event, _obj, notifications, _send = _deliver_what_was_published(
        world, recorder, "activity.updated", Visibility.NETWORK
    )

    assert _names(world, {n.recipient_id for n in notifications}) == {"police", "contact_person"}


def test_a_batch_survives_msgpack_as_the_redis_layer_carries_it(
    world: World, recorder: Recorder
) -> None:
    msgpack = pytest.importorskip("msgpack")
    _event, _obj, _notifications, send = _deliver_what_was_published(
        world, recorder, "activity.created", Visibility.NETWORK
    )

    for _group, payload in send.sent:
        assert msgpack.unpackb(msgpack.packb(payload)) == payload


def test_someone_granted_the_object_outside_the_network_is_sent_it_through_their_own_group(
    world: World, recorder: Recorder
) -> None:
    activity = _lead_activity(world, Visibility.ORGANISATION)
    assign_perm("network.view_activity", world.other_member, activity)
    ActivityFollow.objects.create(user=world.other_member, activity=activity, following=True)
    send = FakeSend()

    notifications = deliver(
        {"event": "activity.updated", "activity": activity.pk, "actor": world.coordinator.pk},
        send=send,
    )

    granted = next(n for n in notifications if n.recipient_id == world.other_member.pk)
    others = [n for n in notifications if n.recipient_id != world.other_member.pk]
    shared = shared_message(granted)
    assert send.sent == [
        (network_group(world.net.pk), batch(shared, [(n.recipient_id, n.pk) for n in others])),
        (user_group(world.other_member.pk), batch(shared, [(granted.recipient_id, granted.pk)])),
    ]


def test_a_person_who_chose_network_news_is_told_of_every_new_activity_they_may_see(
    world: World, recorder: Recorder
) -> None:
    for persona in ("civil", "contact_person", "other_member", "outsider"):
        NotificationSettings.objects.create(user=world.persona(persona), all_new_activities=True)

    told = {}
    for visibility in VISIBILITIES:
        activity_services.activity_create(
            author=world.police,
            network=world.net,
            title="Utan partner",
            starts_on=date(2026, 5, 4),
            visibility=visibility,
        )
        notifications = deliver(recorder.events[-1], send=FakeSend())
        told[visibility] = _names(world, {n.recipient_id for n in notifications})

    assert told == {
        Visibility.ORGANISATION: {"coordinator"},
        Visibility.AUTHORITIES: {"coordinator", "contact_person"},
        Visibility.NETWORK: {"coordinator", "contact_person", "civil"},
    }


def test_network_news_is_about_new_activities_only(world: World, recorder: Recorder) -> None:
    NotificationSettings.objects.create(user=world.contact_person, all_new_activities=True)
    activity = activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Utan partner",
        starts_on=date(2026, 5, 4),
        visibility=Visibility.NETWORK,
    )
    created = deliver(recorder.events[-1], send=FakeSend())
    activity_services.activity_update(activity=activity, actor=world.police, participants_count=2)
    updated = deliver(recorder.events[-1], send=FakeSend())

    assert world.contact_person.pk in {n.recipient_id for n in created}
    assert world.contact_person.pk not in {n.recipient_id for n in updated}


def test_an_object_deleted_before_delivery_tells_no_one(world: World) -> None:
    send = FakeSend()

    notifications = deliver(
        {"event": "activity.updated", "activity": 2**40, "actor": None}, send=send
    )

    assert notifications == [] and send.sent == []


# The message


@pytest.mark.parametrize("case", list(EXPECTED))
def test_the_message_survives_a_json_round_trip_and_has_exactly_the_contract_keys(
    world: World, recorder: Recorder, case: str
) -> None:
    event, obj, notifications, _send = _deliver_what_was_published(
        world, recorder, case, Visibility.NETWORK
    )

    assert notifications
    stored = Notification.objects.filter(pk__in=[n.pk for n in notifications])
    assert [message(n) for n in notifications] == [message(n) for n in stored.order_by("recipient")]
    for notification in notifications:
        sent = message(notification)
        assert json.loads(json.dumps(sent)) == sent
        assert set(sent) == MESSAGE_KEYS
        assert set(sent["object"]) == {"type", "id"}
        assert sent["event"] == event["event"]
        assert sent["object"] == {
            "type": "activity" if isinstance(obj, Activity) else "update",
            "id": obj.pk,
        }
        assert isinstance(sent["id"], int) and sent["id"] == notification.pk
        assert sent["url"].startswith("/")
        assert datetime.fromisoformat(sent["created_at"]).tzinfo is not None


def test_a_channel_layer_that_fails_loses_no_stored_notification(
    world: World, recorder: Recorder
) -> None:
    activity = _lead_activity(world, Visibility.NETWORK)

    def broken(group: str, payload: dict[str, Any]) -> None:
        raise ConnectionError("the channel layer is down")

    notifications = deliver(recorder.events[-1], send=broken)

    assert notifications
    assert Notification.objects.filter(object_id=activity.pk).count() == len(notifications)


# Pruning


def _stored(world: World, *, age_days: int, read: bool) -> Notification:
    notification = Notification.objects.create(
        recipient=world.police,
        event="activity.created",
        object_type="activity",
        object_id=1,
        network=world.net,
        title="Insats",
        url="/insatser/1/",
        read_at=timezone.now() if read else None,
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    return notification


def test_prune_deletes_read_notifications_older_than_90_days_by_default(world: World) -> None:
    old_read = _stored(world, age_days=91, read=True)
    old_unread = _stored(world, age_days=400, read=False)
    recent_read = _stored(world, age_days=89, read=True)
    out = StringIO()

    call_command("prune_notifications", stdout=out)

    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {old_unread.pk, recent_read.pk}
    assert old_read.pk not in remaining
    assert "Deleted 1 read notifications older than 90 days." in out.getvalue()


def test_prune_takes_the_age_in_days(world: World) -> None:
    _stored(world, age_days=91, read=True)
    _stored(world, age_days=31, read=True)
    kept = _stored(world, age_days=29, read=True)
    out = StringIO()

    call_command("prune_notifications", "--days", "30", stdout=out)

    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "Deleted 2 " in out.getvalue()


def test_prune_with_nothing_to_delete_says_so(world: World) -> None:
    _stored(world, age_days=100, read=False)
    out = StringIO()

    call_command("prune_notifications", "--days", "0", stdout=out)

    assert Notification.objects.count() == 1
    assert "Deleted 0 " in out.getvalue()


@pytest.mark.parametrize("days", ["-1", "ten", "1.5", "１"])
def test_prune_refuses_an_age_that_is_no_whole_number_of_days(world: World, days: str) -> None:
    _stored(world, age_days=100, read=True)

    with pytest.raises(CommandError):
        call_command("prune_notifications", "--days", days, stdout=StringIO())

    assert Notification.objects.count() == 1


def test_the_stored_event_choices_are_the_typed_event_names() -> None:
    """The names live twice, as a ``Literal`` for the type checker and as the model's choices:
    they must never drift apart."""
    from typing import get_args

    from network.events.types import EventName
    from network.models import Notification

    assert list(get_args(EventName)) == list(Notification.Event.values)
