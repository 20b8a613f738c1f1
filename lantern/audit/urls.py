from django.urls import path

from lantern.audit import views

app_name = "audit"

# Mounted at the site root: the trail's own pages under audit/, and the
# purpose-of-access question that any sensitive record page may ask.
urlpatterns = [
    path("audit/", views.audit_log, name="log"),
    path("audit/export.csv", views.audit_export, name="export"),
    path("audit/verify/", views.audit_verify_start, name="verify"),
    path("audit/entries/<int:sequence>/", views.audit_entry, name="entry"),
    path("access/purpose/", views.access_purpose, name="access-purpose"),
]
