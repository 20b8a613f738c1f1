"""Pages of the concern journey and of cases. Thin: forms validate, services write, selectors read."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency, User
from lantern.accounts.selectors import users_with_capability
from lantern.audit.models import AuditAction
from lantern.audit.purpose import access_purpose_redirect
from lantern.audit.services import audit_read, audit_record
from lantern.cases import forms as case_forms
from lantern.cases import indicators, selectors, services
from lantern.cases.models import (
    Case,
    CaseExploitation,
    CaseMember,
    CaseStage,
    CaseStatus,
    Concern,
    ConcernStatus,
    ExploitationType,
    ReferralKind,
    Route,
    Task,
    TaskStatus,
)
from lantern.core.access import require_capability
from lantern.core.access import signed_in_user as _user
from lantern.core.breadcrumbs import crumbs
from lantern.core.forms import raise_as_form_errors
from lantern.partnership.models import Area


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Raising a concern -----------------------------------------------------------

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


@login_required
def concern_start(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RAISE_CONCERN)
    if request.method == "POST":
        concern = services.concern_start(raised_by=_user(request))
        return redirect("cases:concern-step", reference=concern.reference, step="danger")
    drafts = Concern.objects.filter(raised_by=_user(request), status=ConcernStatus.DRAFT).order_by("-updated_at")[:10]
    return render(request, "cases/concern_start.html", {"drafts": drafts, "crumbs": crumbs(("Raise a concern", None))})


def _own_draft(request: HttpRequest, reference: str) -> Concern:
    concern = selectors.concern_get_for_user(user=request.user, reference=reference)
    if concern.raised_by_id != request.user.pk or concern.status != ConcernStatus.DRAFT:
        raise Http404
    return concern


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
    concern = _own_draft(request, reference)
    if step not in STEP_NAMES:
        raise Http404
    index = STEP_NAMES.index(step)
    name, title, form_class, fields = STEPS[index]
    kwargs: dict[str, Any] = {"initial": _initial(concern, fields)}
    if form_class is case_forms.IndicatorsForm:
        kwargs["version"] = concern.indicator_set_version
    form = form_class(_post(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "immediate_danger" in data:
            data["immediate_danger"] = case_forms.yes(data["immediate_danger"])
        if "area" in data:
            data["area"] = data["area"]
        try:
            services.concern_update_draft(concern=concern, acting_user=_user(request), **data)
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
    concern = _own_draft(request, reference)
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
    concern = _own_draft(request, reference)
    error = ""
    if request.method == "POST":
        try:
            services.concern_submit(concern=concern, acting_user=_user(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("cases:concern-submitted", reference=concern.reference)
    return render(request, "cases/concern_check.html", {
        "concern": concern, "answers": _answers(concern), "error": error,
        "missing": services.concern_missing_answers(concern),
    })


@login_required
def concern_submitted(request: HttpRequest, reference: str) -> HttpResponse:
    concern = selectors.concern_get_for_user(user=request.user, reference=reference)
    if concern.raised_by_id != request.user.pk:
        raise Http404
    if concern.status == ConcernStatus.DRAFT:
        return redirect("cases:concern-check", reference=concern.reference)
    return render(request, "cases/concern_submitted.html", {"concern": concern})


@login_required
def concern_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not (user.can(Capability.RAISE_CONCERN) or user.can(Capability.TRIAGE_CONCERN)):
        raise PermissionDenied
    own = Concern.objects.filter(raised_by=user).select_related("area").order_by("-created_at")[:50]
    waiting = None
    if user.can(Capability.TRIAGE_CONCERN):
        waiting = (selectors.concerns_visible_to(user).filter(status=ConcernStatus.SUBMITTED)
                   .select_related("raised_by_agency", "area")
                   .order_by(F("immediate_danger").desc(nulls_last=True), "submitted_at"))
    return render(request, "cases/concern_list.html", {"own": own, "waiting": waiting,
                                                        "crumbs": crumbs(("Concerns", None))})


@login_required
def concern_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    concern = selectors.concern_get_for_user(user=user, reference=reference)
    if concern.status == ConcernStatus.DRAFT:
        return redirect("cases:concern-check", reference=concern.reference)
    can_triage = user.can(Capability.TRIAGE_CONCERN)
    if can_triage:
        audit_read(user=user, record=concern, label=concern.reference, request=request)
    form = case_forms.TriageForm(_post(request)) if can_triage and concern.status == ConcernStatus.SUBMITTED else None
    if form is not None and request.method == "POST" and form.is_valid():
        response = _triage(request, concern, form)
        if response is not None:
            return response
    iset = indicators.indicator_set(concern.indicator_set_version)
    case_visible = concern.case_id is not None and selectors.cases_visible_to(user).filter(
        pk=concern.case_id).exists()
    earlier = (selectors.earlier_records_for(user=user, given_name=concern.person_name, family_name="", date_of_birth=None)
               if can_triage and concern.status == ConcernStatus.SUBMITTED else [])
    return render(request, "cases/concern_detail.html", {
        "concern": concern, "answers": _answers(concern) if can_triage else None, "form": form, "earlier": earlier,
        "case_visible": case_visible, "perms_handle_reports": user.can(Capability.HANDLE_REPORTS),
        "can_triage": can_triage, "indicator_labels": [iset.label(c) for c in concern.indicators],
        "crumbs": crumbs(("Concerns", reverse("cases:concern-list")), (concern.reference, None)),
    })


def _triage(request: HttpRequest, concern: Concern, form: case_forms.TriageForm) -> HttpResponse | None:
    data = form.cleaned_data
    user = _user(request)
    try:
        if data["outcome"] == "open_case":
            case = services.concern_open_case(
                concern=concern, acting_user=user, lead_worker=data["lead_worker"], given_name=data["given_name"],
                family_name=data["family_name"], date_of_birth=data["date_of_birth"],
            )
            if not selectors.cases_visible_to(user).filter(pk=case.pk).exists():
                # A child's case, restricted to children's services: the triager opened it but may not see it.
                messages.success(request, f"Case {case.reference} opened. It is a child's case, so only its team and "
                                          "children's services staff can open it.")
                return redirect("cases:concern-list")
            messages.success(request, f"Case {case.reference} opened.")
            return redirect("cases:case-detail", reference=case.reference)
        if data["outcome"] == "link_case":
            target = selectors.cases_visible_to(user).filter(reference=data["case_reference"].strip().upper()).first()
            if target is None:
                form.add_error("case_reference", "No case you can see has this reference")
                return None
            services.concern_link_case(concern=concern, acting_user=user, case=target)
            messages.success(request, f"Concern linked to case {target.reference}.")
            return redirect("cases:case-detail", reference=target.reference)
        services.concern_close(concern=concern, acting_user=user, outcome=data["outcome"], reason=data["reason"])
        messages.success(request, f"Triage decision recorded for {concern.reference}.")
        return redirect("cases:concern-list")
    except ValidationError as error:
        raise_as_form_errors(form, error)
        return None


# --- Cases ------------------------------------------------------------------------


def _filters(request: HttpRequest) -> selectors.CaseFilters:
    get = request.GET

    def number(name: str) -> int | None:
        value = get.get(name, "")
        return int(value) if value.isdigit() else None

    # A person's name and date of birth come only from the POSTed search form,
    # never from the address, so they stay out of URLs, history and logs.
    post = request.POST if request.method == "POST" else {}
    dob = None
    if post.get("dob"):
        try:
            dob = datetime.date.fromisoformat(post["dob"])
        except ValueError:
            dob = None
    return selectors.CaseFilters(
        status=get.get("status", "") if get.get("status", "") in CaseStatus.values else "",
        route=get.get("route", "") if get.get("route", "") in Route.values else "",
        stage=get.get("stage", "") if get.get("stage", "") in CaseStage.values else "",
        exploitation=get.get("exploitation", "") if get.get("exploitation", "") in ExploitationType.values else "",
        area_id=number("area"), lead_worker_id=number("worker"), agency_id=number("agency"),
        overdue=get.get("overdue") == "1", reference=get.get("reference", "")[:20],
        name=str(post.get("name", "")).strip()[:200], date_of_birth=dob,
    )


class NoCountPaginator(Paginator):
    """Pages without counting the whole table: one extra row tells whether there is a next page."""

    def page(self, number: Any) -> Any:
        number = max(1, int(number) if str(number).isdigit() else 1)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page + 1])
        return _Page(rows[: self.per_page], number, len(rows) > self.per_page)


class _Page:
    def __init__(self, rows: list[Any], number: int, has_next: bool) -> None:
        self.object_list, self.number, self._has_next = rows, number, has_next

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not (user.can(Capability.WORK_CASES) or user.can(Capability.OVERSEE_CASES)):
        raise PermissionDenied
    filters = _filters(request)
    today = timezone.localdate()
    qs = selectors.cases_search(user=user, filters=filters, today=today)
    page = NoCountPaginator(qs, 25).page(request.GET.get("page", 1))
    ids = [c.pk for c in page]
    types: dict[int, list[str]] = {}
    for row in CaseExploitation.objects.filter(case_id__in=ids).order_by("type"):
        types.setdefault(row.case_id, []).append(row.get_type_display())
    for case in page:
        case.type_labels = types.get(case.pk, [])
    if filters.name or filters.reference:
        audit_record(actor=user, action="case.search", kind=AuditAction.READ,
                     changes={"by": "reference" if filters.reference else "name", "results": len(page)})
    return render(request, "cases/case_list.html", {
        "page": page, "filters": request.GET, "statuses": CaseStatus.choices, "routes": Route.choices,
        "stages": CaseStage.choices, "types": ExploitationType.choices,
        "areas": Area.objects.filter(is_active=True), "agencies": Agency.objects.filter(is_active=True),
        "workers": users_with_capability(Capability.WORK_CASES),
        "person_search": {"name": filters.name, "dob": filters.date_of_birth.isoformat() if filters.date_of_birth else ""},
        "crumbs": crumbs(("Cases", None)),
    })


def _case_for_view(request: HttpRequest, reference: str) -> tuple[Case, bool, HttpResponse | None]:
    """The case, whether it is on the user's caseload, and a redirect to the purpose page if needed."""
    user = _user(request)
    case = selectors.case_get_for_user(user=user, reference=reference)
    on_caseload = selectors.is_on_caseload(user, case)
    return case, on_caseload, access_purpose_redirect(request, case, on_caseload=on_caseload)


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case, on_caseload, purpose = _case_for_view(request, reference)
    if purpose is not None:
        return purpose
    user = _user(request)
    audit_read(user=user, record=case, label=case.reference, request=request)
    today = timezone.localdate()
    team = CaseMember.objects.filter(case=case).select_related("user", "user__agency").order_by("created_at")
    referrals = list(case.referrals.select_related("made_by_agency"))
    return render(request, "cases/case_detail.html", {
        "case": case,
        "person": case.person,
        "today": today,
        "overdue": getattr(case, "is_overdue", False),  # annotated by selectors.with_overdue
        "rg_wait_days": (today - case.nrm_referred_on).days if case.nrm_referred_on and not case.rg_decided_on else None,
        "cg_wait_days": (today - case.rg_decided_on).days
        if case.rg_decided_on and case.stage == CaseStage.RECOVERY and not case.cg_decided_on else None,
        "team": team,
        "types": [row.get_type_display() for row in case.exploitation.all()],
        "events": case.events.select_related("actor")[:100],
        "tasks": case.tasks.filter(status=TaskStatus.OPEN).select_related("owner"),
        "referrals": referrals,
        "decisions": case.decisions.all(),
        "support": case.support.all(),
        "notes": case.notes.select_related("created_by")[:20],
        "attachments": case.attachments.select_related("created_by"),
        "consent": None if case.is_child else services.latest_consent(case),
        "screening": case.screenings.first(),
        "missing": case.missing_episodes.all() if case.is_child else None,
        # Anyone who may see the case may work it if on the team; oversight roles may work what they see.
        "can_work": on_caseload or user.can(Capability.OVERSEE_CASES),
        "has_nrm": case.nrm_referred_on is not None,
        "other_cases": [c for c in selectors.earlier_records_for(
            user=user, given_name=case.person.given_name, family_name=case.person.family_name,
            date_of_birth=case.person.date_of_birth) if c.pk != case.pk],
        "crumbs": crumbs(("Cases", reverse("cases:case-list")), (case.reference, None)),
    })


