"""A case's page, and the pages that change the case itself: person, safety plan, SHOP flag, closing, reopening."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.accounts.models import User
from lantern.audit.services import audit_read
from lantern.cases import forms as case_forms
from lantern.cases import nrm_form, selectors, services, workflow
from lantern.cases.models import Case
from lantern.cases.views._common import case_for_view, case_form_page
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case, on_caseload, purpose = case_for_view(request, reference)
    if purpose is not None:
        return purpose
    user = signed_in_user(request)
    audit_read(user=user, record=case, label=case.reference, request=request)
    today = timezone.localdate()
    page = selectors.case_page(user=user, case=case)
    facts = selectors.nrm_facts(case=case, user=user, page=page)
    form_sections = nrm_form.form_sections(facts)
    form_answered, form_asked = nrm_form.totals(form_sections)
    return render(request, "cases/case_detail.html", {
        "form_sections": form_sections, "form_answered": form_answered, "form_asked": form_asked,
        "form_kind": facts.kind,
        "case": case,
        "person": case.person,
        "today": today,
        "overdue": getattr(case, "is_overdue", False),  # annotated by selectors.with_overdue
        "rg_wait_days": workflow.days_waiting_for_rg(case, today),
        "cg_wait_days": workflow.days_waiting_for_cg(case, today),
        "due_items": workflow.due_items(case, today),
        **vars(page),
        "can_work": selectors.may_work_case(user, case, on_caseload=on_caseload),
        "has_nrm": workflow.has_nrm_referral(case),
        "age": selectors.case_age(case=case),
        "crumbs": crumbs(("Cases", reverse("cases:case-list")), (case.reference, None)),
    })


PERSON_FIELDS = ["given_name", "family_name", "known_as", "date_of_birth", "gender", "nationality",
                 "second_nationality", "language", "interpreter_needed", "communication_aid_needed",
                 "communication_aid", "ho_reference_held", "ho_references", "phone", "email", "address_street",
                 "address_town", "address_county", "address_postcode", "contact_methods", "email_safe", "post_safe",
                 "safe_contact"]


@login_required
def case_person(request: HttpRequest, reference: str) -> HttpResponse:
    def current_details(case: Case) -> dict[str, Any]:
        return {"initial": {f: getattr(case.person, f) for f in PERSON_FIELDS}}

    def save(case: Case, user: User, form: case_forms.PersonForm) -> None:
        details = form.details()
        services.person_update(case=case, acting_user=user, **{f: details[f] for f in PERSON_FIELDS})

    return case_form_page(request, reference, heading="Change the person's details", form_class=case_forms.PersonForm,
                          form_kwargs=current_details, save=save, success="The person's details have been saved.")


@login_required
def case_business(request: HttpRequest, reference: str) -> HttpResponse:
    def current(case: Case) -> dict[str, Any]:
        supplier = case.business_supplier
        return {"initial": {"business_name": case.business_name, "supplier": supplier.reference if supplier else ""}}

    def save(case: Case, user: User, form: case_forms.BusinessForm) -> None:
        services.case_set_business(case=case, acting_user=user, business_name=form.cleaned_data["business_name"],
                                   supplier=form.cleaned_data["supplier"])

    return case_form_page(request, reference, heading="Business where the person was exploited",
                          form_class=case_forms.BusinessForm, form_kwargs=current, save=save, success="Business saved.")


@login_required
def case_exploitation(request: HttpRequest, reference: str) -> HttpResponse:
    def current(case: Case) -> dict[str, Any]:
        return {"initial": {"types": [row.type for row in case.exploitation.all()],
                            "where_exploited": case.where_exploited,
                            "county_lines": "yes" if case.county_lines else "no"}}

    def save(case: Case, user: User, form: case_forms.CaseExploitationForm) -> None:
        d = form.cleaned_data
        services.case_set_exploitation(case=case, acting_user=user, types=d["types"],
                                       where_exploited=d["where_exploited"], county_lines=case_forms.yes(d["county_lines"]))

    return case_form_page(request, reference, heading="Exploitation", form_class=case_forms.CaseExploitationForm,
                          form_kwargs=current, save=save, success="The exploitation details have been saved.")


@login_required
def case_move_on_plan(request: HttpRequest, reference: str) -> HttpResponse:
    def current(case: Case) -> dict[str, Any]:
        return {"initial": {"planned_on": case.move_on_planned_on, "plan": case.move_on_plan}}

    def only_after_positive_cg(case: Case) -> str:
        return ("" if case.stage == "cg_positive" else
                "A move-on plan is recorded after a positive conclusive grounds decision.")

    def save(case: Case, user: User, form: case_forms.MoveOnPlanForm) -> None:
        services.case_record_move_on_plan(case=case, acting_user=user, planned_on=form.cleaned_data["planned_on"],
                                          plan=form.cleaned_data["plan"])

    return case_form_page(request, reference, heading="Move-on plan", form_class=case_forms.MoveOnPlanForm,
                          form_kwargs=current, save=save, success="The move-on plan has been saved.",
                          not_for=only_after_positive_cg,
                          lede="What happens when move-on support ends. Without a plan, the case is overdue "
                               "once move-on support has ended.")


@login_required
def case_safety_plan(request: HttpRequest, reference: str) -> HttpResponse:
    def current_plan(case: Case) -> dict[str, Any]:
        return {"initial": {"safety_plan": case.safety_plan}}

    def save(case: Case, user: User, form: case_forms.SafetyPlanForm) -> None:
        services.case_update_safety(case=case, acting_user=user, safety_plan=form.cleaned_data["safety_plan"])

    return case_form_page(request, reference, heading="Safety plan", form_class=case_forms.SafetyPlanForm,
                          form_kwargs=current_plan, save=save, success="Safety plan saved.")


@login_required
def case_shop(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.ReasonForm) -> None:
        services.case_flag_for_shop(case=case, acting_user=user, reason=form.cleaned_data["reason"])

    return case_form_page(
        request, reference, heading="Flag for the next SHOP meeting", form_class=case_forms.ReasonForm,
        form_kwargs={"label": "Why should the SHOP meeting discuss this case?", "submit": "Flag for SHOP"},
        save=save, success="Flagged for the next SHOP meeting.",
    )


@login_required
@require_POST
def case_shop_remove(request: HttpRequest, reference: str) -> HttpResponse:
    case, _on_caseload, purpose = case_for_view(request, reference)
    if purpose is not None:
        return purpose
    services.case_unflag_for_shop(case=case, acting_user=signed_in_user(request))
    messages.success(request, "Removed from the SHOP meeting list.")
    return redirect("cases:case-detail", reference=case.reference)


@login_required
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.CloseForm) -> None:
        services.case_close(case=case, acting_user=user, outcome=form.cleaned_data["outcome"],
                            closed_on=form.cleaned_data["closed_on"])

    return case_form_page(request, reference, heading="Close the case", form_class=case_forms.CloseForm,
                          form_kwargs={"initial": {"closed_on": timezone.localdate()}}, save=save,
                          success="Case closed.")


@login_required
def case_reopen(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.ReasonForm) -> None:
        services.case_reopen(case=case, acting_user=user, reason=form.cleaned_data["reason"])

    return case_form_page(
        request, reference, heading="Reopen the case", form_class=case_forms.ReasonForm,
        form_kwargs={"label": "Why is the case being reopened?", "submit": "Reopen case"},
        save=save, success="Case reopened.",
    )
