"""Boards' meetings: attendance, agenda items (SHOP's cases by reference, and other business), minutes
in versions, and the actions agreed, with their updates.

A meeting's status moves only through ``lantern.governance.meeting_workflow``; an action's through
``lantern.governance.action_workflow``. Free text that may name someone (discussion, decisions,
minutes, actions, updates) is encrypted at rest and never copied to a case timeline or the audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import CreatedByModel, TimeStampedModel


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved and locked"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(CreatedByModel):
    """One meeting of a board."""

    board = models.ForeignKey("partnership.Board", on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200, help_text="e.g. 'SHOP monthly meeting'.")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True, help_text="A room and building, or 'Online'.")
    link = models.URLField(blank=True, help_text="The link to join online, if any.")
    reviews_cases = models.BooleanField(
        default=False, help_text="The meeting reviews the cases flagged for SHOP (its agenda is built from them).")
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="approved_minutes_of",
        help_text="The board's next meeting, at which these minutes were approved.")
    sequence = models.PositiveIntegerField(
        default=0, help_text="The calendar entry's SEQUENCE (RFC 5545): one more on each change to the time, place "
                             "or title, or on cancelling, so calendars update the entry they already hold.")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["board", "starts_at"], name="meeting_board_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(status="minutes_approved") | Q(minutes_approved_at__isnull=False),
                name="approved_minutes_name_the_meeting"),
            models.CheckConstraint(
                condition=Q(status="scheduled") | Q(status="cancelled") | Q(agenda_published_at__isnull=False),
                name="meeting_past_scheduled_has_agenda"),
        ]

    def __str__(self) -> str:
        return f"{self.board} meeting {timezone.localtime(self.starts_at):%-d %B %Y}"

    @property
    def minutes_locked(self) -> bool:
        return self.status == MeetingStatus.MINUTES_APPROVED


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"


class Attendee(TimeStampedModel):
    """A member invited to a meeting (a Lantern user) or a named guest from a partner agency."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    guest_name = EncryptedCharField(max_length=200, blank=True, help_text="A guest without a Lantern account.")
    guest_agency = models.CharField(max_length=200, blank=True, help_text="The guest's agency or organisation.")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendee_once_per_meeting"),
            models.CheckConstraint(condition=Q(user__isnull=False, guest_name="") | Q(user__isnull=True) & ~Q(guest_name=""),
                                   name="attendee_is_user_or_guest"),
        ]

    def __str__(self) -> str:
        return f"Attendee {self.pk}"

    @property
    def name(self) -> str:
        return self.user.full_name if self.user_id else self.guest_name  # type: ignore[union-attr]

    @property
    def agency_name(self) -> str:
        if self.user_id:
            return str(self.user.agency or "")  # type: ignore[union-attr]
        return self.guest_agency


class ItemKind(models.TextChoices):
    CASE = "case", "Case"
    PREMISES = "premises", "Premises"
    TRENDS = "trends", "Trends and intelligence"
    TRAINING = "training", "Training"
    ACTIONS = "actions", "Actions from the last meeting"
    OTHER = "other", "Other business"


class AgendaItem(TimeStampedModel):
    """One item of a meeting's agenda: a flagged case (by reference) or other business."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="For other business: what it is about.")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = EncryptedTextField(blank=True, help_text="Why the case was flagged for SHOP, as it was when added.")
    discussion = EncryptedTextField(blank=True)
    decision = EncryptedTextField(blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position"),
            models.UniqueConstraint(fields=["meeting", "case"], condition=Q(case__isnull=False),
                                    name="agenda_case_once"),
            models.CheckConstraint(condition=Q(kind="case", case__isnull=False) | ~Q(kind="case") & Q(case__isnull=True),
                                   name="agenda_case_item_has_case"),
        ]

    def __str__(self) -> str:
        return f"Item {self.position}"


class MinutesVersion(CreatedByModel):
    """One version of a meeting's minutes. The first is drafted; once approved it is locked, and each later
    correction is a new version with its reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    number = models.PositiveIntegerField()
    body = EncryptedTextField()
    reason = EncryptedTextField(blank=True, help_text="Why a correction was made (empty for the first version).")

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_number")]

    def __str__(self) -> str:
        return f"Minutes version {self.number}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class MeetingAction(CreatedByModel):
    """An action agreed at a meeting: its owner, agency, due date and status. An action on a case item is
    also a task on the case for its owner (``task``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    description = EncryptedTextField(help_text="What is to be done (encrypted: it may name someone).")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(db_index=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    task = models.OneToOneField("cases.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                help_text="The case task made for the owner, for an action on a case item.")
    reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="meeting_action_owner_due")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(completed_at__isnull=False),
                                   name="meeting_action_done_has_time"),
        ]

    def __str__(self) -> str:
        return f"Action {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES


class ActionUpdate(CreatedByModel):
    """A dated update on an action: a note, and the status it moved to."""

    action = models.ForeignKey(MeetingAction, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update {self.pk} on action {self.action_id}"
