"""Staff pages of the training app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = []
