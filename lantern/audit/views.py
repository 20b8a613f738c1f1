"""The data protection officer's view of the audit trail: search, export, verify."""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from lantern.audit import selectors, services
from lantern.audit.capabilities import EXPORT_AUDIT
from lantern.audit.forms import AccessPurposeForm, AuditSearchForm
from lantern.audit.purpose import access_purpose_remember, record_from_token
from lantern.audit.services import audit_read
from lantern.core.access import not_found, require_capability
from lantern.core.breadcrumbs import crumbs
from lantern.core.exports import csv_safe

EXPORT_COLUMNS = [
    "sequence", "occurred_at", "actor_label", "agency_label", "kind", "action", "target_type", "target_id",
    "target_label", "changes", "purpose", "entry_hash",
]


def _search(request: HttpRequest) -> tuple[AuditSearchForm, Any]:
    form = AuditSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    return form, selectors.audit_entries_search(acting_user=request.user, **filters)


def _public_filters(form: AuditSearchForm) -> dict[str, Any]:
    if not form.is_bound or not form.is_valid():
        return {}
    return {k: (v.email if hasattr(v, "email") else str(v)) for k, v in form.cleaned_data.items() if v}


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _search(request)  # the selector lets only those who may read the trail search it
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    audit_read(user=request.user, action="audit.search", details=_public_filters(form))
    return render(request, "audit/log.html", {
        "form": form,
        "page": page,
        "filters": request.GET,
        "target_types": selectors.audit_target_types(),
        "can_export": request.user.can(EXPORT_AUDIT),  # type: ignore[union-attr]
        "crumbs": crumbs(("Audit trail", None)),
    })


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    require_capability(request.user, EXPORT_AUDIT)
    form, entries = _search(request)
    audit_read(user=request.user, action="audit.export", export=True,
               details={"filters": _public_filters(form), "rows": entries.count()})

    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(EXPORT_COLUMNS)
        for entry in entries.iterator(chunk_size=2000):
            values = [getattr(entry, col) for col in EXPORT_COLUMNS]
            values[1] = entry.occurred_at.isoformat()
            yield writer.writerow([csv_safe(v) for v in values])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lantern-audit-{stamp}.csv"'
    return response


@login_required
@require_POST
def audit_verify_start(request: HttpRequest) -> HttpResponse:
    job = services.audit_verify_start(acting_user=request.user)
    return redirect("core:job-detail", job_id=job.pk)


@login_required
@require_GET
def audit_entry(request: HttpRequest, sequence: int) -> HttpResponse:
    entry = selectors.audit_entry_get(acting_user=request.user, sequence=sequence)
    audit_read(user=request.user, record=entry, label=f"#{entry.sequence}", action="audit.view_entry")
    return render(request, "audit/entry.html", {
        "entry": entry,
        "crumbs": crumbs(("Audit trail", reverse("audit:log")), (f"Entry {entry.sequence}", None)),
    })


# --- Why a record outside the user's caseload is opened ---------------------------


@login_required
def access_purpose(request: HttpRequest) -> HttpResponse:
    """Ask why a user opens a sensitive record outside their caseload, and audit the answer."""
    record = record_from_token(request.GET.get("record", ""), user=request.user)
    next_url = request.GET.get("next", "")
    if record is None or not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        raise not_found()
    form = AccessPurposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        entry = services.access_purpose_record(user=request.user, record=record, purpose=form.purpose_text())
        access_purpose_remember(request, record, entry.sequence)
        return redirect(next_url)
    return render(request, "audit/access_purpose.html", {"form": form})
