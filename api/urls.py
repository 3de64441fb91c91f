from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.views.activities import ActivityViewSet, UpdateViewSet
from api.views.auth import MeView, TokenView
from api.views.core import DirectionViewSet, NetworkViewSet, OrganisationViewSet
from api.views.directory import ContactPersonViewSet
from api.views.knowledge import KnowledgeItemViewSet
from api.views.meetings import ActionItemViewSet, AgendaItemViewSet, MeetingViewSet
from api.views.notifications import NotificationSettingsView, NotificationViewSet
from api.views.reports import (
    ActionItemReportView,
    ActivityReportView,
    AttendanceReportView,
    TrainingReportView,
)
from api.views.situation import ActionPlanViewSet, MeasureViewSet, SituationPictureViewSet
from api.views.tokens import ApiTokenViewSet

app_name = "api"

router = SimpleRouter()
router.register("networks", NetworkViewSet, basename="network")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("directions", DirectionViewSet, basename="direction")
router.register("contact-persons", ContactPersonViewSet, basename="contact-person")
router.register("activities", ActivityViewSet, basename="activity")
router.register("updates", UpdateViewSet, basename="update")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
router.register("action-items", ActionItemViewSet, basename="action-item")
router.register("situation-pictures", SituationPictureViewSet, basename="situation-picture")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("measures", MeasureViewSet, basename="measure")
router.register("knowledge-items", KnowledgeItemViewSet, basename="knowledge-item")
router.register("tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("reports/activities/", ActivityReportView.as_view(), name="activity-report"),
    path("reports/attendance/", AttendanceReportView.as_view(), name="attendance-report"),
    path("reports/action-items/", ActionItemReportView.as_view(), name="action-item-report"),
    path("reports/trainings/", TrainingReportView.as_view(), name="training-report"),
    # Before the router: its notification detail route takes digits only, but this must never
    # depend on that.
    path(
        "notifications/settings/",
        NotificationSettingsView.as_view(),
        name="notification-settings",
    ),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from its own URL (docs/?script): the
    # Content Security Policy allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
