"""Staff pages of the governance app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = []
