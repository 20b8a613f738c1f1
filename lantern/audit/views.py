"""The data protection officer's view of the audit trail: search, export, verify."""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.accounts.capabilities import Capability
from lantern.audit import selectors
from lantern.audit.forms import AuditSearchForm
from lantern.audit.models import AuditAction, AuditEntry
from lantern.audit.services import audit_record
from lantern.core.access import not_found, require_capability
from lantern.core.breadcrumbs import crumbs
from lantern.core.exports import csv_safe
from lantern.core.jobs import job_start

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
    require_capability(request.user, Capability.VIEW_AUDIT)
    form, entries = _search(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    audit_record(actor=request.user, action="audit.search", kind=AuditAction.READ, changes=_public_filters(form))
    return render(request, "audit/log.html", {
        "form": form,
        "page": page,
        "filters": request.GET,
        "target_types": selectors.audit_target_types(),
        "can_export": request.user.can(Capability.EXPORT_AUDIT),  # type: ignore[union-attr]
        "crumbs": crumbs(("Audit trail", None)),
    })


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    require_capability(request.user, Capability.EXPORT_AUDIT)
    form, entries = _search(request)
    with transaction.atomic():
        audit_record(actor=request.user, action="audit.export", kind=AuditAction.EXPORT,
                     changes={"filters": _public_filters(form), "rows": entries.count()})

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
    require_capability(request.user, Capability.VIEW_AUDIT)
    with transaction.atomic():
        job = job_start(kind="audit.verify", title="Check the audit trail has not been changed", started_by=request.user)
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def audit_entry(request: HttpRequest, sequence: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_AUDIT)
    entry = AuditEntry.objects.filter(sequence=sequence).select_related("actor").first()
    if entry is None:
        raise not_found()
    audit_record(actor=request.user, action="audit.view_entry", kind=AuditAction.READ, target=entry,
                 target_label=f"#{entry.sequence}")
    return render(request, "audit/entry.html", {
        "entry": entry,
        "crumbs": crumbs(("Audit trail", reverse("audit:log")), (f"Entry {entry.sequence}", None)),
    })
