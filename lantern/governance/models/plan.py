"""The strategy as a live action plan: a strategy period's priorities → objectives → actions, each
action's dated progress updates (append-only) with their evidence, and the history of its fields.

The seven priority areas are the strategy's objectives (``lantern.core.reference.Objective``): one
list, read by the KPI registry and the plan alike. An action's status moves only through the table in
``lantern.governance.plan_workflow``; a carried-forward action is closed in its period and lives on as
a copy in the next one (``carried_from``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.models import CreatedByModel, EncryptedFile, TimeStampedModel
from lantern.core.reference import Objective


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class PlanActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    CARRIED_FORWARD = "carried_forward", "Carried forward"


OPEN_STATUSES = (PlanActionStatus.NOT_STARTED, PlanActionStatus.IN_PROGRESS, PlanActionStatus.ON_HOLD)


class StrategyPeriod(CreatedByModel):
    """A strategy's years, e.g. "Striving for a Slavery Free Sandwell 2022-2027". One is current."""

    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_current = models.BooleanField(default=False, help_text="The period whose plan is being worked now.")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="strategy_period_ends_after_start"),
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                    name="strategy_period_one_current"),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(TimeStampedModel):
    """One of the strategy's seven areas, as this period words it."""

    period = models.ForeignKey(StrategyPeriod, on_delete=models.PROTECT, related_name="priorities")
    area = models.CharField(max_length=20, choices=Objective.choices,
                            help_text="Which of the strategy's seven objectives this priority is.")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["period", "area"]
        verbose_name_plural = "priorities"
        constraints = [models.UniqueConstraint(fields=["period", "area"], name="priority_once_per_period")]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> int:
        return list(Objective.values).index(self.area) + 1


class PlanObjective(TimeStampedModel):
    """What the partnership means to achieve under a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(max_length=300)
    description = models.TextField(max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["priority", "order", "id"]

    def __str__(self) -> str:
        return self.title


class PlanAction(CreatedByModel):
    """Something a lead agency has agreed to do, with dates, a success measure and a RAG status."""

    objective = models.ForeignKey(PlanObjective, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(max_length=4000, blank=True)
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    lead_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", help_text="Who answers for the action at the board.")
    starts_on = models.DateField()
    due_on = models.DateField()
    success_measure = models.TextField(max_length=1000, help_text="How the partnership will know it is done.")
    rag = models.CharField(max_length=10, choices=Rag.choices, default=Rag.GREEN)
    status = models.CharField(max_length=20, choices=PlanActionStatus.choices, default=PlanActionStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    carried_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_into",
        help_text="The action of the previous period this one continues.")
    maturity_criterion = models.ForeignKey(
        "governance.FrameworkCriterion", on_delete=models.PROTECT, null=True, blank=True, related_name="actions",
        help_text="The maturity criterion whose gap this action closes, if it came from an assessment.")
    maturity_score = models.ForeignKey(
        "governance.MaturityScore", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
        help_text="The assessment score that showed the gap.")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("starts_on")), name="plan_action_due_after_start"),
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(status="completed"),
                                   name="plan_action_completed_on_only_when_completed"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: "object") -> bool:
        return self.is_open and self.due_on < today  # type: ignore[operator]


class ProgressUpdate(CreatedByModel):
    """A dated note on an action's progress, with the RAG it was given, and the board meeting it was
    reported to, if any. Never edited or deleted."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    on = models.DateField(help_text="The date the update describes.")
    rag = models.CharField(max_length=10, choices=Rag.choices)
    narrative = models.TextField(max_length=1500)
    status_from = models.CharField(max_length=20, choices=PlanActionStatus.choices)
    status_to = models.CharField(max_length=20, choices=PlanActionStatus.choices)
    kpi_slug = models.CharField(max_length=80, blank=True,
                                help_text="A KPI of the registry (lantern.core.kpis) the update rests on.")
    meeting = models.ForeignKey("governance.Meeting", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="plan_updates", help_text="The board meeting the update was reported to.")

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.on:%d %b %Y}"


class ProgressLink(models.Model):
    """A web address given as evidence with an update (a published report, a news item)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="links")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title or self.url


class ProgressEvidence(EncryptedFile, CreatedByModel):
    """A document given as evidence with an update, stored encrypted (lantern.core.files)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]


class PlanActionChange(CreatedByModel):
    """A change to an action's fields, kept beside it as its history (and in the audit trail)."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="changes")
    summary = models.CharField(max_length=200, help_text="What happened, e.g. 'Edited' or 'Carried forward'.")
    changes = models.JSONField(default=dict, blank=True, help_text="{field label: [before, after]}, as shown.")

    class Meta:
        ordering = ["-created_at", "-id"]
