"""Forms of the supply-chain pages: a decision on a name, merges and splits."""

from typing import Any

from django import forms

from lantern.core.forms import GovukFormMixin
from lantern.supply_chain.models import Supplier, SupplierName
from lantern.supply_chain.selectors import suppliers as selectors

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
