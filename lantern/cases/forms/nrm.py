"""The Home Office form's own questions: the referral questions step and the form's lists."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.db import models

from lantern.cases import nrm_form
from lantern.cases.forms.common import TRI_STATE, from_tri_state, tri_state
from lantern.cases.models import (
    ContactMethod,
    FormExploitation,
    ListKind,
)
from lantern.core.forms import GovukFormMixin, limit_characters
from lantern.core.reference import (
    countries,
    local_authorities,
    police_forces,
    uk_regions,
)

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
    """One section of the referral questions step: only what the case does not already hold, in the form's order.

    Every question is optional here (answer what is known now, come back for the rest); the pack and
    the case page show what is still unanswered.
    """

    submit_label = "Save answers"

    def __init__(self, *args: Any, facts: nrm_form.Facts, names: list[str], **kwargs: Any) -> None:
        """``names``: the step's fields this page asks (one section's, from ``nrm_form.asked_by_section``)."""
        from crispy_forms_gds.layout import Layout, Submit

        questions = facts.q
        rows_of = nrm_form.step_questions()
        initial: dict[str, Any] = {}
        fields: dict[str, forms.Field] = {}
        for name in names:
            rows = rows_of[name]
            holder = facts.case if name in nrm_form.CASE_ANSWERS else questions
            model_field = type(holder)._meta.get_field(name)
            fields[name] = _question_field(name, model_field, rows[0])
            value = getattr(holder, name)
            initial[name] = tri_state(value) if name in BOOLEAN_QUESTIONS else value
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields.update(fields)
        for field in self.fields.values():
            limit_characters(field)
        self.helper = FormHelper(self)
        self.helper.layout = Layout(*fields)  # the page's heading names the section
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
