from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from frontend import views

app_name = "frontend"

# Paths are translated: Swedish words at ``/``, English ones under ``/en/``.

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(_("activities/"), views.activity_list, name="activity_list"),
    path(_("activities/new/"), views.activity_create, name="activity_create"),
    path(_("activities/<int:pk>/"), views.activity_detail, name="activity_detail"),
    path(_("activities/<int:pk>/edit/"), views.activity_edit, name="activity_edit"),
    path(_("activities/<int:pk>/updates/"), views.update_create, name="update_create"),
    path(_("activities/<int:pk>/tag/"), views.activity_tag, name="activity_tag"),
    path(_("tagging/"), views.tagging_queue, name="tagging_queue"),
    path(_("reports/"), views.report, name="report"),
]
