"""Forms of the action plan and the maturity self-assessment (GOV.UK components). Thin: each page's
view hands the cleaned data to a service."""

from typing import Any

from django import forms

from lantern.accounts.selectors import agencies_active, users_active
from lantern.core.forms import GovukFormMixin, MultipleFileField, govuk_date_field
from lantern.core.kpis import kpis_all
from lantern.governance import plan_workflow
from lantern.governance.models import MaturityLevel, Meeting, PlanActionStatus, PlanObjective, Rag
from lantern.governance.selectors_plan import recent_board_meetings


def _text(label: str, max_length: int = 200, *, required: bool = True, help_text: str = "",
          textarea: bool = False, missing: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput,
        error_messages={"required": missing or f"Enter the {label[0].lower()}{label[1:]}"})


class _NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, PlanObjective):
            return f"{obj.priority.number}. {obj.priority.title}: {obj.title}"
        if hasattr(obj, "full_name"):
            return f"{obj.full_name} – {obj.agency}" if obj.agency_id else obj.full_name
        return str(obj)


RAG_FIELD_KW: dict[str, Any] = {"label": "RAG status", "choices": Rag.choices, "widget": forms.RadioSelect,
                                "error_messages": {"required": "Select a RAG status"}}


class PeriodStartForm(GovukFormMixin, forms.Form):
    submit_label = "Start the new period"
    title = _text("Title", help_text="For example, Striving for a Slavery Free Sandwell 2027-2032.")
    starts_on = govuk_date_field("Start date")
    ends_on = govuk_date_field("End date")
    carry_forward = forms.BooleanField(
        label="Carry open actions forward", required=False, initial=True,
        help_text="Every action not started, in progress or on hold is copied into the new period and marked "
                  "carried forward in the old one.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data


class ObjectiveForm(GovukFormMixin, forms.Form):
    submit_label = "Add objective"
    title = _text("Objective", 300)
    description = _text("Description", 2000, required=False, textarea=True)


class ActionForm(GovukFormMixin, forms.Form):
    """A new action (``objectives`` given) or an action's fields (``objectives`` None)."""

    submit_label = "Save action"
    objective = _NamedChoiceField(queryset=PlanObjective.objects.none(), label="Objective",
                                  error_messages={"required": "Select the objective",
                                                  "invalid_choice": "Select an objective from the list"})
    title = _text("Action", 300, missing="Enter the action")
    description = _text("Description", 4000, required=False, textarea=True)
    lead_agency = _NamedChoiceField(queryset=agencies_active(), label="Lead agency",
                                    error_messages={"required": "Select the lead agency",
                                                    "invalid_choice": "Select an agency from the list"})
    lead_person = _NamedChoiceField(queryset=users_active(), label="Lead person", required=False,
                                    error_messages={"invalid_choice": "Select a person from the list"})
    starts_on = govuk_date_field("Start date")
    due_on = govuk_date_field("Due date")
    success_measure = _text("Success measure", 1000, textarea=True,
                            help_text="How the partnership will know the action is done.")
    rag = forms.ChoiceField(**RAG_FIELD_KW)

    def __init__(self, *args: Any, objectives: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if objectives is None:
            del self.fields["objective"]
        else:
            self.fields["objective"].queryset = objectives  # type: ignore[attr-defined]
        self.fields["lead_person"].queryset = users_active().select_related("agency")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("due_on") and data["due_on"] < data["starts_on"]:
            self.add_error("due_on", "The due date must be the same as or after the start date")
        return data


def kpi_choices() -> list[tuple[str, str]]:
    return [("", "None")] + [(kpi.slug, kpi.name) for kpi in kpis_all()]


class ProgressUpdateForm(GovukFormMixin, forms.Form):
    submit_label = "Add update"
    rag = forms.ChoiceField(**RAG_FIELD_KW)
    narrative = _text("What has happened since the last update", 1500, textarea=True,
                      missing="Enter a short narrative of the progress")
    status = forms.ChoiceField(label="Status", widget=forms.RadioSelect)
    on = govuk_date_field("Date of the update", required=False, help_text="Leave empty for today.")
    kpi_slug = forms.ChoiceField(label="KPI this rests on (optional)", required=False)
    link_url = forms.URLField(label="Link to evidence (optional)", required=False, max_length=500, assume_scheme="https",
                              error_messages={"invalid": "Enter a full web address, starting https://"})
    link_title = _text("What the link shows (optional)", required=False)
    documents = MultipleFileField(label="Documents (optional)", required=False,
                              help_text="PDF, Word, JPG, PNG or text files. They are stored encrypted.")
    evidence_description = _text("What the documents show (optional)", required=False)
    meeting = forms.ModelChoiceField(label="Board meeting it was reported to (optional)", required=False,
                                     queryset=Meeting.objects.none(), empty_label="Not reported to a meeting")

    def __init__(self, *args: Any, current: str = PlanActionStatus.NOT_STARTED, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = recent_board_meetings()  # type: ignore[attr-defined]
        here = PlanActionStatus(current)
        self.fields["status"].choices = [(here.value, f"{here.label} (unchanged)")] + [  # type: ignore[attr-defined]
            (s.value, s.label) for s in plan_workflow.targets_from(current)]
        self.fields["status"].initial = here.value
        self.fields["kpi_slug"].choices = kpi_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("link_title") and not data.get("link_url"):
            self.add_error("link_url", "Enter the link's web address")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"rag": data["rag"], "narrative": data["narrative"], "status": data["status"], "on": data.get("on"),
                "kpi_slug": data.get("kpi_slug") or "",
                "links": [(data["link_url"], data.get("link_title") or "")] if data.get("link_url") else [],
                "uploads": data.get("documents") or [], "evidence_description": data.get("evidence_description") or "",
                "meeting": data.get("meeting")}


# --- Maturity ---------------------------------------------------------------------------------------


class AssessmentForm(GovukFormMixin, forms.Form):
    submit_label = "Start the assessment"
    title = _text("Title", help_text="For example, Annual self-assessment 2025.")
    assessed_on = govuk_date_field("Date of the assessment")


class ScoreForm(GovukFormMixin, forms.Form):
    submit_label = "Save the score"
    level = forms.TypedChoiceField(label="Agreed level", coerce=int, widget=forms.RadioSelect,
                                   error_messages={"required": "Select the agreed level"})
    evidence = _text("Evidence", 2000, textarea=True, missing="Enter the evidence for the level")
    agreed_by = _text("Agreed by", help_text="Who agreed the level, e.g. SASP meeting, 14 March 2025.",
                      missing="Enter who agreed the level")

    def __init__(self, *args: Any, criterion: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (value, f"{label}: {criterion.level_text(value)}") for value, label in MaturityLevel.choices]


class CriterionForm(GovukFormMixin, forms.Form):
    submit_label = "Save the criterion"
    title = _text("Criterion", 300)
    level_1 = _text("Basic first steps", 1000, textarea=True)
    level_2 = _text("Early progress", 1000, textarea=True)
    level_3 = _text("Substantial progress", 1000, textarea=True)
    level_4 = _text("Mature practice", 1000, textarea=True)
    change_note = _text("What changed and why (optional)", 300, required=False,
                        help_text="Recorded with the new version when the framework has been used.")


def objectives_for_area_first(objectives: Any, area: str) -> Any:
    """The objective to pre-select for a gap: the first under the section's priority area."""
    return objectives.filter(priority__area=area).order_by("order", "id").first()

