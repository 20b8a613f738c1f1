"""A stand-in sensitive page for testing the purpose-of-access mechanism.

An agency plays the sensitive record; a user's own agency counts as their
caseload. Real record pages (cases, reports) use the same two calls.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from lantern.accounts.models import Agency
from lantern.audit.purpose import access_purpose_redirect
from lantern.audit.services import audit_read


def sensitive_page(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Agency, pk=pk)
    on_caseload = request.user.agency_id == record.pk  # type: ignore[union-attr]
    redirect = access_purpose_redirect(request, record, on_caseload=on_caseload)
    if redirect is not None:
        return redirect
    audit_read(user=request.user, record=record, label=f"record {record.pk}", request=request)
    return HttpResponse("sensitive content")


urlpatterns = [
    path("", include("config.urls")),
    path("sensitive/<int:pk>/", sensitive_page),
]
