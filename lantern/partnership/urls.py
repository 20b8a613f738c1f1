from django.urls import path

from lantern.partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("change/", views.partnership_edit, name="edit"),
    path("areas/new/", views.area_edit, name="area-create"),
    path("areas/<int:pk>/change/", views.area_edit, name="area-edit"),
    path("boards/new/", views.board_edit, name="board-create"),
    path("boards/<int:pk>/change/", views.board_edit, name="board-edit"),
]
