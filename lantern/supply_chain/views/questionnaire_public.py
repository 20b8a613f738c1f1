"""The supplier's side of the questionnaire: no account, a link of its own, works without JavaScript.

The link (``/supplier-questionnaire/s/<token>/``) is opened once: the token's hash is checked, kept in
the session, and the browser is sent on to addresses without the token, so it appears in one request
only (never in a page's address, a referrer or a later log line). A wrong, expired or revoked link
gets the same "not found" page; tries at links are rate-limited per address. Answers are saved theme
by theme, so the supplier can stop and come back with the same link.
"""

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from lantern.core.forms import raise_as_form_errors
from lantern.supply_chain import forms_due_diligence as dd_forms
from lantern.supply_chain import questionnaires
from lantern.supply_chain.models import Questionnaire, QuestionnaireStatus
from lantern.supply_chain.selectors import due_diligence as selectors
from lantern.supply_chain.services import due_diligence as services

SESSION_KEY = "lantern_supplier_link"
S = QuestionnaireStatus


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, f"supply_chain/public/{template}", context, status=status)
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def link_not_found(request: HttpRequest) -> HttpResponse:
    """The one answer for a wrong, expired or revoked link, and for a session whose link stopped working."""
    return _page(request, "link_not_found.html", {}, status=404)


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    if is_ratelimited(request, group="supply_chain.questionnaire_link", key="ip",
                      rate=settings.LANTERN_SUPPLIER_LINK_RATE, increment=True):
        return _page(request, "rate_limited.html", {}, status=429)
    digest = selectors.token_hash(token)
    if selectors.questionnaire_by_link(token_digest=digest) is None:
        return link_not_found(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = digest
    response = redirect("supply_chain_public:overview")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _questionnaire(request: HttpRequest) -> Questionnaire | None:
    return selectors.questionnaire_by_link(token_digest=str(request.session.get(SESSION_KEY, "")))


def _context(questionnaire: Questionnaire, **extra: Any) -> dict[str, Any]:
    return {"questionnaire": questionnaire, "supplier": questionnaire.supplier, **extra}


def _progress(question_set: questionnaires.QuestionSet, answers: dict[str, str]) -> list[dict[str, Any]]:
    return [{"theme": theme, "answered": sum(1 for q in theme.questions if q.key in answers),
             "total": len(theme.questions)} for theme in question_set.themes]


@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    questionnaire = _questionnaire(request)
    if questionnaire is None:
        return link_not_found(request)
    if questionnaire.status in (S.SUBMITTED, S.ACKNOWLEDGED):
        return redirect("supply_chain_public:results")
    question_set = services.question_set_of(questionnaire)
    progress = _progress(question_set, questionnaire.answers)
    version = services.code_of_conduct_current()
    return _page(request, "overview.html", _context(
        questionnaire, question_set=question_set, progress=progress,
        answered=len(questionnaire.answers), total=len(question_set.questions),
        code_acknowledged=selectors.code_acknowledged(questionnaire.supplier, version)))


@never_cache
def theme(request: HttpRequest, key: str) -> HttpResponse:
    questionnaire = _questionnaire(request)
    if questionnaire is None:
        return link_not_found(request)
    if questionnaire.status not in (S.SENT, S.IN_PROGRESS):
        return redirect("supply_chain_public:results")
    question_set = services.question_set_of(questionnaire)
    current = question_set.theme(key)
    if current is None:
        return link_not_found(request)
    index = question_set.themes.index(current)
    status = 200
    if request.method == "POST":
        form = dd_forms.ThemeAnswersForm(request.POST, theme=current)
        if form.is_valid():
            try:
                services.questionnaire_answers_save(questionnaire=questionnaire,
                                                    answers={k: v for k, v in form.cleaned_data.items() if v})
            except ValidationError as error:
                raise_as_form_errors(form, error)
            else:
                if request.POST.get("then") == "later":
                    messages.success(request, "Your answers have been saved. To come back, open the link in your "
                                              "email again.")
                    return redirect("supply_chain_public:overview")
                if index + 1 < len(question_set.themes):
                    return redirect("supply_chain_public:theme", key=question_set.themes[index + 1].key)
                return redirect("supply_chain_public:check")
        status = 400
    else:
        form = dd_forms.ThemeAnswersForm(initial=questionnaire.answers, theme=current)
    return _page(request, "theme.html", _context(
        questionnaire, theme=current, form=form, number=index + 1, count=len(question_set.themes),
        previous=question_set.themes[index - 1] if index else None), status=status)


@never_cache
def check(request: HttpRequest) -> HttpResponse:
    questionnaire = _questionnaire(request)
    if questionnaire is None:
        return link_not_found(request)
    if questionnaire.status not in (S.SENT, S.IN_PROGRESS):
        return redirect("supply_chain_public:results")
    question_set = services.question_set_of(questionnaire)
    missing = questionnaires.unanswered(question_set, questionnaire.answers)
    theme_of = {q.key: t for t in question_set.themes for q in t.questions}
    form = dd_forms.SupplierPersonForm(
        request.POST or None, submit_label="Submit answers",
        confirm_label="I confirm these answers are accurate, to the best of my knowledge, for my organisation")
    status = 200
    if request.method == "POST":
        if not missing and form.is_valid():
            try:
                services.questionnaire_submit(questionnaire=questionnaire, name=form.cleaned_data["name"],
                                              role=form.cleaned_data["role"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                return redirect("supply_chain_public:results")
        status = 400
    answered = [(t, [(q, q.option(questionnaire.answers.get(q.key, ""))) for q in t.questions])
                for t in question_set.themes]
    return _page(request, "check.html", _context(
        questionnaire, form=form, answered=answered,
        missing=[(q, theme_of[q.key]) for q in missing]), status=status)


@never_cache
def results(request: HttpRequest) -> HttpResponse:
    questionnaire = _questionnaire(request)
    if questionnaire is None:
        return link_not_found(request)
    if questionnaire.status not in (S.SUBMITTED, S.ACKNOWLEDGED):
        return redirect("supply_chain_public:overview")
    form = None
    status = 200
    if questionnaire.status == S.SUBMITTED:
        form = dd_forms.SupplierPersonForm(
            request.POST or None, submit_label="Acknowledge recommendations",
            confirm_label="I have read these recommendations and my organisation will consider how to act on them")
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.questionnaire_acknowledge(questionnaire=questionnaire, name=form.cleaned_data["name"],
                                                       role=form.cleaned_data["role"])
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, "Thank you. Your acknowledgement has been recorded.")
                    return redirect("supply_chain_public:results")
            status = 400
    version = services.code_of_conduct_current()
    return _page(request, "results.html", _context(
        questionnaire, form=form, overall=questionnaires.overall_percent(
            [questionnaires.ThemeScore(**s) for s in questionnaire.scores]),
        code_acknowledged=selectors.code_acknowledged(questionnaire.supplier, version)), status=status)


_NUMBERED = re.compile(r"^(\d+)\.\s+(?:\*\*(.+?)\*\*\s*)?(.*)$")


def code_blocks(text: str) -> list[dict[str, Any]]:
    """The code of conduct's text as blocks a template renders (and escapes): paragraphs and a numbered
    list whose items may start with a bold phrase. The first-level heading is the page's own."""
    blocks: list[dict[str, Any]] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line or line.startswith("# "):
            continue
        match = _NUMBERED.match(line)
        if match:
            if not blocks or blocks[-1]["kind"] != "list":
                blocks.append({"kind": "list", "items": []})
            blocks[-1]["items"].append({"bold": match.group(2) or "", "text": match.group(3)})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks


@never_cache
def code_of_conduct(request: HttpRequest) -> HttpResponse:
    questionnaire = _questionnaire(request)
    if questionnaire is None:
        return link_not_found(request)
    version = services.code_of_conduct_current()
    acknowledged = selectors.code_acknowledged(questionnaire.supplier, version)
    form = None
    status = 200
    if not acknowledged:
        form = dd_forms.SupplierPersonForm(
            request.POST or None, submit_label="Acknowledge the code of conduct",
            confirm_label=f"I acknowledge the code of conduct on behalf of {questionnaire.supplier.name}")
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.code_of_conduct_acknowledge(
                        supplier=questionnaire.supplier, version=version, questionnaire=questionnaire,
                        name=form.cleaned_data["name"], role=form.cleaned_data["role"])
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, "Thank you. Your acknowledgement of the code of conduct has been recorded.")
                    back = "results" if questionnaire.status in (S.SUBMITTED, S.ACKNOWLEDGED) else "overview"
                    return redirect(f"supply_chain_public:{back}")
            status = 400
    return _page(request, "code_of_conduct.html", _context(
        questionnaire, version=version, blocks=code_blocks(version.text), acknowledged=acknowledged, form=form,
        back=reverse("supply_chain_public:overview")), status=status)
