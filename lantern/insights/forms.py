from typing import Any

from django import forms

from lantern.core import periods
from lantern.core.forms import GovukFormMixin, govuk_date_field, limit_characters
from lantern.core.periods import Period
from lantern.core.reference import Objective
from lantern.insights.board import board_period
from lantern.insights.statement import (
    ILO_INDICATORS,
    REGISTRY_GRIEVANCE,
    REGISTRY_POLICIES,
    REGISTRY_SOCIAL_AUDITS,
    REGISTRY_TRAINING,
    RISK_AREAS,
    RISK_SLOTS,
    RISK_TIERS,
    TURNOVER_BANDS,
    statement_period,
)

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


class QuarterForm(forms.Form):
    """Which quarter's board report to open."""

    period = forms.CharField(label="Quarter", max_length=30, help_text="For example, 2026-Q3.",
                             error_messages={"required": "Enter the quarter, for example 2026-Q3"})

    def clean_period(self) -> Period:
        try:
            return board_period(self.cleaned_data["period"])
        except periods.PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class BoardCommentaryForm(GovukFormMixin, forms.Form):
    """The programme manager's commentary: an executive summary and a paragraph for each objective that
    has measures. Saved as a draft; a generated report keeps the commentary as it was then."""

    submit_label = "Save the commentary"

    executive_summary = forms.CharField(
        label="Executive summary", required=False, max_length=6000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The quarter in a few paragraphs for the board: what went well, what did not, what you ask of them. "
                  "No names or details of any person.")

    def __init__(self, *args: Any, objectives: list[Objective], **kwargs: Any) -> None:
        self.objective_fields: dict[str, str] = {}
        super().__init__(*args, **kwargs)
        for objective in objectives:
            name = f"objective_{objective.value}"
            self.fields[name] = forms.CharField(
                label=f"Commentary on objective {objective.label}", required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 5}))
            limit_characters(self.fields[name])
            self.objective_fields[objective.value] = name
        self.helper.layout = None  # every field, in order

    def objectives_written(self) -> dict[str, str]:
        return {value: self.cleaned_data.get(name, "") for value, name in self.objective_fields.items()}


class StatementStartForm(forms.Form):
    period = forms.CharField(label="Financial year", max_length=30, help_text="For example, FY2026-27.",
                             error_messages={"required": "Enter the financial year, for example FY2026-27"})

    def clean_period(self) -> Period:
        try:
            return statement_period(self.cleaned_data["period"])
        except periods.PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class StatementAreaForm(GovukFormMixin, forms.Form):
    submit_label = "Save this section"

    text = forms.CharField(label="Text of this section", required=False, max_length=12000,
                           widget=forms.Textarea(attrs={"rows": 16}),
                           help_text="Plain text. A blank line starts a new paragraph; a line starting with a dash is "
                                     "an item of a list. An empty section is shown as not covered.")

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = f"Text of the section on {label.lower()}"


class StatementRegistryForm(GovukFormMixin, forms.Form):
    submit_label = "Save the registry details"

    organisation_name = forms.CharField(label="Organisation name", max_length=200,
                                        error_messages={"required": "Enter the organisation's name"})
    company_number = forms.CharField(label="Company number (if any)", max_length=20, required=False,
                                     help_text="Leave this empty for a local authority.")
    sector = forms.CharField(label="Sector", max_length=200, error_messages={"required": "Enter the sector"})
    turnover_band = forms.ChoiceField(label="Turnover or budget band", choices=TURNOVER_BANDS,
                                      error_messages={"required": "Choose a turnover band"})
    statement_url = forms.URLField(label="Web address of the published statement", required=False, max_length=500,
                                   assume_scheme="https",
                                   help_text="The page on the council's website where the statement is published.",
                                   error_messages={"invalid": "Enter a web address, like https://www.sandwell.gov.uk/"})
    policies = forms.MultipleChoiceField(label="Policies that bear on modern slavery", required=False,
                                         choices=REGISTRY_POLICIES, widget=forms.CheckboxSelectMultiple)
    training = forms.MultipleChoiceField(label="Who was given training on modern slavery in the year", required=False,
                                         choices=REGISTRY_TRAINING, widget=forms.CheckboxSelectMultiple)
    social_audits = forms.MultipleChoiceField(label="Social audits of suppliers", required=False,
                                              choices=REGISTRY_SOCIAL_AUDITS, widget=forms.CheckboxSelectMultiple)
    grievance_mechanisms = forms.MultipleChoiceField(label="How workers and others can raise concerns (grievance "
                                                           "mechanisms)", required=False, choices=REGISTRY_GRIEVANCE,
                                                     widget=forms.CheckboxSelectMultiple)
    ilo_indicators = forms.MultipleChoiceField(
        label="Indicators of forced labour (ILO) found in the operations or supply chains", required=False,
        choices=ILO_INDICATORS, widget=forms.CheckboxSelectMultiple)
    demonstrating_progress = forms.CharField(
        label="How the organisation demonstrates progress", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the key performance indicators reported to the board each quarter.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Up to three risks, each with its area, supply chain tier, location and the action taken.
        for n in RISK_SLOTS:
            self.fields[f"risk_{n}_description"] = forms.CharField(
                label=f"Risk {n} (optional)", required=False, max_length=300,
                help_text="A risk of modern slavery in the operations or supply chains, e.g. agency cleaning staff.")
            self.fields[f"risk_{n}_area"] = forms.ChoiceField(label=f"Risk {n}: where", required=False,
                                                              choices=RISK_AREAS)
            self.fields[f"risk_{n}_tier"] = forms.ChoiceField(label=f"Risk {n}: supply chain tier", required=False,
                                                              choices=RISK_TIERS)
            self.fields[f"risk_{n}_location"] = forms.CharField(label=f"Risk {n}: location (country or area)",
                                                                required=False, max_length=200)
            self.fields[f"risk_{n}_mitigation"] = forms.CharField(
                label=f"Risk {n}: action taken", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
        for name, field in self.fields.items():
            if name.startswith("risk_"):
                limit_characters(field)
        self.order_fields([*(name for name in self.fields if not name.startswith("risk_")
                             and name not in ("ilo_indicators", "demonstrating_progress")),
                           *(name for name in self.fields if name.startswith("risk_")),
                           "ilo_indicators", "demonstrating_progress"])
        self.helper.layout = None  # every field, in order

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in RISK_SLOTS:
            details = any(data.get(f"risk_{n}_{part}") for part in ("area", "tier", "location", "mitigation"))
            if details and not data.get(f"risk_{n}_description"):
                self.add_error(f"risk_{n}_description", f"Describe risk {n}, or clear its details")
        return data


class StatementApproveForm(GovukFormMixin, forms.Form):
    submit_label = "Record the approval"

    approver_name = forms.CharField(label="Name of the person who approved the statement", max_length=200,
                                    error_messages={"required": "Enter the name of the person who approved it"})
    approver_role = forms.CharField(label="Their role", max_length=200, help_text="For example, Chief Executive.",
                                    error_messages={"required": "Enter their role"})
    approved_on = govuk_date_field("Date of approval")
