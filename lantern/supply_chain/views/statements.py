"""Modern slavery statement pages: coverage, the registry upload and each import's report."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found, require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.supply_chain import forms as sc_forms
from lantern.supply_chain.models import STATEMENT_AREAS, ModernSlaveryStatement, StatementImport
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.services import statements as statement_services


def _crumbs(*more: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return crumbs(("Supply chains", reverse("supply_chain:overview")), *more)


@login_required
def statement_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.VIEW_SUPPLY_CHAIN)
    may_manage = risk_selectors.may_manage(user)
    form = sc_forms.StatementUploadForm(request.POST or None, request.FILES or None) if may_manage else None
    if request.method == "POST":
        require_capability(user, Capability.MANAGE_SUPPLY_CHAIN)
        assert form is not None  # noqa: S101 (made above for managers)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = statement_services.statements_import_start(name=upload.name, data=upload.read(),
                                                                 acting_user=user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("core:job-detail", job_id=job.pk)
    matched = (ModernSlaveryStatement.objects.filter(supplier__isnull=False).select_related("supplier")
               .order_by("-statement_year", "organisation_name")[:200])
    return render(request, "supply_chain/statements/list.html", {
        "form": form, "coverage": statement_services.statement_coverage(), "statements": matched,
        "area_labels": [label for _field, label in STATEMENT_AREAS],
        "imports": StatementImport.objects.filter(finished_at__isnull=False).defer("content")[:10],
        "crumbs": _crumbs(("Modern slavery statements", None)),
    })


@login_required
def statement_import(request: HttpRequest, import_id: int) -> HttpResponse:
    user = signed_in_user(request)
    if not risk_selectors.may_view_suppliers(user):
        raise not_found()
    upload = StatementImport.objects.defer("content").filter(pk=import_id).first()
    if upload is None:
        raise not_found()
    return render(request, "supply_chain/statements/import.html", {
        "upload": upload,
        "crumbs": _crumbs(("Modern slavery statements", reverse("supply_chain:statements")), (upload.name, None)),
    })
