"""The events the platform tells people about: one typed payload per event type.

The names are fixed by the public contract. A payload names the object; what a person is sent is
built from it at the moment of sending (:mod:`network.events.publish`), for that person only.
"""

from typing import Literal, TypeAlias, TypedDict

EventName: TypeAlias = Literal[
    "activity.created",
    "activity.updated",
    "activity.tagged",
    "update.posted",
    "meeting.scheduled",
    "meeting.updated",
    "minutes.approved",
    "action_item.assigned",
    "action_item.overdue",
    "situation_picture.updated",
    "action_plan.revision_due",
]


class ActivityCreated(TypedDict):
    event: Literal["activity.created"]
    activity: int
    actor: int | None


class ActivityUpdated(TypedDict):
    event: Literal["activity.updated"]
    activity: int
    actor: int | None


class ActivityTagged(TypedDict):
    event: Literal["activity.tagged"]
    activity: int
    actor: int | None


class UpdatePosted(TypedDict):
    event: Literal["update.posted"]
    update: int
    actor: int | None


Event: TypeAlias = ActivityCreated | ActivityUpdated | ActivityTagged | UpdatePosted


class ObjectRef(TypedDict):
    type: str
    id: int


class Message(TypedDict):
    """What a client receives over the WebSocket, as the contract fixes it."""

    id: int
    event: EventName
    created_at: str
    object: ObjectRef
    title: str
    url: str
