from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from frontend.views import activities, auth, home, preferences, reports, tagging

app_name = "frontend"

# Paths are translated: Swedish words at ``/``, English ones under ``/en/``.

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(_("activities/"), activities.activity_list, name="activity_list"),
    path(_("activities/new/"), activities.activity_create, name="activity_create"),
    path(_("activities/<int:pk>/"), activities.activity_detail, name="activity_detail"),
    path(_("activities/<int:pk>/edit/"), activities.activity_edit, name="activity_edit"),
    path(_("activities/<int:pk>/updates/"), activities.update_create, name="update_create"),
    path(_("activities/<int:pk>/tag/"), activities.activity_tag, name="activity_tag"),
    path(_("activities/<int:pk>/follow/"), activities.activity_follow, name="activity_follow"),
    path(_("tagging/"), tagging.tagging_queue, name="tagging_queue"),
    path(_("reports/"), reports.report, name="report"),
    path(_("settings/notifications/"), preferences.notifications, name="notification_preferences"),
]
