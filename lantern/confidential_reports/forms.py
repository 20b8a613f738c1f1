"""Forms of the public reporting pages and of the reporting team's pages."""

from typing import Any

from django import forms
from django.conf import settings
from django.core import signing

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import agencies_active, users_active, users_with_capability
from lantern.confidential_reports.models import (
    CloseReason,
    IdentityMode,
    IntelligenceSubject,
    PassedVia,
    ReporterType,
    YesNoUnknown,
)
from lantern.confidential_reports.signs import SIGN_CHOICES
from lantern.core.forms import GovukFormMixin, MultipleFileField
from lantern.core.reference import PremisesType, indicators
from lantern.partnership.selectors import areas_active
from lantern.supply_chain.selectors import suppliers as supply_chain_selectors

MAX_TEXT = 5000
MAX_FILES = 5
HELD_SALT = "lantern.confidential_reports.held-files"


def _text(label: str, *, required: bool = False, max_length: int = MAX_TEXT, required_message: str = "") -> Any:
    return forms.CharField(
        label=label, required=required, max_length=max_length, strip=True,
        error_messages={
            "required": required_message or f"Enter {label.lower()}",
            "max_length": f"This answer must be {max_length:,} characters or fewer (it has %(show_value)s)",
        },
    )


class HeldFilesMixin(forms.Form):
    """Files already checked and kept while the reporter corrects another answer."""

    held = forms.CharField(required=False, widget=forms.HiddenInput)

    def held_ids(self) -> list[int]:
        token = self.data.get("held", "") if self.is_bound else ""
        if not token:
            return []
        try:
            ids = signing.loads(token, salt=HELD_SALT, max_age=settings.LANTERN_REPORT_HELD_FILE_HOURS * 60 * 60)
        except signing.BadSignature:
            return []
        return [int(i) for i in ids][:MAX_FILES]

    @staticmethod
    def held_token(ids: list[int]) -> str:
        return signing.dumps(ids, salt=HELD_SALT) if ids else ""


class PublicReportForm(HeldFilesMixin):
    identity_mode = forms.ChoiceField(
        label="How do you want to be known?", choices=IdentityMode.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how you want to be known"},
    )
    name = _text("Your name", max_length=200)
    email = forms.EmailField(label="Email address (optional)", required=False, max_length=254,
                             error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"})
    phone = _text("Phone number (optional)", max_length=40)
    safe_contact = _text("When and how is it safe to contact you? (optional)", max_length=500)
    reporter_type = forms.ChoiceField(
        label="Which of these describes you?", choices=ReporterType.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select which of these describes you"},
    )
    what_happened = _text("What did you see or hear?", required=True,
                          required_message="Enter what you saw or heard")
    location = _text("Address or description of the place (optional)", max_length=1000)
    area = forms.ModelChoiceField(label="Ward (optional)", queryset=areas_active(),
                                  required=False, empty_label="Not sure")
    premises_type = forms.ChoiceField(label="What kind of place is it? (optional)", required=False,
                                      choices=PremisesType.choices, widget=forms.RadioSelect)
    when_seen = _text("When did you see or hear it? (optional)", max_length=500)
    still_happening = forms.ChoiceField(label="Is it still happening? (optional)", required=False,
                                        choices=YesNoUnknown.choices, widget=forms.RadioSelect)
    people = _text("Describe the people involved (optional)", max_length=3000)
    children_involved = forms.ChoiceField(label="Could anyone involved be under 18? (optional)", required=False,
                                          choices=YesNoUnknown.choices, widget=forms.RadioSelect)
    signs = forms.MultipleChoiceField(label="Did you notice any of these? (optional)", required=False,
                                      choices=SIGN_CHOICES, widget=forms.CheckboxSelectMultiple)
    business_name = _text("Name of the business or organisation (optional)", max_length=300)
    council_supplier = forms.ChoiceField(label="Does it supply goods or services to the council? (optional)",
                                         required=False, choices=YesNoUnknown.choices, widget=forms.RadioSelect)
    anything_else = _text("Is there anything else you want to tell us? (optional)")
    uploads = MultipleFileField(label="Photos or documents (optional)", required=False)
    # People never see this field (hidden by the stylesheet); scripts that fill in every field do.
    website = forms.CharField(label="Leave this empty", required=False)
    challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    pow_number = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identity_mode") in (IdentityMode.CONFIDENTIAL, IdentityMode.OPEN) and not data.get("name"):
            self.add_error("name", "Enter your name, or choose to stay anonymous")
        return data

    def answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "identity_mode": d["identity_mode"], "reporter_type": d["reporter_type"],
            "what_happened": d["what_happened"], "location": d["location"], "area": d["area"],
            "premises_type": d["premises_type"], "when_seen": d["when_seen"],
            "still_happening": d["still_happening"], "people": d["people"],
            "children_involved": d["children_involved"], "signs": list(d["signs"]),
            "business_name": d["business_name"], "council_supplier": d["council_supplier"],
            "anything_else": d["anything_else"],
        }

    def identity(self) -> dict[str, str] | None:
        d = self.cleaned_data
        if d["identity_mode"] == IdentityMode.ANONYMOUS:
            return None
        return {"name": d["name"], "email": d["email"], "phone": d["phone"], "safe_contact": d["safe_contact"]}


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label="Your receipt code", max_length=40,
        help_text="The 16 digits you were given when you made your report, for example 4821 0937 5512 6604",
        error_messages={"required": "Enter your receipt code", "max_length": "Enter the 16 digits of your receipt code"},
    )


