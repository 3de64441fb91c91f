"""Every model of the one ``network`` app, gathered from the domain packages for Django."""

from network.accounts.models import ApiToken, SignIn
from network.activities.models import (
    Activity,
    ActivityGroupObjectPermission,
    ActivityTagging,
    ActivityUserObjectPermission,
    Update,
)
from network.audit.models import AuditEvent
from network.core.models import (
    Network,
    NetworkMembership,
    Organisation,
    Role,
    StrategicDirection,
    User,
    Visibility,
)
from network.directory.models import AccessibilityFeedback, SupportLine, SupportPage
from network.events.models import ActivityFollow, Notification
from network.knowledge.models import KnowledgeItem, KnowledgeTag
from network.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingSeries,
    MinutesApproval,
    MinutesEntry,
    MinutesVersion,
)
from network.situation.models import (
    ActionPlan,
    IndicatorValue,
    Measure,
    Problem,
    SituationPicture,
    SituationPictureShare,
    SituationPictureVersion,
)

__all__ = [
    "AccessibilityFeedback",
    "ApiToken",
    "SignIn",
    "ActionItem",
    "ActionPlan",
    "Activity",
    "ActivityFollow",
    "ActivityGroupObjectPermission",
    "ActivityTagging",
    "ActivityUserObjectPermission",
    "AgendaItem",
    "Attendance",
    "AuditEvent",
    "CalendarFeed",
    "IndicatorValue",
    "KnowledgeItem",
    "KnowledgeTag",
    "Invitation",
    "Measure",
    "Meeting",
    "MeetingSeries",
    "MinutesApproval",
    "MinutesEntry",
    "MinutesVersion",
    "Network",
    "NetworkMembership",
    "Notification",
    "Organisation",
    "Problem",
    "Role",
    "SituationPicture",
    "SituationPictureShare",
    "SituationPictureVersion",
    "StrategicDirection",
    "SupportLine",
    "SupportPage",
    "Update",
    "User",
    "Visibility",
]
