from django.urls import path

from lantern.guides import views

app_name = "guides"

urlpatterns = [
    path("guides/", views.guide_list, name="guide-list"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide-detail"),
    path("guides/<slug:slug>/leaflet/", views.leaflet, name="leaflet"),
]
