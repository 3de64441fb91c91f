from django.urls import path
from django.utils.translation import gettext_lazy as _

from frontend.views import (
    accessibility,
    account,
    activities,
    auth,
    calendar_feed,
    directory,
    home,
    knowledge,
    meetings,
    minutes,
    password_reset,
    preferences,
    reports,
    situation,
    tagging,
    two_factor,
)

app_name = "frontend"

# Paths are translated: Swedish words at ``/``, English ones under ``/en/``.

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth.SignOutView.as_view(), name="logout"),
    path(
        _("password-reset/"),
        password_reset.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        _("password-reset/sent/"),
        password_reset.PasswordResetSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        _("password-reset/<uidb64>/<token>/"),
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        _("password-reset/done/"),
        password_reset.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(_("activities/"), activities.activity_list, name="activity_list"),
    path(_("activities/new/"), activities.activity_create, name="activity_create"),
    path(_("activities/<int:pk>/"), activities.activity_detail, name="activity_detail"),
    path(_("activities/<int:pk>/edit/"), activities.activity_edit, name="activity_edit"),
    path(_("activities/<int:pk>/updates/"), activities.update_create, name="update_create"),
    path(_("activities/<int:pk>/tag/"), activities.activity_tag, name="activity_tag"),
    path(_("activities/<int:pk>/follow/"), activities.activity_follow, name="activity_follow"),
    path(_("meetings/"), meetings.meeting_list, name="meeting_list"),
    path(_("meetings/new/"), meetings.meeting_create, name="meeting_create"),
    path(_("meetings/<int:pk>/"), meetings.meeting_detail, name="meeting_detail"),
    path(_("meetings/<int:pk>/edit/"), meetings.meeting_edit, name="meeting_edit"),
    path(
        _("meetings/<int:pk>/schedule/"),
        meetings.meeting_state,
        {"action": "schedule"},
        name="meeting_schedule",
    ),
    path(
        _("meetings/<int:pk>/hold/"),
        meetings.meeting_state,
        {"action": "hold"},
        name="meeting_hold",
    ),
    path(
        _("meetings/<int:pk>/cancel/"),
        meetings.meeting_state,
        {"action": "cancel"},
        name="meeting_cancel",
    ),
    path(_("meetings/<int:pk>/approve/"), meetings.meeting_approve, name="meeting_approve"),
    path(_("meetings/<int:pk>/revise/"), meetings.meeting_revise, name="meeting_revise"),
    path(_("meetings/<int:pk>/respond/"), meetings.meeting_respond, name="meeting_respond"),
    path(_("meetings/<int:pk>/next/"), meetings.meeting_next, name="meeting_next"),
    path(
        _("meetings/<int:pk>/attendance/"), meetings.meeting_attendance, name="meeting_attendance"
    ),
    path(_("meetings/<int:pk>/agenda/"), meetings.agenda_item_add, name="agenda_item_add"),
    path(_("meetings/<int:pk>/agenda/order/"), meetings.agenda_reorder, name="agenda_reorder"),
    path(
        _("meetings/<int:pk>/agenda/<int:item_pk>/edit/"),
        meetings.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        _("meetings/<int:pk>/agenda/<int:item_pk>/delete/"),
        meetings.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        _("meetings/<int:pk>/agenda/<int:item_pk>/minutes/"),
        meetings.minutes_save,
        name="minutes_save",
    ),
    path(
        _("meetings/<int:pk>/agenda/<int:item_pk>/action-items/"),
        meetings.action_item_add,
        name="action_item_add",
    ),
    path(
        _("meetings/<int:pk>/minutes/<int:version>/"),
        minutes.minutes_print,
        name="minutes_print",
    ),
    path(
        _("meetings/<int:pk>/minutes/<int:version>/pdf/"),
        minutes.minutes_pdf_download,
        name="minutes_pdf",
    ),
    path(_("action-items/"), meetings.action_item_list, name="action_item_list"),
    path(
        _("action-items/<int:pk>/status/"), meetings.action_item_status, name="action_item_status"
    ),
    path(_("tagging/"), tagging.tagging_queue, name="tagging_queue"),
    path(_("reports/"), reports.report, name="report"),
    path(_("settings/notifications/"), preferences.notifications, name="notification_preferences"),
    # The person's sessions and API tokens.
    path(_("account/security/"), account.security, name="account_security"),
    path(
        _("account/security/sessions/<int:pk>/end/"),
        account.session_end,
        name="account_session_end",
    ),
    path(
        _("account/security/sessions/end-others/"),
        account.sessions_end_others,
        name="account_sessions_end_others",
    ),
    path(
        _("account/security/sessions/end-all/"),
        account.sessions_end_all,
        name="account_sessions_end_all",
    ),
    path(_("account/security/tokens/new/"), account.token_create, name="account_token_create"),
    path(
        _("account/security/tokens/<int:pk>/revoke/"),
        account.token_revoke,
        name="account_token_revoke",
    ),
    path(
        _("settings/calendar/"),
        calendar_feed.calendar_feed_settings,
        name="calendar_feed_settings",
    ),
    # The second factor: the middleware holds a signed-in person at verify (or setup) until done.
    path(_("settings/two-factor/"), two_factor.two_factor_overview, name="two_factor"),
    path(_("settings/two-factor/setup/"), two_factor.two_factor_setup, name="two_factor_setup"),
    path(_("two-factor/verify/"), two_factor.two_factor_verify, name="two_factor_verify"),
    path(
        _("settings/two-factor/recovery-codes/"),
        two_factor.two_factor_recovery,
        name="two_factor_recovery",
    ),
    # Situational pictures and action plans: the chain from problem to follow-up.
    path(_("situation-pictures/"), situation.picture_list, name="situation_picture_list"),
    path(_("situation-pictures/new/"), situation.picture_create, name="situation_picture_create"),
    path(
        _("situation-pictures/<int:pk>/"), situation.picture_detail, name="situation_picture_detail"
    ),
    path(
        _("situation-pictures/<int:pk>/edit/"),
        situation.picture_edit,
        name="situation_picture_edit",
    ),
    path(
        _("situation-pictures/<int:pk>/versions/"),
        situation.picture_versions,
        name="situation_picture_versions",
    ),
    path(
        _("situation-pictures/<int:pk>/reads/"),
        situation.picture_reads,
        name="situation_picture_reads",
    ),
    path(
        _("situation-pictures/<int:pk>/share/"),
        situation.picture_share,
        name="situation_picture_share",
    ),
    path(
        _("situation-pictures/<int:pk>/print/"),
        situation.picture_print,
        name="situation_picture_print",
    ),
    path(_("action-plans/"), situation.plan_list, name="action_plan_list"),
    path(_("action-plans/new/"), situation.plan_create, name="action_plan_create"),
    path(_("action-plans/gaps/"), situation.gaps, name="gaps"),
    path(_("action-plans/<int:pk>/"), situation.plan_detail, name="action_plan_detail"),
    path(_("action-plans/<int:pk>/revise/"), situation.plan_revise, name="action_plan_revise"),
    path(_("action-plans/<int:pk>/approve/"), situation.plan_approve, name="action_plan_approve"),
    path(
        _("action-plans/<int:pk>/measures/new/"),
        situation.measure_add,
        name="action_plan_measure_add",
    ),
    path(
        _("action-plans/<int:pk>/measures/<int:measure_pk>/edit/"),
        situation.measure_edit,
        name="action_plan_measure_edit",
    ),
    path(
        _("action-plans/<int:pk>/measures/<int:measure_pk>/values/new/"),
        situation.value_add,
        name="action_plan_value_add",
    ),
    # Where to turn: public, without sign-in; and the directory of contact persons.
    path(_("support/"), directory.support, name="support"),
    path(_("support/<slug:slug>/"), directory.support_network, name="support_network"),
    path(_("support/<slug:slug>/edit/"), directory.support_edit, name="support_edit"),
    path(_("directory/"), directory.directory, name="directory"),
    # The accessibility statement and its feedback form: public, as the law asks.
    path(_("accessibility/"), accessibility.accessibility, name="accessibility"),
    # The knowledge bank: documents and links the coordinator publishes.
    path(_("knowledge/"), knowledge.knowledge_list, name="knowledge_list"),
    path(_("knowledge/new/"), knowledge.knowledge_create, name="knowledge_create"),
    path(_("knowledge/<int:pk>/"), knowledge.knowledge_detail, name="knowledge_detail"),
    path(_("knowledge/<int:pk>/edit/"), knowledge.knowledge_edit, name="knowledge_edit"),
    path(_("knowledge/<int:pk>/delete/"), knowledge.knowledge_delete, name="knowledge_delete"),
    path(
        _("knowledge/<int:pk>/download/"),
        knowledge.knowledge_download,
        name="knowledge_download",
    ),
    # Not translated: a calendar program keeps the address it was given.
    path("calendar/<str:token>.ics", calendar_feed.calendar_feed, name="calendar_feed"),
]
