from typing import Any

from django import forms

from lantern.core import periods
from lantern.core.reference import Objective

PERIOD_HINT = "A quarter (2026-Q3), a month (2026-07), a financial year (FY2026-27) or dates (2026-07-01..2026-08-15)."


class PeriodField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Period")
        kwargs.setdefault("help_text", PERIOD_HINT)
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        try:
            return periods.parse(text)
        except periods.PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class DashboardForm(forms.Form):
    """The dashboard's filters (a GET form, rendered by hand in the template)."""

    period = PeriodField(required=False)
    objective = forms.ChoiceField(label="Objective", required=False,
                                  choices=[("", "All objectives"), *Objective.choices])


class ReleaseBuildForm(forms.Form):
    period = PeriodField(required=True, error_messages={"required": "Enter the period the release is for"})
