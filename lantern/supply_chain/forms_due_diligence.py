"""Forms of the due-diligence pages: the officer's, and the supplier's through its link (GOV.UK components)."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.accounts.selectors import users_with_capability
from lantern.core.forms import GovukFormMixin, govuk_date_field, limit_characters
from lantern.supply_chain import action_workflow, questionnaires
from lantern.supply_chain.models import ActionStatus, AuditKind, Contract, Severity, Supplier


def _text(label: str, max_length: int = 200, *, required: bool = True, help_text: str = "",
          textarea: bool = False, missing: str = "", **kwargs: Any) -> forms.CharField:
    """A text field; ``missing`` is the message when it is left empty ("Enter the <label>" by default)."""
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}) if textarea else forms.TextInput,
        error_messages={"required": missing or f"Enter the {label[0].lower()}{label[1:]}"}, **kwargs)


# --- The officer's forms -----------------------------------------------------------------------


class QuestionnaireCreateForm(GovukFormMixin, forms.Form):
    submit_label = "Save as draft"
    contact_name = _text("Contact's full name", help_text="The person at the supplier who will answer.",
                         missing="Enter the contact's full name")
    contact_email = forms.EmailField(
        label="Contact's email address", max_length=254, help_text="We will send the questionnaire link here.",
        error_messages={"required": "Enter the contact's email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"})


class WithdrawForm(GovukFormMixin, forms.Form):
    submit_label = "Withdraw questionnaire"
    reason = _text("Why is it being withdrawn?", 500, textarea=True, missing="Enter why it is being withdrawn")


class CodeAcknowledgementForm(GovukFormMixin, forms.Form):
    submit_label = "Record acknowledgement"
    name = _text("Name of the person who acknowledged it", help_text="Someone at the supplier who may speak for it.",
                 missing="Enter the name of the person who acknowledged it")
    role = _text("Their job title", required=False)
    acknowledged_on = govuk_date_field("Date acknowledged")


class SupplierAuditForm(GovukFormMixin, forms.Form):
    submit_label = "Record audit"
    kind = forms.ChoiceField(label="Type of audit", choices=AuditKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of audit"})
    carried_out_on = govuk_date_field("Date carried out")
    auditor = _text("Auditor", help_text="The officer who carried it out, or the audit firm.",
                    missing="Enter who carried out the audit")
    scope = _text("Scope", 2000, textarea=True, missing="Enter the scope of the audit",
                  help_text="What was looked at: sites, documents, which groups of workers.")


class FindingForm(GovukFormMixin, forms.Form):
    submit_label = "Add finding"
    severity = forms.ChoiceField(label="Severity", choices=Severity.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select the severity"})
    description = _text("Description", 3000, textarea=True, missing="Enter what was found",
                        help_text="What was found. Do not name any worker.")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} – {obj.agency}" if obj.agency_id else obj.full_name


class CorrectiveActionForm(GovukFormMixin, forms.Form):
    submit_label = "Add corrective action"
    action = _text("Action", 2000, textarea=True, missing="Enter the action",
                   help_text="What the supplier must do to put the finding right.")
    owner = OwnerChoiceField(queryset=User.objects.none(), label="Owner at the council",
                             help_text="Follows the action up and is reminded when it is due.",
                             error_messages={"required": "Select the owner",
                                             "invalid_choice": "Select an owner from the list"})
    due_on = govuk_date_field("Due date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_with_capability(Capability.MANAGE_SUPPLY_CHAIN).select_related("agency")  # type: ignore[attr-defined]


class ActionUpdateForm(GovukFormMixin, forms.Form):
    submit_label = "Save update"
    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect, required=False)
    note = _text("Note", 2000, required=False, textarea=True, help_text="What has happened since the last update.")

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = action_workflow.targets_from(current)
        self.fields["status"].choices = [("", f"No change (stays {ActionStatus(current).label.lower()})"),  # type: ignore[attr-defined]
                                         *[(t.value, t.label) for t in targets]]


class EvidenceForm(GovukFormMixin, forms.Form):
    submit_label = "Upload evidence"
    file = forms.FileField(label="File", help_text="A PDF, an image or an office document. Remove workers' names first.",
                           error_messages={"required": "Choose a file"})
    description = _text("What the file shows", required=False)


class ContractForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save contract"
    supplier_reference = _text("Supplier reference", 20, help_text="The supplier's Lantern reference, e.g. SU-7K3Q-9XC.")
    starts_on = govuk_date_field("Start date")
    ends_on = govuk_date_field("End date")

    class Meta:
        model = Contract
        fields = ["reference", "title", "category", "value", "starts_on", "ends_on", "modern_slavery_clauses"]
        labels = {"reference": "Contract reference", "value": "Total value (£)",
                  "modern_slavery_clauses": "The contract includes modern slavery clauses"}
        error_messages = {"reference": {"required": "Enter the contract reference",
                                        "unique": "A contract with this reference is already recorded"},
                          "title": {"required": "Enter the title"},
                          "value": {"required": "Enter the value", "invalid": "Enter the value as a number, like 25000"}}

    field_order = ["reference", "title", "supplier_reference", "category", "value", "starts_on", "ends_on",
                   "modern_slavery_clauses"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["supplier_reference"].initial = self.instance.supplier.reference
        for field in self.fields.values():
            limit_characters(field)

    def clean_supplier_reference(self) -> Supplier:
        value = self.cleaned_data["supplier_reference"].strip().upper()
        supplier = Supplier.objects.filter(reference=value).first()
        if supplier is None:
            raise forms.ValidationError("No supplier has this reference")
        return supplier

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data

    def _post_clean(self) -> None:  # the service validates and saves; the form only checks input
        pass


# --- The supplier's forms, through its link ----------------------------------------------------


class ThemeAnswersForm(forms.Form):
    """The questions of one theme as radios; each may be left for later until the questionnaire is submitted."""

    def __init__(self, *args: Any, theme: questionnaires.Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in theme.questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text, help_text=question.hint, required=False, widget=forms.RadioSelect,
                choices=[(option.key, option.label) for option in question.options],
                error_messages={"invalid_choice": "Select one of the answers shown"})
        self.helper = FormHelper(self)
        self.helper.form_tag = False  # the page gives the form its two buttons
        self.helper.layout = Layout(*[Field.radios(question.key, legend_size=Size.SMALL)
                                      for question in theme.questions])


class SupplierPersonForm(GovukFormMixin, forms.Form):
    name = _text("Your full name", missing="Enter your full name")
    role = _text("Your job title", missing="Enter your job title")
    confirm = forms.BooleanField(label="", error_messages={"required": "Confirm the statement to continue"})

    def __init__(self, *args: Any, confirm_label: str, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = confirm_label
