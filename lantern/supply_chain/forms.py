"""Forms of the supply-chain pages (thin: each hands its input to a service): spend uploads and their
columns; decisions on names, merges and splits; the risk model, what is known of a supplier, statements."""

import copy
from typing import Any

from django import forms

from lantern.core import reference
from lantern.core.forms import IMPORT_NOT_IN_FILE, GovukFormMixin, ImportMappingForm, MultipleFileField
from lantern.supply_chain.models import Supplier, SupplierName
from lantern.supply_chain.selectors import suppliers as selectors

MAX_FILES = 20


class SpendUploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload and continue"

    publisher = forms.CharField(
        label="Who published the files?", max_length=200,
        help_text="For example, Leeds City Council. Lantern remembers the columns you confirm for each publisher.",
        error_messages={"required": "Enter who published the files"})
    uploads = MultipleFileField(
        label="Spend files", help_text=f"CSV or Excel (.xlsx) files, up to {MAX_FILES} at a time.",
        error_messages={"required": "Select at least one spend file"})

    def clean_uploads(self) -> list[Any]:
        files = self.cleaned_data["uploads"]
        if not files:
            raise forms.ValidationError("Select at least one spend file")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Select {MAX_FILES} files or fewer at a time")
        return files


# The column mapping form is the import pipeline's own (lantern.core.forms), shared by every import.
MappingForm = ImportMappingForm
NOT_IN_FILE = IMPORT_NOT_IN_FILE


SUPPLIER_HINT = "Its reference (like SU-7K3Q-9XC), company number or name. The supplier list shows every reference."


class SupplierField(forms.CharField):
    """A supplier typed as its reference, company number or a name only one supplier has."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", SUPPLIER_HINT)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Supplier | None:
        text = super().clean(value)
        return selectors.supplier_pick(text)


class Decision:
    CONFIRM = "confirm"
    NEW = "new"
    OTHER = "other"


class NameDecisionForm(GovukFormMixin, forms.Form):
    submit_label = "Save decision"

    decision = forms.ChoiceField(
        label="Is this name the supplier it was matched to?", widget=forms.RadioSelect,
        choices=[(Decision.CONFIRM, "Yes, confirm the match"),
                 (Decision.NEW, "No, it is a supplier of its own"),
                 (Decision.OTHER, "No, it is another supplier")],
        error_messages={"required": "Select whether the name is the supplier it was matched to"},
    )
    other = SupplierField(label="The other supplier (if it is another supplier)", required=False)

    def __init__(self, *args: Any, name: SupplierName, **kwargs: Any) -> None:
        self.name = name
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Decision.OTHER and not data.get("other") and "other" not in self.errors:
            self.add_error("other", "Enter the other supplier's reference, company number or name")
        return data


class MergeForm(GovukFormMixin, forms.Form):
    submit_label = "Continue"

    target = SupplierField(label="Merge into which supplier?",
                           error_messages={"required": "Enter the supplier to merge into"})
    reason = forms.CharField(label="Why are they one supplier? (optional)", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, supplier: Supplier, **kwargs: Any) -> None:
        self.supplier = supplier
        super().__init__(*args, **kwargs)

    def clean_target(self) -> Supplier | None:
        target = self.cleaned_data.get("target")
        if target is not None and target.pk == self.supplier.pk:
            raise forms.ValidationError("Choose a different supplier from this one")
        return target


class SplitForm(GovukFormMixin, forms.Form):
    submit_label = "Continue"

    names = forms.ModelMultipleChoiceField(
        label="Which names are a different supplier?", queryset=SupplierName.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the names to move to a new supplier"},
    )
    reason = forms.CharField(label="Why are they a different supplier? (optional)", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, supplier: Supplier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = self.fields["names"]
        assert isinstance(names, forms.ModelMultipleChoiceField)  # noqa: S101
        names.queryset = SupplierName.objects.filter(supplier=supplier).order_by("name")
        names.label_from_instance = lambda n: str(n.name)  # type: ignore[method-assign,assignment]



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
    submit_label = "Upload and continue"

    file = forms.FileField(
        label="The registry's file",
        help_text="The statement summaries downloaded from the Modern Slavery Statement Registry, as CSV or "
                  "Excel (.xlsx). Next, you check which column holds which field; nothing is imported until "
                  "every row has been checked.",
        error_messages={"required": "Choose the registry's file", "empty": "The selected file is empty"},
    )


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