def _case_form_page(
    request: HttpRequest, reference: str, *, heading: str, form_factory: Callable[[Case, Any], Any],
    save: Callable[[Case, User, dict[str, Any]], Any], success: str, lede: str = "",
    template: str = "form_page.html",
) -> HttpResponse:
    user = _user(request)
    case, _on_caseload, purpose = _case_for_view(request, reference)
    if purpose is not None:
        return purpose
    selectors.ensure_can_work_case(user, case)
    if request.method == "GET":
        audit_read(user=user, record=case, label=case.reference, request=request)
    form = form_factory(case, _post(request))
    if request.method == "POST" and form.is_valid():
        try:
            save(case, user, form.cleaned_data)
        except ValidationError as error:
            raise_as_form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("cases:case-detail", reference=case.reference)
    detail = reverse("cases:case-detail", args=[case.reference])
    return render(request, template, {
        "form": form, "heading": heading, "lede": lede, "caption": f"Case {case.reference}",
        "crumbs": crumbs(("Cases", reverse("cases:case-list")), (case.reference, detail), (heading, None)),
    })


@login_required
def case_screening(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Record a screening",
        lede=f"Indicator set {indicators.current_set().title} (version {indicators.CURRENT_VERSION}).",
        form_factory=lambda case, data: case_forms.ScreeningForm(data, include_child=case.is_child),
        save=lambda case, user, d: services.screening_record(
            case=case, acting_user=user, indicators_found=d["indicators"], evidence=d["evidence"],
            judgement=d["judgement"], conclusion=d["conclusion"], screened_on=d["screened_on"],
            indicator_evidence=_evidence_by_code(d)),
        success="Screening recorded.", template="cases/screening_form.html",
    )


