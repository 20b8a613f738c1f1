"""Forms of the concern journey and the case pages (GOV.UK components)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.db import models
from django.db.models import QuerySet

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.accounts.selectors import agencies_active, users_active, users_with_capability
from lantern.cases import nrm_form
from lantern.cases import selectors as case_selectors
from lantern.cases.models import (
    CaseOutcome,
    CompetentAuthority,
    Concern,
    ContactMethod,
    DecisionKind,
    EarlyDecisionReason,
    FormExploitation,
    Gender,
    ListKind,
    ReferralKind,
    Screening,
    SupportKind,
    WhereExploited,
)
from lantern.core.forms import GovukFormMixin, govuk_date_field, limit_characters
from lantern.core.reference import (
    ExploitationType,
    PremisesType,
    countries,
    first_responder_organisations,
    indicators,
    local_authorities,
    nationalities,
    police_forces,
    uk_regions,
)
from lantern.core.reference.indicators import flat_indicator_choices, indicator_choices
from lantern.partnership.selectors import areas_active
from lantern.supply_chain.selectors import suppliers as supply_chain_selectors

YES_NO = [("yes", "Yes"), ("no", "No")]
TRI_STATE = [("yes", "Yes"), ("no", "No")]


def tri_state(value: bool | None) -> str:
    """A nullable yes/no as a radio's value: "" when not asked."""
    return "" if value is None else ("yes" if value else "no")


def from_tri_state(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


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


def yes(value: str) -> bool:
    return value == "yes"


NATIONALITY_CHOICES = [("", "Not known")]


class PersonForm(GovukFormMixin, forms.Form):
    submit_label = "Save details"
    given_name = forms.CharField(label="Given name (optional)", required=False, max_length=100)
    family_name = forms.CharField(label="Family name (optional)", required=False, max_length=100)
    known_as = forms.CharField(label="Known as (optional)", required=False, max_length=100,
                               help_text="A nickname or other name they use.")
    date_of_birth = govuk_date_field("Date of birth (optional)", required=False)
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, widget=forms.RadioSelect,
                               help_text="'Not known' until they say; 'Does not identify as male or female' "
                                         "is an answer of its own.")
    nationality = forms.ChoiceField(label="Nationality (optional)", required=False, choices=NATIONALITY_CHOICES)
    second_nationality = forms.ChoiceField(label="Second nationality (optional)", required=False,
                                           choices=NATIONALITY_CHOICES)
    language = forms.CharField(label="Language (optional)", required=False, max_length=80)
    interpreter_needed = forms.ChoiceField(label="Do they need an interpreter?", required=False, choices=TRI_STATE,
                                           widget=forms.RadioSelect)
    communication_aid_needed = forms.ChoiceField(label="Do they need any other help to communicate?",
                                                 required=False, choices=TRI_STATE, widget=forms.RadioSelect)
    communication_aid = forms.CharField(label="If yes: what help they need (optional)", required=False,
                                        max_length=200, help_text="For example a sign language interpreter.")
    ho_reference_held = forms.ChoiceField(
        label="Do they have a Home Office reference already?", required=False, choices=TRI_STATE,
        widget=forms.RadioSelect, help_text="A visa, port or asylum reference – not the NRM reference.")
    ho_references = forms.CharField(label="If yes: their Home Office references and what each is (optional)",
                                    required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=40)
    email = forms.EmailField(label="Email address (optional)", required=False, max_length=200,
                             error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"})
    address_street = forms.CharField(label="Building and street (optional)", required=False, max_length=500)
    address_town = forms.CharField(label="Town or city (optional)", required=False, max_length=100,
                                   help_text="Where they are now.")
    address_county = forms.CharField(label="County (optional)", required=False, max_length=100)
    address_postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10,
                                       widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10",
                                                                     "autocomplete": "off"}))
    contact_methods = forms.MultipleChoiceField(
        label="How may the Home Office write to them about the decision? (optional)", required=False,
        choices=ContactMethod.choices, widget=forms.CheckboxSelectMultiple,
        help_text="Only a way that is safe for them.")
    email_safe = forms.ChoiceField(label="Have you confirmed it is safe to email them?", required=False,
                                   choices=TRI_STATE, widget=forms.RadioSelect)
    post_safe = forms.ChoiceField(label="Have you confirmed it is safe to write to the address?", required=False,
                                  choices=TRI_STATE, widget=forms.RadioSelect)
    safe_contact = forms.CharField(
        label="Safe contact (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How and when it is safe to contact them, for example 'text only, after 6pm'. Shown wherever contact details are.",
    )

    TRI_STATE_FIELDS = ("interpreter_needed", "communication_aid_needed", "ho_reference_held", "email_safe", "post_safe")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = dict(kwargs.get("initial") or {})
        for name in self.TRI_STATE_FIELDS:
            if name in initial:
                initial[name] = tri_state(initial[name])
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for name in ("nationality", "second_nationality"):
            choices = [("", "Not known"), *nationalities()]
            held = initial.get(name)
            if held and held not in dict(choices):
                choices.append((held, f"{held} (as recorded before the list)"))
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in self.TRI_STATE_FIELDS:
            data[name] = from_tri_state(data[name])
        data["contact_methods"] = list(data["contact_methods"]) or None
        return data


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


# --- The Home Office form's questions --------------------------------------------------------------

LIST_CHOICES: dict[str, Any] = {
    "local_authority": local_authorities, "current_region": uk_regions, "police_force": police_forces,
}
BOOLEAN_QUESTIONS = ("reported_to_police", "someone_else_permission")
MULTIPLE_CHOICES: dict[str, Any] = {"exploitation_checks": FormExploitation.choices,
                                    "someone_else_methods": ContactMethod.choices}