class ReporterMessageForm(HeldFilesMixin):
    body = _text("Your message", required=True, required_message="Enter your message")
    uploads = MultipleFileField(label="Photos or documents (optional)", required=False)


# --- The reporting team's forms ------------------------------------------------


class ReplyForm(GovukFormMixin, forms.Form):
    submit_label = "Send to the reporter"
    body = forms.CharField(
        label="Message to the reporter", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="They read it when they next return with their receipt code. It is signed 'The reporting team'.",
        error_messages={"required": "Enter your message to the reporter"},
    )
    asks_for_information = forms.BooleanField(
        label="This message asks the reporter for more information (the status becomes ‘More information "
              "requested’ until they reply)",
        required=False,
    )


def _indicator_choices() -> list[tuple[str, str]]:
    # One flat list, as the cases forms use (the GOV.UK checkboxes cannot render grouped choices).
    return indicators.flat_indicator_choices(indicators.CURRENT_VERSION)


class SupplierPickerMixin(forms.Form):
    """The council supplier a report is about, when it is about one: picked by reference, company
    number or name from the supply-chain app's suppliers."""

    supplier = forms.CharField(
        label="Council supplier (optional)", required=False, max_length=200,
        help_text="If the report is about a business that supplies the council: the supplier's reference (like "
                  "SU-7K3Q-9XC), company number or name. The procurement team will see only that a report "
                  "names the supplier, never the report.",
    )

    def clean_supplier(self) -> Any:
        return supply_chain_selectors.supplier_pick(self.cleaned_data.get("supplier", ""))


class OpenConcernForm(GovukFormMixin, SupplierPickerMixin):
    submit_label = "Open the concern"
    immediate_danger = forms.ChoiceField(
        label="Is anyone in immediate danger?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
        error_messages={"required": "Select yes if anyone is in immediate danger"},
    )
    what_seen = forms.CharField(
        label="What the concern is about", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Copied from the report: remove anything the triage team does not need, and anything that "
                  "could identify the reporter.",
        error_messages={"required": "Enter what the concern is about"},
    )
    address = forms.CharField(label="Address or place (optional)", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    area = forms.ModelChoiceField(label="Ward or area (optional)", queryset=areas_active(),
                                  required=False, empty_label="Not known")
    premises_type = forms.ChoiceField(label="Type of place (optional)", required=False,
                                      choices=[("", "Not known"), *PremisesType.choices])
    person_description = forms.CharField(label="Description of the people involved (optional)", required=False,
                                         max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    age_uncertain = forms.BooleanField(
        label="A child may be involved (treat as a child until an age is known)", required=False)
    indicator_codes = forms.MultipleChoiceField(label="Indicators the report describes (optional)", required=False,
                                                choices=_indicator_choices, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="Note for the report's record (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class PassOnForm(GovukFormMixin, SupplierPickerMixin):
    submit_label = "Record that it was passed on"
    agency = forms.ModelChoiceField(label="Agency", queryset=agencies_active(), required=False,
                                    empty_label="Not listed")
    other_recipient = forms.CharField(label="Or another organisation (optional)", required=False, max_length=200,
                                      help_text="For example, the GLAA or the Modern Slavery Helpline.")
    passed_via = forms.ChoiceField(label="How was it passed on?", choices=PassedVia.choices, widget=forms.RadioSelect,
                                   error_messages={"required": "Select how the report was passed on"})
    recipient_reference = forms.CharField(label="Their reference (optional)", required=False, max_length=100)
    note = forms.CharField(label="Note (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What was shared. Do not record the reporter's identity here.")


class IntelligenceForm(GovukFormMixin, SupplierPickerMixin):
    submit_label = "Record the intelligence"
    subject = forms.ChoiceField(label="Is it about premises or a business?", choices=IntelligenceSubject.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select whether it is about premises or a business"})
    name = forms.CharField(label="Name of the business or premises (optional)", required=False, max_length=200)
    address = forms.CharField(label="Address (optional)", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    area = forms.ModelChoiceField(label="Ward or area (optional)", queryset=areas_active(),
                                  required=False, empty_label="Not known")
    premises_type = forms.ChoiceField(label="Type of place (optional)", required=False,
                                      choices=[("", "Not known"), *PremisesType.choices])
    summary = forms.CharField(label="Summary", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="What is known about the premises or business. Leave out the reporter.",
                              error_messages={"required": "Enter a summary of the intelligence"})


class CloseForm(GovukFormMixin, SupplierPickerMixin):
    submit_label = "Close the report"
    reason = forms.ChoiceField(label="Why are you closing the report?", choices=CloseReason.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select why you are closing the report"})
    note = forms.CharField(label="Details (optional, required for 'Another reason')", required=False,
                           max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter the reason"})

    def __init__(self, *args: Any, label: str = "Reason", help_text: str = "", submit_label: str = "Continue",
                 **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class AssignForm(GovukFormMixin, forms.Form):
    submit_label = "Assign"
    assignee = forms.ModelChoiceField(label="Assign to", queryset=users_active().none(),
                                      error_messages={"required": "Choose a member of the reporting team"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users_with_capability(Capability.HANDLE_REPORTS)  # type: ignore[attr-defined]
