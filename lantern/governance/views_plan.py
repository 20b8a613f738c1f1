"""The action plan's pages: the plan at a glance (by priority, by lead agency, overdue, changed since
a date), an action with its history, and the forms that change the plan.

Programme managers and SHOP coordinators (MANAGE_GOVERNANCE) change the plan; board viewers read it
without any button, and their posts are refused (403). Other roles are refused (403); a record that
does not exist is 404.
"""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.files import file_response
from lantern.core.kpis import kpi_get
from lantern.core.pages import form_page
from lantern.governance import forms_plan as forms
from lantern.governance import selectors_maturity as maturity_selectors
from lantern.governance import selectors_plan as selectors
from lantern.governance import services_plan
from lantern.governance.models import MaturityLevel, PlanAction, Rag

VIEWS = (("priority", "By priority"), ("agency", "By lead agency"), ("overdue", "Overdue"),
         ("changed", "Changed since"))


def _plan_url(period_id: int | None = None) -> str:
    return reverse("governance:plan-period", args=[period_id]) if period_id else reverse("governance:plan")


def _action_url(action: PlanAction) -> str:
    return reverse("governance:plan-action", args=[action.pk])


def _since(value: str, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else selectors.changed_since_default(today)
    except ValueError:
        return selectors.changed_since_default(today)


def _groups(actions: list[PlanAction], view: str) -> list[dict[str, Any]]:
    """The actions under a heading each: their lead agency's (by name) or their priority's (by number)."""
    groups: dict[Any, dict[str, Any]] = {}
    for action in actions:
        key: Any
        if view == "agency":
            key, heading, order = action.lead_agency_id, str(action.lead_agency), str(action.lead_agency)
        else:
            priority = action.objective.priority
            key, heading, order = priority.area, f"{priority.number}. {priority.title}", f"{priority.number:02d}"
        groups.setdefault(key, {"heading": heading, "order": order, "actions": []})["actions"].append(action)
    return sorted(groups.values(), key=lambda group: group["order"])


@login_required
def plan(request: HttpRequest, period_id: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    selectors.ensure_can_view(user)
    period = selectors.period_current() if period_id is None else selectors.period_get_for_user(
        user=user, period_id=period_id)
    today = timezone.localdate()
    view = request.GET.get("view", "priority")
    view = view if view in dict(VIEWS) else "priority"
    since = _since(request.GET.get("since", ""), today) if view == "changed" else None
    actions_qs = selectors.actions_visible_to(user).order_by("objective__priority__area", "objective__order",
                                                             "due_on", "id")
    if period is not None:
        actions_qs = selectors.actions_filtered(actions_qs, period=period, overdue=view == "overdue",
                                                changed_since=since)
    else:
        actions_qs = actions_qs.none()
    actions = list(actions_qs)
    for action in actions:
        action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
    return render(request, "governance/plan/overview.html", {
        "period": period, "view": view, "views": VIEWS, "since": since, "groups": _groups(actions, view),
        "summary": selectors.plan_summary(selectors.actions_filtered(selectors.actions_visible_to(user),
                                                                     period=period)) if period else None,
        "can_manage": selectors.may_manage(user), "today": today, "rags": Rag.choices,
        "priorities": sorted(period.priorities.prefetch_related("objectives"), key=lambda p: p.number) if period else [],
        "crumbs": crumbs(("Action plan", None))})


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(request, "governance/plan/period_list.html", {
        "periods": selectors.periods_visible_to(user), "can_manage": selectors.may_manage(user),
        "crumbs": crumbs(("Action plan", _plan_url()), ("Strategy periods", None))})


@login_required
def period_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    selectors.ensure_can_manage(user)
    current = selectors.period_current()

    def save(form: forms.PeriodStartForm) -> Any:
        return services_plan.period_start(acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=forms.PeriodStartForm, save=save, template="form_page.html", context={
        "heading": "Start a new strategy period", "caption": "Action plan",
        "lede": (f"The new period becomes the current one. {current} will be kept as it is, read-only."
                 if current else "The period gets the strategy's seven priorities; add objectives and actions to each."),
        "crumbs": crumbs(("Action plan", _plan_url()), ("Start a new strategy period", None))},
        success_url=lambda period: _plan_url(period.pk), success_message="New strategy period started.")


@login_required
def objective_new(request: HttpRequest, priority_id: int) -> HttpResponse:
    user = signed_in_user(request)
    priority = selectors.priority_get_for_user(user=user, priority_id=priority_id)
    selectors.ensure_can_manage(user)

    def save(form: forms.ObjectiveForm) -> Any:
        return services_plan.objective_create(priority=priority, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=forms.ObjectiveForm, save=save, template="form_page.html", context={
        "heading": "Add an objective", "caption": f"{priority.number}. {priority.title}",
        "crumbs": crumbs(("Action plan", _plan_url(priority.period_id)), ("Add an objective", None))},
        success_url=_plan_url(priority.period_id), success_message="Objective added.")


@login_required
def action_new(request: HttpRequest) -> HttpResponse:
    """A new action; from a maturity gap (``?score=``), pre-filled and linked back to the criterion."""
    user = signed_in_user(request)
    selectors.ensure_can_manage(user)
    period = selectors.period_or_404(user)
    objectives = selectors.objectives_visible_to(user).filter(priority__period=period).order_by(
        "priority__area", "order", "id")
    initial: dict[str, Any] = {"rag": Rag.GREEN, "starts_on": timezone.localdate()}
    score = None
    if request.GET.get("score") or request.POST.get("score"):
        score = maturity_selectors.score_get_for_user(user=user, score_id=request.GET.get("score")
                                                      or request.POST.get("score"))
        criterion = score.criterion
        following = MaturityLevel(min(score.level + 1, MaturityLevel.MATURE))
        initial.update(
            title=f"Move '{criterion.title}' from {score.get_level_display().lower()} to {following.label.lower()}",
            description=f"From the maturity assessment '{score.assessment.title}'. What {following.label.lower()} "
                        f"looks like: {criterion.level_text(following)}",
            success_measure=f"The next self-assessment agrees '{following.label}' for '{criterion.title}'.",
            objective=forms.objectives_for_area_first(objectives, criterion.section.priority_area),
            due_on=timezone.localdate() + datetime.timedelta(days=365),  # by the next yearly assessment
            lead_agency=user.agency_id, lead_person=user.pk)
    elif request.GET.get("objective"):
        initial["objective"] = request.GET["objective"]

    def save(form: forms.ActionForm) -> PlanAction:
        return services_plan.action_create(acting_user=user, maturity_score=score, **form.cleaned_data)

    return form_page(request, form_class=forms.ActionForm, save=save, template="governance/plan/action_form.html",
                     form_kwargs={"objectives": objectives, "initial": initial}, context={
                         "heading": "Add an action", "caption": str(period), "score": score,
                         "crumbs": crumbs(("Action plan", _plan_url()), ("Add an action", None))},
                     success_url=_action_url, success_message="Action added.")


@login_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    history = selectors.action_history(action)
    for row in history:
        if row["kind"] == "update" and row["item"].kpi_slug:
            row["kpi"] = kpi_get(row["item"].kpi_slug)
    carried_into = PlanAction.objects.filter(carried_from=action).first()
    return render(request, "governance/plan/action_detail.html", {
        "action": action, "history": history, "can_manage": selectors.may_manage(user),
        "overdue": action.is_overdue(timezone.localdate()), "carried_into": carried_into,
        "crumbs": crumbs(("Action plan", _plan_url(action.objective.priority.period_id)), (action.title[:60], None))})


@login_required
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    selectors.ensure_can_manage(user)
    initial = {name: getattr(action, name) for name in services_plan.ACTION_FIELDS}

    def save(form: forms.ActionForm) -> PlanAction:
        return services_plan.action_edit(action=action, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=forms.ActionForm, save=save, template="form_page.html",
                     form_kwargs={"initial": initial}, context={
                         "heading": "Change the action", "caption": action.title,
                         "crumbs": crumbs(("Action plan", _plan_url()), (action.title[:60], _action_url(action)),
                                          ("Change", None))},
                     success_url=_action_url(action), success_message="Action changed.")


@login_required
def update_new(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    selectors.ensure_can_manage(user)

    def save(form: forms.ProgressUpdateForm) -> Any:
        return services_plan.progress_update_add(action=action, acting_user=user, **form.service_kwargs())

    return form_page(request, form_class=forms.ProgressUpdateForm, save=save, template="form_page.html",
                     form_kwargs={"current": action.status, "initial": {"rag": action.rag}}, context={
                         "heading": "Add a progress update", "caption": action.title,
                         "lede": "Give the action's RAG status now and a short narrative of what has happened.",
                         "crumbs": crumbs(("Action plan", _plan_url()), (action.title[:60], _action_url(action)),
                                          ("Add a progress update", None))},
                     success_url=_action_url(action), success_message="Progress update added.")


@login_required
def evidence_download(request: HttpRequest, action_id: int, evidence_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    evidence = selectors.evidence_get_on_action(action=action, evidence_id=evidence_id)
    audit_read(user=user, record=action, action="plan_action.evidence_download", export=True,
               details={"evidence": evidence.pk})
    return file_response(evidence, name=f"plan-action-{action.pk}-evidence-{evidence.pk}")
