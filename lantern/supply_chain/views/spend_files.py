"""Spend files: the list, the upload and an imported file's summary. The upload's columns, report and
import are the pages every supply-chain import shares (``views.uploads``).

Procurement officers import; the programme manager sees the files and reports. Every
write goes through ``services.spend_imports``; each step's page links to the next.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.models import ImportFile
from lantern.core.pages import form_page
from lantern.supply_chain.forms import SpendUploadForm
from lantern.supply_chain.selectors import spend as selectors
from lantern.supply_chain.services import spend_imports
from lantern.supply_chain.views.uploads import PROBLEMS_SHOWN


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
