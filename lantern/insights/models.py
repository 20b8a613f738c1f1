"""Open-data releases: the aggregate statistics of one period, suppressed and rounded, frozen when built."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.models import TimeStampedModel


class ReleaseStatus(models.TextChoices):
    BUILDING = "building", "Being built"
    READY = "ready", "Ready for review"
    APPROVED = "approved", "Approved and published"


class Release(TimeStampedModel):
    """The statistics of one period as they would be published: built (in the background) from the
    registered KPIs with suppression and rounding, stored as built, and published on the public
    statistics page only once the programme manager approves it. Holds no personal data: only
    suppressed, rounded aggregates and the rules applied."""

    period_code = models.CharField(max_length=30, help_text="The period, e.g. 2026-Q3 or FY2026-27.")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.BUILDING, db_index=True)
    rules = models.JSONField(default=dict, help_text="The suppression and rounding rules applied, with their statement.")
    content = models.JSONField(default=dict, help_text="The published tables (suppressed and rounded).")
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField(null=True, blank=True)
    job = models.OneToOneField("core.BackgroundJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ReleaseStatus.APPROVED) | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="approved_release_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(status=ReleaseStatus.BUILDING) | Q(built_at__isnull=False),
                name="built_release_has_built_at",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="release_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"Release {self.period_code}"


# --- Board reports ------------------------------------------------------------------------------


class BoardCommentary(TimeStampedModel):
    """The programme manager's commentary on one quarter for the board report: an executive summary and
    a paragraph per objective, saved as a draft and edited until a report is generated (each
    generated report keeps its own copy). About the partnership's work: no personal data."""

    period_code = models.CharField(max_length=30, unique=True, help_text="The quarter, e.g. 2026-Q3.")
    executive_summary = models.TextField(blank=True)
    objectives = models.JSONField(default=dict, blank=True, help_text="Commentary by objective value.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Board commentary {self.period_code}"

    def snapshot(self) -> dict[str, object]:
        return {"executive_summary": self.executive_summary, "objectives": dict(self.objectives)}


class BoardReportStatus(models.TextChoices):
    GENERATING = "generating", "Being generated"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class BoardReport(TimeStampedModel):
    """A quarterly board report as generated: the figures (suppressed), the commentary as it stood, and
    the PDF. Kept as plain bytes, not through the encrypted-file store: like an open-data release it
    holds only suppressed aggregates and the programme manager's commentary, never personal data."""

    period_code = models.CharField(max_length=30, db_index=True)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=BoardReportStatus.choices, default=BoardReportStatus.GENERATING)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(null=True, blank=True)
    job = models.OneToOneField("core.BackgroundJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    commentary = models.JSONField(default=dict, help_text="The commentary as it stood when the report was generated.")
    content = models.JSONField(default=dict, help_text="The figures of the report (suppressed).")
    pdf = models.BinaryField(editable=False, default=bytes)
    pdf_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status=BoardReportStatus.GENERATING) | ~Q(status=BoardReportStatus.READY)
                                   | Q(generated_at__isnull=False), name="ready_board_report_has_generated_at"),
        ]

    def __str__(self) -> str:
        return f"Board report {self.period_code}"


# --- The annual modern slavery statement --------------------------------------------------------


class StatementArea(models.TextChoices):
    """The six areas a modern slavery statement is recommended to cover (section 54 guidance)."""

    STRUCTURE = "structure", "Organisation structure and supply chains"
    POLICIES = "policies", "Policies"
    DUE_DILIGENCE = "due_diligence", "Due diligence"
    RISK = "risk", "Risk assessment"
    EFFECTIVENESS = "effectiveness", "Effectiveness and key performance indicators"
    TRAINING = "training", "Training"


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Statement(TimeStampedModel):
    """One version of the council's annual modern slavery statement for a financial year: the text of
    each of the six areas (pre-filled from Lantern's figures, then edited), the fields the government's
    Modern Slavery Statement Registry asks for, and its approval by a named person. Once approved a
    version is locked; a later change is a new version."""

    period_code = models.CharField(max_length=30, help_text="The financial year, e.g. FY2026-27.")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    sections = models.JSONField(default=dict, blank=True, help_text="The text of each area, by area value.")
    facts = models.JSONField(default=dict, blank=True, help_text="The figures from Lantern it was pre-filled with (suppressed).")
    registry = models.JSONField(default=dict, blank=True, help_text="The Modern Slavery Statement Registry's fields.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approver_name = models.CharField(max_length=200, blank=True)
    approver_role = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", help_text="Who recorded the approval in Lantern.")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period_code", "version"], name="statement_version_unique"),
            models.CheckConstraint(
                condition=~Q(status=StatementStatus.APPROVED) | (
                    Q(approved_on__isnull=False, approved_by__isnull=False, approved_at__isnull=False)
                    & ~Q(approver_name="") & ~Q(approver_role="")),
                name="approved_statement_names_its_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"Modern slavery statement {self.period_code} version {self.version}"

    @property
    def locked(self) -> bool:
        return self.status == StatementStatus.APPROVED

    def area_text(self, area: str) -> str:
        return str(self.sections.get(area, ""))
