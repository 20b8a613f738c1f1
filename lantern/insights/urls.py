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
    path("insights/board-reports/", views.board_report_list, name="board-report-list"),
    path("insights/board-reports/<str:period>/", views.board_report, name="board-report"),
    path("insights/board-reports/<str:period>/commentary/", views.board_commentary, name="board-commentary"),
    path("insights/board-reports/<str:period>/generate/", views.board_report_generate, name="board-report-generate"),
    path("insights/board-reports/download/<int:report_id>.pdf", views.board_report_download,
         name="board-report-download"),
    path("insights/statements/", views.statement_list, name="statement-list"),
    path("insights/statements/<int:statement_id>/", views.statement_detail, name="statement-detail"),
    path("insights/statements/<int:statement_id>/areas/<str:area>/", views.statement_area, name="statement-area"),
    path("insights/statements/<int:statement_id>/registry/", views.statement_registry, name="statement-registry"),
    path("insights/statements/<int:statement_id>/approve/", views.statement_approve, name="statement-approve"),
    path("insights/statements/<int:statement_id>/new-version/", views.statement_new_version,
         name="statement-new-version"),
    path("insights/statements/<int:statement_id>/statement.pdf", views.statement_download, name="statement-download"),
    path("insights/statements/<int:statement_id>/statement.html", views.statement_html, name="statement-html"),
    path("statistics/", views.public_statistics, name="public"),
    path("statistics/latest.<str:fmt>", views.public_download, name="public-download"),
]
