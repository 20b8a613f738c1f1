"""The work on a case: tasks, notes and attachments."""

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet

from lantern.cases.models.cases import Case, CaseStatus
from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import CreatedByModel, EncryptedFile


class TaskStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class TaskQuerySet(QuerySet["Task"]):
    def open(self) -> "TaskQuerySet":
        """The one definition of an open task: still to do, on a case that is open."""
        return self.filter(status=TaskStatus.OPEN, case__status=CaseStatus.OPEN)


class Task(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedCharField(max_length=200, help_text="What needs doing (encrypted: free text may name someone).")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_tasks")
    due_on = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="task_owner_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.DONE) | Q(completed_at__isnull=False), name="task_done_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Task {self.pk}"


class CaseNote(CreatedByModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = EncryptedTextField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note on {self.case}"


class CaseAttachment(EncryptedFile, CreatedByModel):
    """A document or photo on a case, stored encrypted (the shared fields: lantern.core.models.EncryptedFile)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    description = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Attachment {self.pk} on {self.case}"
