"""GOV.UK-styled forms through crispy-forms-gds."""

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from lantern.core.imports.mapping import ImportSpec


def field_name_for_messages(label: str) -> str:
    """The name of a field as it reads in a message: 'Notes (optional)' is 'Notes'.

    A label that asks a question ('What did you see?') or ends in a bare word after a
    colon reads badly at the start of a sentence, so those become 'Your answer'.
    """
    name = str(label or "").strip()
    while name.endswith(")") and "(" in name:
        name = name[: name.rindex("(")].strip()
    if ":" in name:
        name = name.rsplit(":", 1)[1].strip()
    if not name or name.endswith("?") or len(name.split()) == 1 and name.islower():
        return "Your answer"
    return name[0].upper() + name[1:]


class CharacterLimitValidator(MaxLengthValidator):
    """Refuses a text over its limit with the field's name and both numbers, in plain English.

    "Notes must be 5,000 characters or fewer – you have entered 5,214". A form can word
    it differently with ``error_messages={"max_length": ...}`` (``%(limit_value)s`` and
    ``%(show_value)s`` are the two numbers, already written with commas).
    """

    def __init__(self, limit_value: int, field: forms.Field) -> None:
        super().__init__(limit_value)
        self.field = field

    def __call__(self, value: Any) -> None:
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            name = field_name_for_messages(str(self.field.label or ""))
            raise ValidationError(
                f"{name} must be %(limit_value)s characters or fewer – you have entered %(show_value)s",
                code="max_length",
                params={"limit_value": f"{self.limit_value:,}", "show_value": f"{length:,}", "value": value},
            )


class CharacterCountTextarea(forms.Textarea):
    """A textarea in GOV.UK Frontend's character count component.

    It tells the person how many characters they have left as they type and never cuts
    pasted text (no ``maxlength`` attribute): the form refuses a text over the limit and
    shows it again so that it can be shortened. Without JavaScript the limit shows as a hint.
    """

    template_name = "core/widgets/character_count_textarea.html"

    def __init__(self, *, max_characters: int, attrs: dict[str, Any] | None = None) -> None:
        attrs = {key: value for key, value in (attrs or {}).items() if key != "maxlength"}
        super().__init__(attrs=attrs)
        self.max_characters = max_characters

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("maxlength", None)
        classes = widget_attrs.get("class", "").split()
        for css_class in ("govuk-textarea", "govuk-js-character-count"):
            if css_class not in classes:
                classes.append(css_class)
        widget_attrs["class"] = " ".join(classes)
        info_id = f"{widget_attrs.get('id') or name}-info"
        described_by = widget_attrs.get("aria-describedby", "").split()
        if info_id not in described_by:
            described_by.append(info_id)
        widget_attrs["aria-describedby"] = " ".join(described_by)
        context["widget"]["info_id"] = info_id
        context["widget"]["max_characters"] = self.max_characters
        context["widget"]["max_characters_display"] = f"{self.max_characters:,}"
        return context


def limit_characters(field: forms.Field) -> None:
    """Give a text field with a maximum length the shared behaviour of every staff form.

    The limit is checked on the server with a plain message (``CharacterLimitValidator``)
    and never by the browser's ``maxlength``, which cuts pasted text without saying so;
    a textarea also shows GOV.UK Frontend's character count.
    """
    max_length = getattr(field, "max_length", None)
    if not isinstance(field, forms.CharField) or not max_length:
        return
    field.validators = [
        CharacterLimitValidator(int(max_length), field) if type(v) is MaxLengthValidator else v
        for v in field.validators
    ]
    if isinstance(field.widget, CharacterCountTextarea):
        return
    if isinstance(field.widget, forms.Textarea):
        field.widget = CharacterCountTextarea(max_characters=int(max_length), attrs=field.widget.attrs)
    else:
        field.widget.attrs.pop("maxlength", None)


class GovukFormMixin:
    """Renders a form with GOV.UK components, an error summary and one submit button.

    Every text field with a maximum length is checked with a plain message, and every
    such textarea shows a character count (``limit_characters``). A form that adds
    fields after this runs calls ``limit_characters`` on them.
    """

    submit_label = "Save"
    form_method = "post"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            limit_characters(field)
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files in one input; each is checked by the view or service (type, size, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


IMPORT_NOT_IN_FILE = ""


class ImportMappingForm(GovukFormMixin, forms.Form):
    """One choice of column per field, starting from the proposal; each field's hint says how
    sure Lantern was and why."""

    submit_label = "Confirm columns and check the file"

    def __init__(self, *args: Any, spec: ImportSpec, headers: list[str], proposal: dict[str, Any],
                 current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        proposed = {item["field"]: item for item in proposal.get("fields", [])}
        choices = [(IMPORT_NOT_IN_FILE, "Not in this file"), *((header, header) for header in dict.fromkeys(headers))]
        for target in spec.fields:
            item = proposed.get(target.name, {})
            initial = current.get(target.name)
            if initial is None and item.get("column") is not None:
                initial = headers[item["column"]]
            self.fields[target.name] = forms.ChoiceField(
                label=target.label + ("" if target.required else " (optional)"), choices=choices,
                required=False, initial=initial or IMPORT_NOT_IN_FILE, help_text=self._hint(target, item, headers))
        self.helper.form_tag = True

    @staticmethod
    def _hint(target: Any, item: dict[str, Any], headers: list[str]) -> str:
        parts = []
        if item.get("column") is None:
            parts.append("Lantern found no column for this." if target.required or item else "")
        elif item.get("sure"):
            parts.append(f"Lantern is sure: {item.get('reason')}.")
        else:
            also = [headers[index] for index in item.get("alternatives", [])]
            parts.append(f"Check this: Lantern is not sure ({round(100 * item.get('confidence', 0))}%, "
                         f"{item.get('reason') or 'no strong sign'})."
                         + (f" It could also be {', '.join(also)}." if also else ""))
        if target.hint:
            parts.append(target.hint)
        return " ".join(part for part in parts if part)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, str] = {}
        for target in self.spec.fields:
            header = cleaned.get(target.name)
            if target.required and not header:
                self.add_error(target.name, f"Select the column that holds the {target.label.lower()}")
            elif header and header in seen:
                self.add_error(target.name, f"The column {header} is already chosen for {seen[header].lower()}")
            elif header:
                seen[header] = target.label
        return cleaned

    def columns(self) -> dict[str, str]:
        return {name: header for name, header in self.cleaned_data.items() if header}
