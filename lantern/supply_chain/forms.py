"""Forms of the supply-chain pages: thin, each hands its input to a service."""

import copy
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


def _points(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100,
                              widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
                              error_messages={"required": f"Enter the points for {label[:1].lower() + label[1:]}",
                                              "min_value": "Points must be 0 or more",
                                              "max_value": "Points must be 100 or fewer"})


class RiskWeightsForm(GovukFormMixin, forms.Form):
    """The points and thresholds of the risk model, as numbers (the categories and keywords are
    changed in the full model)."""

    submit_label = "Save as a new version"

    ppn_industry = _points("A category in a PPN 02/23 high-risk industry")
    glaa_sector = _points("A category in a GLAA sector of concern")
    agency = _points("Agency labour")
    temporary = _points("Temporary or casual workforce")
    low_paid = _points("Low-paid workforce")
    forced_labour = _points("Goods on the ILAB list for forced labour")
    child_labour = _points("Goods on the ILAB list for child labour")
    derived = _points("Goods whose inputs are on the ILAB list")
    medium = _points("Medium risk starts at a score of")
    high = _points("High risk starts at a score of")
    very_high = _points("Very high risk starts at a score of")
    min_category_share = forms.IntegerField(
        label="Share of a supplier's spend a category needs to count (%)", min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={"required": "Enter the share of spend, from 0 to 100"},
    )
    change_note = forms.CharField(label="Why are you changing it?", max_length=500,
                                  error_messages={"required": "Say why the model is changing"})
    rescore = forms.BooleanField(label="Screen every supplier again under the new version now", required=False,
                                 initial=True)

    @staticmethod
    def initial_from(definition: dict[str, Any]) -> dict[str, Any]:
        weights = definition["weights"]
        bands = {b["band"]: b["from"] for b in definition["bands"]}
        return {
            "ppn_industry": weights["ppn_industry"], "glaa_sector": weights["glaa_sector"],
            **weights["workforce"], **weights["ilab"],
            "medium": bands["medium"], "high": bands["high"], "very_high": bands["very_high"],
            "min_category_share": round(float(definition["min_category_share"]) * 100),
        }

    def apply_to(self, definition: dict[str, Any]) -> dict[str, Any]:
        """A copy of ``definition`` with this form's numbers."""
        d = copy.deepcopy(definition)
        data = self.cleaned_data
        d["weights"]["ppn_industry"] = data["ppn_industry"]
        d["weights"]["glaa_sector"] = data["glaa_sector"]
        for trait in ("agency", "temporary", "low_paid"):
            d["weights"]["workforce"][trait] = data[trait]
        for flag in ("forced_labour", "child_labour", "derived"):
            d["weights"]["ilab"][flag] = data[flag]
        d["bands"] = [{"band": "very_high", "from": data["very_high"]}, {"band": "high", "from": data["high"]},
                      {"band": "medium", "from": data["medium"]}, {"band": "low", "from": 0}]
        d["min_category_share"] = data["min_category_share"] / 100
        return d
