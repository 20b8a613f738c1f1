"""A child's safeguarding steps: recording a strategy discussion, or that a step is not needed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from lantern.accounts.models import User
from lantern.cases import forms as case_forms
from lantern.cases import services
from lantern.cases.models import Case, SafeguardingStep
from lantern.cases.views._common import case_form_page
from lantern.core.access import not_found


def _children_only(case: Case) -> str:
    return "" if case.is_child else "Safeguarding steps are recorded on a child's case."


@login_required
def case_strategy_discussion(request: HttpRequest, reference: str) -> HttpResponse:
    def save(case: Case, user: User, form: case_forms.StrategyDiscussionForm) -> None:
        d = form.cleaned_data
        services.strategy_discussion_record(case=case, acting_user=user, held_on=d["held_on"],
                                            attendees=d["attendees"], outcome=d["outcome"])

    return case_form_page(request, reference, heading="Record a strategy discussion",
                          form_class=case_forms.StrategyDiscussionForm, save=save,
                          success="Strategy discussion recorded.", not_for=_children_only)


@login_required
def case_step_not_needed(request: HttpRequest, reference: str, step: str) -> HttpResponse:
    if step not in SafeguardingStep.values:
        raise not_found()  # the NRM referral is never "not needed" for a child
    label = SafeguardingStep(step).label

    def save(case: Case, user: User, form: case_forms.ReasonForm) -> None:
        services.safeguarding_step_not_needed(case=case, acting_user=user, step=step, reason=form.cleaned_data["reason"])

    return case_form_page(
        request, reference, heading=f"{label}: not needed", form_class=case_forms.ReasonForm,
        form_kwargs={"label": "Why is this step not needed for this child?", "submit": "Record as not needed"},
        save=save, success=f"{label} recorded as not needed.", not_for=_children_only,
    )
