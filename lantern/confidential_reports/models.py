"""The confidential reporting channel: reports from staff, suppliers' workers and the public.

A report is made without an account. The reporter keeps a receipt code (only
its slow hash is stored, see ``receipts.py``) to read replies and add
information. Who the reporter is, when they chose to say, lives in a separate
table (``ReporterIdentity``), encrypted, and is shown to the reporting team
only with a stated reason. Nothing that identifies the reporter's device (IP
address, user agent) is kept anywhere.
"""

from django.conf import settings
from django.db import models

from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import CreatedByModel, EncryptedFile, TimeStampedModel
from lantern.core.reference import PremisesType

REPORT_PREFIX = "R"


class IdentityMode(models.TextChoices):
    ANONYMOUS = "anonymous", "Anonymous"
    CONFIDENTIAL = "confidential", "Confidential"
    OPEN = "open", "Open"


class ReporterType(models.TextChoices):
    STAFF = "staff", "Member of staff (council or partner)"
    SUPPLIER_WORKER = "supplier_worker", "Worker at a supplier"
    PUBLIC = "public", "Member of the public"


class ReportStatus(models.TextChoices):
    NEW = "new", "New"
    IN_TRIAGE = "in_triage", "In triage"
    MORE_INFO = "more_info", "More information requested"
    PASSED_ON = "passed_on", "Passed on"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (ReportStatus.NEW, ReportStatus.IN_TRIAGE, ReportStatus.MORE_INFO, ReportStatus.PASSED_ON)


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not sure"


class CloseReason(models.TextChoices):
    HANDED_OVER = "handed_over", "Passed on: nothing more for the reporting team to do"
    NOT_MODERN_SLAVERY = "not_modern_slavery", "Not modern slavery: signposted elsewhere"
    NOT_ENOUGH = "not_enough", "Not enough information to act on"
    DUPLICATE = "duplicate", "Duplicate of another report"
    MALICIOUS = "malicious", "Test, spam or malicious report"
    OTHER = "other", "Another reason"


