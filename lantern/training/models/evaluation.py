"""Evaluation: before-and-after questionnaires on knowledge and confidence, and their responses.

A question set keeps its identity (``QuestionSet.key``) across versions; a set changed in
substance (``lantern.training.evaluation_sets``: any question's key, kind or text, or the
free-text question) gets a new ``QuestionSetVersion``. A course uses a set (``CourseEvaluation``),
else the default set. A response keeps the version it answered; the "after" response answers
the version the "before" one did, so the two compare.

People answer through a link of their own (``EvaluationLink``: one per attendance, of which only
the token's hash is kept, and no personal data is in the address), or from their training record
when they are Lantern users. One response per attendance and phase. Free text is encrypted.
"""

from django.db import models

from lantern.core.fields import EncryptedTextField
from lantern.core.models import CreatedByModel, TimeStampedModel
from lantern.training.models.attendance import Attendance
from lantern.training.models.courses import Course


class Phase(models.TextChoices):
    BEFORE = "before", "Before the course"
    AFTER = "after", "After the course"


class ResponseChannel(models.TextChoices):
    LINK = "link", "Through an evaluation link"
    RECORD = "record", "From their training record"


class QuestionSet(CreatedByModel):
    """A questionnaire asked before and after a course; what it asks, version by version, is in ``versions``."""

    key = models.SlugField(max_length=60, unique=True, help_text="A short, stable name for the set across versions.")
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    is_default = models.BooleanField(default=False, help_text="Used by every course that has not chosen a set.")

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                               name="training_question_set_one_default")]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> "QuestionSetVersion | None":
        return self.versions.order_by("-number").first()


class QuestionSetVersion(CreatedByModel):
    """One version of a question set: its questions (key, kind, text; each answered 1 to 5) and its
    free-text question."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    questions = models.JSONField(help_text="The questions in order: [{key, kind, text}], kind knowledge or confidence.")
    free_text = models.CharField(max_length=300, help_text="The free-text question asked after the scales.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of what the version asks (its substance).")
    change_summary = models.CharField(max_length=500, blank=True, help_text="What changed from the last version.")

    class Meta:
        ordering = ["question_set__title", "-number"]
        constraints = [models.UniqueConstraint(fields=["question_set", "number"], name="training_question_set_version_once")]

    def __str__(self) -> str:
        return f"{self.question_set.title} (version {self.number})"


class CourseEvaluation(CreatedByModel):
    """The question set a course uses (a course without one uses the default set)."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="evaluation")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="courses")

    def __str__(self) -> str:
        return f"{self.course} uses {self.question_set}"


class EvaluationLink(TimeStampedModel):
    """A person's own link to answer: a long random token (only its hash is kept), per attendance.

    Making links again replaces the token; answers already given stay."""

    attendance = models.OneToOneField(Attendance, on_delete=models.CASCADE, related_name="evaluation_link")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the link's token.")

    def __str__(self) -> str:
        return f"Evaluation link {self.pk}"


class EvaluationResponse(TimeStampedModel):
    """One person's answers before or after a course: the scales and, optionally, free text."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="evaluation_responses")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="evaluation_responses",
                               help_text="The attendance's course (kept here for the results).")
    set_version = models.ForeignKey(QuestionSetVersion, on_delete=models.PROTECT, related_name="responses")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    answers = models.JSONField(help_text="{question key: 1 to 5} for every question of the version.")
    comments = EncryptedTextField(blank=True, help_text="The free-text answer (shown to coordinators without names).")
    channel = models.CharField(max_length=10, choices=ResponseChannel.choices)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["attendance", "phase"], name="training_evaluation_once_per_phase"),
            models.CheckConstraint(condition=models.Q(phase__in=Phase.values), name="training_evaluation_phase_known"),
            models.CheckConstraint(condition=models.Q(channel__in=ResponseChannel.values),
                                   name="training_evaluation_channel_known"),
        ]

    def __str__(self) -> str:
        return f"Evaluation response {self.pk} ({self.get_phase_display()})"
