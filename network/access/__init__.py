"""Who may see, change and do what: the one place that decides.

Rules that follow from a person's organisation and roles become a SQL predicate on columns,
computed once per request (the :class:`Viewer`). django-guardian holds the exceptions no rule
covers (one person or organisation granted one object), in direct foreign-key tables; a visible
list is the rule predicate OR an ``Exists()`` on those tables, so that it stays one statement.

For each kind of object a module gives a list predicate (``*_visible_q``), getters for a change
that answer not found, forbidden or locked (``*_for_change``, ``require_*``), the abilities a
viewer has on one object, and its audience: the people who may see it.
"""

from network.access.accounts import (
    asked_for_second_factor,
    own_sign_ins,
    own_tokens,
    requires_second_factor,
)
from network.access.activities import (
    ActivityAbilities,
    activity_abilities,
    activity_audience,
    activity_for_change,
    activity_for_posting,
    activity_for_tagging,
    activity_for_view,
    activity_is_visible,
    activity_visible_q,
)
from network.access.meetings import (
    MeetingAbilities,
    action_item_for_view,
    action_item_visible_q,
    may_follow_up,
    meeting_abilities,
    meeting_audience,
    meeting_for_change,
    meeting_for_view,
    meeting_is_visible,
    meeting_visible_q,
)
from network.access.networks import (
    Menu,
    authoring_organisations_q,
    can_create_in,
    can_read_network_reports,
    can_tag_in,
    may_author_for,
    menu_for,
    network_for_view,
    networks_for_logging,
    networks_for_reports,
    networks_for_tagging,
    networks_taking_part_q,
    networks_visible_q,
    organisation_for_view,
    organisations_in_network_q,
    organisations_visible_q,
    require_content_reader,
    require_networks_for_logging,
    require_networks_for_reports,
    require_networks_for_tagging,
    require_takes_part,
)
from network.access.reports import reportable_activities_q
from network.access.updates import update_audience, update_for_view, update_visible_q
from network.access.viewer import ANONYMOUS, Person, Viewer, forget_viewer, viewer_for

__all__ = [
    "asked_for_second_factor",
    "own_sign_ins",
    "own_tokens",
    "requires_second_factor",
    "ANONYMOUS",
    "ActivityAbilities",
    "MeetingAbilities",
    "Menu",
    "Person",
    "Viewer",
    "action_item_for_view",
    "action_item_visible_q",
    "activity_abilities",
    "activity_audience",
    "activity_for_change",
    "activity_for_posting",
    "activity_for_tagging",
    "activity_for_view",
    "activity_is_visible",
    "activity_visible_q",
    "authoring_organisations_q",
    "can_create_in",
    "can_read_network_reports",
    "can_tag_in",
    "forget_viewer",
    "may_author_for",
    "may_follow_up",
    "meeting_abilities",
    "meeting_audience",
    "meeting_for_change",
    "meeting_for_view",
    "meeting_is_visible",
    "meeting_visible_q",
    "menu_for",
    "network_for_view",
    "networks_for_logging",
    "networks_for_reports",
    "networks_for_tagging",
    "networks_taking_part_q",
    "networks_visible_q",
    "organisation_for_view",
    "organisations_in_network_q",
    "organisations_visible_q",
    "reportable_activities_q",
    "require_content_reader",
    "require_networks_for_logging",
    "require_networks_for_reports",
    "require_networks_for_tagging",
    "require_takes_part",
    "update_audience",
    "update_for_view",
    "update_visible_q",
    "viewer_for",
]
