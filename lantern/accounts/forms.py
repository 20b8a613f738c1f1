from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator, RegexValidator

from lantern.accounts.capabilities import ROLE_DESCRIPTIONS, Role, role_needs_approval
from lantern.accounts.models import Agency, User
from lantern.core.forms import GovukFormMixin

# An email address is at most 254 characters (RFC 5321). Longer input is refused by the form,
# before authentication runs: django-axes records a failed attempt's username in a 255-character column.
EMAIL_MAX_LENGTH = 254
PASSWORD_MAX_LENGTH = 4096


class SignInForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Continue"

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been deactivated. Ask your system administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        # AuthenticationForm sets max_length after the field is built, so no validator enforces it.
        self.fields["username"].max_length = EMAIL_MAX_LENGTH  # type: ignore[attr-defined]
        self.fields["username"].validators.append(
            MaxLengthValidator(EMAIL_MAX_LENGTH, f"Enter an email address of {EMAIL_MAX_LENGTH} characters or fewer")
        )
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].validators.append(
            MaxLengthValidator(PASSWORD_MAX_LENGTH, "Enter a correct email address and password")
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class TokenForm(GovukFormMixin, forms.Form):
    submit_label = "Continue"
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app, or one of your 10-digit backup codes.",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter your security code"},
    )

    def clean_token(self) -> str:
        value = "".join(str(self.cleaned_data["token"]).split())
        if not value.isdigit() or len(value) not in (6, 10):
            raise forms.ValidationError("Enter the 6-digit code from your app or a 10-digit backup code")
        return value


class EnrolForm(TokenForm):
    submit_label = "Confirm and continue"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = "Enter the 6-digit code your authenticator app shows for Lantern."
        self.fields["token"].validators = [RegexValidator(r"^\s*\d{3}\s*\d{3}\s*$", "Enter the 6-digit code from your app")]

    def clean_token(self) -> str:
        value = "".join(str(self.cleaned_data["token"]).split())
        if not value.isdigit() or len(value) != 6:
            raise forms.ValidationError("Enter the 6-digit code from your app")
        return value


def _limit_new_password(form: forms.Form) -> None:
    """A new password no longer than the sign-in form accepts, so it can be used to sign in."""
    form.fields["new_password1"].validators.append(
        MaxLengthValidator(PASSWORD_MAX_LENGTH, f"Enter a password of {PASSWORD_MAX_LENGTH} characters or fewer")
    )


class ChangePasswordForm(GovukFormMixin, PasswordChangeForm):
    submit_label = "Change password"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
        _limit_new_password(self)


class ChooseNewPasswordForm(GovukFormMixin, SetPasswordForm):
    submit_label = "Set password"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_new_password(self)


class ResetPasswordForm(GovukFormMixin, PasswordResetForm):
    """Also reaches active users who have never set a password (new accounts)."""

    submit_label = "Send me a link"

    def get_users(self, email: str) -> Iterator[User]:
        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"


def role_choices() -> list[tuple[str, str]]:
    return [(value, f"{label} – {ROLE_DESCRIPTIONS[value]}") for value, label in Role.choices]


def _roles_needing_approval() -> str:
    """'Case worker, SHOP coordinator, … and System administrator', from the one rule (capabilities)."""
    labels = [str(label) for value, label in Role.choices if role_needs_approval(value)]
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


