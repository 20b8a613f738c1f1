"""Staff pages of the training app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver, path

from lantern.training import views_campaigns

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = []

# Awareness campaigns.
urlpatterns += [
    path("campaigns/", views_campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", views_campaigns.campaign_create, name="campaign-create"),
    path("campaigns/comparison/", views_campaigns.campaign_comparison_page, name="campaign-comparison"),
    path("campaigns/<str:reference>/", views_campaigns.campaign_detail, name="campaign-detail"),
    path("campaigns/<str:reference>/edit/", views_campaigns.campaign_edit, name="campaign-edit"),
    path("campaigns/<str:reference>/reach/", views_campaigns.campaign_reach_add, name="campaign-reach"),
    path("campaigns/<str:reference>/materials/", views_campaigns.campaign_material_add, name="campaign-material"),
    path("campaigns/<str:reference>/materials/<int:material_id>/", views_campaigns.campaign_material_download,
         name="campaign-material-download"),
]
