"""The events the platform tells people about: one typed payload per event type.

The names are fixed by the public contract. A payload names the object; what a person is sent is
built from it at the moment of sending (:mod:`network.events.publish`), for that person only.
"""

from typing import Literal, TypeAlias, TypedDict, final

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


@final
class ActivityCreated(TypedDict):
    event: Literal["activity.created"]
    activity: int
    actor: int | None


@final
class ActivityUpdated(TypedDict):
    event: Literal["activity.updated"]
    activity: int
    actor: int | None


@final
class ActivityTagged(TypedDict):
    event: Literal["activity.tagged"]
    activity: int
    actor: int | None


@final
class UpdatePosted(TypedDict):
    event: Literal["update.posted"]
    update: int
    actor: int | None


@final
class MeetingEvent(TypedDict):
    event: Literal["meeting.scheduled", "meeting.updated", "minutes.approved"]
    meeting: int
    actor: int | None


@final
class ActionItemEvent(TypedDict):
    event: Literal["action_item.assigned", "action_item.overdue"]
    action_item: int
    actor: int | None


@final
class SituationPictureUpdated(TypedDict):
    event: Literal["situation_picture.updated"]
    situation_picture: int
    actor: int | None


@final
class ActionPlanRevisionDue(TypedDict):
    event: Literal["action_plan.revision_due"]
    action_plan: int
    actor: int | None


Event: TypeAlias = (
    ActivityCreated
    | ActivityUpdated
    | ActivityTagged
    | UpdatePosted
    | MeetingEvent
    | ActionItemEvent
    | SituationPictureUpdated
    | ActionPlanRevisionDue
)


class ObjectRef(TypedDict):
    type: str
    id: int


class SharedMessage(TypedDict):
    """The fields of :class:`Message` that every recipient of one event shares."""

    event: EventName
    created_at: str
    object: ObjectRef
    title: str
    url: str


class Message(SharedMessage):
    """What a client receives over the WebSocket, as the contract fixes it."""

    id: int
