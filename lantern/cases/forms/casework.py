"""The case's steps and everyday casework: screening, consent, referrals, decisions, support, tasks, closure."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms

from lantern.accounts.selectors import agencies_active, users_active
from lantern.cases import selectors as case_selectors
from lantern.cases.forms.common import YES_NO, CaseWorkerChoiceField
from lantern.cases.models import (
    CaseOutcome,
    CompetentAuthority,
    Concern,
    DecisionKind,
    EarlyDecisionReason,
    ReferralKind,
    Screening,
    SupportKind,
    WhereExploited,
)
from lantern.core.forms import GovukFormMixin, govuk_date_field, limit_characters
from lantern.core.reference import (
    ExploitationType,
    first_responder_organisations,
    indicators,
)
from lantern.core.reference.indicators import flat_indicator_choices, indicator_choices


class ScreeningForm(GovukFormMixin, forms.Form):
    submit_label = "Save screening"
    indicators = forms.MultipleChoiceField(label="Which indicators apply?", required=False,
                                           widget=forms.CheckboxSelectMultiple)
    evidence = forms.CharField(label="Other observations (optional)", required=False, max_length=10000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="Anything else you saw or were told that is not tied to one indicator.")
    judgement = forms.CharField(label="Your professional judgement", max_length=10000,
                                widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Enter your professional judgement"})
    conclusion = forms.ChoiceField(label="Conclusion", choices=Screening.Conclusion.choices, widget=forms.RadioSelect,
                                   error_messages={"required": "Select a conclusion"})
    screened_on = govuk_date_field("Date of the screening")

    def __init__(self, *args: Any, include_child: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.include_child = include_child
        choices = flat_indicator_choices(indicators.CURRENT_VERSION, include_child=include_child)
        self.fields["indicators"].choices = choices  # type: ignore[attr-defined]
        for code, label in choices:
            self.fields[self.evidence_name(code)] = forms.CharField(
                label=f"Evidence for '{label}'", required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )
            limit_characters(self.fields[self.evidence_name(code)])

    @staticmethod
    def evidence_name(code: str) -> str:
        return "evidence__" + code.replace(".", "__")

    @classmethod
    def initial_from_concerns(cls, concerns: Iterable[Concern], *, include_child: bool) -> dict[str, Any]:
        """The first screening starts from what the first responders reported.

        The signs they ticked are pre-selected, each with a note of who reported it and
        when, and their accounts of what they saw fill 'other observations'. The case
        worker checks and changes all of it before saving.
        """
        offered = {code for code, _label in flat_indicator_choices(indicators.CURRENT_VERSION,
                                                                   include_child=include_child)}
        ticked: list[str] = []
        sources: dict[str, list[str]] = {}
        accounts: list[str] = []
        for concern in concerns:
            when = concern.seen_on or (concern.submitted_at.date() if concern.submitted_at else None)
            on = f" on {when:%-d %B %Y}" if when else ""
            for code in concern.indicators:
                if code in offered:
                    if code not in ticked:
                        ticked.append(code)
                    sources.setdefault(code, []).append(f"Reported by the first responder{on} (concern {concern.reference}).")
            if concern.what_seen.strip():
                place = ", ".join(p for p in (concern.get_premises_type_display(), str(concern.area or "")) if p)
                heading = f"What the first responder saw or was told{on}{f' ({place})' if place else ''}"
                accounts.append(f"{heading}, concern {concern.reference}: {concern.what_seen.strip()}")
        initial: dict[str, Any] = {"indicators": ticked, "evidence": "\n\n".join(accounts)}
        for code, notes in sources.items():
            initial[cls.evidence_name(code)] = " ".join(notes)
        return initial

    def groups(self) -> list[dict[str, Any]]:
        """The indicators by group, each with its checkbox state and evidence box, for the template."""
        ticked = set(self["indicators"].value() or [])
        labels = dict(flat_indicator_choices(indicators.CURRENT_VERSION, include_child=self.include_child))
        out = []
        for heading, choices in indicator_choices(indicators.CURRENT_VERSION, include_child=self.include_child):
            out.append({"heading": heading, "items": [
                {"code": code, "label": labels[code], "checked": code in ticked, "id": code.replace(".", "-"),
                 "evidence": self[self.evidence_name(code)]} for code, _label in choices]})
        return out



class StrategyDiscussionForm(GovukFormMixin, forms.Form):
    submit_label = "Record strategy discussion"
    held_on = govuk_date_field("Date of the strategy discussion")
    attendees = forms.CharField(label="Who took part", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="Names and agencies, for example children's social care, police, health.",
                                error_messages={"required": "Enter who took part"})
    outcome = forms.CharField(label="What was decided", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "Enter what was decided"})


class ConsentForm(GovukFormMixin, forms.Form):
    submit_label = "Record their decision"
    given = forms.ChoiceField(label="Do they consent to an NRM referral?", choices=YES_NO, widget=forms.RadioSelect,
                              help_text="An adult must give informed consent. Explain what the NRM is and what it means for them.",
                              error_messages={"required": "Select yes if they consent"})
    explained_on = govuk_date_field("Date it was explained")
    language = forms.CharField(label="Language it was explained in", max_length=80,
                               error_messages={"required": "Enter the language it was explained in"})
    interpreter_used = forms.BooleanField(label="An interpreter was used", required=False)
    refusal_reason = forms.CharField(label="If they do not consent: the reason they gave", required=False,
                                     max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    share_details_for_dtn = forms.BooleanField(
        label="If they do not consent: they agree to their details being shared in the Duty to Notify", required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("given") == "no" and not str(data.get("refusal_reason") or "").strip():
            self.add_error("refusal_reason", "Enter the reason they gave for not consenting")
        return data


class ReferralForm(GovukFormMixin, forms.Form):
    submit_label = "Record referral"
    kind = forms.ChoiceField(label="Type of referral", choices=ReferralKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of referral"})
    made_on = govuk_date_field("Date the referral was made")
    made_by_agency = forms.ModelChoiceField(label="Referring organisation", queryset=agencies_active(),
                                            error_messages={"required": "Choose the referring organisation"})
    first_responder_organisation = forms.ChoiceField(
        label="Referring organisation as the Home Office form lists it (NRM and Duty to Notify)", required=False,
        choices=[("", "The organisation's own entry"), *first_responder_organisations()],
        help_text="Leave as it is to use the referring organisation's entry in the form's list.")
    to_organisation = forms.CharField(label="Referred to (optional)", required=False, max_length=200)
    external_reference = forms.CharField(label="Their reference, for example the Home Office reference (optional)",
                                         required=False, max_length=60)
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(GovukFormMixin, forms.Form):
    submit_label = "Record decision"
    kind = forms.ChoiceField(label="Decision", choices=DecisionKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the decision"})
    positive = forms.ChoiceField(label="Outcome", choices=[("yes", "Positive"), ("no", "Negative")],
                                 widget=forms.RadioSelect, error_messages={"required": "Select the outcome"})
    decided_on = govuk_date_field("Date of the decision")
    competent_authority = forms.ChoiceField(label="Decided by", choices=CompetentAuthority.choices,
                                            widget=forms.RadioSelect,
                                            error_messages={"required": "Select who made the decision"})
    early_reason = forms.ChoiceField(
        label="If a conclusive grounds decision came before the recovery period ended, why?", required=False,
        choices=EarlyDecisionReason.choices, widget=forms.RadioSelect,
        help_text="The competent authority can decide before the recovery period ends in some circumstances. "
                  "Leave this empty for any other decision.")
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, recovery_ends_on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recovery_ends_on is not None:
            self.fields["early_reason"].help_text = (
                f"The recovery period runs to {recovery_ends_on:%-d %B %Y}. The competent authority can decide "
                "before then in some circumstances. Leave this empty for any other decision.")


class CaseExploitationForm(GovukFormMixin, forms.Form):
    submit_label = "Save"
    types = forms.MultipleChoiceField(
        label="Types of exploitation", choices=ExploitationType.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text="Select all that apply: a person can have several. The Home Office counts these types.")
    where_exploited = forms.ChoiceField(label="Where were they exploited?", choices=WhereExploited.choices,
                                        widget=forms.RadioSelect,
                                        error_messages={"required": "Select where they were exploited"})
    county_lines = forms.ChoiceField(
        label="Is this county lines exploitation?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
        help_text="Drug dealing across areas by a line (a phone number): the Home Office counts it separately.",
        error_messages={"required": "Select yes if this is county lines exploitation"})


class MoveOnPlanForm(GovukFormMixin, forms.Form):
    submit_label = "Save the move-on plan"
    planned_on = govuk_date_field("When was the plan agreed?")
    plan = forms.CharField(label="What happens when move-on support ends?", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="For example the support that continues, who provides it and housing.",
                           error_messages={"required": "Enter the plan"})


class SupportForm(GovukFormMixin, forms.Form):
    submit_label = "Add support"
    kind = forms.ChoiceField(label="Type of support", choices=SupportKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of support"})
    provider = forms.CharField(label="Provider", max_length=200, error_messages={"required": "Enter the provider"})
    started_on = govuk_date_field("Start date")
    ended_on = govuk_date_field("End date (optional)", required=False)
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(GovukFormMixin, forms.Form):
    submit_label = "Add task"
    title = forms.CharField(label="What needs doing?", max_length=200,
                            help_text="Do not include the person's name.",
                            error_messages={"required": "Enter the task",
                                            "max_length": "The task must be %(limit_value)s characters or fewer – "
                                                          "you have entered %(show_value)s"})
    owner = forms.ModelChoiceField(label="Who will do it?", queryset=users_active().none(),
                                   error_messages={"required": "Choose who will do it"})
    due_on = govuk_date_field("Due date")

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team  # type: ignore[attr-defined]


class NoteForm(GovukFormMixin, forms.Form):
    submit_label = "Add note"
    body = forms.CharField(label="Note", max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": "Enter the note"})


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter the reason"})

    def __init__(self, *args: Any, label: str, submit: str, **kwargs: Any) -> None:
        self.submit_label = submit
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class CloseForm(GovukFormMixin, forms.Form):
    submit_label = "Close case"
    outcome = forms.ChoiceField(label="Outcome", choices=CaseOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the outcome"})
    closed_on = govuk_date_field("Date closed")


class TeamMemberForm(GovukFormMixin, forms.Form):
    submit_label = "Add to team"
    user = CaseWorkerChoiceField(case_selectors.case_team_candidates(), label="Person to add",
                                 error_messages={"required": "Choose who to add"})
    role_in_case = forms.CharField(label="Their role on this case (optional)", required=False, max_length=100)


class AgeAssessmentForm(GovukFormMixin, forms.Form):
    submit_label = "Record age assessment"
    assessed_on = govuk_date_field("Date of the assessment")
    assessed_by = forms.CharField(label="Who assessed their age?", max_length=200,
                                  error_messages={"required": "Enter who assessed their age"})
    outcome = forms.ChoiceField(label="Outcome", choices=[("child", "Assessed as a child"), ("adult", "Assessed as an adult")],
                                widget=forms.RadioSelect, error_messages={"required": "Select the outcome"})


class MissingEpisodeForm(GovukFormMixin, forms.Form):
    submit_label = "Record missing episode"
    went_missing_on = govuk_date_field("Date they went missing")
    returned_on = govuk_date_field("Date they returned (optional)", required=False)
    return_interview_on = govuk_date_field("Date of the return-home interview (optional)", required=False)
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))
