"""Abstract base models every Lantern app builds on (timestamps, authorship, archiving,
encrypted files), and background jobs."""

import logging
import uuid

from django.conf import settings
from django.db import models

from lantern.core.fields import EncryptedCharField

logger = logging.getLogger(__name__)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CreatedByModel(TimeStampedModel):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The user whose action created this record (empty for records made by the system).",
    )

    class Meta:
        abstract = True


class EncryptedFile(models.Model):
    """A file kept encrypted at rest: what every app's attachment model shares.

    The bytes were checked, cleaned of metadata and scanned (``lantern.core.files.check_upload``,
    ``scan_or_refuse``) and stored encrypted under a random name (``store_encrypted``); the
    row says where, what it is and how to check it. Downloads go through
    ``lantern.core.files.file_response``, which names the file by the caller's reference,
    never by its original name.
    """

    storage_path = models.CharField(
        max_length=300, editable=False,
        help_text="Where the encrypted bytes are kept in the storage backend (a random name).",
    )
    original_name = EncryptedCharField(
        max_length=200, blank=True, help_text="The name the file came with (encrypted: it may name someone).",
    )
    content_type = models.CharField(max_length=100, help_text="Told from the file's first bytes, not its name.")
    size = models.PositiveIntegerField(help_text="Bytes, after metadata was removed and before encryption.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the stored content, before encryption.")
    scan_result = models.CharField(max_length=20, help_text="clean or not_scanned (infected files are refused).")
    key_id = models.CharField(
        max_length=16, blank=True, editable=False, db_index=True,
        help_text="Which field key encrypted the stored bytes: the first 16 hex characters of the key's SHA-256, "
        "never the key (lantern.core.crypto.key_id). Empty for files stored before this was recorded: "
        "`manage.py rotate_keys` finds and records it.",
    )

    class Meta:
        abstract = True

    def read(self) -> bytes:
        """The file's content, decrypted."""
        from lantern.core.crypto import DecryptionError
        from lantern.core.files import read_decrypted

        try:
            return read_decrypted(self.storage_path, key_id=self.key_id)
        except DecryptionError as exc:
            # Key ids and the row's id only: never the file's name or content.
            logger.error("Stored file %s %s cannot be read: %s", self._meta.label, self.pk, exc)
            raise


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class BackgroundJob(TimeStampedModel):
    """Long work (imports, reports, checks) run off the request path, with its progress.

    Runs on a Celery worker in production and inline in the embedded default.
    Only the user who started a job can see it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=60, help_text="What the job does, e.g. 'audit.verify'.")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Columns to confirm"
    CHECKING = "checking", "Being checked"
    CHECKED = "checked", "Checked: ready to import"
    IMPORTING = "importing", "Being imported"
    IMPORTED = "imported", "Imported"
    DUPLICATE = "duplicate", "Already imported"
    FAILED = "failed", "Failed"


class ImportFile(EncryptedFile, TimeStampedModel):
    """A file uploaded to be imported, as it goes through the one import pipeline
    (``lantern.core.imports``): upload, column mapping, checking with a per-row report, import.

    The file is kept encrypted (imports may carry personal data). ``kind`` names the
    app's import (``lantern.core.imports.registry``); ``source`` the publisher or
    partner it came from, by which a confirmed mapping is remembered.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=60, db_index=True, help_text="Which import, e.g. 'supply_chain.spend'.")
    source = models.CharField(max_length=200, help_text="Who published or sent the file, e.g. Leeds City Council.")
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    headers = models.JSONField(default=list, blank=True, help_text="The file's column headings.")
    proposal = models.JSONField(
        default=dict, blank=True, help_text="The proposed mapping: each field's column, confidence and reason.")
    mapping = models.JSONField(default=dict, blank=True, help_text="The confirmed mapping: {field: heading}.")
    counts = models.JSONField(
        default=dict, blank=True, help_text="Rows read, accepted, rejected and with warnings, from the last check "
        "or import.")
    problems = models.JSONField(
        default=list, blank=True,
        help_text="The per-row report: row number, column heading and reason. Never a cell's value.")
    result = models.JSONField(default=dict, blank=True, help_text="What the import made (the app's record ids).")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    job = models.ForeignKey(
        BackgroundJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The background job now checking or importing the file, or the last one that did.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class ImportMapping(TimeStampedModel):
    """A mapping a person confirmed for files of one kind from one source, proposed again for the next."""

    kind = models.CharField(max_length=60)
    source = models.CharField(max_length=200)
    columns = models.JSONField(help_text="{field: column heading}.")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "source"], name="import_mapping_once_per_source")]

    def __str__(self) -> str:
        return f"{self.kind} from {self.source}"
