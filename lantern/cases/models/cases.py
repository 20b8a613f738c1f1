"""Cases: the route, stage and outcome, who works on them, and the timeline."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.cases import rules
from lantern.cases.models.people import Person
from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import TimeStampedModel
from lantern.core.reference import ExploitationType


class Route(models.TextChoices):
    ADULT = "adult", "Adult"
    CHILD = "child", "Child"
    AGE_UNCERTAIN = "age_uncertain", "Age uncertain (treated as a child)"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseStage(models.TextChoices):
    SCREENING = "screening", "Screening"
    AWAITING_CONSENT = "awaiting_consent", "Consent to be asked"
    NRM_DUE = "nrm_due", "NRM referral due"
    DTN_DUE = "dtn_due", "Duty to Notify due"
    DUTY_TO_NOTIFY = "duty_to_notify", "Duty to Notify made"
    REFERRED = "referred", "Referred: waiting for reasonable grounds"
    RECOVERY = "recovery", "Positive reasonable grounds: recovery period"
    RG_NEGATIVE = "rg_negative", "Negative reasonable grounds"
    CG_POSITIVE = "cg_positive", "Positive conclusive grounds: move-on support"
    CG_NEGATIVE = "cg_negative", "Negative conclusive grounds"


# Stages only an adult's case reaches: consent is asked of adults, and the Duty to Notify is for adults only.
ADULT_ONLY_STAGES = (CaseStage.AWAITING_CONSENT, CaseStage.DTN_DUE, CaseStage.DUTY_TO_NOTIFY)


class CaseOutcome(models.TextChoices):
    MOVED_ON = "moved_on", "Supported and moved on"
    RETURNED_HOME = "returned_home", "Returned home voluntarily"
    DISENGAGED = "disengaged", "Disengaged"
    TRANSFERRED = "transferred", "Transferred to another area"
    DECEASED = "deceased", "Deceased"
    NOT_MODERN_SLAVERY = "not_modern_slavery", "Not modern slavery"
    OTHER = "other", "Other"


class WhereExploited(models.TextChoices):
    UK = "uk", "UK"
    OVERSEAS = "overseas", "Overseas"
    BOTH = "uk_and_overseas", "UK and overseas"
    UNKNOWN = "unknown", "Not known"


class Case(TimeStampedModel):
    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    route = models.CharField(max_length=20, choices=Route.choices, db_index=True)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True)
    stage = models.CharField(max_length=20, choices=CaseStage.choices, default=CaseStage.SCREENING, db_index=True)
    lead_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_led")
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="cases_led")
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    where_exploited = models.CharField(max_length=20, choices=WhereExploited.choices, default=WhereExploited.UNKNOWN)
    county_lines = models.BooleanField(default=False)
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
    opened_on = models.DateField(db_index=True)
    nrm_referred_on = models.DateField(null=True, blank=True)
    rg_expected_by = models.DateField(null=True, blank=True, db_index=True)
    rg_decided_on = models.DateField(null=True, blank=True)
    recovery_ends_on = models.DateField(null=True, blank=True)
    cg_decided_on = models.DateField(null=True, blank=True)
    move_on_ends_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=CaseOutcome.choices, blank=True)
    safety_plan = EncryptedTextField(blank=True)
    shop_flagged = models.BooleanField(default=False, db_index=True)
    shop_reason = EncryptedTextField(blank=True)
    childrens_lead_reason = EncryptedTextField(
        blank=True, help_text="Why a child's case is led by someone outside children's services (given at triage).",
    )
    child_at_exploitation = models.BooleanField(
        null=True, blank=True,
        help_text="Under 18 at any time during the exploitation (the NRM form asks). Kept when the person "
                  "turns 18 or is assessed as an adult; empty when not known.",
    )
    transition_task_raised_on = models.DateField(
        null=True, blank=True,
        help_text="When the task to plan the move to adult services was raised (a child's case, before they turn 18).",
    )
    members: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseMember", related_name="case_memberships"
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="case_opened"),
            models.Index(fields=["status", "-opened_on", "-id"], name="case_status_opened"),
            models.Index(fields=["lead_worker", "status"], name="case_lead_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CaseStatus.OPEN) | Q(closed_on__isnull=False, outcome__in=CaseOutcome.values),
                name="closed_case_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.CLOSED) | Q(closed_on__isnull=True, outcome=""),
                name="open_case_has_no_outcome",
            ),
            # Children are never asked for consent and never have a Duty to Notify.
            models.CheckConstraint(
                condition=~Q(route__in=rules.CHILD_ROUTES, stage__in=ADULT_ONLY_STAGES),
                name="case_stage_fits_route",
            ),
            models.CheckConstraint(
                condition=Q(cg_decided_on__isnull=True) | Q(rg_decided_on__isnull=False),
                name="case_cg_follows_rg",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_child(self) -> bool:
        return rules.is_child_route(self.route)


class CaseMember(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role_in_case = models.CharField(max_length=100, blank=True, help_text="e.g. 'Police liaison', 'ICTG'.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_membership_per_user")]
        indexes = [models.Index(fields=["user", "case"], name="member_user_case")]

    def __str__(self) -> str:
        return f"{self.case} – {self.user}"


class CaseExploitation(models.Model):
    """One exploitation type of a case (a case can have several)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exploitation")
    type = models.CharField(max_length=30, choices=ExploitationType.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "type"], name="one_type_per_case")]
        indexes = [models.Index(fields=["type", "case"], name="exploitation_type_case")]

    def __str__(self) -> str:
        return self.get_type_display()


class CaseEvent(models.Model):
    """The case timeline: one line per thing that happened, with no personal data in the summary."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "-occurred_at"], name="event_case_time")]

    def __str__(self) -> str:
        return f"{self.case}: {self.summary}"
