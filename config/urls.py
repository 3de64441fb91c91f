from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from api.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("api/v1/", include("api.urls")),
]

# The identity provider's way in and back: only when it is configured, so that the addresses
# answer 404 otherwise. The callback's address is registered at the provider: no language prefix.
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("frontend.urls")),
    prefix_default_language=False,
)
