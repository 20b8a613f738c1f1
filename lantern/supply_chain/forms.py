"""Forms of the supply-chain pages."""

from typing import Any

from django import forms

from lantern.core.forms import GovukFormMixin, MultipleFileField
from lantern.core.imports.mapping import ImportSpec

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


NOT_IN_FILE = ""


class MappingForm(GovukFormMixin, forms.Form):
    """One choice of column per field, starting from the proposal; each field's hint says how
    sure Lantern was and why."""

    submit_label = "Confirm columns and check the file"

    def __init__(self, *args: Any, spec: ImportSpec, headers: list[str], proposal: dict[str, Any],
                 current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        proposed = {item["field"]: item for item in proposal.get("fields", [])}
        choices = [(NOT_IN_FILE, "Not in this file"), *((header, header) for header in dict.fromkeys(headers))]
        for target in spec.fields:
            item = proposed.get(target.name, {})
            initial = current.get(target.name)
            if initial is None and item.get("column") is not None:
                initial = headers[item["column"]]
            self.fields[target.name] = forms.ChoiceField(
                label=target.label + ("" if target.required else " (optional)"), choices=choices,
                required=False, initial=initial or NOT_IN_FILE, help_text=self._hint(target, item, headers))
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
