from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from lantern.core.forms import GovukFormMixin


class AuditSearchForm(forms.Form):
    """Filters for the audit trail (a GET form, rendered by hand in the template)."""

    user = forms.CharField(label="User's email address", required=False, max_length=254)
    target_type = forms.CharField(label="Kind of record", required=False, max_length=80)
    target_id = forms.CharField(label="Record number", required=False, max_length=64)
    action = forms.CharField(label="Action", required=False, max_length=80,
                             help_text="For example 'user.' or 'case.view'.")
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "Enter the 'from' date as a real date"})
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "Enter the 'to' date as a real date"})

    def clean_user(self) -> Any:
        email = str(self.cleaned_data.get("user") or "").strip().lower()
        if not email:
            return None
        user = get_user_model()._default_manager.filter(email=email).first()
        if user is None:
            raise forms.ValidationError("No user has this email address")
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "actor_id": data["user"].pk if data.get("user") else None,
            "target_type": data.get("target_type") or "",
            "target_id": data.get("target_id") or "",
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


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
