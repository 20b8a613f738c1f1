from django.urls import path

from lantern.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.csv", views.audit_export, name="export"),
    path("verify/", views.audit_verify_start, name="verify"),
    path("entries/<int:sequence>/", views.audit_entry, name="entry"),
]
