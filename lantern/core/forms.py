"""GOV.UK-styled forms through crispy-forms-gds."""

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
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


class GovukDateField(DateInputField):
    """crispy-forms-gds's day, month and year field, for which no numbers typed make a server error.

    Its own ``compress`` lets ``OverflowError`` through (a 20-digit day) and shows
    Python's wording ("day is out of range for month"); here both are "Enter a real date".
    """

    def compress(self, data_list: Any) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def govuk_date_field(label: str, *, required: bool = True, help_text: str = "", **kwargs: Any) -> forms.Field:
    """A GOV.UK date input (day, month, year) with clear messages."""
    field = GovukDateField(label=label, required=required, help_text=help_text or "For example, 27 3 2026", **kwargs)
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
