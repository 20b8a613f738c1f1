from django.urls import path

from lantern.cases import views

app_name = "cases"

urlpatterns = [
    path("concerns/", views.concern_list, name="concern-list"),
    path("concerns/new/", views.concern_start, name="concern-start"),
    path("concerns/<str:reference>/", views.concern_detail, name="concern-detail"),
    path("concerns/<str:reference>/call-999/", views.concern_danger, name="concern-danger"),
    path("concerns/<str:reference>/check/", views.concern_check, name="concern-check"),
    path("concerns/<str:reference>/submitted/", views.concern_submitted, name="concern-submitted"),
    path("concerns/<str:reference>/<slug:step>/", views.concern_step, name="concern-step"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/export.<slug:fmt>", views.case_export, name="case-export"),
    path("cases/<str:reference>/", views.case_detail, name="case-detail"),
    path("cases/<str:reference>/screening/", views.case_screening, name="case-screening"),
    path("cases/<str:reference>/consent/", views.case_consent, name="case-consent"),
    path("cases/<str:reference>/referrals/new/", views.case_referral, name="case-referral"),
    path("cases/<str:reference>/decisions/new/", views.case_decision, name="case-decision"),
    path("cases/<str:reference>/support/new/", views.case_support, name="case-support"),
    path("cases/<str:reference>/tasks/new/", views.case_task, name="case-task"),
    path("cases/<str:reference>/tasks/<int:task_id>/done/", views.task_done, name="task-done"),
    path("cases/<str:reference>/notes/new/", views.case_note, name="case-note"),
    path("cases/<str:reference>/team/new/", views.case_team, name="case-team"),
    path("cases/<str:reference>/shop/", views.case_shop, name="case-shop"),
    path("cases/<str:reference>/shop/remove/", views.case_shop_remove, name="case-shop-remove"),
    path("cases/<str:reference>/close/", views.case_close, name="case-close"),
    path("cases/<str:reference>/reopen/", views.case_reopen, name="case-reopen"),
    path("cases/<str:reference>/age-assessment/", views.case_age_assessment, name="case-age-assessment"),
    path("cases/<str:reference>/missing/", views.case_missing, name="case-missing"),
    path("cases/<str:reference>/referral-pack/<slug:kind>/", views.referral_pack, name="referral-pack"),
    path("cases/<str:reference>/person/", views.case_person, name="case-person"),
    path("cases/<str:reference>/safety-plan/", views.case_safety_plan, name="case-safety-plan"),
    path("cases/<str:reference>/documents/new/", views.case_attachment, name="case-attachment"),
    path("cases/<str:reference>/documents/<int:attachment_id>/", views.attachment_download, name="attachment-download"),
    path("my-work/", views.my_work, name="my-work"),
    path("shop/agenda/", views.shop_agenda, name="shop-agenda"),
]