class Report(TimeStampedModel):
    """One report through the confidential channel, and its triage."""

    reference = models.CharField(max_length=20, unique=True, help_text="The team's reference (never shown to the reporter).")
    receipt_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True,
        help_text="Slow, keyed hash of the reporter's receipt code; emptied when the report is anonymised.",
    )
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True)
    identity_mode = models.CharField(max_length=20, choices=IdentityMode.choices)
    reporter_type = models.CharField(max_length=20, choices=ReporterType.choices)
    proof_of_work = models.BooleanField(
        default=False, help_text="Whether the sender's browser solved the anti-abuse puzzle (false without JavaScript)."
    )

    # What the reporter told us (encrypted: any of it may identify someone).
    what_happened = EncryptedTextField(blank=True)
    location = EncryptedTextField(blank=True, help_text="Address or description of the place.")
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    premises_type = models.CharField(max_length=20, choices=PremisesType.choices, blank=True)
    when_seen = EncryptedTextField(blank=True)
    still_happening = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    people = EncryptedTextField(blank=True, help_text="Descriptions of the people involved.")
    children_involved = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    signs = models.JSONField(default=list, blank=True, help_text="Codes of the plain-language signs the reporter ticked.")
    business_name = EncryptedTextField(blank=True)
    council_supplier = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, blank=True,
        help_text="The reporter's answer to 'is it a supplier to the council?'. Once the supply-chain app "
                  "exists, a link to its Supplier joins this, from the reports side (ADR 0012).",
    )
    anything_else = EncryptedTextField(blank=True)

    # Triage.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    awaiting_team = models.BooleanField(
        default=True, db_index=True, help_text="The reporter sent something the team has not yet answered or seen."
    )
    last_activity_at = models.DateTimeField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    close_reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)
    close_note = EncryptedTextField(blank=True)

    # Retention.
    legal_hold = models.BooleanField(default=False, help_text="Kept past its retention date until the hold is lifted.")
    legal_hold_reason = EncryptedTextField(blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at"]
        indexes = [models.Index(fields=["status", "last_activity_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.CLOSED) | models.Q(closed_at__isnull=False),
                name="report_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == ReportStatus.CLOSED

    @property
    def accepts_messages(self) -> bool:
        return not self.is_closed and self.anonymised_at is None


class ReporterIdentity(TimeStampedModel):
    """Who made a confidential or open report, kept apart from the report and encrypted.

    Reading a confidential reporter's identity needs a stated reason; it is
    audited and the data protection officer is told.
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="identity")
    name = EncryptedCharField(max_length=200)
    email = EncryptedCharField(max_length=254, blank=True)
    phone = EncryptedCharField(max_length=40, blank=True)
    safe_contact = EncryptedTextField(blank=True, help_text="When and how it is safe to contact them.")

    def __str__(self) -> str:
        return f"Identity for {self.report.reference}"


class MessageSender(models.TextChoices):
    REPORTER = "reporter", "Reporter"
    TEAM = "team", "Reporting team"


class ReportMessage(models.Model):
    """A message on the receipt channel, either way. The team's messages show as 'the reporting team'."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=MessageSender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The staff member who wrote a team message (never shown to the reporter).",
    )
    body = EncryptedTextField()
    asks_for_information = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} on {self.report_id}"


class ReportAttachmentQuerySet(models.QuerySet["ReportAttachment"]):
    def held(self) -> "ReportAttachmentQuerySet":
        """Files kept for a form or message not sent yet: on no report and no message."""
        return self.filter(report__isnull=True, message__isnull=True)


class ReportAttachment(EncryptedFile):
    """A photo or document from the reporter, metadata stripped and encrypted at rest.

    Files arrive before their report exists when the rest of the form needed a
    correction (``report`` empty): they are held so nothing is lost, and
    removed by the retention job if never sent. Their original name is kept only
    while they are held, to list them to the reporter, and emptied when sent.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    message = models.ForeignKey(ReportMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ReportAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"


class OutcomeKind(models.TextChoices):
    CONCERN_OPENED = "concern_opened", "Concern opened for triage"
    PASSED_TO_AGENCY = "passed_to_agency", "Passed to police or another agency"
    INTELLIGENCE = "intelligence", "Recorded as intelligence"
    CLOSED = "closed", "Closed"


class PassedVia(models.TextChoices):
    SECURE_EMAIL = "secure_email", "Secure email"
    PHONE = "phone", "Phone call"
    MEETING = "meeting", "Multi-agency meeting"
    REFERRAL_FORM = "referral_form", "The agency's referral form"
    OTHER = "other", "Other"


class ReportOutcome(CreatedByModel):
    """What the reporting team did with a report: each triage decision, in order."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The concern opened in cases from the report (outcomes of that kind only).",
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    other_recipient = models.CharField(max_length=200, blank=True, help_text="An organisation not listed as an agency.")
    passed_via = models.CharField(max_length=20, choices=PassedVia.choices, blank=True)
    recipient_reference = EncryptedCharField(
        max_length=100, blank=True,
        help_text="The receiving agency's own reference (encrypted: it can lead to the people in the report).",
    )
    intelligence = models.ForeignKey(
        "IntelligenceRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supplier = models.ForeignKey(
        "supply_chain.Supplier", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The council supplier the report is about, chosen by the reporting team: a link down the "
                  "layers (docs/decisions/0012-links-between-apps.md). The supplier's page shows only a count.",
    )
    supplier_reference = models.CharField(
        max_length=40, blank=True,
        help_text="A supplier reference recorded as text before suppliers existed that matched no supplier "
                  "when the link was made; kept as it was. New outcomes use the supplier link.",
    )
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=OutcomeKind.CONCERN_OPENED) | models.Q(concern__isnull=True),
                name="outcome_concern_only_when_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.report_id})"


class IntelligenceSubject(models.TextChoices):
    PREMISES = "premises", "Premises"
    BUSINESS = "business", "Business"


class IntelligenceRecord(CreatedByModel):
    """Intelligence about premises or a business, from a report, for disruption work."""

    reference = models.CharField(max_length=20, unique=True)
    subject = models.CharField(max_length=10, choices=IntelligenceSubject.choices)
    name = EncryptedCharField(max_length=200, blank=True, help_text="Business or premises name.")
    address = EncryptedTextField(blank=True)
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    premises_type = models.CharField(max_length=20, choices=PremisesType.choices, blank=True)
    summary = EncryptedTextField()
    source_report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference
