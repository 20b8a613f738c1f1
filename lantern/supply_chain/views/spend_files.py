"""Spend files: the list, the upload, column mapping, the check's report, the import and its summary.

Procurement officers import; the programme manager sees the files and reports. Every
write goes through ``services.spend_imports``; each step's page links to the next.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from lantern.supply_chain.forms import MappingForm, SpendUploadForm
from lantern.supply_chain.selectors import spend as selectors
from lantern.supply_chain.services import spend_imports

PROBLEMS_SHOWN = 200


def _list_crumb() -> tuple[str, str]:
    return ("Spend files", reverse("supply_chain:spend-file-list"))


def _may_manage(user: Any) -> bool:
    return bool(user.can(Capability.MANAGE_SUPPLY_CHAIN))


@login_required
def spend_file_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    files = selectors.spend_files_visible_to(user)[:100]
    waiting = selectors.spend_uploads_waiting(user)[:50]
    return render(request, "supply_chain/spend_file_list.html", {
        "files": files, "waiting": waiting, "may_manage": _may_manage(user),
        "crumbs": crumbs(("Spend files", None)),
    })


@login_required
def spend_upload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not _may_manage(user):
        raise PermissionDenied

    def save(form: SpendUploadForm) -> list[ImportFile]:
        uploads, errors = [], []
        with transaction.atomic():  # every file is taken, or none
            for upload in form.cleaned_data["uploads"]:
                try:
                    uploads.append(spend_imports.spend_upload(
                        upload=upload, publisher=form.cleaned_data["publisher"], acting_user=user))
                except ValidationError as error:
                    errors.append(f"{upload.name}: {' '.join(error.messages)}")
            if errors:
                transaction.set_rollback(True)
        if errors:
            raise ValidationError({"uploads": errors})
        return uploads

    def next_page(uploads: list[ImportFile]) -> str:
        if len(uploads) == 1:
            return reverse("supply_chain:upload-mapping", args=[uploads[0].pk])
        return reverse("supply_chain:spend-file-list")

    def saved(uploads: list[ImportFile]) -> str:
        if len(uploads) == 1:
            return "File uploaded: check which column holds which field."
        return f"{len(uploads)} files uploaded: confirm the columns of each one below."

    return form_page(
        request, form_class=SpendUploadForm, save=save, template="form_page.html", success_url=next_page,
        success_message=saved, context={
            "heading": "Upload spend files", "caption": "Spend files",
            "lede": "Upload the council's published spending files. Lantern proposes which column holds which "
                    "field, checks every row and shows you what it cannot read before anything is imported.",
            "crumbs": crumbs(_list_crumb(), ("Upload", None)),
        })


@login_required
def upload_mapping(request: HttpRequest, upload_id: Any) -> HttpResponse:
    user = signed_in_user(request)
    upload = selectors.spend_upload_get(user=user, upload_id=upload_id)
    if not _may_manage(user):
        raise PermissionDenied
    if upload.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        return redirect("supply_chain:upload-report", upload_id=upload.pk)
    kind = registry.get(upload.kind)
    proposal = upload.proposal
    unsure = [item for item in proposal.get("fields", []) if item.get("column") is not None and not item.get("sure")]
    missing = [kind.spec.field(item["field"]).label for item in proposal.get("fields", [])
               if item.get("column") is None and kind.spec.field(item["field"]).required]

    def save(form: MappingForm) -> Any:
        return spend_imports.spend_upload_map(import_file=upload, columns=form.columns(), acting_user=user)

    return form_page(
        request, form_class=MappingForm, save=save, template="supply_chain/upload_mapping.html",
        form_kwargs={"spec": kind.spec, "headers": upload.headers, "proposal": proposal, "current": upload.mapping},
        success_url=lambda job: reverse("core:job-detail", args=[job.pk]),
        context={"upload": upload, "unsure": len(unsure), "missing": missing,
                 "remembered": proposal.get("remembered", False),
                 "crumbs": crumbs(_list_crumb(), ("Columns", None))})


@login_required
def upload_report(request: HttpRequest, upload_id: Any) -> HttpResponse:
    user = signed_in_user(request)
    upload = selectors.spend_upload_get(user=user, upload_id=upload_id)
    if upload.status in (ImportStatus.IMPORTED, ImportStatus.DUPLICATE) and upload.result.get("spend_file"):
        return redirect("supply_chain:spend-file-detail", spend_file_id=upload.result["spend_file"])
    return render(request, "supply_chain/upload_report.html", {
        "upload": upload, "counts": upload.counts, "problems": upload.problems[:PROBLEMS_SHOWN],
        "more_problems": max(0, len(upload.problems) - PROBLEMS_SHOWN), "may_manage": _may_manage(user),
        "crumbs": crumbs(_list_crumb(), ("Check", None)),
    })


@login_required
@require_POST
def upload_import(request: HttpRequest, upload_id: Any) -> HttpResponse:
    user = signed_in_user(request)
    upload = selectors.spend_upload_get(user=user, upload_id=upload_id)
    if not _may_manage(user):
        raise PermissionDenied
    try:
        job = spend_imports.spend_upload_import(import_file=upload, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("supply_chain:upload-report", upload_id=upload.pk)
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def upload_report_csv(request: HttpRequest, upload_id: Any) -> HttpResponse:
    """The per-row report as CSV: row, column, reason and outcome, never a cell's value."""
    user = signed_in_user(request)
    upload = selectors.spend_upload_get(user=user, upload_id=upload_id)
    audit_read(user=user, record=upload, action="spend_upload.report_download", export=True,
               details={"problems": len(upload.problems)})
    response = HttpResponse(report_csv(upload.problems), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="spend-file-report-{str(upload.pk)[:8]}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@login_required
def spend_file_detail(request: HttpRequest, spend_file_id: int) -> HttpResponse:
    user = signed_in_user(request)
    spend_file = selectors.spend_file_get(user=user, spend_file_id=spend_file_id)
    upload = spend_file.upload
    problems = upload.problems if upload is not None else []
    return render(request, "supply_chain/spend_file_detail.html", {
        "spend_file": spend_file, "upload": upload, "problems": problems[:PROBLEMS_SHOWN],
        "more_problems": max(0, len(problems) - PROBLEMS_SHOWN),
        "crumbs": crumbs(_list_crumb(), (spend_file.name, None)),
    })
