"""GOV.UK-styled forms through crispy-forms-gds."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError


class GovukFormMixin:
    """Renders a form with GOV.UK components, an error summary and one submit button."""

    submit_label = "Save"
    form_method = "post"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = self.form_method
        self.helper.add_input(Submit("submit", self.submit_label))


class AccessPurposeForm(GovukFormMixin, forms.Form):
    submit_label = "Continue to the record"

    REASONS = [
        ("shop", "Preparing for or following up a SHOP or multi-agency meeting"),
        ("safeguarding", "A new safeguarding concern about this person"),
        ("oversight", "Management oversight or case supervision"),
        ("data_protection", "A data protection request or audit"),
        ("other", "Another reason"),
    ]
    reason = forms.ChoiceField(
        label="Why do you need to open this record?",
        help_text="This record is not on your caseload. Your reason is kept in the audit trail and may be reviewed.",
        choices=REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to open this record"},
    )
    detail = forms.CharField(
        label="Give details",
        help_text="Required for 'Another reason'. Do not include the person's name.",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == "other" and not str(data.get("detail") or "").strip():
            self.add_error("detail", "Enter details of why you need to open this record")
        return data

    def purpose_text(self) -> str:
        label = dict(self.REASONS)[self.cleaned_data["reason"]]
        detail = str(self.cleaned_data.get("detail") or "").strip()
        return f"{label}: {detail}" if detail else label


def govuk_date_field(label: str, *, required: bool = True, help_text: str = "", **kwargs: Any) -> forms.Field:
    """A GOV.UK date input (day, month, year) with clear messages."""
    from crispy_forms_gds.fields import DateInputField

    field = DateInputField(label=label, required=required, help_text=help_text or "For example, 27 3 2026", **kwargs)
    field.error_messages.update(
        {"required": f"Enter the {label.lower().rstrip('?')}", "incomplete": "Enter a day, month and year",
         "invalid": "Enter a real date"}
    )
    return field


def raise_as_form_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's validation error beside the right field (or at the top)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