def _question_field(name: str, model_field: Any, row: Any) -> forms.Field:
    label, hint = row.label or row.page_heading or row.summary_label, row.hint
    if name in MULTIPLE_CHOICES:
        return forms.MultipleChoiceField(label=label if name != "exploitation_checks" else row.page_heading,
                                         help_text=hint or "Select all that apply.", required=False,
                                         choices=MULTIPLE_CHOICES[name], widget=forms.CheckboxSelectMultiple)
    if name in BOOLEAN_QUESTIONS:
        return forms.ChoiceField(label=label, help_text=hint, required=False, choices=TRI_STATE,
                                 widget=forms.RadioSelect)
    if name in LIST_CHOICES:
        return forms.ChoiceField(label=label, help_text=hint, required=False,
                                 choices=[("", "Choose from the list"), *LIST_CHOICES[name]()])
    if model_field.choices:
        return forms.ChoiceField(label=label, help_text=hint, required=False,
                                 choices=[(v, lab) for v, lab in model_field.choices if v != ""],
                                 widget=forms.RadioSelect)
    if isinstance(model_field, models.TextField):
        return forms.CharField(label=label, help_text=hint, required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    return forms.CharField(label=label, help_text=hint, required=False, max_length=model_field.max_length)


class ReferralQuestionsForm(GovukFormMixin, forms.Form):
    """The referral questions step: only what the case does not already hold, in the form's order and sections.

    Every question is optional here (answer what is known now, come back for the rest); the pack and
    the case page show what is still unanswered.
    """

    submit_label = "Save answers"

    def __init__(self, *args: Any, facts: nrm_form.Facts, **kwargs: Any) -> None:
        from crispy_forms_gds.layout import Fieldset, Layout, Size, Submit

        wanted = nrm_form.still_to_ask(facts)
        questions = facts.q
        initial: dict[str, Any] = {}
        self.sections: dict[str, list[str]] = {}
        fields: dict[str, forms.Field] = {}
        for name, rows in nrm_form.step_questions().items():
            if name not in wanted:
                continue
            holder = facts.case if name in nrm_form.CASE_ANSWERS else questions
            model_field = type(holder)._meta.get_field(name)
            fields[name] = _question_field(name, model_field, rows[0])
            value = getattr(holder, name)
            initial[name] = tri_state(value) if name in BOOLEAN_QUESTIONS else value
            self.sections.setdefault(rows[0].section, []).append(name)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields.update(fields)
        for field in self.fields.values():
            limit_characters(field)
        self.helper = FormHelper(self)
        self.helper.layout = Layout(*[
            Fieldset(*names, legend=title, legend_size=Size.MEDIUM) for title, names in self.sections.items()])
        self.helper.add_input(Submit("submit", self.submit_label))

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as the service takes them."""
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name in BOOLEAN_QUESTIONS:
                out[name] = from_tri_state(value)
            elif name in MULTIPLE_CHOICES:
                out[name] = list(value) or None
            else:
                out[name] = value.strip() if isinstance(value, str) else value
        return out


class NrmEntryForm(GovukFormMixin, forms.Form):
    """One entry of one of the form's lists: the fields depend on the list."""

    submit_label = "Add"

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        details = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
        if kind == ListKind.UK_PLACE:
            self.fields["town"] = forms.CharField(label="Town or city", max_length=100,
                                                  error_messages={"required": "Enter the town or city"})
            self.fields["details"] = forms.CharField(
                label="Where exactly, and what happened there (optional)", required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}), help_text="For example the address or the kind of place.")
        elif kind == ListKind.OVERSEAS_PLACE:
            self.fields["country"] = forms.ChoiceField(
                label="Country", choices=[("", "Choose a country"), *[c for c in countries() if c[0] != "GB"]],
                error_messages={"required": "Choose the country"})
            self.fields["details"] = forms.CharField(
                label="Where in the country, and what happened there (optional)", required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}))
        elif kind == ListKind.EXPLOITER:
            details.label = "Who exploited them"
            details.help_text = "Names, nicknames, descriptions, nationality, how they are connected to the person."
            self.fields["details"] = details
            self.fields["location_known"] = forms.ChoiceField(label="Do you know where they are now?",
                                                              choices=TRI_STATE, widget=forms.RadioSelect,
                                                              required=False)
            self.fields["in_uk"] = forms.ChoiceField(label="If known: are they in the UK?", choices=TRI_STATE,
                                                     widget=forms.RadioSelect, required=False)
            self.fields["location"] = forms.CharField(label="If known: where they are (optional)", required=False,
                                                      max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
        else:
            details.label = {ListKind.JOURNEY: "This part of the journey",
                             ListKind.OTHER_VICTIM: "Who else may be a victim",
                             ListKind.CHILD: "About their child"}[ListKind(kind)]
            details.help_text = {
                ListKind.JOURNEY: "From where to where, when, how they travelled and who took them.",
                ListKind.OTHER_VICTIM: "Names or descriptions, and where they are.",
                ListKind.CHILD: "Age, and where the child is now. Do not give more than the referral needs."}[ListKind(kind)]
            self.fields["details"] = details
        for field in self.fields.values():
            limit_characters(field)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "location_known" in data:
            data["location_known"] = from_tri_state(data["location_known"])
            data["in_uk"] = from_tri_state(data["in_uk"])
            if not data["location_known"] and (data["in_uk"] is not None or data.get("location")):
                self.add_error("location_known", "Select yes if you know where they are")
        return data
