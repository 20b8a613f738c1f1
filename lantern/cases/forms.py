"""Forms of the concern journey and the case pages (GOV.UK components)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.accounts.selectors import agencies_active, users_active, users_with_capability
from lantern.cases import selectors as case_selectors
from lantern.cases.models import (
    CaseOutcome,
    CompetentAuthority,
    Concern,
    DecisionKind,
    Gender,
    ReferralKind,
    Screening,
    SupportKind,
)
from lantern.core.forms import GovukFormMixin, govuk_date_field, limit_characters
from lantern.core.reference import ExploitationType, PremisesType, indicators
from lantern.core.reference.indicators import flat_indicator_choices, indicator_choices
from lantern.partnership.selectors import areas_active
from lantern.supply_chain.selectors import suppliers as supply_chain_selectors

YES_NO = [("yes", "Yes"), ("no", "No")]


class CaseWorkerChoiceField(forms.ModelChoiceField):
    """A choice among ``users`` (who may be chosen), each shown with their agency: 'Name – Agency'."""

    def __init__(self, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(queryset=users.select_related("agency"), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} – {obj.agency}"


class StepForm(GovukFormMixin, forms.Form):
    submit_label = "Save and continue"


class DangerForm(StepForm):
    immediate_danger = forms.ChoiceField(
        label="Is anyone in immediate danger?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if anyone is in immediate danger"},
    )


class WhatForm(StepForm):
    what_seen = forms.CharField(
        label="What did you see or were you told?",
        help_text="Describe what made you concerned, in your own words. Include who told you, if someone did.",
        widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
        error_messages={"required": "Enter what you saw or were told",
                        "max_length": "What you saw or were told must be %(limit_value)s characters or fewer – "
                                      "you have entered %(show_value)s"},
    )
    seen_on = govuk_date_field("When did you see it?", required=False)


class WhereForm(StepForm):
    area = forms.ModelChoiceField(label="Ward or area", queryset=areas_active(), required=False,
                                  empty_label="Not known")
    premises_type = forms.ChoiceField(label="Type of place", choices=[("", "Choose a type"), *PremisesType.choices],
                                      required=False)
    address = forms.CharField(label="Address or description of the place (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=500)


class WhoForm(StepForm):
    person_name = forms.CharField(label="Their name, if known (optional)", required=False, max_length=200)
    person_description = forms.CharField(
        label="Description (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How someone could recognise them if the name is not known.",
    )
    approximate_age = forms.IntegerField(label="Approximate age (optional)", required=False, min_value=0, max_value=120,
                                         widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
                                         error_messages={"min_value": "Age must be 0 or more",
                                                         "max_value": "Age must be 120 or less",
                                                         "invalid": "Enter the age as a number, like 25"})
    age_uncertain = forms.BooleanField(label="I do not know if they are under 18", required=False)
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, initial=Gender.UNKNOWN, widget=forms.RadioSelect)
    nationality = forms.CharField(label="Nationality (optional)", required=False, max_length=80)
    language = forms.CharField(label="Language they speak (optional)", required=False, max_length=80)
    interpreter_needed = forms.BooleanField(label="They need an interpreter", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person_name") and not data.get("person_description"):
            self.add_error("person_name", "Enter their name or a description")
        if data.get("approximate_age") is None and not data.get("age_uncertain"):
            self.add_error("approximate_age", "Enter their approximate age, or tick that you do not know if they are under 18")
        return data


class IndicatorsForm(StepForm):
    indicators = forms.MultipleChoiceField(
        label="Which signs did you see?", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. You do not have to be sure.",
    )

    def __init__(self, *args: Any, version: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = flat_indicator_choices(version)  # type: ignore[attr-defined]


class ExploitationForm(StepForm):
    exploitation_types = forms.MultipleChoiceField(
        label="What kind of exploitation do you suspect?", choices=ExploitationType.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
    )


class TriageForm(GovukFormMixin, forms.Form):
    submit_label = "Record triage decision"
    OUTCOMES = [
        ("open_case", "Open a case"),
        ("link_case", "Link to an existing case"),
        ("signposted", "Signpost to another service"),
        ("no_further_action", "No further action"),
    ]
    outcome = forms.ChoiceField(label="What is your decision?", choices=OUTCOMES, widget=forms.RadioSelect,
                                error_messages={"required": "Select a decision"})
    lead_worker = CaseWorkerChoiceField(users_with_capability(Capability.WORK_CASES),
                                        label="Lead worker (for a new case)", required=False,
                                        empty_label="Choose a case worker")
    given_name = forms.CharField(
        label="Given name (for a new case, optional)", required=False, max_length=100,
        help_text="Filled in from the name in the concern, if it gives one. Check which part is the given name and which the "
                  "family name. The description, approximate age and other details are copied from the concern.",
    )
    family_name = forms.CharField(label="Family name (for a new case, optional)", required=False, max_length=100)
    date_of_birth = govuk_date_field("Date of birth (for a new case, optional)", required=False)
    childrens_lead_reason = forms.CharField(
        label="If the person is under 18 or their age is not known, and the lead worker is not from "
              "children's services: why (optional)",
        help_text="Children's services join every child's case team. A child's case is led by children's "
                  "services unless there is a reason.",
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The reason the lead is not from children's services must be %(limit_value)s "
                                      "characters or fewer – you have entered %(show_value)s"})
    case_reference = forms.CharField(label="Case reference (to link)", required=False, max_length=20)
    reason = forms.CharField(label="Reason (for signposting or no further action)", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == "open_case" and not data.get("lead_worker"):
            self.add_error("lead_worker", "Choose the lead worker for the new case")
        if outcome == "link_case" and not data.get("case_reference"):
            self.add_error("case_reference", "Enter the reference of the case to link to")
        if outcome in ("signposted", "no_further_action") and not str(data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for your decision")
        return data


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
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))


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


def yes(value: str) -> bool:
    return value == "yes"


class PersonForm(GovukFormMixin, forms.Form):
    submit_label = "Save details"
    given_name = forms.CharField(label="Given name (optional)", required=False, max_length=100)
    family_name = forms.CharField(label="Family name (optional)", required=False, max_length=100)
    known_as = forms.CharField(label="Known as (optional)", required=False, max_length=100)
    date_of_birth = govuk_date_field("Date of birth (optional)", required=False)
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, widget=forms.RadioSelect)
    nationality = forms.CharField(label="Nationality (optional)", required=False, max_length=80)
    second_nationality = forms.CharField(label="Second nationality (optional)", required=False, max_length=80)
    language = forms.CharField(label="Language (optional)", required=False, max_length=80)
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=40)
    email = forms.EmailField(label="Email address (optional)", required=False, max_length=200,
                             error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"})
    address = forms.CharField(label="Address (optional)", required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))
    safe_contact = forms.CharField(
        label="Safe contact (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How and when it is safe to contact them, for example 'text only, after 6pm'. Shown wherever contact details are.",
    )


class SafetyPlanForm(GovukFormMixin, forms.Form):
    submit_label = "Save safety plan"
    safety_plan = forms.CharField(label="Safety plan", required=False, max_length=20000,
                                  widget=forms.Textarea(attrs={"rows": 10}),
                                  help_text="Risks, who to contact in an emergency, safe places and agreed actions.")


class AttachmentForm(GovukFormMixin, forms.Form):
    submit_label = "Upload"
    file = forms.FileField(label="Choose a file", help_text="PDF, JPG, PNG, Word (.docx) or text, up to 10 MB. "
                           "Photos have their location and device details removed.",
                           error_messages={"required": "Select a file", "empty": "The selected file is empty"})
    description = forms.CharField(label="What is it? (optional)", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_enctype = "multipart/form-data"


class BusinessForm(GovukFormMixin, forms.Form):
    """The business where the person was exploited, and the council supplier it is, if it is one."""

    submit_label = "Save"
    business_name = forms.CharField(
        label="Name of the business (optional)", required=False, max_length=200,
        help_text="As you know it: a trading name, the name on the van or the shop sign.",
    )
    supplier = forms.CharField(
        label="Council supplier (optional)", required=False, max_length=200,
        help_text="If the business supplies the council: the supplier's reference (like SU-7K3Q-9XC), company "
                  "number or name. The procurement team will see only that a concern names the supplier.",
    )

    def clean_supplier(self) -> Any:
        return supply_chain_selectors.supplier_pick(self.cleaned_data.get("supplier", ""))
