from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter()
router.register("networks", views.NetworkViewSet, basename="network")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("directions", views.DirectionViewSet, basename="direction")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("updates", views.UpdateViewSet, basename="update")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("reports/activities/", views.ActivityReportView.as_view(), name="activity-report"),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
