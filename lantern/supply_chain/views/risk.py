"""Risk screening pages: the overview dashboard, the risk model and its versions, a supplier's risk."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.accounts.capabilities import Capability
from lantern.core import reference
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.supply_chain import forms as sc_forms
from lantern.supply_chain.models import RiskBand
from lantern.supply_chain.selectors import overview as overview_selectors
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.selectors import suppliers as supplier_selectors
from lantern.supply_chain.services import risk as risk_services


def _overview_crumb() -> tuple[str, str]:
    return ("Supply chains", reverse("supply_chain:overview"))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not risk_selectors.may_view_aggregates(user):
        raise PermissionDenied
    data = overview_selectors.overview_for(user=user, period_key=request.GET.get("period"))
    return render(request, "supply_chain/overview.html", {
        "overview": data, "may_manage": risk_selectors.may_manage(user), "crumbs": crumbs(("Supply chains", None)),
    })


@login_required
def risk_model(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.VIEW_SUPPLY_CHAIN)
    current = risk_services.risk_model_ensure_shipped()
    return render(request, "supply_chain/risk/model.html", {
        "model": current, "definition": current.definition, "versions": risk_selectors.risk_models()[:50],
        "industries": risk_selectors.ppn_industries(), "bands": dict(RiskBand.choices),
        "may_manage": risk_selectors.may_manage(user),
        "crumbs": crumbs(_overview_crumb(), ("Risk model", None)),
    })


@login_required
def risk_model_version(request: HttpRequest, version: int) -> HttpResponse:
    user = signed_in_user(request)
    model = risk_selectors.risk_model_get(user=user, version=version)
    return render(request, "supply_chain/risk/model_version.html", {
        "model": model, "definition_json": json.dumps(model.definition, indent=2, ensure_ascii=False),
        "crumbs": crumbs(_overview_crumb(), ("Risk model", reverse("supply_chain:risk-model")),
                         (f"Version {model.version}", None)),
    })


@login_required
def risk_model_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_SUPPLY_CHAIN)
    current = risk_services.risk_model_ensure_shipped()
    form = sc_forms.RiskModelChangeForm(
        request.POST or None,
        initial={"definition": json.dumps(current.definition, indent=2, ensure_ascii=False)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            definition = risk_services.definition_from_text(form.cleaned_data["definition"])
            model = risk_services.risk_model_change(definition=definition, change_note=form.cleaned_data["change_note"],
                                                    acting_user=user)
        except ValidationError as error:  # what is wrong with the model, shown beside it
            form.add_error(None if hasattr(error, "error_dict") else "definition", error)
        else:
            messages.success(request, f"Risk model version {model.version} saved.")
            if form.cleaned_data["rescore"]:
                job = risk_services.suppliers_rescore_start(acting_user=user)
                return redirect("core:job-detail", job_id=job.pk)
            return redirect("supply_chain:risk-model")
    return render(request, "form_page.html", {
        "form": form, "heading": "Change the risk model", "caption": f"Risk model version {current.version}",
        "lede": "Saving makes a new version; the current one is kept, and every screening keeps the version it used.",
        "crumbs": crumbs(_overview_crumb(), ("Risk model", reverse("supply_chain:risk-model")), ("Change", None)),
    })


@login_required
def risk_weights_change(request: HttpRequest) -> HttpResponse:
    """The model's points and thresholds as numbers: the everyday way to review and change them."""
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_SUPPLY_CHAIN)
    current = risk_services.risk_model_ensure_shipped()
    form = sc_forms.RiskWeightsForm(request.POST or None,
                                    initial=sc_forms.RiskWeightsForm.initial_from(current.definition))
    if request.method == "POST" and form.is_valid():
        try:
            model = risk_services.risk_model_change(definition=form.apply_to(current.definition),
                                                    change_note=form.cleaned_data["change_note"], acting_user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Risk model version {model.version} saved.")
            if form.cleaned_data["rescore"]:
                job = risk_services.suppliers_rescore_start(acting_user=user)
                return redirect("core:job-detail", job_id=job.pk)
            return redirect("supply_chain:risk-model")
    return render(request, "form_page.html", {
        "form": form, "heading": "Change the points and bands", "caption": f"Risk model version {current.version}",
        "lede": "Saving makes a new version; the current one is kept, and every screening keeps the version it used. "
                "Categories and their keywords are changed in the full model.",
        "crumbs": crumbs(_overview_crumb(), ("Risk model", reverse("supply_chain:risk-model")),
                         ("Points and bands", None)),
    })


@login_required
@require_POST
def rescore(request: HttpRequest) -> HttpResponse:
    job = risk_services.suppliers_rescore_start(acting_user=signed_in_user(request))
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def supplier_risk(request: HttpRequest, supplier_id: int) -> HttpResponse:
    user = signed_in_user(request)
    supplier = supplier_selectors.supplier_get_for_user(user=user, supplier_id=supplier_id)
    context = getattr(supplier, "risk_context", None) if hasattr(supplier, "risk_context") else None
    return render(request, "supply_chain/risk/supplier.html", {
        **risk_selectors.supplier_risk_section(supplier), "history": risk_selectors.supplier_screenings(supplier)[:20],
        "known": context, "may_manage": risk_selectors.may_manage(user),
        "country": reference.label("countries", context.country) if context and context.country else "",
        "crumbs": crumbs(_overview_crumb(), (supplier.name, None)),
    })


@login_required
def supplier_risk_context_edit(request: HttpRequest, supplier_id: int) -> HttpResponse:
    user = signed_in_user(request)
    supplier = supplier_selectors.supplier_get_for_user(user=user, supplier_id=supplier_id)
    require_capability(user, Capability.MANAGE_SUPPLY_CHAIN)
    known = getattr(supplier, "risk_context", None) if hasattr(supplier, "risk_context") else None
    initial = {} if known is None else {
        "country": known.country, "goods": known.goods, "agency_labour": known.agency_labour,
        "temporary_workforce": known.temporary_workforce, "low_paid_workforce": known.low_paid_workforce,
    }
    detail = reverse("supply_chain:supplier-risk", args=[supplier.pk])

    def save(form: sc_forms.SupplierRiskContextForm) -> Any:
        return risk_services.supplier_risk_context_set(supplier=supplier, acting_user=user, **form.cleaned_data)

    def saved(screening: Any) -> str:
        return f"Saved. {supplier.name} is now {screening.get_band_display().lower()} risk ({screening.score})."

    return form_page(request, form_class=sc_forms.SupplierRiskContextForm, form_kwargs={"initial": initial},
                     save=save, template="form_page.html", success_url=detail, success_message=saved, context={
                         "heading": "What is known of this supplier", "caption": supplier.name,
                         "lede": "Where it or its goods come from, what it supplies and how it employs people. "
                                 "The supplier is screened again when you save.",
                         "crumbs": crumbs(_overview_crumb(), (supplier.name, detail), ("What is known", None)),
                     })
