from django.urls import path

from lantern.insights import views

app_name = "insights"

# Mounted at the site root: the staff pages under insights/, the public statistics under statistics/.
urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/open-data/", views.release_list, name="release-list"),
    path("insights/open-data/<int:release_id>/", views.release_detail, name="release-detail"),
    path("insights/open-data/<int:release_id>/approve/", views.release_approve, name="release-approve"),
    path("insights/open-data/<int:release_id>/release.<str:fmt>", views.release_download, name="release-download"),
    path("statistics/", views.public_statistics, name="public"),
    path("statistics/latest.<str:fmt>", views.public_download, name="public-download"),
]
