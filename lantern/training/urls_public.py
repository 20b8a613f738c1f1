"""Public pages of the training app (no sign-in): the "spot the signs" module and certificate checks."""

from django.urls import URLPattern, URLResolver

app_name = "learn"

urlpatterns: list[URLPattern | URLResolver] = []
