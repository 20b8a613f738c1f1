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