class UserForm(GovukFormMixin, forms.Form):
    submit_label = "Save account"

    full_name = forms.CharField(label="Full name", max_length=150, error_messages={"required": "Enter the person's full name"})
    email = forms.EmailField(
        label="Email address",
        help_text="Their work email address. They sign in with it.",
        error_messages={"required": "Enter an email address", "invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the person's agency"},
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        help_text="Choose every role the person needs. Each role gives only the access listed.",
        choices=role_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role"},
    )
    reason = forms.CharField(
        label="Why do they need these roles? (if giving a role that needs approval)",
        help_text=(f"These roles need another administrator's approval: {_roles_needing_approval()}. "
                   "Say why the person needs the role. Do not include anyone's personal details."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, editing: User | None = None, acting: User | None = None, **kwargs: Any) -> None:
        self.editing = editing
        super().__init__(*args, **kwargs)
        if editing is not None:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = "The sign-in email cannot be changed. Create a new account instead."
        if editing is not None and acting is not None and editing.pk == acting.pk:
            # No one changes their own roles or agency (the service refuses it too): not offered.
            for name in ("agency", "roles", "reason"):
                del self.fields[name]

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if self.editing is None and User.objects.filter(email=email).exists():
            raise forms.ValidationError("An account with this email address already exists")
        return email


class DeactivateForm(GovukFormMixin, forms.Form):
    submit_label = "Deactivate account"
    reason = forms.CharField(
        label="Why is this account being deactivated?",
        help_text="For example, 'left the council' or 'suspected compromise'. Do not include personal details.",
        max_length=200,
        error_messages={"required": "Enter why the account is being deactivated"},
    )


class AgencyForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save agency"

    class Meta:
        model = Agency
        fields = ["name", "short_name", "agency_type", "is_first_responder", "first_responder_code",
                  "is_childrens_services", "is_active"]
        labels = {
            "name": "Name",
            "short_name": "Short name (optional)",
            "agency_type": "Type of organisation",
            "is_first_responder": "This is a first responder organisation",
            "first_responder_code": "Name in the Home Office first responder list (optional)",
            "is_childrens_services": "This agency provides children's services",
            "is_active": "Active (users can be added to it)",
        }
        error_messages = {
            "name": {"required": "Enter the agency's name", "unique": "An agency with this name already exists"},
            "agency_type": {"required": "Choose the type of organisation"},
        }
        widgets = {"agency_type": forms.RadioSelect}


class ApiTokenForm(GovukFormMixin, forms.Form):
    submit_label = "Create token"
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, 'Monthly statistics script'. You will see the token once.",
        max_length=100,
        error_messages={"required": "Enter what the token is for"},
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=[(30, "30 days"), (90, "90 days"), (180, "180 days")],
        coerce=int,
        initial=90,
        widget=forms.RadioSelect,
    )


class NotificationPreferenceForm(GovukFormMixin, forms.Form):
    submit_label = "Save"
    EMAIL, LANTERN_ONLY = "email", "lantern"
    how = forms.ChoiceField(
        label="How do you want to get notifications?",
        help_text="Notifications name records by their reference only, never a person's details.",
        choices=[(EMAIL, "Email me as well as showing notifications in Lantern"),
                 (LANTERN_ONLY, "Only show notifications in Lantern")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you want to get notifications"},
    )


class RoleGrantDecisionForm(GovukFormMixin, forms.Form):
    submit_label = "Save decision"
    decision = forms.ChoiceField(
        label="Do you approve this request?",
        choices=[("approve", "Approve: give the person the role"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or decline the request"},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, why you declined. Do not include anyone's personal details.",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnlockRequestForm(GovukFormMixin, forms.Form):
    submit_label = "Send me a link"
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
                        "max_length": f"Enter an email address of {EMAIL_MAX_LENGTH} characters or fewer"},
    )


class UnlockConfirmForm(GovukFormMixin, forms.Form):
    submit_label = "Unlock my account"


class ProfileForm(GovukFormMixin, forms.Form):
    submit_label = "Save your details"
    job_title = forms.CharField(label="Job title", max_length=150, required=False,
                                help_text="Your role, as the Home Office referral form asks for it.")
    phone = forms.CharField(label="Work phone number", max_length=40, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    alternative_contact = forms.CharField(
        label="Alternative contact (optional)", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who the Home Office can contact about your referrals when you are not available: "
                  "a colleague's or team's name, phone number and email address.",
    )
