"""Concerns raised by frontline workers, before triage."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.cases import rules
from lantern.cases.models.people import Gender
from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import CreatedByModel
from lantern.core.reference import PremisesType


class ConcernStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for triage"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOSTED = "signposted", "Signposted"
    CASE_OPENED = "case_opened", "Case opened"
    LINKED = "linked", "Linked to an existing case"


CONCERN_WITH_CASE = (ConcernStatus.CASE_OPENED, ConcernStatus.LINKED)


class Concern(CreatedByModel):
    """A frontline worker's concern about a possible victim, before triage."""

    # Not encrypted but they describe the person or when they were seen: the audit trail
    # records that they changed, never their values (it never copies encrypted fields either).
    audit_withheld_fields = frozenset({"seen_on", "approximate_age", "age_uncertain", "gender", "interpreter_needed"})

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.DRAFT, db_index=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised")
    raised_by_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, related_name="+")
    immediate_danger = models.BooleanField(null=True, blank=True, help_text="Empty until the raiser answers.")
    what_seen = EncryptedTextField(blank=True)
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    premises_type = models.CharField(max_length=20, choices=PremisesType.choices, blank=True)
    address = EncryptedTextField(blank=True)
    seen_on = models.DateField(null=True, blank=True)
    # About whom, as known at the time (copied to a Person when a case is opened).
    person_name = EncryptedCharField(max_length=200, blank=True)
    person_description = EncryptedTextField(blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_uncertain = models.BooleanField(default=False)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = EncryptedCharField(max_length=80, blank=True)
    language = EncryptedCharField(max_length=80, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    indicator_set_version = models.CharField(max_length=20)
    indicators = models.JSONField(default=list, blank=True, help_text="Indicator codes observed.")
    exploitation_types = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triage_reason = EncryptedTextField(blank=True)
    case = models.ForeignKey("Case", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns")
    business_name = EncryptedCharField(
        max_length=200, blank=True,
        help_text="The business where the person was exploited, as the worker names it (encrypted: a small "
                  "business's name can be a person's, and with the record it points to the victim).",
    )
    business_supplier = models.ForeignKey(
        "supply_chain.Supplier", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The council supplier that business is, when it is one: a link down the layers "
                  "(docs/decisions/0012-links-between-apps.md). The supplier's page shows only a count.",
    )
    source_report_reference = models.CharField(
        max_length=20, blank=True,
        help_text="The confidential report this concern was opened from (a reference, never the reporter).",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["raised_by", "status"], name="concern_raiser_status")]
        constraints = [
            # Linked to a case exactly when triage opened one from it or linked it to one.
            models.CheckConstraint(
                condition=(Q(status__in=CONCERN_WITH_CASE) & Q(case__isnull=False))
                | (~Q(status__in=CONCERN_WITH_CASE) & Q(case__isnull=True)),
                name="concern_case_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="concern_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_about_a_child(self) -> bool:
        """Under 18 or age not known: triaged as a child's concern, never as routine (rules.is_child_concern)."""
        return rules.is_child_concern(approximate_age=self.approximate_age, age_uncertain=self.age_uncertain)