def _evidence_by_code(data: dict[str, Any]) -> dict[str, str]:
    """Evidence boxes of the ticked indicators, keyed by indicator code."""
    return {code: str(data.get(case_forms.ScreeningForm.evidence_name(code), "")).strip()
            for code in data.get("indicators", [])
            if str(data.get(case_forms.ScreeningForm.evidence_name(code), "")).strip()}


@login_required
def case_consent(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_get_for_user(user=_user(request), reference=reference)
    if case.is_child:
        messages.info(request, "Children do not give consent: every child is referred to the NRM.")
        return redirect("cases:case-detail", reference=case.reference)
    return _case_form_page(
        request, reference, heading="Record their decision about an NRM referral",
        form_factory=lambda case, data: case_forms.ConsentForm(data),
        save=lambda case, user, d: services.consent_record(
            case=case, acting_user=user, given=case_forms.yes(d["given"]), explained_on=d["explained_on"],
            language=d["language"], interpreter_used=d["interpreter_used"], refusal_reason=d["refusal_reason"],
            share_details_for_dtn=d["share_details_for_dtn"]),
        success="Their decision has been recorded.",
    )


@login_required
def case_referral(request: HttpRequest, reference: str) -> HttpResponse:
    def factory(case: Case, data: Any) -> Any:
        initial = {"made_by_agency": request.user.agency_id or case.lead_agency_id}  # type: ignore[union-attr]
        kind = request.GET.get("kind")
        if kind in ReferralKind.values:
            initial["kind"] = kind
        return case_forms.ReferralForm(data, initial=initial)

    return _case_form_page(
        request, reference, heading="Record a referral", form_factory=factory,
        save=lambda case, user, d: services.referral_record(
            case=case, acting_user=user, kind=d["kind"], made_on=d["made_on"], made_by_agency=d["made_by_agency"],
            to_organisation=d["to_organisation"], external_reference=d["external_reference"], notes=d["notes"]),
        success="Referral recorded.",
    )


@login_required
def case_decision(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Record a Home Office decision",
        form_factory=lambda case, data: case_forms.DecisionForm(data),
        save=lambda case, user, d: services.decision_record(
            case=case, acting_user=user, kind=d["kind"], decided_on=d["decided_on"],
            positive=case_forms.yes(d["positive"]), competent_authority=d["competent_authority"], notes=d["notes"]),
        success="Decision recorded.",
    )


@login_required
def case_support(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Add support",
        form_factory=lambda case, data: case_forms.SupportForm(data),
        save=lambda case, user, d: services.support_add(
            case=case, acting_user=user, kind=d["kind"], provider=d["provider"], started_on=d["started_on"],
            ended_on=d["ended_on"], notes=d["notes"]),
        success="Support added.",
    )


@login_required
def case_task(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Add a task",
        form_factory=lambda case, data: case_forms.TaskForm(
            data, team=User.objects.filter(case_memberships=case, is_active=True).order_by("full_name")),
        save=lambda case, user, d: services.task_create(
            case=case, acting_user=user, title=d["title"], owner=d["owner"], due_on=d["due_on"]),
        success="Task added.",
    )


@login_required
@require_POST
def task_done(request: HttpRequest, reference: str, task_id: int) -> HttpResponse:
    user = _user(request)
    case, _on_caseload, purpose = _case_for_view(request, reference)
    if purpose is not None:
        return purpose
    task = Task.objects.filter(pk=task_id, case=case).first()
    if task is None:
        raise Http404
    services.task_complete(task=task, acting_user=user)
    messages.success(request, "Task marked as done.")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("cases:case-detail", reference=case.reference)


@login_required
def case_note(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Add a case note",
        form_factory=lambda case, data: case_forms.NoteForm(data),
        save=lambda case, user, d: services.note_add(case=case, acting_user=user, body=d["body"]),
        success="Note added.",
    )


@login_required
def case_team(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Add someone to the case team",
        form_factory=lambda case, data: case_forms.TeamMemberForm(data),
        save=lambda case, user, d: services.case_add_member(
            case=case, acting_user=user, user=d["user"], role_in_case=d["role_in_case"]),
        success="Added to the case team.",
    )


@login_required
def case_shop(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Flag for the next SHOP meeting",
        form_factory=lambda case, data: case_forms.ReasonForm(
            data, label="Why should the SHOP meeting discuss this case?", submit="Flag for SHOP"),
        save=lambda case, user, d: services.case_flag_for_shop(case=case, acting_user=user, reason=d["reason"]),
        success="Flagged for the next SHOP meeting.",
    )


@login_required
@require_POST
def case_shop_remove(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case, _on_caseload, purpose = _case_for_view(request, reference)
    if purpose is not None:
        return purpose
    services.case_unflag_for_shop(case=case, acting_user=user)
    messages.success(request, "Removed from the SHOP meeting list.")
    return redirect("cases:case-detail", reference=case.reference)


@login_required
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Close the case",
        form_factory=lambda case, data: case_forms.CloseForm(data, initial={"closed_on": timezone.localdate()}),
        save=lambda case, user, d: services.case_close(
            case=case, acting_user=user, outcome=d["outcome"], closed_on=d["closed_on"]),
        success="Case closed.",
    )


@login_required
def case_reopen(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Reopen the case",
        form_factory=lambda case, data: case_forms.ReasonForm(data, label="Why is the case being reopened?",
                                                              submit="Reopen case"),
        save=lambda case, user, d: services.case_reopen(case=case, acting_user=user, reason=d["reason"]),
        success="Case reopened.",
    )


@login_required
def case_age_assessment(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Record an age assessment",
        form_factory=lambda case, data: case_forms.AgeAssessmentForm(data),
        save=lambda case, user, d: services.age_assessment_record(
            case=case, acting_user=user, assessed_on=d["assessed_on"], assessed_by=d["assessed_by"],
            outcome=d["outcome"]),
        success="Age assessment recorded.",
    )


@login_required
def case_missing(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Record a missing episode",
        form_factory=lambda case, data: case_forms.MissingEpisodeForm(data),
        save=lambda case, user, d: services.missing_episode_record(
            case=case, acting_user=user, went_missing_on=d["went_missing_on"], returned_on=d["returned_on"],
            return_interview_on=d["return_interview_on"], notes=d["notes"]),
        success="Missing episode recorded.",
    )


@login_required
def referral_pack(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """Every answer the Home Office online form needs, in its page order, to copy in one sitting."""
    case, on_caseload, purpose = _case_for_view(request, reference)
    if purpose is not None:
        return purpose
    if kind not in ("nrm", "dtn") or (kind == "dtn" and case.is_child):
        raise Http404  # the Duty to Notify is never used for children
    user = _user(request)
    from lantern.cases.pack import referral_pack_sections

    audit_record(actor=user, action="case.referral_pack", kind=AuditAction.EXPORT, target=case,
                 target_label=case.reference, changes={"form": kind})
    return render(request, "cases/referral_pack.html", {
        "case": case, "kind": kind, "sections": referral_pack_sections(case=case, kind=kind, user=user),
        "consent_given": bool((c := services.latest_consent(case)) and c.given),
        "crumbs": crumbs(("Cases", reverse("cases:case-list")),
                         (case.reference, reverse("cases:case-detail", args=[case.reference])),
                         ("Referral pack", None)),
    })


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.can(Capability.WORK_CASES):
        raise PermissionDenied
    today = timezone.localdate()
    my_cases = (Case.objects.filter(memberships__user=user, status=CaseStatus.OPEN)
                .select_related("lead_worker").order_by("-opened_on")[:100])
    tasks = (Task.objects.filter(owner=user, status=TaskStatus.OPEN, case__in=selectors.cases_visible_to(user))
             .select_related("case").order_by("due_on")[:100])
    overdue = (selectors.cases_visible_to(user).filter(memberships__user=user).filter(selectors.overdue_q(today))
               .order_by("rg_expected_by")[:50])
    return render(request, "cases/my_work.html", {
        "my_cases": my_cases, "tasks": tasks, "overdue": overdue, "today": today,
        "crumbs": crumbs(("My work", None)),
    })


@login_required
def shop_agenda(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_capability(user, Capability.COORDINATE_SHOP)
    flagged = list(selectors.cases_visible_to(user).filter(shop_flagged=True, status=CaseStatus.OPEN)
                   .select_related("lead_worker", "lead_agency", "area").order_by("opened_on"))
    audit_record(actor=user, action="shop.agenda", kind=AuditAction.READ,
                 changes={"cases": [case.reference for case in flagged]})
    return render(request, "cases/shop_agenda.html", {"cases": flagged, "today": timezone.localdate(),
                                                       "crumbs": crumbs(("SHOP agenda", None))})


@login_required
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered case list as CSV or XLSX. Audited; personal columns only for case-working roles."""
    from django.http import StreamingHttpResponse

    from lantern.cases import exports

    user = _user(request)
    if not (user.can(Capability.WORK_CASES) or user.can(Capability.OVERSEE_CASES)) or fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    cases = selectors.cases_search(user=user, filters=_filters(request), today=timezone.localdate())
    audit_record(actor=user, action="case.export", kind=AuditAction.EXPORT,
                 changes={"format": fmt, "rows": cases.count(), "personal": exports.may_export_personal(user),
                          "filters": {k: v for k, v in request.GET.items() if k != "page"}})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(user=user, cases=cases), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(user=user, cases=cases),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="lantern-cases-{stamp}.{fmt}"'
    return response  # type: ignore[return-value]


PERSON_FIELDS = ["given_name", "family_name", "known_as", "date_of_birth", "gender", "nationality",
                 "second_nationality", "language", "interpreter_needed", "phone", "email", "address", "safe_contact"]


@login_required
def case_person(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Change the person's details",
        form_factory=lambda case, data: case_forms.PersonForm(
            data, initial={f: getattr(case.person, f) for f in PERSON_FIELDS}),
        save=lambda case, user, d: services.person_update(case=case, acting_user=user,
                                                          **{f: d[f] for f in PERSON_FIELDS}),
        success="The person's details have been saved.",
    )


@login_required
def case_safety_plan(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_form_page(
        request, reference, heading="Safety plan",
        form_factory=lambda case, data: case_forms.SafetyPlanForm(data, initial={"safety_plan": case.safety_plan}),
        save=lambda case, user, d: services.case_update_safety(case=case, acting_user=user,
                                                               safety_plan=d["safety_plan"]),
        success="Safety plan saved.",
    )


@login_required
def case_attachment(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case, _on_caseload, purpose = _case_for_view(request, reference)
    if purpose is not None:
        return purpose
    selectors.ensure_can_work_case(user, case)
    form = case_forms.AttachmentForm(_post(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(case=case, acting_user=user, upload=form.cleaned_data["file"],
                                    description=form.cleaned_data["description"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"file": error.messages})
            raise_as_form_errors(form, error)
        else:
            messages.success(request, "Document uploaded.")
            return redirect("cases:case-detail", reference=case.reference)
    detail = reverse("cases:case-detail", args=[case.reference])
    return render(request, "form_page.html", {
        "form": form, "heading": "Upload a document", "caption": f"Case {case.reference}",
        "crumbs": crumbs(("Cases", reverse("cases:case-list")), (case.reference, detail), ("Upload a document", None)),
    })


@login_required
def attachment_download(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    from lantern.cases.models import CaseAttachment
    from lantern.core.files import file_response

    case, _on_caseload, purpose = _case_for_view(request, reference)
    if purpose is not None:
        return purpose
    attachment = CaseAttachment.objects.filter(pk=attachment_id, case=case).first()
    if attachment is None:
        raise Http404
    audit_record(actor=request.user, action="case.attachment_download", kind=AuditAction.EXPORT, target=case,
                 target_label=case.reference, changes={"attachment": attachment.pk})
    # The stored name may identify someone: the download is named by reference only.
    return file_response(attachment, name=f"{case.reference}-document-{attachment.pk}")
