"""Forms of the pledge: the public request to sign, and the programme manager's decisions and follow-up."""

from typing import Any

from django import forms

from lantern.core.forms import GovukFormMixin, govuk_date_field
from lantern.governance.models import FollowUpKind, PledgeCommitment, PledgeSector, PledgeStatus


def _text(label: str, *, required: bool = True, max_length: int = 200, required_message: str = "") -> Any:
    return forms.CharField(
        label=label, required=required, max_length=max_length, strip=True,
        error_messages={
            "required": required_message or f"Enter {label.lower()}",
            "max_length": f"This answer must be {max_length:,} characters or fewer (it has %(show_value)s)",
        },
    )


YES_NO = [("yes", "Yes, list our organisation on the pledge page"), ("no", "No, do not name us publicly")]


class PledgeRequestForm(forms.Form):
    """The public form: an organisation asks to sign. The anti-abuse fields (puzzle, honeypot) are read
    by the view's gate before this form is validated."""

    organisation = _text("Name of your organisation", required_message="Enter the name of your organisation")
    sector = forms.ChoiceField(
        label="What kind of organisation is it?", choices=PledgeSector.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of organisation it is"})
    signatory_name = _text("Full name of the person signing", required_message="Enter the name of the person signing")
    signatory_role = _text("Their job title or role", required_message="Enter the job title of the person signing")
    contact_email = forms.EmailField(
        label="Email address", max_length=254,
        error_messages={"required": "Enter an email address so we can reply",
                        "invalid": "Enter an email address in the correct format, like name@example.com",
                        "max_length": "The email address must be 254 characters or fewer"})
    contact_phone = _text("Phone number (optional)", required=False, max_length=40)
    commitments = forms.MultipleChoiceField(
        label="Which of the pledge's commitments does your organisation adopt?", choices=PledgeCommitment.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one of the pledge's commitments"})
    listed_publicly = forms.ChoiceField(
        label="Can we name your organisation on our public list of signatories?", choices=YES_NO,
        widget=forms.RadioSelect, error_messages={"required": "Select whether we can name your organisation"})
    authorised = forms.BooleanField(
        label="I am authorised to sign the pledge on behalf of this organisation",
        error_messages={"required": "Confirm that you are authorised to sign for your organisation"})
    # People never see this field (hidden by the stylesheet); scripts that fill in every field do.
    website = forms.CharField(label="Leave this empty", required=False)

    def answers(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"organisation": d["organisation"], "sector": d["sector"], "signatory_name": d["signatory_name"],
                "signatory_role": d["signatory_role"], "contact_email": d["contact_email"],
                "contact_phone": d["contact_phone"], "commitments": list(d["commitments"]),
                "listed_publicly": d["listed_publicly"] == "yes"}


class PledgeFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *PledgeStatus.choices])
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *PledgeSector.choices])


class PledgeApproveForm(GovukFormMixin, forms.Form):
    submit_label = "Approve: they have signed"
    signed_on = govuk_date_field("Date signed", help_text="Usually today. For example, 27 3 2026")


class PledgeReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Enter the reason"})

    def __init__(self, *args: Any, submit_label: str = "Save", reason_label: str = "Reason",
                 reason_hint: str = "", **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = reason_label
        self.fields["reason"].help_text = reason_hint


class PledgeWithdrawForm(PledgeReasonForm):
    withdrawn_on = govuk_date_field("Date withdrawn", help_text="For example, 27 3 2026")


class PledgeFollowUpForm(GovukFormMixin, forms.Form):
    submit_label = "Record follow-up"
    kind = forms.ChoiceField(label="What did they do?", choices=FollowUpKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what the signatory did"})
    happened_on = govuk_date_field("Date", help_text="When it happened. For example, 27 3 2026")
    link = forms.URLField(label="Web address (optional)", required=False, max_length=500, assume_scheme="https",
                          help_text="Needed for a statement: where it is published.",
                          error_messages={"invalid": "Enter a full web address, like https://www.example.org/statement"})
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

