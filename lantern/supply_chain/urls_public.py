"""The supplier's questionnaire pages, under /supplier-questionnaire/ (no account: a link of its own)."""

from django.urls import path

from lantern.supply_chain.views import questionnaire_public as views

app_name = "supply_chain_public"

urlpatterns = [
    path("s/<str:token>/", views.start, name="start"),
    path("", views.overview, name="overview"),
    path("themes/<slug:key>/", views.theme, name="theme"),
    path("check/", views.check, name="check"),
    path("results/", views.results, name="results"),
    path("code-of-conduct/", views.code_of_conduct, name="code-of-conduct"),
]
