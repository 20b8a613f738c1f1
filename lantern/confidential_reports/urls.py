from django.urls import path

from lantern.confidential_reports import views, views_public

app_name = "confidential_reports"

urlpatterns = [
    # Public: no account needed (see ReporterPrivacyMiddleware and TWO_FACTOR_EXEMPT_PREFIXES).
    path("report/", views_public.start, name="start"),
    path("report/new/", views_public.report_form, name="report-form"),
    path("report/privacy/", views_public.privacy, name="privacy"),
    path("report/follow-up/", views_public.follow_up, name="follow-up"),
    path("report/follow-up/messages/", views_public.follow_up_messages, name="follow-up-messages"),
    path("report/follow-up/leave/", views_public.follow_up_leave, name="follow-up-leave"),
    # The static files those pages load, so that no request of a reporter's falls outside /report/.
    path("report/static/<path:path>", views_public.asset, name="asset"),
    # The reporting team.
    path("reports/", views.team_queue, name="team-queue"),
    path("reports/intelligence/", views.intelligence_list, name="intelligence-list"),
    path("reports/intelligence/<str:reference>/", views.intelligence_detail, name="intelligence-detail"),
    path("reports/<str:reference>/", views.team_detail, name="team-detail"),
    path("reports/<str:reference>/triage/", views.team_start_triage, name="team-start-triage"),
    path("reports/<str:reference>/reply/", views.team_reply, name="team-reply"),
    path("reports/<str:reference>/concern/", views.team_open_concern, name="team-open-concern"),
    path("reports/<str:reference>/pass-on/", views.team_pass_on, name="team-pass-on"),
    path("reports/<str:reference>/intelligence/", views.team_intelligence, name="team-intelligence"),
    path("reports/<str:reference>/close/", views.team_close, name="team-close"),
    path("reports/<str:reference>/reopen/", views.team_reopen, name="team-reopen"),
    path("reports/<str:reference>/legal-hold/", views.team_legal_hold, {"hold": True}, name="team-legal-hold"),
    path("reports/<str:reference>/legal-hold/lift/", views.team_legal_hold, {"hold": False},
         name="team-legal-hold-lift"),
    path("reports/<str:reference>/assign/", views.team_assign, name="team-assign"),
    path("reports/<str:reference>/reporter/", views.team_identity, name="team-identity"),
    path("reports/<str:reference>/files/<int:attachment_id>/", views.team_attachment, name="team-attachment"),
]
