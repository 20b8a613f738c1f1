"""What the Home Office NRM / Duty to Notify form asks that no other step of a case holds.

``ReferralQuestions`` is the case's **referral questions** step: one row per case,
every answer empty until asked (a question never asked is "Not answered", never
"No"). ``NrmListEntry`` holds the form's lists: places in the UK and overseas
where the person was exploited, the journey, the exploiters, other potential
victims and the person's children. Free text is encrypted: it can name people
and places that identify them. lantern/cases/nrm_form/ maps each question of
the form to the field that answers it.
"""

from django.db import models
from django.db.models import Q

from lantern.cases.models.cases import Case, YesNoNotSure
from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import TimeStampedModel


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class MultipleSituations(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "I don't know"


class LastContact(models.TextChoices):
    WEEK = "within-the-last-week", "Within the last week"
    MONTH = "within-the-last-month", "Within the last month"
    THREE_MONTHS = "within-the-last-3-month", "Within the last 3 months"
    SIX_MONTHS = "within-the-last-6-month", "Within the last 6 months"
    SIX_TO_TWELVE = "within-the-last-6-12-month", "Within the last 6-12 months"
    OVER_A_YEAR = "over-a-year-ago", "Over a year ago"
    NOT_SURE = "not-sure", "Not sure"


class PhoneAnswer(models.TextChoices):
    """How the support provider can call them, when the person's own number is not held."""

    ALTERNATIVE = "alternative", "Alternative telephone number"
    NONE = "none", "Cannot provide contact details"


class LetterRecipient(models.TextChoices):
    PERSON = "potential-victim", "The person themselves"
    SOMEONE_ELSE = "someone-else", "Someone else"


class FormExploitation(models.TextChoices):
    """The form's ten "what happened" checkboxes (not the statistics' exploitation types)."""

    FORCED_TO_WORK = "forced-to-work", "Forced to work for nothing or almost nothing"
    WAGES_TAKEN = "wages-taken", "Wages taken"
    FRAUD = "forced-to-commit-fraud", "Forced to commit fraud"
    PROSTITUTION = "prostitution", "Forced into prostitution"
    CHILD_EXPLOITATION = "child-exploitation", "Child sexual exploitation"
    TAKEN_SOMEWHERE = "taken-somewhere", "Taken somewhere and forced into sex"
    CRIME = "forced-to-commit-crime", "Forced to commit a crime"
    ORGANS = "organs-removed", "Organs removed"
    HOUSEHOLD = "unpaid-household-work", "Forced to do household work for nothing or almost nothing"
    OTHER = "other", "Other"


class ReferralQuestions(TimeStampedModel):
    """The answers a first responder gives at referral time that no other step of the case holds."""

    # Not encrypted (choices) but they describe the person: the audit trail records that they changed.
    audit_withheld_fields = frozenset({
        "multiple_situations", "taken_somewhere", "still_in_situation", "last_contact", "first_chance_to_report",
        "dishonesty", "others_involved", "any_other_victims", "future_exploitation", "cooperating", "support_wanted",
        "phone_answer", "has_children", "letter_recipient", "someone_else_methods", "someone_else_permission",
        "exploitation_checks", "local_authority", "current_region",
    })

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="referral_questions")
    # For a child: the local authority contacted (its list) and the person there.
    local_authority = models.CharField(max_length=200, blank=True, help_text="A value of the form's list.")
    local_authority_phone = EncryptedCharField(max_length=40, blank=True)
    local_authority_email = EncryptedCharField(max_length=200, blank=True)
    local_authority_first_name = EncryptedCharField(max_length=100, blank=True)
    local_authority_last_name = EncryptedCharField(max_length=100, blank=True)
    # What happened.
    what_happened = EncryptedTextField(blank=True)
    birthplace = EncryptedCharField(max_length=200, blank=True)
    family = EncryptedTextField(blank=True)
    education = EncryptedTextField(blank=True)
    employment_history = EncryptedTextField(blank=True)
    multiple_situations = models.CharField(max_length=10, choices=MultipleSituations.choices, blank=True)
    situations_details = EncryptedTextField(blank=True, help_text="Each exploitative situation, when there were several.")
    when_exploited = EncryptedTextField(blank=True)
    how_started = EncryptedTextField(blank=True)
    taken_somewhere = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    required_to_do = EncryptedTextField(blank=True)
    living_conditions = EncryptedTextField(blank=True)
    treatment = EncryptedTextField(blank=True)
    still_in_situation = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    what_keeps_them = EncryptedTextField(blank=True)
    how_they_left = EncryptedTextField(blank=True)
    why_they_stayed = EncryptedTextField(blank=True)
    last_contact = models.CharField(max_length=30, choices=LastContact.choices, blank=True)
    last_contact_details = EncryptedTextField(blank=True)
    first_chance_to_report = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    first_chance_details = EncryptedTextField(blank=True)
    why_report_now = EncryptedTextField(blank=True)
    interview_details = EncryptedTextField(blank=True, help_text="Where and how the interview was carried out.")
    dishonesty = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    dishonesty_details = EncryptedTextField(blank=True)
    others_involved = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    others_involved_details = EncryptedTextField(blank=True)
    current_region = models.CharField(max_length=100, blank=True, help_text="A value of the form's UK regions list.")
    exploitation_checks = models.JSONField(
        null=True, blank=True, help_text="The form's what-happened checkboxes ticked (FormExploitation); empty until asked.")
    other_exploitation_details = EncryptedTextField(blank=True)
    any_other_victims = models.CharField(max_length=10, choices=YesNoNotSure.choices, blank=True)
    other_victims_not_sure_details = EncryptedTextField(blank=True)
    future_exploitation = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    future_exploitation_reasons = EncryptedTextField(blank=True)
    cooperating = models.CharField(max_length=3, choices=YesNo.choices, blank=True,
                                   help_text="Willing to cooperate with the police or other authorities.")
    cooperation_details = EncryptedTextField(blank=True)
    # For a referral.
    support_wanted = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    phone_answer = models.CharField(max_length=12, choices=PhoneAnswer.choices, blank=True)
    alternative_phone = EncryptedCharField(max_length=40, blank=True)
    alternative_phone_relation = EncryptedCharField(max_length=100, blank=True)
    no_contact_details = EncryptedTextField(blank=True, help_text="Why no contact details can be given.")
    has_children = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    letter_recipient = models.CharField(max_length=20, choices=LetterRecipient.choices, blank=True)
    someone_else_methods = models.JSONField(null=True, blank=True, help_text="email, post")
    someone_else_first_name = EncryptedCharField(max_length=100, blank=True)
    someone_else_last_name = EncryptedCharField(max_length=100, blank=True)
    someone_else_email = EncryptedCharField(max_length=200, blank=True)
    someone_else_street = EncryptedTextField(blank=True)
    someone_else_town = EncryptedCharField(max_length=100, blank=True)
    someone_else_county = EncryptedCharField(max_length=100, blank=True)
    someone_else_postcode = EncryptedCharField(max_length=10, blank=True)
    someone_else_permission = models.BooleanField(null=True, blank=True,
                                                  help_text="The person agreed to letters going to someone else.")
    evidence_to_submit = EncryptedTextField(blank=True, help_text="What evidence will be sent with the referral.")
    why_referring = EncryptedTextField(blank=True, help_text="Why the referral is being made.")

    def __str__(self) -> str:
        return f"Referral questions of {self.case}"


