"""Forms of the training pages (thin: each hands its input to a service)."""

from typing import Any

from django import forms

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency
from lantern.core.forms import GovukFormMixin, govuk_date_field
from lantern.training.models import Course, CourseLevel, Delivery, JobType, Outcome

MONTHS_HINT = "In months. Leave empty if it does not expire."


def _agency_field(required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Agency.objects.filter(is_active=True), required=required,
                                  label="Partner agency" + ("" if required else " (optional)"),
                                  empty_label="Not a partner agency")


class CourseForm(GovukFormMixin, forms.Form):
    submit_label = "Save course"

    code = forms.SlugField(label="Short name", max_length=60,
                           help_text="Lower case letters, numbers and hyphens, e.g. first-responder. It never changes.")
    title = forms.CharField(max_length=200)
    audience = forms.CharField(max_length=300, help_text="Who the course is for.")
    level = forms.ChoiceField(choices=CourseLevel.choices)
    delivery = forms.ChoiceField(choices=Delivery.choices)
    duration_minutes = forms.IntegerField(label="Duration in minutes", min_value=5, max_value=60 * 24 * 10)
    learning_outcomes = forms.CharField(widget=forms.Textarea, max_length=4000, help_text="One outcome a line.")
    validity_months = forms.IntegerField(label="Valid for (optional)", min_value=1, max_value=120, required=False,
                                         help_text=MONTHS_HINT)
    provider = forms.CharField(label="External provider (optional)", max_length=200, required=False)
    effective_from = govuk_date_field("First day taught")


class CourseEditForm(GovukFormMixin, forms.Form):
    submit_label = "Save course"

    title = forms.CharField(max_length=200)
    audience = forms.CharField(max_length=300)
    level = forms.ChoiceField(choices=CourseLevel.choices)
    is_active = forms.BooleanField(label="Offered now", required=False)


class VersionForm(GovukFormMixin, forms.Form):
    submit_label = "Add version"

    change_summary = forms.CharField(label="What changed", max_length=500)
    delivery = forms.ChoiceField(choices=Delivery.choices)
    duration_minutes = forms.IntegerField(label="Duration in minutes", min_value=5, max_value=60 * 24 * 10)
    learning_outcomes = forms.CharField(widget=forms.Textarea, max_length=4000)
    validity_months = forms.IntegerField(label="Valid for (optional)", min_value=1, max_value=120, required=False,
                                         help_text=MONTHS_HINT)
    provider = forms.CharField(label="External provider (optional)", max_length=200, required=False)
    effective_from = govuk_date_field("First day taught")


class RequirementForm(GovukFormMixin, forms.Form):
    submit_label = "Save"

    course = forms.ModelChoiceField(queryset=Course.objects.filter(is_active=True))
    role = forms.ChoiceField(choices=[("", "Not a role: a job type"), *Role.choices], required=False,
                             label="Lantern role")
    job_type = forms.ModelChoiceField(queryset=JobType.objects.all(), required=False, label="Or a job type",
                                      empty_label="Not a job type")
    due_within_months = forms.IntegerField(label="Due within (months of starting)", min_value=0, max_value=60)
    refresher_months = forms.IntegerField(label="Refresher every (months, optional)", min_value=1, max_value=120,
                                          required=False,
                                          help_text="Leave empty to use the validity of the course version taken.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("role")) == bool(cleaned.get("job_type")):
            raise forms.ValidationError("Choose a role or a job type (one of them)")
        return cleaned


class JobTypeForm(GovukFormMixin, forms.Form):
    submit_label = "Add job type"

    name = forms.CharField(max_length=120)
    description = forms.CharField(max_length=300, required=False, label="Description (optional)")


class SessionForm(GovukFormMixin, forms.Form):
    submit_label = "Save session"

    course = forms.ModelChoiceField(queryset=Course.objects.filter(is_active=True))
    date = govuk_date_field("Date")
    trainer_name = forms.CharField(label="Trainer", max_length=150, required=False)
    venue = forms.CharField(label="Venue (optional)", max_length=300, required=False)
    link = forms.URLField(label="Link for an online session (optional)", required=False, assume_scheme="https")
    capacity = forms.IntegerField(label="Places (optional)", min_value=1, max_value=10000, required=False)


class AttendeeForm(GovukFormMixin, forms.Form):
    submit_label = "Add to the session"

    full_name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="Email address (optional)", required=False,
                             help_text="Matches the person to their training record and Lantern account.")
    agency = _agency_field()
    agency_name = forms.CharField(label="Other organisation (optional)", max_length=200, required=False)
    role = forms.ChoiceField(choices=[("", "Not known or a job type"), *Role.choices], required=False,
                             label="Lantern role (optional)")
    job_type = forms.ModelChoiceField(queryset=JobType.objects.all(), required=False, label="Job type (optional)",
                                      empty_label="Not known")
    outcome = forms.ChoiceField(choices=Outcome.choices, initial=Outcome.ATTENDED, widget=forms.RadioSelect,
                                label="Attendance")


class UploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload and continue"

    source = forms.CharField(label="Who sent the file?", max_length=200,
                             help_text="The trainer, provider or learning platform. Lantern remembers the columns "
                                       "you confirm for each.",
                             error_messages={"required": "Enter who sent the file"})
    upload = forms.FileField(label="File", help_text="CSV or Excel (.xlsx).",
                             error_messages={"required": "Select a file"})


class TraineeForm(GovukFormMixin, forms.Form):
    submit_label = "Save"

    agency = _agency_field()
    agency_name = forms.CharField(label="Other organisation (optional)", max_length=200, required=False)
    role = forms.ChoiceField(choices=[("", "None (or a Lantern user)"), *Role.choices], required=False,
                             label="Role the matrix treats them as (optional)")
    job_type = forms.ModelChoiceField(queryset=JobType.objects.all(), required=False, label="Job type (optional)",
                                      empty_label="Not known")
    started_on = govuk_date_field("Started in the role", required=False)
    manager_email = forms.EmailField(label="Manager's email (optional)", required=False,
                                     help_text="Told before a refresher is due.")
    is_active = forms.BooleanField(label="Still in the role", required=False)


class CertificateWithdrawForm(GovukFormMixin, forms.Form):
    submit_label = "Withdraw the certificate"

    reason = forms.CharField(
        label="Why is the certificate withdrawn?", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, it was issued to the wrong person. The public check shows only that it was "
                  "withdrawn, and when.",
        error_messages={"required": "Enter why the certificate is withdrawn"})


class VerifyForm(GovukFormMixin, forms.Form):
    submit_label = "Check the certificate"
    form_method = "get"

    code = forms.CharField(label="Certificate code", max_length=30, help_text="For example, LC-7K3Q-9XCMNP2.",
                           error_messages={"required": "Enter the code printed on the certificate"})
