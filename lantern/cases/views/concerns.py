"""Raising a concern (a step-by-step form, checked and submitted), the concern lists, and triage."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.audit.purpose import access_purpose_remember
from lantern.audit.services import access_purpose_record, audit_read
from lantern.cases import forms as case_forms
from lantern.cases import selectors, services
from lantern.cases.models import Case, Concern, ConcernStatus
from lantern.core import plugins
from lantern.core.access import not_found, require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.forms import raise_as_form_errors
from lantern.core.pages import form_page
from lantern.core.reference import ExploitationType, indicators

STEPS: list[tuple[str, str, type[case_forms.StepForm], list[str]]] = [
    ("danger", "Immediate danger", case_forms.DangerForm, ["immediate_danger"]),
    ("what", "What you saw", case_forms.WhatForm, ["what_seen", "seen_on"]),
    ("where", "Where", case_forms.WhereForm, ["area", "premises_type", "address"]),
    ("who", "About the person", case_forms.WhoForm,
     ["person_name", "person_description", "approximate_age", "age_uncertain", "gender", "nationality", "language",
      "interpreter_needed"]),
    ("signs", "Signs of exploitation", case_forms.IndicatorsForm, ["indicators"]),
    ("exploitation", "Type of exploitation", case_forms.ExploitationForm, ["exploitation_types"]),
]
STEP_NAMES = [s[0] for s in STEPS]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def concern_start(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RAISE_CONCERN)
    if request.method == "POST":
        concern = services.concern_start(raised_by=signed_in_user(request))
        return redirect("cases:concern-step", reference=concern.reference, step="danger")
    drafts = selectors.concern_drafts_of(signed_in_user(request))[:10]
    return render(request, "cases/concern_start.html", {
        "drafts": drafts, "crumbs": crumbs(("Raise a concern", None)),
        "notices": plugins.notices_for(signed_in_user(request), "concern-start")})


def _initial(concern: Concern, names: list[str]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in names:
        value = getattr(concern, name)
        if name == "immediate_danger":
            value = None if value is None else ("yes" if value else "no")
        initial[name] = value
    return initial


@login_required
def concern_step(request: HttpRequest, reference: str, step: str) -> HttpResponse:
    concern = selectors.concern_get_own_draft(user=request.user, reference=reference)
    if step not in STEP_NAMES:
        raise not_found()
    index = STEP_NAMES.index(step)
    name, title, form_class, fields = STEPS[index]
    kwargs: dict[str, Any] = {"initial": _initial(concern, fields)}
    if form_class is case_forms.IndicatorsForm:
        kwargs["version"] = concern.indicator_set_version
    form = form_class(_posted(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "immediate_danger" in data:
            data["immediate_danger"] = case_forms.yes(data["immediate_danger"])
        try:
            services.concern_update_draft(concern=concern, acting_user=signed_in_user(request), **data)
        except ValidationError as error:
            raise_as_form_errors(form, error)
        else:
            if name == "danger" and concern.immediate_danger:
                return redirect("cases:concern-danger", reference=concern.reference)
            if index + 1 < len(STEPS) and request.GET.get("change") != "1":
                return redirect("cases:concern-step", reference=concern.reference, step=STEP_NAMES[index + 1])
            return redirect("cases:concern-check", reference=concern.reference)
    back = (reverse("cases:concern-step", args=[concern.reference, STEP_NAMES[index - 1]]) if index
            else reverse("cases:concern-start"))
    return render(request, "cases/concern_step.html", {
        "form": form, "concern": concern, "title": title, "step_number": index + 1, "step_count": len(STEPS),
        "back_url": back, "grouped_indicators": name == "signs",
    })


@login_required
def concern_danger(request: HttpRequest, reference: str) -> HttpResponse:
    concern = selectors.concern_get_own_draft(user=request.user, reference=reference)
    return render(request, "cases/concern_danger.html", {"concern": concern})


def _answers(concern: Concern) -> list[tuple[str, str, str]]:
    """(question, answer, step to change it) for the check-answers page."""
    iset = indicators.indicator_set(concern.indicator_set_version)
    return [
        ("Anyone in immediate danger",
         "Not answered" if concern.immediate_danger is None else ("Yes" if concern.immediate_danger else "No"), "danger"),
        ("What you saw or were told", concern.what_seen or "Not given", "what"),
        ("When", concern.seen_on.strftime("%-d %B %Y") if concern.seen_on else "Not given", "what"),
        ("Ward or area", str(concern.area) if concern.area else "Not known", "where"),
        ("Type of place", concern.get_premises_type_display() or "Not given", "where"),
        ("Address or place", concern.address or "Not given", "where"),
        ("Name", concern.person_name or "Not known", "who"),
        ("Description", concern.person_description or "Not given", "who"),
        ("Approximate age", "Not known (may be under 18)" if concern.age_uncertain
         else (str(concern.approximate_age) if concern.approximate_age is not None else "Not given"), "who"),
        ("Gender", concern.get_gender_display(), "who"),
        ("Nationality", concern.nationality or "Not known", "who"),
        ("Language", (concern.language or "Not known") + (" (needs an interpreter)" if concern.interpreter_needed else ""), "who"),
        ("Signs seen", "; ".join(iset.label(c) for c in concern.indicators) or "None selected", "signs"),
        ("Suspected exploitation", "; ".join(ExploitationType(t).label for t in concern.exploitation_types)
         or "Not known", "exploitation"),
    ]


@login_required
def concern_check(request: HttpRequest, reference: str) -> HttpResponse:
    concern = selectors.concern_get_own_draft(user=request.user, reference=reference)
    error = ""
    if request.method == "POST":
        try:
            services.concern_submit(concern=concern, acting_user=signed_in_user(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("cases:concern-submitted", reference=concern.reference)
    return render(request, "cases/concern_check.html", {
        "concern": concern, "answers": _answers(concern), "error": error,
        "missing": selectors.concern_missing_answers(concern),
    })


@login_required
def concern_submitted(request: HttpRequest, reference: str) -> HttpResponse:
    concern = selectors.concern_get_for_user(user=request.user, reference=reference)
    if concern.raised_by_id != request.user.pk:
        raise not_found()
    if concern.status == ConcernStatus.DRAFT:
        return redirect("cases:concern-check", reference=concern.reference)
    return render(request, "cases/concern_submitted.html", {"concern": concern})


@login_required
def concern_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not (user.can(Capability.RAISE_CONCERN) or user.can(Capability.TRIAGE_CONCERN)):
        raise PermissionDenied
    waiting = selectors.concerns_waiting_for_triage(user) if user.can(Capability.TRIAGE_CONCERN) else None
    return render(request, "cases/concern_list.html", {"own": selectors.concerns_raised_by(user)[:50],
                                                        "waiting": waiting, "crumbs": crumbs(("Concerns", None))})


@login_required
def concern_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    concern = selectors.concern_get_for_user(user=user, reference=reference)
    if concern.status == ConcernStatus.DRAFT:
        return redirect("cases:concern-check", reference=concern.reference)
    can_triage = user.can(Capability.TRIAGE_CONCERN)
    show_details = selectors.may_see_concern_details(user, concern)
    if show_details:
        audit_read(user=user, record=concern, label=concern.reference, request=request)
    waiting = concern.status == ConcernStatus.SUBMITTED
    form = (case_forms.TriageForm(_posted(request), initial=_triage_initial(concern))
            if can_triage and waiting else None)
    if form is not None and request.method == "POST" and form.is_valid():
        response = _triage(request, concern, form)
        if response is not None:
            return response
    iset = indicators.indicator_set(concern.indicator_set_version)
    earlier = (selectors.earlier_records_for(user=user, given_name=concern.person_name, family_name="", date_of_birth=None)
               if can_triage and waiting else [])
    return render(request, "cases/concern_detail.html", {
        "concern": concern, "answers": _answers(concern) if show_details else None, "form": form, "earlier": earlier,
        "case_visible": selectors.may_see_case(user, concern.case_id),
        "perms_handle_reports": user.can(Capability.HANDLE_REPORTS),
        "can_triage": can_triage, "indicator_labels": [iset.label(c) for c in concern.indicators],
        "crumbs": crumbs(("Concerns", reverse("cases:concern-list")), (concern.reference, None)),
    })


@login_required
def concern_business(request: HttpRequest, reference: str) -> HttpResponse:
    """Triage names the business where the person was exploited, and the council supplier it is."""
    user = signed_in_user(request)
    concern = selectors.concern_get_for_user(user=user, reference=reference)
    if not user.can(Capability.TRIAGE_CONCERN) or concern.status == ConcernStatus.DRAFT:
        raise not_found()
    detail = reverse("cases:concern-detail", args=[concern.reference])
    if request.method == "GET":
        audit_read(user=user, record=concern, label=concern.reference, request=request)
    supplier = concern.business_supplier

    def save(form: case_forms.BusinessForm) -> None:
        services.concern_set_business(concern=concern, acting_user=user, business_name=form.cleaned_data["business_name"],
                                      supplier=form.cleaned_data["supplier"])

    return form_page(
        request, form_class=case_forms.BusinessForm, save=save, template="form_page.html",
        form_kwargs={"initial": {"business_name": concern.business_name, "supplier": supplier.reference if supplier else ""}},
        context={"heading": "Business where the person was exploited", "caption": f"Concern {concern.reference}",
                 "crumbs": crumbs(("Concerns", reverse("cases:concern-list")), (concern.reference, detail),
                                  ("Business", None))},
        success_url=detail, success_message="Business saved.",
    )


def _remember_triage_purpose(request: HttpRequest, case: Case, purpose: str) -> None:
    """The triage decision is the triager's reason for opening the case next: record it as the purpose of access.

    A triager is rarely on the case team, so the case page would otherwise ask them why they
    are opening the case they have just opened or linked. The reason is audited like one
    given on the purpose page, and remembered for this session in the same way.
    """
    user = signed_in_user(request)
    if selectors.is_on_caseload(user, case):
        return  # on the team: never asked
    entry = access_purpose_record(user=user, record=case, purpose=purpose)
    access_purpose_remember(request, case, entry.sequence)


def split_name(name: str) -> tuple[str, str]:
    """A name as one line, split into (given names, family name) for the triager to check.

    The last word is taken as the family name; a single word is a given name.
    """
    words = name.split()
    if len(words) < 2:
        return " ".join(words), ""
    return " ".join(words[:-1]), words[-1]


def _triage_initial(concern: Concern) -> dict[str, Any]:
    """What the triage form starts with: the name the concern gives, so the triager does not type it again."""
    given_name, family_name = split_name(concern.person_name)
    return {"given_name": given_name, "family_name": family_name}


def _triage(request: HttpRequest, concern: Concern, form: case_forms.TriageForm) -> HttpResponse | None:
    """Carry out the triage decision; None when the form has errors to show."""
    data = form.cleaned_data
    user = signed_in_user(request)
    try:
        if data["outcome"] == "open_case":
            case = services.concern_open_case(
                concern=concern, acting_user=user, lead_worker=data["lead_worker"], given_name=data["given_name"],
                family_name=data["family_name"], date_of_birth=data["date_of_birth"],
                childrens_lead_reason=data["childrens_lead_reason"],
            )
            if not selectors.may_see_case(user, case.pk):
                # A child's case, restricted to children's services: the triager opened it but may not see it.
                messages.success(request, f"Case {case.reference} opened. It is a child's case, so only its team and "
                                          "children's services staff can open it.")
                return redirect("cases:concern-list")
            _remember_triage_purpose(request, case, f"Opened this case at triage of concern {concern.reference}")
            messages.success(request, f"Case {case.reference} opened.")
            return redirect("cases:case-detail", reference=case.reference)
        if data["outcome"] == "link_case":
            target = selectors.cases_visible_to(user).filter(reference=data["case_reference"].strip().upper()).first()
            if target is None:
                form.add_error("case_reference", "No case you can see has this reference")
                return None
            services.concern_link_case(concern=concern, acting_user=user, case=target)
            _remember_triage_purpose(request, target, f"Linked concern {concern.reference} to this case at triage")
            messages.success(request, f"Concern linked to case {target.reference}.")
            return redirect("cases:case-detail", reference=target.reference)
        services.concern_close(concern=concern, acting_user=user, outcome=data["outcome"], reason=data["reason"])
        messages.success(request, f"Triage decision recorded for {concern.reference}.")
        return redirect("cases:concern-list")
    except ValidationError as error:
        raise_as_form_errors(form, error)
        return None
