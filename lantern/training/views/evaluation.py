"""Evaluation for those who run training: results per course and period, question sets, a course's
set, and a session's evaluation links."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.core import charts
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.core.suppression import SUPPRESSED_MARK, protect_count
from lantern.training import evaluation_sets
from lantern.training.evaluation_results import Line
from lantern.training.forms_evaluation import CourseSetForm, PeriodForm, QuestionSetForm
from lantern.training.selectors import evaluation as selectors
from lantern.training.services import evaluation as services


def _crumbs(*items: tuple[str, str | None]) -> Any:
    return crumbs(("Training evaluation", reverse("training:evaluation")), *items)


def _require_results(user: Any) -> None:
    if not selectors.may_read_results(user):
        raise PermissionDenied


def _period(request: HttpRequest) -> tuple[PeriodForm, Any]:
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data.get("period") if form.is_bound and form.is_valid() else None
    return form, period or selectors.default_period()


def _score(value: float) -> str:
    return f"{value:.1f}"


def results_chart(title: str, lines: tuple[Line, ...]) -> charts.Chart:
    """Before and after means of the questions whose means are both published (the rest are in the table)."""
    shown = [line for line in lines if not line.before.suppressed and not line.after.suppressed
             and line.before.value is not None and line.after.value is not None]
    return charts.grouped_bar_chart(
        title=title, description="Mean answer before and after the course, on a scale of 1 to 5, for each question "
                                 "with enough answers to publish.",
        labels=[line.label for line in shown], category_label="Question", top_value=5, fmt=_score,
        series=[("Before", [float(line.before.value or 0) for line in shown]),
                ("After", [float(line.after.value or 0) for line in shown])])


@login_required
def results(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _require_results(user)
    form, period = _period(request)
    rows = []
    for course in selectors.courses_with_responses(period):
        found = selectors.course_results(user=user, course=course, period=period)
        versions = [{"version": v.version, "changes": [next((k.change.display() for k in v.results.kinds
                                                             if k.kind == kind), "–")
                                                       for kind in ("knowledge", "confidence")]}
                    for v in found.versions]
        rows.append({"course": course, "people": protect_count(found.people, selectors.rules()),
                     "versions": versions})
    audit_read(user=user, label="Training evaluation results", request=request, action="training.evaluation.results",
               details={"period": period.code, "courses": len(rows)})
    return render(request, "training/evaluation/results.html", {
        "form": form, "period": period, "rows": rows, "may_manage": selectors.may_manage(user),
        "statement": selectors.rules().statement(), "crumbs": crumbs(("Training evaluation", None))})


@login_required
def course_results(request: HttpRequest, course_id: int) -> HttpResponse:
    user = signed_in_user(request)
    _require_results(user)
    course = selectors.course_get(course_id=course_id)
    form, period = _period(request)
    found = selectors.course_results(user=user, course=course, period=period)
    versions = [{"version": v.version, "results": v.results,
                 "chart": results_chart(f"{course.title}: before and after (question set version "
                                        f"{v.version.number})", v.results.questions)} for v in found.versions]
    audit_read(user=user, label="Training evaluation results", request=request,
               action="training.evaluation.course_results",
               details={"course": course.pk, "period": period.code, "free_text": len(found.free_text)})
    return render(request, "training/evaluation/course_results.html", {
        "course": course, "form": form, "period": period, "found": found, "versions": versions,
        "may_read_free_text": selectors.may_read_free_text(user), "mark": SUPPRESSED_MARK,
        "threshold": selectors.rules().threshold, "may_manage": selectors.may_manage(user),
        "current_set": selectors.question_set_of(course), "crumbs": _crumbs((course.title, None))})


# --- Question sets ----------------------------------------------------------------------------------


@login_required
def question_set_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    return render(request, "training/evaluation/question_sets.html", {
        "sets": selectors.question_sets(), "crumbs": _crumbs(("Question sets", None))})


@login_required
def question_set_detail(request: HttpRequest, question_set_id: int) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    question_set = selectors.question_set_get(question_set_id=question_set_id)
    versions = [{"version": v, "spec": selectors.spec_of(v)} for v in question_set.versions.order_by("-number")]
    return render(request, "training/evaluation/question_set_detail.html", {
        "question_set": question_set, "versions": versions,
        "crumbs": _crumbs(("Question sets", reverse("training:evaluation-sets")), (question_set.title, None))})


@login_required
def question_set_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    return form_page(
        request, form_class=QuestionSetForm, form_kwargs={"creating": True}, template="form_page.html",
        save=lambda form: services.question_set_create(acting_user=user, **form.cleaned_data),
        success_url=lambda qs: reverse("training:evaluation-set-detail", args=[qs.pk]),
        success_message="Question set added.",
        context={"heading": "Add a question set", "crumbs": _crumbs(
            ("Question sets", reverse("training:evaluation-sets")), ("Add", None))})


@login_required
def question_set_edit(request: HttpRequest, question_set_id: int) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    question_set = selectors.question_set_get(question_set_id=question_set_id)
    current = question_set.current_version
    initial = {"title": question_set.title, "description": question_set.description,
               "questions": evaluation_sets.as_lines(current.questions) if current else "",
               "free_text": current.free_text if current else ""}

    def save(form: QuestionSetForm) -> Any:
        return services.question_set_revise(question_set=question_set, acting_user=user, **form.cleaned_data)

    def saved(result: Any) -> str:
        _qs, version, new = result
        return f"Saved as version {version.number}." if new else "Saved. The questions did not change."

    return form_page(
        request, form_class=QuestionSetForm, form_kwargs={"initial": initial}, template="form_page.html", save=save,
        success_url=reverse("training:evaluation-set-detail", args=[question_set.pk]), success_message=saved,
        context={"heading": f"Change {question_set.title}", "lede": "Changing the questions makes a new version: "
                 "answers already given keep the version they answered.",
                 "crumbs": _crumbs(("Question sets", reverse("training:evaluation-sets")),
                                   (question_set.title, reverse("training:evaluation-set-detail",
                                                                args=[question_set.pk])), ("Change", None))})


@login_required
def course_set(request: HttpRequest, course_id: int) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    course = selectors.course_get(course_id=course_id)
    chosen = getattr(course, "evaluation", None)
    return form_page(
        request, form_class=CourseSetForm, template="form_page.html",
        form_kwargs={"initial": {"question_set": chosen.question_set_id if chosen else None}},
        save=lambda form: services.course_question_set_choose(course=course, acting_user=user,
                                                              question_set=form.cleaned_data["question_set"]),
        success_url=reverse("training:evaluation-course", args=[course.pk]), success_message="Question set saved.",
        context={"heading": f"Question set for {course.title}", "crumbs": _crumbs(
            (course.title, reverse("training:evaluation-course", args=[course.pk])), ("Question set", None))})


# --- A session's links ------------------------------------------------------------------------------


@login_required
@never_cache
def session_links(request: HttpRequest, session_id: int) -> HttpResponse:
    """GET: how many have links and have answered. POST: new links for everyone, shown once on this page."""
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    session = selectors.session_get(session_id=session_id)
    links = []
    if request.method == "POST":
        made = services.evaluation_links_make(session=session, acting_user=user)
        links = [{"name": a.trainee.full_name, "url": request.build_absolute_uri(reverse("evaluate:start", args=[t]))}
                 for a, t in made]
        if not made:
            messages.info(request, "No one is recorded for this session yet.")
            return redirect("training:evaluation-session", session_id=session.pk)
    response = render(request, "training/evaluation/session_links.html", {
        "session": session, "progress": selectors.session_progress(session), "links": links,
        "crumbs": _crumbs((f"Session {session.reference}", None))})
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
