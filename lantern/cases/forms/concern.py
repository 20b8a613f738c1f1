"""The concern journey's steps (danger, what, where, who, indicators, exploitation) and triage."""

from typing import Any

from django import forms

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import users_with_capability
from lantern.cases.forms.common import YES_NO, CaseWorkerChoiceField, StepForm
from lantern.cases.models import (
    Gender,
)
from lantern.core.forms import GovukFormMixin, govuk_date_field
from lantern.core.reference import (
    ExploitationType,
    PremisesType,
)
from lantern.core.reference.indicators import flat_indicator_choices
from lantern.partnership.selectors import areas_active


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
