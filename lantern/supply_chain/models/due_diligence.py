"""Due diligence on suppliers: questionnaires, the code of conduct, audits and their corrective
actions, and the contract register.

A questionnaire's status changes only through ``lantern.supply_chain.questionnaire_workflow`` and a
corrective action's only through ``lantern.supply_chain.action_workflow``; the constraints below
refuse the combinations neither allows.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.fields import EncryptedCharField, EncryptedEmailField
from lantern.core.models import CreatedByModel, EncryptedFile, TimeStampedModel
from lantern.supply_chain.models.suppliers import Supplier


class QuestionSetVersion(TimeStampedModel):
    """A question set as shipped in ``data/questionnaires/<key>.json``, copied here when first used.

    Questionnaires point at the copy, so a later change to the file never changes what an earlier
    questionnaire asked or how it was scored.
    """

    key = models.CharField(max_length=40, unique=True, help_text="The file's key, e.g. msat_v1.")
    title = models.CharField(max_length=200)
    content = models.JSONField(help_text="The question set: themes, questions, options, points, recommendations.")

    def __str__(self) -> str:
        return self.key


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    ACKNOWLEDGED = "acknowledged", "Recommendations acknowledged"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


# A supplier has at most one questionnaire in these states at a time.
OPEN_QUESTIONNAIRE_STATUSES = (QuestionnaireStatus.DRAFT, QuestionnaireStatus.SENT, QuestionnaireStatus.IN_PROGRESS)
# The link works in these states (to answer, or to read and acknowledge the recommendations).
LINK_STATUSES = (QuestionnaireStatus.SENT, QuestionnaireStatus.IN_PROGRESS, QuestionnaireStatus.SUBMITTED,
                 QuestionnaireStatus.ACKNOWLEDGED)
ANSWERED_STATUSES = (QuestionnaireStatus.SUBMITTED, QuestionnaireStatus.ACKNOWLEDGED)


class Questionnaire(CreatedByModel):
    """One round of the due-diligence questionnaire sent to one supplier.

    The supplier answers through a link of its own (no account): a long random token, of which only
    the SHA-256 is kept, valid until ``link_expires_at`` unless revoked. Each year's questionnaire is a
    new round; earlier rounds are kept.
    """

    reference = models.CharField(max_length=20, unique=True, help_text="e.g. DQ-7K3Q-9XC.")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="questionnaires")
    question_set = models.ForeignKey(QuestionSetVersion, on_delete=models.PROTECT, related_name="questionnaires")
    round = models.PositiveIntegerField(help_text="1 for the supplier's first questionnaire, then 2, 3...")
    status = models.CharField(max_length=20, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT)
    contact_name = EncryptedCharField(max_length=200, help_text="The person at the supplier asked to answer.")
    contact_email = EncryptedEmailField(max_length=254, help_text="Where the link is sent.")
    token_hash = models.CharField(
        max_length=64, null=True, blank=True, unique=True,
        help_text="SHA-256 of the link's token (the token itself is never stored); empty when no link is live.",
    )
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    answers = models.JSONField(default=dict, blank=True, help_text="{question key: option key}.")
    scores = models.JSONField(default=list, blank=True, help_text="Per theme, computed on submission.")
    recommendations = models.JSONField(default=list, blank=True, help_text="Tailored recommendations, on submission.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by_name = EncryptedCharField(max_length=200, blank=True, help_text="Who at the supplier submitted it.")
    submitted_by_role = models.CharField(max_length=200, blank=True, help_text="Their job title.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by_name = EncryptedCharField(
        max_length=200, blank=True, help_text="Who at the supplier acknowledged the recommendations.")
    acknowledged_by_role = models.CharField(max_length=200, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["supplier", "-round"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "round"], name="questionnaire_round_once"),
            models.UniqueConstraint(fields=["supplier"], condition=Q(status__in=OPEN_QUESTIONNAIRE_STATUSES),
                                    name="questionnaire_one_open_per_supplier"),
            models.CheckConstraint(condition=Q(round__gte=1), name="questionnaire_round_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=ANSWERED_STATUSES) | Q(submitted_at__isnull=False),
                name="questionnaire_answered_has_submitted_at"),
            models.CheckConstraint(
                condition=~Q(status=QuestionnaireStatus.ACKNOWLEDGED) | Q(acknowledged_at__isnull=False),
                name="questionnaire_acknowledged_has_date"),
            models.CheckConstraint(
                condition=Q(status=QuestionnaireStatus.DRAFT) | Q(sent_at__isnull=False),
                name="questionnaire_sent_has_date"),
            models.CheckConstraint(
                condition=Q(token_hash__isnull=True) | Q(status__in=LINK_STATUSES, link_expires_at__isnull=False),
                name="questionnaire_link_only_when_live"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_QUESTIONNAIRE_STATUSES


class CodeOfConductVersion(TimeStampedModel):
    """A version of the partnership's supplier code of conduct, copied from ``data/code_of_conduct``."""

    version = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="The code's text (Markdown-like: headings, numbered points, bold).")
    published_on = models.DateField()

    class Meta:
        ordering = ["-published_on", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class CodeOfConductAcknowledgement(TimeStampedModel):
    """A supplier's acknowledgement of one version of the code: who at the supplier, when, how it came."""

    class Via(models.TextChoices):
        OFFICER = "officer", "Recorded by a procurement officer"
        LINK = "link", "Through the questionnaire link"

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="code_acknowledgements")
    version = models.ForeignKey(CodeOfConductVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_by_name = EncryptedCharField(max_length=200, help_text="Who at the supplier.")
    acknowledged_by_role = models.CharField(max_length=200, blank=True, help_text="Their job title.")
    acknowledged_on = models.DateField()
    via = models.CharField(max_length=10, choices=Via.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", help_text="The officer who recorded it (empty through the link).")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="code_acknowledgements")

    class Meta:
        ordering = ["-acknowledged_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "version"], name="code_acknowledged_once_per_version"),
            models.CheckConstraint(condition=Q(via="officer", recorded_by__isnull=False)
                                   | Q(via="link", questionnaire__isnull=False), name="code_ack_source_recorded"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}: {self.version_id}"


class AuditKind(models.TextChoices):
    SITE_VISIT = "site_visit", "Site visit"
    DOCUMENT_REVIEW = "document_review", "Document review"
    WORKER_INTERVIEWS = "worker_interviews", "Worker interviews"


class SupplierAudit(CreatedByModel):
    """An audit of a supplier: a site visit, a review of documents or interviews with workers."""

    reference = models.CharField(max_length=20, unique=True, help_text="e.g. AU-7K3Q-9XC.")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    carried_out_on = models.DateField()
    auditor = models.CharField(max_length=200, help_text="Who carried it out: the officer, or the audit firm.")
    scope = models.TextField(max_length=2000, help_text="What was looked at: sites, documents, which workers.")

    class Meta:
        ordering = ["-carried_out_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class AuditFinding(CreatedByModel):
    audit = models.ForeignKey(SupplierAudit, on_delete=models.PROTECT, related_name="findings")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = models.TextField(max_length=3000, help_text="What was found. Name no worker.")

    class Meta:
        ordering = ["audit", "id"]

    def __str__(self) -> str:
        return f"{self.audit_id}: {self.get_severity_display()}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    VERIFIED = "verified", "Verified"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class CorrectiveActionQuerySet(models.QuerySet["CorrectiveAction"]):
    def open(self) -> "CorrectiveActionQuerySet":
        return self.filter(status__in=OPEN_ACTION_STATUSES)


class CorrectiveAction(CreatedByModel):
    """What the supplier must do about a finding, by when, and who at the council follows it up.

    Overdue is not stored: an action is overdue while it is open or in progress after its due date
    (``selectors.due_diligence.overdue_actions_q``).
    """

    finding = models.ForeignKey(AuditFinding, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField(max_length=2000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              help_text="The council officer who follows the action up (and is reminded).")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    verified_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["done", "verified"]) | Q(done_on__isnull=False),
                name="corrective_action_done_has_date"),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_on__isnull=False, verified_by__isnull=False),
                name="corrective_action_verified_has_who_and_when"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="corrective_action_due")]

    def __str__(self) -> str:
        return f"Action {self.pk}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_on < today


