"""Every model of the one ``network`` app, gathered from the domain packages for Django."""

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
from network.events.models import ActivityFollow, Notification

__all__ = [
    "Activity",
    "ActivityFollow",
    "ActivityGroupObjectPermission",
    "ActivityTagging",
    "ActivityUserObjectPermission",
    "AuditEvent",
    "Network",
    "NetworkMembership",
    "Notification",
    "Organisation",
    "Role",
    "StrategicDirection",
    "Update",
    "User",
    "Visibility",
]
