"""The course catalogue (courses and their versions), job types and the training matrix.

A course keeps its identity (``Course.code``) across versions; a course changed in substance
gets a new ``CourseVersion``. Completions record the version taken. Decision (docs/decisions, training compliance): a
completion of an older version still counts for the course until it expires by the validity
of the version that was taken; the matrix asks for the course, not for a version.
"""

from django.db import models

from lantern.accounts.capabilities import Role
from lantern.core.models import CreatedByModel, TimeStampedModel


class CourseLevel(models.TextChoices):
    AWARENESS = "awareness", "Awareness"
    FIRST_RESPONDER = "first_responder", "First responder"
    SPECIALIST = "specialist", "Specialist"
    LEADERSHIP = "leadership", "Leadership"


class Delivery(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    ONLINE = "online", "Online (live or self-paced)"
    MODULE = "module", "Lantern's built-in module"
    EXTERNAL = "external", "External provider"


class Course(CreatedByModel):
    """A course in the partnership's catalogue; what it teaches, version by version, is in ``versions``."""

    code = models.SlugField(
        max_length=60, unique=True,
        help_text="A short, stable name for the course across its versions, e.g. first-responder.")
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=300, help_text="Who the course is for, in words.")
    level = models.CharField(max_length=20, choices=CourseLevel.choices)
    is_active = models.BooleanField(default=True, help_text="Offered now (archived courses keep their records).")

    class Meta:
        ordering = ["title"]
        constraints = [models.CheckConstraint(condition=models.Q(level__in=CourseLevel.values),
                                              name="training_course_level_known")]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> "CourseVersion | None":
        return self.versions.order_by("-number").first()


class CourseVersion(CreatedByModel):
    """One version of a course: a course changed in substance is a new version."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    duration_minutes = models.PositiveIntegerField(help_text="How long the course takes, in minutes.")
    learning_outcomes = models.TextField(help_text="What a person can do after the course, one outcome a line.")
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Months a completion stays valid before a refresher is due (empty: it does not expire).")
    provider = models.CharField(max_length=200, blank=True, help_text="The external provider, if any.")
    change_summary = models.CharField(max_length=500, blank=True, help_text="What changed from the last version.")
    effective_from = models.DateField(help_text="The first day this version is taught.")

    class Meta:
        ordering = ["course__title", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="training_course_version_once"),
            models.CheckConstraint(condition=models.Q(delivery__in=Delivery.values),
                                   name="training_version_delivery_known"),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} (version {self.number})"


class JobType(TimeStampedModel):
    """A job people do, beside their Lantern role (housing officer, licensing officer, social worker)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MatrixRequirement(CreatedByModel):
    """One line of the training matrix: people with this role (or this job type) need this course,
    within ``due_within_months`` of starting, then a refresher every ``refresher_months``."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="requirements")
    role = models.CharField(max_length=40, choices=Role.choices, blank=True,
                            help_text="The Lantern role this applies to (or choose a job type).")
    job_type = models.ForeignKey(JobType, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="requirements")
    due_within_months = models.PositiveSmallIntegerField(
        default=3, help_text="Months from starting the role by which the course must be done.")
    refresher_months = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Months between refreshers (empty: the validity of the course version taken).")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["course__title", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="") & models.Q(job_type__isnull=False))
                | (~models.Q(role="") & models.Q(job_type__isnull=True)),
                name="training_requirement_role_or_job_type"),
            models.UniqueConstraint(fields=["course", "role"], condition=~models.Q(role=""),
                                    name="training_requirement_once_per_role"),
            models.UniqueConstraint(fields=["course", "job_type"], condition=models.Q(job_type__isnull=False),
                                    name="training_requirement_once_per_job_type"),
        ]

    def __str__(self) -> str:
        return f"{self.course} for {self.applies_to}"

    @property
    def applies_to(self) -> str:
        return self.get_role_display() if self.role else str(self.job_type)
