"""Every kind of object a notification can be about, with the predicate that says who sees it.

A row that points at an object by kind and id (a notification) is shown only when its kind is
listed here and the object passes the kind's own visibility predicate: a kind left out is never
shown, so that a new kind of object cannot leak before its rule is written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, Model, OuterRef, Q

from network.access.activities import activity_visible_q
from network.access.meetings import action_item_visible_q, meeting_visible_q
from network.access.situation import picture_visible_q, plan_visible_q
from network.access.updates import update_visible_q
from network.access.viewer import Viewer
from network.models import ActionItem, ActionPlan, Activity, Meeting, SituationPicture, Update

KINDS: dict[str, tuple[type[Model], Callable[[Viewer], Q]]] = {
    "activity": (Activity, activity_visible_q),
    "update": (Update, update_visible_q),
    "meeting": (Meeting, meeting_visible_q),
    "action_item": (ActionItem, action_item_visible_q),
    "situation_picture": (SituationPicture, picture_visible_q),
    "action_plan": (ActionPlan, plan_visible_q),
}


def referenced_visible_q(
    viewer: Viewer, type_field: str = "object_type", id_field: str = "object_id"
) -> Q:
    """Rows (of any model) whose referenced object the viewer may see, as one predicate."""
    predicate = Q(pk__in=[])
    for kind, (model, visible_q) in KINDS.items():
        seen = model._default_manager.filter(visible_q(viewer), pk=OuterRef(id_field))
        predicate |= Q(Exists(seen), **{type_field: kind})
    return predicate
