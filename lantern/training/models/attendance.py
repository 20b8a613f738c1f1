"""Trainees (Lantern users or not), sessions, attendance, certificates and match reviews."""

from django.conf import settings
from django.db import models

from lantern.accounts.capabilities import Role
from lantern.core.fields import EncryptedCharField
from lantern.core.models import CreatedByModel, ImportFile, TimeStampedModel
from lantern.training.models.courses import Course, CourseVersion, JobType


class Trainee(TimeStampedModel):
    """A person on the training record: a Lantern user, or someone who is not (a taxi licensing
    officer, a volunteer). People are matched across sessions and imports by email, else by
    their normalised name and agency (``lantern.training.matching``)."""

    full_name = models.CharField(max_length=150)
    name_key = models.CharField(max_length=150, db_index=True, help_text="The name normalised for matching.")
    email = models.EmailField(blank=True, help_text="Lower case; empty when not known.")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="trainee")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="trainees")
    agency_name = models.CharField(max_length=200, blank=True,
                                   help_text="The organisation as given, when it is not a partner agency.")
    role = models.CharField(max_length=40, choices=Role.choices, blank=True,
                            help_text="For people who are not Lantern users: the role the matrix treats them as.")
    job_type = models.ForeignKey(JobType, on_delete=models.PROTECT, null=True, blank=True, related_name="trainees")
    started_on = models.DateField(null=True, blank=True, help_text="When they started the role or job.")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", help_text="Their manager, told before a refresher is due.")
    manager_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True, help_text="Still in the role (leavers drop out of compliance).")

    class Meta:
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(fields=["email"], condition=~models.Q(email=""),
                                               name="training_trainee_email_once")]
        indexes = [models.Index(fields=["name_key", "agency"], name="training_trainee_name_agency")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def organisation(self) -> str:
        return str(self.agency) if self.agency_id else self.agency_name


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Session(CreatedByModel):
    """A time a course version is given: a date, a trainer, a venue or link, a capacity."""

    reference = models.CharField(max_length=20, unique=True)
    course_version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="sessions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions",
                               help_text="The version's course (kept here for quick look-ups).")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    trainer_name = models.CharField(max_length=150, blank=True)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    venue = models.CharField(max_length=300, blank=True)
    link = models.URLField(blank=True, help_text="For an online session.")
    capacity = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)

    class Meta:
        ordering = ["-date", "reference"]
        constraints = [models.CheckConstraint(condition=models.Q(status__in=SessionStatus.values),
                                              name="training_session_status_known")]

    def __str__(self) -> str:
        return f"{self.course_version.course.title}, {self.date:%d %B %Y}"


class Outcome(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended (completed)"
    ABSENT = "absent", "Did not attend"


class AttendanceSource(models.TextChoices):
    PAGE = "page", "Marked in Lantern"
    IMPORT = "import", "Imported"
    MODULE = "module", "Lantern's module"
    API = "api", "API"


class Attendance(TimeStampedModel):
    """A person at a session, or a completion without one (the module, a self-paced course).

    Only ``attended`` counts as a completion, on ``completed_on``, for ``course_version``."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="attendances")
    course_version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="attendances")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="attendances")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.ATTENDED)
    completed_on = models.DateField(help_text="The session's date, or the day the course was completed.")
    valid_until = models.DateField(
        null=True, blank=True,
        help_text="The completion's expiry by the validity of the version taken (empty: it does not expire, "
        "or the person did not attend). The matrix's refresher interval, where set, decides instead.")
    source = models.CharField(max_length=20, choices=AttendanceSource.choices, default=AttendanceSource.PAGE)
    import_file = models.ForeignKey(ImportFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["session", "trainee"], condition=models.Q(session__isnull=False),
                                    name="training_attendance_once_per_session"),
            models.UniqueConstraint(fields=["course_version", "trainee", "completed_on"],
                                    condition=models.Q(session__isnull=True),
                                    name="training_completion_once_a_day"),
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values),
                                   name="training_attendance_outcome_known"),
        ]
        indexes = [models.Index(fields=["trainee", "course", "outcome", "completed_on"],
                                name="training_attendance_latest")]

    def __str__(self) -> str:
        return f"{self.trainee} – {self.course_version}"


class AttendanceImport(TimeStampedModel):
    """An attendance file (a session's sign-in sheet) or a completions file (a learning platform's
    export), from its upload to its import: the same file twice is imported once."""

    kind = models.CharField(max_length=60, help_text="Which import: training.attendance or training.completions.")
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=200, help_text="Who sent the file (trainer, provider, platform).")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True, related_name="imports")
    import_file = models.OneToOneField(ImportFile, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    imported_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sha256", "kind"], condition=models.Q(imported_at__isnull=False),
                                               name="training_import_file_once")]

    def __str__(self) -> str:
        return self.name


class MatchStatus(models.TextChoices):
    OPEN = "open", "To review"
    MERGED = "merged", "Same person (merged)"
    DISTINCT = "distinct", "Different people"


class MatchReview(TimeStampedModel):
    """An uncertain match: a person recorded as new who may be someone already on the record."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="How alike the two names are, 0 to 100.")
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["trainee", "candidate"], name="training_match_once")]


class CertificateSource(models.TextChoices):
    ATTENDANCE = "attendance", "Attended a session"
    MODULE = "module", "Lantern's module"
    MANUAL = "manual", "Issued by a training coordinator"


class Certificate(TimeStampedModel):
    """A certificate of completion, checked on the public page by its code."""

    code = models.CharField(max_length=24, unique=True)
    holder_name = EncryptedCharField(max_length=150,
                                     help_text="The name printed on the certificate (encrypted: it names a person).")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    course_version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    trainee = models.ForeignKey(Trainee, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="certificates")
    attendance = models.ForeignKey(Attendance, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    completed_on = models.DateField()
    source = models.CharField(max_length=20, choices=CertificateSource.choices)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = EncryptedCharField(max_length=300, blank=True,
                                        help_text="Why it was withdrawn (encrypted: free text).")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


class TrainingReminder(TimeStampedModel):
    """A reminder sent before a course falls due: once per person, course and due date."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="reminders")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trainee", "course", "due_on"],
                                               name="training_reminder_once")]
