"""Staff forms of the campaign register: thin, the services validate and save."""

from typing import Any

from django import forms

from lantern.accounts.selectors import agencies_active
from lantern.core.forms import GovukFormMixin, govuk_date_field
from lantern.training.models import Audience, Channel, ReachMeasure


class CampaignForm(GovukFormMixin, forms.Form):
    submit_label = "Save campaign"
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    aim = forms.CharField(label="Aim", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                          help_text="What the campaign sets out to change, and for whom.",
                          error_messages={"required": "Enter the campaign's aim"})
    audience = forms.ChoiceField(label="Audience", choices=Audience.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select the audience"})
    channels = forms.MultipleChoiceField(label="Channels", choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
                                         help_text="Select all that apply.",
                                         error_messages={"required": "Select at least one channel"})
    starts_on = govuk_date_field("Start date")
    ends_on = govuk_date_field("End date")
    partner_agencies = forms.ModelMultipleChoiceField(
        label="Partner agencies involved (optional)", queryset=agencies_active(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_agencies"].queryset = agencies_active()  # type: ignore[attr-defined]


class ReachForm(GovukFormMixin, forms.Form):
    submit_label = "Add reach"
    channel = forms.ChoiceField(label="Channel", choices=Channel.choices,
                                error_messages={"required": "Select the channel"})
    measure = forms.ChoiceField(label="What was counted", choices=ReachMeasure.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select what was counted"})
    count = forms.IntegerField(label="Number", min_value=0, max_value=100_000_000,
                               error_messages={"required": "Enter the number", "invalid": "Enter a whole number",
                                               "min_value": "The number must be 0 or more",
                                               "max_value": "The number must be 100,000,000 or fewer"})
    recorded_on = govuk_date_field("Date counted", help_text="The day it was counted, or the last day it covers. "
                                                             "For example, 27 3 2026")
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


class MaterialForm(GovukFormMixin, forms.Form):
    submit_label = "Upload material"
    file = forms.FileField(label="File", help_text="A PDF, an image, a Word document or a text file.",
                           error_messages={"required": "Choose a file"})
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    language = forms.CharField(label="Language", max_length=60, initial="English",
                               error_messages={"required": "Enter the language"})
    version = forms.CharField(label="Version", max_length=20, initial="1",
                              error_messages={"required": "Enter the version"})
