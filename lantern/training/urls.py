"""Staff pages of the training app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = []

# Evaluation: before-and-after questionnaires and their results (the public link's pages are in urls_evaluation_public).
from django.urls import path  # noqa: E402

from lantern.training.views import evaluation as evaluation_views  # noqa: E402
from lantern.training.views import evaluation_answer  # noqa: E402

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
