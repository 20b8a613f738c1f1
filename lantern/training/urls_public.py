"""Public pages of the training app (no sign-in): the "spot the signs" module and certificate checks."""

from django.urls import URLPattern, URLResolver, path

from lantern.training import views_learn
from lantern.training.views import public

app_name = "learn"

urlpatterns: list[URLPattern | URLResolver] = [
    path("certificates/verify/", public.verify, name="certificate-verify"),
    path("", views_learn.start, name="start"),
    path("quiz/", views_learn.quiz_page, name="quiz"),
    path("quiz/result/<uuid:attempt_id>/", views_learn.result, name="result"),
    path("quiz/result/<uuid:attempt_id>/certificate/", views_learn.certificate, name="certificate"),
    path("quiz/result/<uuid:attempt_id>/certificate.pdf", views_learn.certificate_pdf, name="certificate-pdf"),
    path("module/<slug:slug>/", views_learn.module_page, name="page"),
]
