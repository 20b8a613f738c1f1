"""Forms of the supply-chain pages: thin, each hands its input to a service."""

from typing import Any

from django import forms

from lantern.core import reference
from lantern.core.forms import GovukFormMixin


class RiskModelChangeForm(GovukFormMixin, forms.Form):
    submit_label = "Save as a new version"

    definition = forms.CharField(
        label="The risk model (JSON)",
        help_text="Categories with their keywords, ProClass categories and PPN industry; workforce keywords; the "
        "points of each factor; spend bands; risk bands.",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "govuk-textarea lantern-code"}),
        max_length=200_000,
        error_messages={"required": "Enter the risk model"},
    )
    change_note = forms.CharField(
        label="Why are you changing it?", max_length=500,
        help_text="This is kept with the version, for the partnership to review.",
        error_messages={"required": "Say why the model is changing"},
    )
    rescore = forms.BooleanField(
        label="Screen every supplier again under the new version now", required=False, initial=True,
    )


class SupplierRiskContextForm(GovukFormMixin, forms.Form):
    country = forms.ChoiceField(label="Country the supplier or its goods come from (optional)", required=False)
    goods = forms.CharField(
        label="Goods it supplies (optional)", required=False, max_length=500,
        help_text="Separate them with commas, for example: garments, cotton, electronics.",
    )
    agency_labour = forms.BooleanField(label="Uses agency labour", required=False)
    temporary_workforce = forms.BooleanField(label="Uses temporary or casual workers", required=False)
    low_paid_workforce = forms.BooleanField(label="Relies on low-paid work", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country: Any = self.fields["country"]
        country.choices = [("", "Not known"), *reference.countries()]


class StatementUploadForm(GovukFormMixin, forms.Form):
    submit_label = "Import statements"

    file = forms.FileField(
        label="The registry's CSV file",
        help_text="The statement summaries CSV downloaded from the Modern Slavery Statement Registry.",
        error_messages={"required": "Choose the registry's CSV file", "empty": "The file is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file")
        return upload
