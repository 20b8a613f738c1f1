"""The referral questions step: what the Home Office NRM form asks that the case does not already hold."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from lantern.accounts.models import User
from lantern.audit.services import audit_read
from lantern.cases import forms as case_forms
from lantern.cases import nrm_form, selectors, services
from lantern.cases.models import Case, ListKind
from lantern.cases.views._common import case_crumbs, case_for_view, case_form_page, case_to_work
from lantern.core.access import not_found, signed_in_user
from lantern.core.breadcrumbs import crumbs

LIST_SLUGS = {kind.value.replace("_", "-"): kind for kind in ListKind}
LIST_HEADINGS = {
    ListKind.UK_PLACE: ("Places in the UK where they were exploited", "Add a place in the UK where they were exploited"),
    ListKind.OVERSEAS_PLACE: ("Countries where they were exploited", "Add a country where they were exploited"),
    ListKind.JOURNEY: ("The journey", "Add part of the journey"),
    ListKind.EXPLOITER: ("Exploiters", "Add an exploiter"),
    ListKind.OTHER_VICTIM: ("Other potential victims", "Add another potential victim"),
    ListKind.CHILD: ("Their children", "Add a child of theirs"),
}


QUESTIONS_LEDE = ("What the Home Office form asks that the case does not hold yet, section by section. Answer what "
                  "you know now; everything is optional here, and the referral pack shows what is still to ask.")


@login_required
@require_safe
def referral_questions(request: HttpRequest, reference: str) -> HttpResponse:
    """The step's overview: the sections with questions still to ask (each its own page) and the form's lists."""
    user = signed_in_user(request)
    case, purpose = case_to_work(request, reference)
    if purpose is not None:
        return purpose
    audit_read(user=user, record=case, label=case.reference, request=request)
    facts = selectors.nrm_facts(case=case, user=user)
    sections = nrm_form.form_sections(facts)
    answered, asked = nrm_form.totals(sections)
    entries = selectors.nrm_entries_of(case)
    heading = "Referral questions"
    return render(request, "cases/referral_questions.html", {
        "heading": heading, "caption": f"Case {case.reference}", "crumbs": case_crumbs(case, heading),
        "lede": QUESTIONS_LEDE, "case": case, "answered": answered, "asked": asked,
        "step_sections": nrm_form.step_sections(facts, sections),
        "lists": [{"kind": kind, "slug": slug, "heading": LIST_HEADINGS[kind][0], "add": LIST_HEADINGS[kind][1],
                   "entries": [e for e in entries if e.kind == kind]} for slug, kind in LIST_SLUGS.items()],
    })


@login_required
def referral_questions_section(request: HttpRequest, reference: str, section: str) -> HttpResponse:
    """One section of the step: only its questions that the case does not answer from its other steps."""
    title = nrm_form.SECTION_TITLES.get(section)
    if title is None:
        raise not_found()
    user = signed_in_user(request)
    state: dict[str, Any] = {}

    def nothing_to_ask(case: Case) -> str:
        state["facts"] = facts = selectors.nrm_facts(case=case, user=user)
        state["names"] = nrm_form.asked_by_section(facts).get(title, [])
        return "" if state["names"] else f"Every question in “{title}” is answered from the case's other steps."

    def save(case: Case, acting: User, form: case_forms.ReferralQuestionsForm) -> None:
        services.referral_questions_save(case=case, acting_user=acting, **form.answers())

    def overview(case: Case) -> str:
        return reverse("cases:case-referral-questions", args=[case.reference])

    def trail(case: Case) -> dict[str, Any]:
        return {"crumbs": crumbs(("Cases", reverse("cases:case-list")),
                                 (case.reference, reverse("cases:case-detail", args=[case.reference])),
                                 ("Referral questions", overview(case)), (title, None))}

    return case_form_page(
        request, reference, heading=title, form_class=case_forms.ReferralQuestionsForm,
        form_kwargs=lambda case: {"facts": state["facts"], "names": state["names"]}, save=save,
        success=f"Answers saved: {title}.", not_for=nothing_to_ask, extra_context=trail, success_url=overview,
        lede="Answer what you know now: everything is optional here. What the case's other steps already "
             "answer is not asked again.",
    )


@login_required
def nrm_list_add(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    list_kind = LIST_SLUGS.get(kind)
    if list_kind is None:
        raise not_found()

    def save(case: Case, acting: User, form: case_forms.NrmEntryForm) -> None:
        services.nrm_entry_add(case=case, acting_user=acting, kind=list_kind, **form.cleaned_data)

    return case_form_page(
        request, reference, heading=LIST_HEADINGS[list_kind][1], form_class=case_forms.NrmEntryForm,
        form_kwargs={"kind": list_kind}, save=save, success=f"{list_kind.label} added.",
        success_url=lambda case: reverse("cases:case-referral-questions", args=[case.reference]),
    )


@login_required
@require_POST
def nrm_list_remove(request: HttpRequest, reference: str, entry_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case, _on_caseload, purpose = case_for_view(request, reference)
    if purpose is not None:
        return purpose
    entry = selectors.nrm_entry_get_on_case(case=case, entry_id=entry_id)
    services.nrm_entry_remove(entry=entry, acting_user=user)  # refuses (403) anyone who may not work the case
    messages.success(request, f"{ListKind(entry.kind).label} removed.")
    return redirect("cases:case-referral-questions", reference=case.reference)
