"""The case team, tasks, notes and support; the child route's age assessments and missing episodes."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lantern.accounts.models import User
from lantern.cases import forms as case_forms
from lantern.cases import selectors, services
from lantern.cases.models import Case
from lantern.cases.views._common import case_for_view, case_form_page
from lantern.core.access import signed_in_user


@login_required
def case_team(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.TeamMemberForm) -> None:
        services.case_add_member(case=case, acting_user=user, user=form.cleaned_data["user"],
                                 role_in_case=form.cleaned_data["role_in_case"])

    return case_form_page(request, reference, heading="Add someone to the case team",
                          form_class=case_forms.TeamMemberForm, save=save, success="Added to the case team.")


@login_required
def case_task(request: HttpRequest, reference: str) -> HttpResponse:
    def owners(case: Case) -> dict[str, Any]:
        return {"team": selectors.case_team_users(case)}

    def save(case: Case, user: User, form: case_forms.TaskForm) -> None:
        d = form.cleaned_data
        services.task_create(case=case, acting_user=user, title=d["title"], owner=d["owner"], due_on=d["due_on"])

    return case_form_page(request, reference, heading="Add a task", form_class=case_forms.TaskForm,
                          form_kwargs=owners, save=save, success="Task added.")


@login_required
@require_POST
def task_done(request: HttpRequest, reference: str, task_id: int) -> HttpResponse:
    case, _on_caseload, purpose = case_for_view(request, reference)
    if purpose is not None:
        return purpose
    task = selectors.task_get_on_case(case=case, task_id=task_id)
    try:
        services.task_complete(task=task, acting_user=signed_in_user(request))
    except ValidationError as error:  # already done or cancelled (a second click, an old tab)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Task marked as done.")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("cases:case-detail", reference=case.reference)


@login_required
def case_note(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.NoteForm) -> None:
        services.note_add(case=case, acting_user=user, body=form.cleaned_data["body"])

    return case_form_page(request, reference, heading="Add a case note", form_class=case_forms.NoteForm, save=save,
                          success="Note added.")


@login_required
def case_support(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.SupportForm) -> None:
        d = form.cleaned_data
        services.support_add(case=case, acting_user=user, kind=d["kind"], provider=d["provider"],
                             started_on=d["started_on"], ended_on=d["ended_on"], notes=d["notes"])

    return case_form_page(request, reference, heading="Add support", form_class=case_forms.SupportForm, save=save,
                          success="Support added.")


@login_required
def case_age_assessment(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.AgeAssessmentForm) -> None:
        d = form.cleaned_data
        services.age_assessment_record(case=case, acting_user=user, assessed_on=d["assessed_on"],
                                       assessed_by=d["assessed_by"], outcome=d["outcome"])

    return case_form_page(request, reference, heading="Record an age assessment",
                          form_class=case_forms.AgeAssessmentForm, save=save, success="Age assessment recorded.")


@login_required
def case_missing(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.MissingEpisodeForm) -> None:
        d = form.cleaned_data
        services.missing_episode_record(
            case=case, acting_user=user, went_missing_on=d["went_missing_on"], returned_on=d["returned_on"],
            return_interview_on=d["return_interview_on"], notes=d["notes"])

    return case_form_page(request, reference, heading="Record a missing episode",
                          form_class=case_forms.MissingEpisodeForm, save=save, success="Missing episode recorded.")
