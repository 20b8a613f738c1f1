"""Answering an evaluation: through a person's own link (no account), or from their training record.

The link (``/evaluate/t/<token>/``) is opened once: the token's hash is checked and kept in the
session, and the browser is sent on to addresses without the token, so it appears in one request
only (never in a page's address, a referrer or a later log line), and no address carries personal
data. A wrong or replaced link, or one for a person marked absent, gets the same "not found" page;
tries at links are rate-limited per address. Works without JavaScript: the questions are radios
and a text box, and a page with an error keeps every answer given.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from lantern.core.access import not_found, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.forms import raise_as_form_errors
from lantern.training.forms_evaluation import AnswerForm
from lantern.training.models import Attendance, Phase, ResponseChannel
from lantern.training.selectors import evaluation as selectors
from lantern.training.services import evaluation as services

SESSION_KEY = "lantern_evaluation_link"
PUBLIC_BASE = "training/evaluation/public_base.html"
PHASE_SLUGS = {"before": Phase.BEFORE, "after": Phase.AFTER}


def _link_rate() -> str:
    return str(getattr(settings, "LANTERN_EVALUATION_LINK_RATE", "30/m"))


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, template, {"base_template": PUBLIC_BASE, **context}, status=status)
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def link_not_found(request: HttpRequest) -> HttpResponse:
    return _public(request, "training/evaluation/link_not_found.html", {}, status=404)


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    if is_ratelimited(request, group="training.evaluation_link", key="ip", rate=_link_rate(), increment=True):
        return _public(request, "training/evaluation/rate_limited.html", {}, status=429)
    digest = selectors.token_hash(token)
    if selectors.attendance_by_link(token_digest=digest) is None:
        return link_not_found(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = digest
    response = redirect("evaluate:overview")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _linked(request: HttpRequest) -> Attendance | None:
    return selectors.attendance_by_link(token_digest=str(request.session.get(SESSION_KEY, "")))


def _overview_context(attendance: Attendance) -> dict[str, Any]:
    answered = selectors.responses_of(attendance)
    return {"course": attendance.course, "day": attendance.completed_on,
            "answered": [Phase(p).label for p in Phase.values if p in answered],
            "open": [(slug, phase.label) for slug, phase in PHASE_SLUGS.items()
                     if phase in selectors.phases_open(attendance)]}


@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    attendance = _linked(request)
    if attendance is None:
        return link_not_found(request)
    return _public(request, "training/evaluation/overview.html", {
        **_overview_context(attendance), "answer_url": "evaluate:answer"})


def answer_page(request: HttpRequest, *, attendance: Attendance, phase_slug: str, channel: str, acting_user: Any,
                base_template: str, done_url: str, page_crumbs: Any = None) -> HttpResponse:
    """The questions of one phase, for the link and for the training record alike."""
    phase = PHASE_SLUGS.get(phase_slug)
    if phase is None:
        raise not_found()
    if phase not in selectors.phases_open(attendance):
        messages.info(request, "You have already answered these questions. Thank you.")
        return redirect(done_url)
    version = selectors.version_to_answer(attendance, phase)
    if version is None:
        raise not_found()
    spec = selectors.spec_of(version)
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, spec=spec)
        if form.is_valid():
            data = dict(form.cleaned_data)
            comments = data.pop("comments", "")
            try:
                services.evaluation_answer(attendance=attendance, phase=phase, answers=data, comments=comments,
                                           channel=channel, acting_user=acting_user)
            except ValidationError as error:
                raise_as_form_errors(form, error)
            else:
                messages.success(request, "Thank you. Your answers have been recorded.")
                return redirect(done_url)
        status = 400
    else:
        form = AnswerForm(spec=spec)
    response = render(request, "training/evaluation/answer.html", {
        "base_template": base_template, "form": form, "phase": phase, "phase_label": Phase(phase).label,
        "course": attendance.course, "day": attendance.completed_on, "crumbs": page_crumbs}, status=status)
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def answer(request: HttpRequest, phase: str) -> HttpResponse:
    attendance = _linked(request)
    if attendance is None:
        return link_not_found(request)
    return answer_page(request, attendance=attendance, phase_slug=phase, channel=ResponseChannel.LINK,
                       acting_user=None, base_template=PUBLIC_BASE, done_url=reverse("evaluate:overview"))


# --- From the training record (signed in) -----------------------------------------------------------


def _own_crumbs(*items: tuple[str, str | None]) -> Any:
    return crumbs(("Your course evaluations", reverse("training:evaluation-mine")), *items)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rows = [{"attendance": e.attendance, "answered": [Phase(p).label for p in e.answered],
             "open": [(slug, phase.label) for slug, phase in PHASE_SLUGS.items() if phase in e.open]}
            for e in selectors.own_evaluations(user)]
    return render(request, "training/evaluation/mine.html", {
        "rows": rows, "crumbs": crumbs(("Your course evaluations", None))})


@login_required
@never_cache
def answer_own(request: HttpRequest, attendance_id: int, phase: str) -> HttpResponse:
    user = signed_in_user(request)
    attendance = selectors.own_attendance_get(user=user, attendance_id=attendance_id)
    return answer_page(request, attendance=attendance, phase_slug=phase, channel=ResponseChannel.RECORD,
                       acting_user=user, base_template="base.html", done_url=reverse("training:evaluation-mine"),
                       page_crumbs=_own_crumbs((attendance.course.title, None)))
