"""A person's evaluation pages, under /evaluate/ (no account: a link of their own, opened once)."""

from django.urls import path

from lantern.training.views import evaluation_answer as views

app_name = "evaluate"

urlpatterns = [
    path("t/<str:token>/", views.start, name="start"),
    path("", views.overview, name="overview"),
    path("<slug:phase>/", views.answer, name="answer"),
]
