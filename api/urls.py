from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from api.views.activities import ActivityViewSet, UpdateViewSet
from api.views.auth import MeView, TokenView
from api.views.core import DirectionViewSet, NetworkViewSet, OrganisationViewSet
from api.views.notifications import NotificationViewSet
from api.views.reports import ActivityReportView

app_name = "api"

router = SimpleRouter()
router.register("networks", NetworkViewSet, basename="network")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("directions", DirectionViewSet, basename="direction")
router.register("activities", ActivityViewSet, basename="activity")
router.register("updates", UpdateViewSet, basename="update")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("reports/activities/", ActivityReportView.as_view(), name="activity-report"),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
