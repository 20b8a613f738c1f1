"""Public pages of the governance app (no sign-in): the Slavery Free Pledge."""

from django.urls import URLPattern, URLResolver, path

from lantern.governance import views_pledge_public

app_name = "pledge"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_pledge_public.index, name="index"),
    path("sign/", views_pledge_public.sign, name="sign"),
    path("sign/sent/", views_pledge_public.sent, name="sent"),
]
