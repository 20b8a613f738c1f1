"""Staff pages of the governance app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver, path

from lantern.governance import views_maturity, views_plan, views_pledge
from lantern.governance.views import actions, changes, documents, meetings, minutes, overview

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    # Meetings of the boards, and their actions.
    path("", overview.overview, name="overview"),
    path("my-actions/", actions.my_actions, name="my-actions"),
    path("boards/<int:board_id>/", overview.board_detail, name="board-detail"),
    path("boards/<int:board_id>/meetings/new/", overview.meeting_schedule, name="meeting-schedule"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/change/", changes.meeting_change, name="meeting-change"),
    path("meetings/<int:meeting_id>/publish/", meetings.meeting_publish, name="meeting-publish"),
    path("meetings/<int:meeting_id>/held/", meetings.meeting_held, name="meeting-held"),
    path("meetings/<int:meeting_id>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/agenda/cases/", meetings.agenda_add_cases, name="agenda-add-cases"),
    path("meetings/<int:meeting_id>/agenda/new/", meetings.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:meeting_id>/agenda/<int:item_id>/", meetings.agenda_item_record, name="agenda-item-record"),
    path("meetings/<int:meeting_id>/agenda/<int:item_id>/change/", changes.agenda_item_change,
         name="agenda-item-change"),
    path("meetings/<int:meeting_id>/agenda/<int:item_id>/remove/", changes.agenda_item_remove,
         name="agenda-item-remove"),
    path("meetings/<int:meeting_id>/agenda/<int:item_id>/move/", changes.agenda_item_move, name="agenda-item-move"),
    path("meetings/<int:meeting_id>/attendance/", meetings.attendance, name="meeting-attendance"),
    path("meetings/<int:meeting_id>/guests/new/", meetings.guest_add, name="meeting-guest-add"),
    path("meetings/<int:meeting_id>/minutes/", minutes.minutes_draft, name="minutes-draft"),
    path("meetings/<int:meeting_id>/minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("meetings/<int:meeting_id>/minutes/correct/", minutes.minutes_correct, name="minutes-correct"),
    path("meetings/<int:meeting_id>/actions/new/", actions.action_add, name="action-add"),
    path("meetings/<int:meeting_id>/print/", documents.meeting_print, name="meeting-print"),
    path("meetings/<int:meeting_id>/pack.pdf", documents.meeting_pdf, name="meeting-pdf"),
    path("meetings/<int:meeting_id>/meeting.ics", documents.meeting_ics, name="meeting-ics"),
    path("actions/<int:action_id>/", actions.action_detail, name="action-detail"),
]

# The strategy's action plan.
urlpatterns += [
    path("plan/", views_plan.plan, name="plan"),
    path("plan/periods/", views_plan.period_list, name="plan-periods"),
    path("plan/periods/new/", views_plan.period_new, name="plan-period-new"),
    path("plan/periods/<int:period_id>/", views_plan.plan, name="plan-period"),
    path("plan/priorities/<int:priority_id>/objectives/new/", views_plan.objective_new, name="plan-objective-new"),
    path("plan/actions/new/", views_plan.action_new, name="plan-action-new"),
    path("plan/actions/<int:action_id>/", views_plan.action_detail, name="plan-action"),
    path("plan/actions/<int:action_id>/edit/", views_plan.action_edit, name="plan-action-edit"),
    path("plan/actions/<int:action_id>/updates/new/", views_plan.update_new, name="plan-update-new"),
    path("plan/actions/<int:action_id>/evidence/<int:evidence_id>/", views_plan.evidence_download,
         name="plan-evidence"),
]

# The maturity self-assessment.
urlpatterns += [
    path("maturity/", views_maturity.maturity, name="maturity"),
    path("maturity/assessments/new/", views_maturity.assessment_new, name="maturity-assessment-new"),
    path("maturity/assessments/<int:assessment_id>/", views_maturity.assessment_detail, name="maturity-assessment"),
    path("maturity/assessments/<int:assessment_id>/criteria/<int:criterion_id>/", views_maturity.assessment_score,
         name="maturity-score"),
    path("maturity/framework/", views_maturity.framework, name="maturity-framework"),
    path("maturity/framework/install/", views_maturity.framework_install, name="maturity-framework-install"),
    path("maturity/framework/versions/<int:framework_id>/", views_maturity.framework, name="maturity-framework-version"),
    path("maturity/framework/criteria/<int:criterion_id>/edit/", views_maturity.criterion_edit,
         name="maturity-criterion-edit"),
    path("maturity/framework/sections/<int:section_id>/criteria/new/", views_maturity.criterion_new,
         name="maturity-criterion-new"),
]

# The Slavery Free Pledge's register.
urlpatterns += [
    path("pledge/", views_pledge.pledge_list, name="pledge-list"),
    path("pledge/<str:reference>/", views_pledge.pledge_detail, name="pledge-detail"),
    path("pledge/<str:reference>/approve/", views_pledge.pledge_approve, name="pledge-approve"),
    path("pledge/<str:reference>/decline/", views_pledge.pledge_decline, name="pledge-decline"),
    path("pledge/<str:reference>/withdraw/", views_pledge.pledge_withdraw, name="pledge-withdraw"),
    path("pledge/<str:reference>/follow-up/", views_pledge.pledge_follow_up, name="pledge-follow-up"),
]