class ListKind(models.TextChoices):
    UK_PLACE = "uk_place", "Place in the UK where they were exploited"
    OVERSEAS_PLACE = "overseas_place", "Country where they were exploited"
    JOURNEY = "journey", "Part of the journey"
    EXPLOITER = "exploiter", "Exploiter"
    OTHER_VICTIM = "other_victim", "Other potential victim"
    CHILD = "child", "Their child"


class NrmListEntry(TimeStampedModel):
    """One entry of one of the form's lists on a case. Which fields mean something depends on ``kind``."""

    audit_withheld_fields = frozenset({"country", "location_known", "in_uk"})

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="nrm_entries")
    kind = models.CharField(max_length=20, choices=ListKind.choices)
    country = models.CharField(max_length=2, blank=True, help_text="Overseas places: the ISO code (countries list).")
    town = EncryptedCharField(max_length=100, blank=True, help_text="UK places: the town or city.")
    details = EncryptedTextField(blank=True, help_text="Where exactly, what happened there, or who they are.")
    location_known = models.BooleanField(null=True, blank=True, help_text="Exploiters: whether where they are is known.")
    in_uk = models.BooleanField(null=True, blank=True, help_text="Exploiters: whether they are in the UK.")
    location = EncryptedTextField(blank=True, help_text="Exploiters: where they are now.")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["case", "kind"], name="nrm_entry_case_kind")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ListKind.values), name="nrm_entry_kind_known"),
            models.CheckConstraint(
                condition=(Q(kind=ListKind.OVERSEAS_PLACE) & ~Q(country="") & ~Q(country="GB"))
                | (~Q(kind=ListKind.OVERSEAS_PLACE) & Q(country="")),
                name="nrm_entry_country_only_overseas",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case}"

    def get_country_label(self) -> str:
        from lantern.core.reference import label

        return label("countries", self.country) if self.country else ""
