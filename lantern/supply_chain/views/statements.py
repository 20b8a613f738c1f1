"""Modern slavery statements: coverage, the registry upload and the uploads so far.

An upload then goes through the pages every supply-chain import shares (``views.uploads``):
its columns, the check's report, the import and its outcome.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.supply_chain import forms as sc_forms
from lantern.supply_chain.models import STATEMENT_AREAS, ModernSlaveryStatement
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.selectors import uploads as upload_selectors
from lantern.supply_chain.services import statements as statement_services


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
            try:
                upload = statement_services.statement_upload(upload=form.cleaned_data["file"], acting_user=user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("supply_chain:statement-upload-mapping", upload_id=upload.pk)
    matched = (ModernSlaveryStatement.objects.filter(supplier__isnull=False).select_related("supplier")
               .order_by("-statement_year", "organisation_name")[:200])
    return render(request, "supply_chain/statements/list.html", {
        "form": form, "coverage": statement_services.statement_coverage(), "statements": matched,
        "area_labels": [label for _field, label in STATEMENT_AREAS], "may_manage": may_manage,
        "uploads": upload_selectors.uploads_visible_to(user, kind=statement_services.KIND).order_by("-created_at")[:10],
        "crumbs": crumbs(("Supply chains", reverse("supply_chain:overview")), ("Modern slavery statements", None)),
    })
