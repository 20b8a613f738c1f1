"""The person's details, their safety plan, documents and the business where they were exploited."""

from typing import Any

from django import forms

from lantern.cases.forms.common import NATIONALITY_CHOICES, TRI_STATE, from_tri_state, tri_state
from lantern.cases.models import (
    ContactMethod,
    Gender,
)
from lantern.core.forms import GovukFormMixin, govuk_date_field
from lantern.core.reference import (
    nationalities,
)
from lantern.supply_chain.selectors import suppliers as supply_chain_selectors


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
