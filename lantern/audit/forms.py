from typing import Any

from django import forms

from lantern.accounts.models import User


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

    def clean_user(self) -> User | None:
        email = str(self.cleaned_data.get("user") or "").strip().lower()
        if not email:
            return None
        user = User.objects.filter(email=email).first()
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
