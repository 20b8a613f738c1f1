"""Public pages of the governance app (no sign-in): the Slavery Free Pledge."""

from django.urls import URLPattern, URLResolver

app_name = "pledge"

urlpatterns: list[URLPattern | URLResolver] = []
