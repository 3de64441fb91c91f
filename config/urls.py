from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from api.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("frontend.urls")),
    prefix_default_language=False,
)
