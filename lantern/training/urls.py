"""Staff pages of the training app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver, path

from lantern.training import views_campaigns
from lantern.training.views import catalogue, evaluation_answer, people, sessions
from lantern.training.views import evaluation as evaluation_views

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", people.overview, name="overview"),
    path("my/", people.mine, name="mine"),
    path("compliance/", people.compliance, name="compliance"),
    path("compliance/summary.csv", people.compliance_csv, {"table": "summary"}, name="compliance-summary-csv"),
    path("compliance/people.csv", people.compliance_csv, {"table": "people"}, name="compliance-people-csv"),
    path("people/<int:trainee_id>/", people.trainee_detail, name="trainee-detail"),
    path("people/<int:trainee_id>/change/", people.trainee_edit, name="trainee-edit"),
    path("matches/", people.reviews, name="reviews"),
    path("matches/<int:review_id>/decide/", people.review_decide, name="review-decide"),
    path("certificates/<str:code>/certificate.pdf", people.certificate_pdf, name="certificate-pdf"),
    path("certificates/<str:code>/withdraw/", people.certificate_withdraw, name="certificate-withdraw"),
    path("courses/", catalogue.course_list, name="course-list"),
    path("courses/new/", catalogue.course_create, name="course-create"),
    path("courses/<int:course_id>/", catalogue.course_detail, name="course-detail"),
    path("courses/<int:course_id>/change/", catalogue.course_edit, name="course-edit"),
    path("courses/<int:course_id>/versions/new/", catalogue.version_create, name="version-create"),
    path("matrix/", catalogue.matrix, name="matrix"),
    path("matrix/new/", catalogue.requirement_form, name="requirement-create"),
    path("matrix/defaults/", catalogue.defaults_install, name="matrix-defaults"),
    path("matrix/<int:requirement_id>/change/", catalogue.requirement_form, name="requirement-edit"),
    path("matrix/<int:requirement_id>/remove/", catalogue.requirement_remove, name="requirement-remove"),
    path("job-types/new/", catalogue.job_type_create, name="job-type-create"),
    path("sessions/", sessions.session_list, name="session-list"),
    path("sessions/new/", sessions.session_create, name="session-create"),
    path("sessions/<int:session_id>/", sessions.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/change/", sessions.session_edit, name="session-edit"),
    path("sessions/<int:session_id>/people/new/", sessions.attendee_add, name="attendee-add"),
    path("sessions/<int:session_id>/attendance/", sessions.attendance_mark, name="attendance-mark"),
    path("sessions/<int:session_id>/sign-in-sheet/", sessions.session_upload, name="session-upload"),
    path("attendance/<int:attendance_id>/certificate/", sessions.certificate_for_attendance,
         name="attendance-certificate"),
    path("completions/upload/", sessions.completions_upload, name="completions-upload"),
    path("uploads/<uuid:upload_id>/columns/", sessions.upload_mapping, name="upload-mapping"),
    path("uploads/<uuid:upload_id>/", sessions.upload_report, name="upload-report"),
    path("uploads/<uuid:upload_id>/import/", sessions.upload_import, name="upload-import"),
    path("uploads/<uuid:upload_id>/report.csv", sessions.upload_report_csv, name="upload-report-csv"),
]

# Awareness campaigns.
urlpatterns += [
    path("campaigns/", views_campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", views_campaigns.campaign_create, name="campaign-create"),
    path("campaigns/comparison/", views_campaigns.campaign_comparison_page, name="campaign-comparison"),
    path("campaigns/<str:reference>/", views_campaigns.campaign_detail, name="campaign-detail"),
    path("campaigns/<str:reference>/edit/", views_campaigns.campaign_edit, name="campaign-edit"),
    path("campaigns/<str:reference>/reach/", views_campaigns.campaign_reach_add, name="campaign-reach"),
    path("campaigns/<str:reference>/materials/", views_campaigns.campaign_material_add, name="campaign-material"),
    path("campaigns/<str:reference>/materials/<int:material_id>/", views_campaigns.campaign_material_download,
         name="campaign-material-download"),
]

# Evaluation: before-and-after questionnaires and their results (the public link's pages are in
# urls_evaluation_public).
urlpatterns += [
    path("evaluation/", evaluation_views.results, name="evaluation"),
    path("evaluation/courses/<int:course_id>/", evaluation_views.course_results, name="evaluation-course"),
    path("evaluation/courses/<int:course_id>/question-set/", evaluation_views.course_set,
         name="evaluation-course-set"),
    path("evaluation/question-sets/", evaluation_views.question_set_list, name="evaluation-sets"),
    path("evaluation/question-sets/new/", evaluation_views.question_set_create, name="evaluation-set-create"),
    path("evaluation/question-sets/<int:question_set_id>/", evaluation_views.question_set_detail,
         name="evaluation-set-detail"),
    path("evaluation/question-sets/<int:question_set_id>/change/", evaluation_views.question_set_edit,
         name="evaluation-set-edit"),
    path("evaluation/sessions/<int:session_id>/", evaluation_views.session_links, name="evaluation-session"),
    path("evaluation/mine/", evaluation_answer.mine, name="evaluation-mine"),
    path("evaluation/mine/<int:attendance_id>/<slug:phase>/", evaluation_answer.answer_own,
         name="evaluation-answer-own"),
]
