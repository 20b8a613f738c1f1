"""The pages of an upload going through the import pipeline, the same for every supply-chain import
(spend files, the statement registry): its columns, the check's report, the import, the report as CSV.

Each import has its own addresses under its section (``IMPORTS``) and its own audited services;
the pages and templates are these.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.imports import registry
from lantern.core.imports.report import report_csv
from lantern.core.models import ImportFile, ImportStatus
from lantern.core.pages import form_page
from lantern.supply_chain.forms import MappingForm
from lantern.supply_chain.selectors import uploads as selectors
from lantern.supply_chain.services import spend_imports
from lantern.supply_chain.services import statements as statement_services

PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class ImportPages:
    """One import's section, addresses and services."""

    kind: str
    section: str  # the breadcrumb of its section
    section_url: str  # its URL name
    urls: str  # the prefix of its upload pages' URL names
    audit: str  # the prefix of its audit actions
    report_name: str  # the downloaded report's file name, before its id
    confirm: Callable[..., Any]  # (import_file, columns, acting_user) -> job: the mapping confirmed, the check started
    start_import: Callable[..., Any]  # (import_file, acting_user) -> job

    def url(self, page: str, upload: ImportFile) -> str:
        return reverse(f"supply_chain:{self.urls}{page}", args=[upload.pk])


IMPORTS = {pages.kind: pages for pages in (
    ImportPages(spend_imports.KIND, "Spend files", "supply_chain:spend-file-list", "", "spend_upload",
                "spend-file-report", spend_imports.spend_upload_map, spend_imports.spend_upload_import),
    ImportPages(statement_services.KIND, "Modern slavery statements", "supply_chain:statements", "statement-",
                "statement_upload", "statement-file-report", statement_services.statement_upload_map,
                statement_services.statement_upload_import),
)}


def _may_manage(user: Any) -> bool:
    return bool(user.can(Capability.MANAGE_SUPPLY_CHAIN))


def _crumbs(pages: ImportPages, last: str) -> list[dict[str, str | None]]:
    return crumbs((pages.section, reverse(pages.section_url)), (last, None))


def _urls(pages: ImportPages, upload: ImportFile) -> dict[str, str]:
    return {"mapping": pages.url("upload-mapping", upload), "import": pages.url("upload-import", upload),
            "report_csv": pages.url("upload-report-csv", upload), "section": reverse(pages.section_url),
            "section_label": pages.section}


@login_required
def upload_mapping(request: HttpRequest, upload_id: Any, kind: str) -> HttpResponse:
    user = signed_in_user(request)
    pages = IMPORTS[kind]
    upload = selectors.upload_get(user=user, kind=kind, upload_id=upload_id)
    if not _may_manage(user):
        raise PermissionDenied
    if upload.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        return redirect(pages.url("upload-report", upload))
    spec = registry.get(upload.kind).spec
    proposal = upload.proposal
    unsure = [item for item in proposal.get("fields", []) if item.get("column") is not None and not item.get("sure")]
    missing = [spec.field(item["field"]).label for item in proposal.get("fields", [])
               if item.get("column") is None and spec.field(item["field"]).required]

    def save(form: MappingForm) -> Any:
        return pages.confirm(import_file=upload, columns=form.columns(), acting_user=user)

    return form_page(
        request, form_class=MappingForm, save=save, template="core/imports/upload_mapping.html",
        form_kwargs={"spec": spec, "headers": upload.headers, "proposal": proposal, "current": upload.mapping},
        success_url=lambda job: reverse("core:job-detail", args=[job.pk]),
        context={"upload": upload, "unsure": len(unsure), "missing": missing,
                 "remembered": proposal.get("remembered", False), "crumbs": _crumbs(pages, "Columns")})


@login_required
def upload_report(request: HttpRequest, upload_id: Any, kind: str) -> HttpResponse:
    user = signed_in_user(request)
    pages = IMPORTS[kind]
    upload = selectors.upload_get(user=user, kind=kind, upload_id=upload_id)
    here = pages.url("upload-report", upload)
    if upload.status in (ImportStatus.IMPORTED, ImportStatus.DUPLICATE):
        onward = registry.get(upload.kind).page_url(upload)
        if onward != here:  # an import with a page of its own for what it made (a spend file)
            return redirect(onward)
    return render(request, "core/imports/upload_report.html", {
        "upload": upload, "counts": upload.counts, "problems": upload.problems[:PROBLEMS_SHOWN],
        "more_problems": max(0, len(upload.problems) - PROBLEMS_SHOWN), "may_manage": _may_manage(user),
        "urls": _urls(pages, upload), "crumbs": _crumbs(pages, "Check"),
    })


@login_required
@require_POST
def upload_import(request: HttpRequest, upload_id: Any, kind: str) -> HttpResponse:
    user = signed_in_user(request)
    pages = IMPORTS[kind]
    upload = selectors.upload_get(user=user, kind=kind, upload_id=upload_id)
    if not _may_manage(user):
        raise PermissionDenied
    try:
        job = pages.start_import(import_file=upload, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(pages.url("upload-report", upload))
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def upload_report_csv(request: HttpRequest, upload_id: Any, kind: str) -> HttpResponse:
    """The per-row report as CSV: row, column, reason and outcome, never a cell's value."""
    user = signed_in_user(request)
    pages = IMPORTS[kind]
    upload = selectors.upload_get(user=user, kind=kind, upload_id=upload_id)
    audit_read(user=user, record=upload, action=f"{pages.audit}.report_download", export=True,
               details={"problems": len(upload.problems)})
    response = HttpResponse(report_csv(upload.problems), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{pages.report_name}-{str(upload.pk)[:8]}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def upload_paths(prefix: str, kind: str, names: str) -> list[URLPattern]:
    """The upload pages of one import, under its section's ``prefix``, named ``names`` + the page."""
    extra = {"kind": kind}
    return [
        path(f"{prefix}<uuid:upload_id>/columns/", upload_mapping, extra, name=f"{names}upload-mapping"),
        path(f"{prefix}<uuid:upload_id>/", upload_report, extra, name=f"{names}upload-report"),
        path(f"{prefix}<uuid:upload_id>/import/", upload_import, extra, name=f"{names}upload-import"),
        path(f"{prefix}<uuid:upload_id>/report.csv", upload_report_csv, extra, name=f"{names}upload-report-csv"),
    ]