class CorrectiveActionUpdate(CreatedByModel):
    """A note on an action's progress, and the status it moved to (if it moved)."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.PROTECT, related_name="updates")
    note = models.TextField(max_length=2000, blank=True)
    status_from = models.CharField(max_length=20, choices=ActionStatus.choices)
    status_to = models.CharField(max_length=20, choices=ActionStatus.choices)

    class Meta:
        ordering = ["created_at", "id"]


class CorrectiveActionEvidence(EncryptedFile, CreatedByModel):
    """A file showing an action was done (a policy, a photo, a pay slip with names removed), stored encrypted."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.PROTECT, related_name="evidence")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Contract(CreatedByModel):
    """A light contract register, so that risk and due diligence can be read per contract."""

    reference = models.CharField(max_length=60, unique=True, help_text="The council's own contract reference.",
                                 error_messages={"unique": "A contract with this reference is already recorded"})
    title = models.CharField(max_length=200)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    category = models.CharField(max_length=200, blank=True, help_text="What is bought, e.g. cleaning services.")
    value = models.DecimalField(max_digits=14, decimal_places=2, help_text="Total contract value, pounds.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    modern_slavery_clauses = models.BooleanField(
        default=False, help_text="Whether the contract includes modern slavery clauses.")

    class Meta:
        ordering = ["ends_on", "reference"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="contract_ends_after_start"),
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"
