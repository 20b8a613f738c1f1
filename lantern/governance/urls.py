"""Staff pages of the governance app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver, path

from lantern.governance import views_pledge

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = []

# The Slavery Free Pledge's register.
urlpatterns += [
    path("pledge/", views_pledge.pledge_list, name="pledge-list"),
    path("pledge/<str:reference>/", views_pledge.pledge_detail, name="pledge-detail"),
    path("pledge/<str:reference>/approve/", views_pledge.pledge_approve, name="pledge-approve"),
    path("pledge/<str:reference>/decline/", views_pledge.pledge_decline, name="pledge-decline"),
    path("pledge/<str:reference>/withdraw/", views_pledge.pledge_withdraw, name="pledge-withdraw"),
    path("pledge/<str:reference>/follow-up/", views_pledge.pledge_follow_up, name="pledge-follow-up"),
]
