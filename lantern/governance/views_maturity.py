"""The maturity self-assessment's pages: the assessments compared over time, one assessment's scores
and gaps (each a step away from an action in the plan), and the versioned framework.

Same access as the plan: MANAGE_GOVERNANCE changes, VIEW_GOVERNANCE reads (no buttons; posts 403),
other roles 403; a record that does not exist is 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.core.access import not_found, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.governance import forms_plan as forms
from lantern.governance import selectors_maturity as selectors
from lantern.governance import services_maturity
from lantern.governance.models import MaturityAssessment, MaturityLevel
from lantern.governance.selectors_plan import ensure_can_manage, may_manage


def _home() -> tuple[str, str]:
    return ("Maturity self-assessment", reverse("governance:maturity"))


@login_required
def maturity(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    assessments = selectors.assessments_visible_to(user)
    return render(request, "governance/maturity/overview.html", {
        "assessments": assessments, "compared": selectors.comparison(assessments),
        "framework": selectors.framework_current(), "can_manage": may_manage(user), "levels": MaturityLevel.choices,
        "crumbs": crumbs(("Maturity self-assessment", None))})


@login_required
def assessment_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    ensure_can_manage(user)

    def save(form: forms.AssessmentForm) -> MaturityAssessment:
        return services_maturity.assessment_create(acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=forms.AssessmentForm, save=save, template="form_page.html", context={
        "heading": "Start a self-assessment", "caption": "Maturity self-assessment",
        "lede": "The assessment uses the current version of the framework, and keeps it if the framework changes.",
        "crumbs": crumbs(_home(), ("Start a self-assessment", None))},
        success_url=lambda a: reverse("governance:maturity-assessment", args=[a.pk]),
        success_message="Self-assessment started.")


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user = signed_in_user(request)
    assessment = selectors.assessment_get_for_user(user=user, assessment_id=assessment_id)
    return render(request, "governance/maturity/assessment_detail.html", {
        "assessment": assessment, "sheet": selectors.assessment_sheet(assessment), "can_manage": may_manage(user),
        "crumbs": crumbs(_home(), (assessment.title, None))})


@login_required
def assessment_score(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    user = signed_in_user(request)
    assessment = selectors.assessment_get_for_user(user=user, assessment_id=assessment_id)
    criterion = selectors.criterion_get_for_user(user=user, criterion_id=criterion_id)
    if criterion.section.framework_id != assessment.framework_id:
        raise not_found()
    ensure_can_manage(user)
    existing = assessment.scores.filter(criterion=criterion).first()
    initial = ({"level": existing.level, "evidence": existing.evidence, "agreed_by": existing.agreed_by}
               if existing else {})
    url = reverse("governance:maturity-assessment", args=[assessment.pk])

    def save(form: forms.ScoreForm) -> Any:
        return services_maturity.assessment_score(assessment=assessment, criterion=criterion, acting_user=user,
                                                  **form.cleaned_data)

    return form_page(request, form_class=forms.ScoreForm, save=save, template="form_page.html",
                     form_kwargs={"criterion": criterion, "initial": initial}, context={
                         "heading": criterion.title, "caption": f"{assessment.title}: {criterion.section.title}",
                         "crumbs": crumbs(_home(), (assessment.title, url), (criterion.title, None))},
                     success_url=url + f"#criterion-{criterion.pk}", success_message="Score saved.")


@login_required
def framework(request: HttpRequest, framework_id: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    versions = selectors.frameworks_visible_to(user)
    shown = (selectors.framework_get_for_user(user=user, framework_id=framework_id) if framework_id
             else selectors.framework_current())
    return render(request, "governance/maturity/framework.html", {
        "framework": shown, "sections": selectors.framework_sections(shown) if shown else [],
        "versions": versions, "can_manage": may_manage(user),
        "crumbs": crumbs(_home(), ("Framework", None))})


@login_required
@require_POST
def framework_install(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    ensure_can_manage(user)
    services_maturity.framework_install_default(acting_user=user)
    messages.success(request, "The default framework is ready.")
    return redirect("governance:maturity-framework")


@login_required
def criterion_edit(request: HttpRequest, criterion_id: int) -> HttpResponse:
    user = signed_in_user(request)
    criterion = selectors.criterion_get_for_user(user=user, criterion_id=criterion_id)
    ensure_can_manage(user)
    initial = {name: getattr(criterion, name) for name in ("title", *services_maturity.LEVEL_FIELDS)}

    def save(form: forms.CriterionForm) -> Any:
        return services_maturity.framework_criterion_edit(criterion=criterion, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=forms.CriterionForm, save=save, template="form_page.html",
                     form_kwargs={"initial": initial}, context={
                         "heading": "Change a criterion", "caption": criterion.section.title,
                         "lede": "If an assessment has used this version of the framework, saving a change makes a new "
                                 "version; the assessments keep the one they used.",
                         "crumbs": crumbs(_home(), ("Framework", reverse("governance:maturity-framework")),
                                          ("Change a criterion", None))},
                     success_url=reverse("governance:maturity-framework"), success_message="Framework saved.")


@login_required
def criterion_new(request: HttpRequest, section_id: int) -> HttpResponse:
    user = signed_in_user(request)
    section = selectors.section_get_for_user(user=user, section_id=section_id)
    ensure_can_manage(user)

    def save(form: forms.CriterionForm) -> Any:
        return services_maturity.framework_criterion_add(section=section, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=forms.CriterionForm, save=save, template="form_page.html", context={
        "heading": "Add a criterion", "caption": section.title,
        "crumbs": crumbs(_home(), ("Framework", reverse("governance:maturity-framework")), ("Add a criterion", None))},
        success_url=reverse("governance:maturity-framework"), success_message="Criterion added.")
