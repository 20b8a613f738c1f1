"""Screening, consent, referrals, Home Office decisions and the referral pack."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.accounts.models import User
from lantern.audit.services import audit_read
from lantern.cases import forms as case_forms
from lantern.cases import nrm_form, selectors, services
from lantern.cases.models import Case, ReferralKind
from lantern.cases.views._common import case_crumbs, case_for_view, case_form_page
from lantern.core.access import not_found, signed_in_user
from lantern.core.reference import indicators


def _evidence_by_code(data: dict[str, Any]) -> dict[str, str]:
    """Evidence boxes of the ticked indicators, keyed by indicator code."""
    return {code: str(data.get(case_forms.ScreeningForm.evidence_name(code), "")).strip()
            for code in data.get("indicators", [])
            if str(data.get(case_forms.ScreeningForm.evidence_name(code), "")).strip()}


@login_required
def case_screening(request: HttpRequest, reference: str) -> HttpResponse:
    def indicators_for(case: Case) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"include_child": case.is_child}
        if not case.screenings.exists():  # the first screening starts from the first responders' accounts
            kwargs["initial"] = case_forms.ScreeningForm.initial_from_concerns(
                selectors.concerns_of_case(case), include_child=case.is_child)
        return kwargs

    def save(case: Case, user: User, form: case_forms.ScreeningForm) -> None:
        d = form.cleaned_data
        services.screening_record(
            case=case, acting_user=user, indicators_found=d["indicators"], evidence=d["evidence"],
            judgement=d["judgement"], conclusion=d["conclusion"], screened_on=d["screened_on"],
            indicator_evidence=_evidence_by_code(d))

    return case_form_page(
        request, reference, heading="Record a screening", form_class=case_forms.ScreeningForm,
        form_kwargs=indicators_for, save=save, success="Screening recorded.", template="cases/screening_form.html",
        lede=f"Indicator set {indicators.current_set().title} (version {indicators.CURRENT_VERSION}).",
    )


@login_required
def case_consent(request: HttpRequest, reference: str) -> HttpResponse:
    def children_do_not_consent(case: Case) -> str:
        return "Children do not give consent: every child is referred to the NRM." if case.is_child else ""

    def save(case: Case, user: User, form: case_forms.ConsentForm) -> None:
        d = form.cleaned_data
        services.consent_record(
            case=case, acting_user=user, given=case_forms.yes(d["given"]), explained_on=d["explained_on"],
            language=d["language"], interpreter_used=d["interpreter_used"], refusal_reason=d["refusal_reason"],
            share_details_for_dtn=d["share_details_for_dtn"])

    return case_form_page(request, reference, heading="Record their decision about an NRM referral",
                          form_class=case_forms.ConsentForm, save=save, success="Their decision has been recorded.",
                          not_for=children_do_not_consent, template="cases/consent_form.html")


@login_required
def case_referral(request: HttpRequest, reference: str) -> HttpResponse:
    def suggested(case: Case) -> dict[str, Any]:
        initial: dict[str, Any] = {"made_by_agency": signed_in_user(request).agency_id or case.lead_agency_id}
        if request.GET.get("kind") in ReferralKind.values:
            initial["kind"] = request.GET["kind"]
        return {"initial": initial}

    def save(case: Case, user: User, form: case_forms.ReferralForm) -> None:
        d = form.cleaned_data
        services.referral_record(
            case=case, acting_user=user, kind=d["kind"], made_on=d["made_on"], made_by_agency=d["made_by_agency"],
            to_organisation=d["to_organisation"], external_reference=d["external_reference"], notes=d["notes"],
            first_responder_organisation=d["first_responder_organisation"])

    return case_form_page(request, reference, heading="Record a referral", form_class=case_forms.ReferralForm,
                          form_kwargs=suggested, save=save, success="Referral recorded.",
                          template="cases/referral_form.html")


@login_required
def case_decision(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.DecisionForm) -> None:
        d = form.cleaned_data
        services.decision_record(
            case=case, acting_user=user, kind=d["kind"], decided_on=d["decided_on"],
            positive=case_forms.yes(d["positive"]), competent_authority=d["competent_authority"], notes=d["notes"],
            early_reason=d["early_reason"])

    def recovery_end(case: Case) -> dict[str, Any]:
        return {"recovery_ends_on": case.recovery_ends_on if case.stage == "recovery" else None}

    return case_form_page(request, reference, heading="Record a Home Office decision",
                          form_class=case_forms.DecisionForm, form_kwargs=recovery_end, save=save,
                          success="Decision recorded.")


@login_required
def referral_pack(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """Every answer the Home Office online form needs, in its page order, to copy in one sitting."""
    case, _on_caseload, purpose = case_for_view(request, reference)
    if purpose is not None:
        return purpose
    if kind not in ("nrm", "dtn") or (kind == "dtn" and case.is_child):
        raise not_found()  # the Duty to Notify is never used for children
    user = signed_in_user(request)
    audit_read(user=user, record=case, label=case.reference, action="case.referral_pack", export=True,
               details={"form": kind})
    facts = selectors.nrm_facts(case=case, user=user, kind=kind)
    sections = nrm_form.form_sections(facts)
    answered, asked = nrm_form.totals(sections)
    return render(request, "cases/referral_pack.html", {
        "case": case, "kind": kind, "sections": sections, "answered": answered, "asked": asked,
        "consent_given": bool(facts.consent and facts.consent.given), "crumbs": case_crumbs(case, "Referral pack"),
    })
