from django.urls import path

from lantern.cases.views import case_list, cases, concerns, documents, referrals, team

app_name = "cases"

urlpatterns = [
    path("concerns/", concerns.concern_list, name="concern-list"),
    path("concerns/new/", concerns.concern_start, name="concern-start"),
    path("concerns/<str:reference>/", concerns.concern_detail, name="concern-detail"),
    path("concerns/<str:reference>/call-999/", concerns.concern_danger, name="concern-danger"),
    path("concerns/<str:reference>/check/", concerns.concern_check, name="concern-check"),
    path("concerns/<str:reference>/submitted/", concerns.concern_submitted, name="concern-submitted"),
    path("concerns/<str:reference>/<slug:step>/", concerns.concern_step, name="concern-step"),
    path("cases/", case_list.case_list, name="case-list"),
    path("cases/export.<slug:fmt>", case_list.case_export, name="case-export"),
    path("cases/<str:reference>/", cases.case_detail, name="case-detail"),
    path("cases/<str:reference>/screening/", referrals.case_screening, name="case-screening"),
    path("cases/<str:reference>/consent/", referrals.case_consent, name="case-consent"),
    path("cases/<str:reference>/referrals/new/", referrals.case_referral, name="case-referral"),
    path("cases/<str:reference>/decisions/new/", referrals.case_decision, name="case-decision"),
    path("cases/<str:reference>/support/new/", team.case_support, name="case-support"),
    path("cases/<str:reference>/tasks/new/", team.case_task, name="case-task"),
    path("cases/<str:reference>/tasks/<int:task_id>/done/", team.task_done, name="task-done"),
    path("cases/<str:reference>/notes/new/", team.case_note, name="case-note"),
    path("cases/<str:reference>/team/new/", team.case_team, name="case-team"),
    path("cases/<str:reference>/shop/", cases.case_shop, name="case-shop"),
    path("cases/<str:reference>/shop/remove/", cases.case_shop_remove, name="case-shop-remove"),
    path("cases/<str:reference>/close/", cases.case_close, name="case-close"),
    path("cases/<str:reference>/reopen/", cases.case_reopen, name="case-reopen"),
    path("cases/<str:reference>/age-assessment/", team.case_age_assessment, name="case-age-assessment"),
    path("cases/<str:reference>/missing/", team.case_missing, name="case-missing"),
    path("cases/<str:reference>/referral-pack/<slug:kind>/", referrals.referral_pack, name="referral-pack"),
    path("cases/<str:reference>/person/", cases.case_person, name="case-person"),
    path("cases/<str:reference>/safety-plan/", cases.case_safety_plan, name="case-safety-plan"),
    path("cases/<str:reference>/documents/new/", documents.case_attachment, name="case-attachment"),
    path("cases/<str:reference>/documents/<int:attachment_id>/", documents.attachment_download,
         name="attachment-download"),
    path("my-work/", case_list.my_work, name="my-work"),
    path("shop/agenda/", case_list.shop_agenda, name="shop-agenda"),
]
