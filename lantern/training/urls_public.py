"""Public pages of the training app (no sign-in): the "spot the signs" module and certificate checks."""

from django.urls import URLPattern, URLResolver, path

from lantern.training.views import public

app_name = "learn"

urlpatterns: list[URLPattern | URLResolver] = [
    path("certificates/verify/", public.verify, name="certificate-verify"),
]
