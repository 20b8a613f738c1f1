"""Key rotation: every encrypted field value and stored file re-encrypted under the newest key,
and which keys are still in use.

A key is named by its id (``crypto.key_id``: the first 16 hex characters of its
SHA-256), never by the key. The rotation (``rotate_keys``) is resumable: a value or file
already on the newest key is skipped, so running it again after a crash or a stop
continues where it left off. Each file is re-encrypted to a new storage path; its row
is pointed at the new path (with the new key id) in a transaction, and the old object
is deleted only after that commits, so a crash at any moment leaves every row pointing
at a file that exists and decrypts with a configured key.

It runs from ``manage.py rotate_keys`` (inline, with progress on the terminal) or as
the background job ``core.rotate_keys`` (``rotation_start``), followed at
``/jobs/<uuid>/``. ``key_usage`` counts, for each configured key, the field values
and files that still need it (``manage.py keys_status``, ``manage.py retire_key``).
"""

import logging
import posixpath
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.files.storage import default_storage
from django.db import DatabaseError, ProgrammingError, models, transaction
from django.db.models import Count
from django.db.models.functions import Cast

from lantern.core import crypto, files
from lantern.core.fields import encrypted_fields
from lantern.core.jobs import ProgressReporter, job_kind, job_start
from lantern.core.models import BackgroundJob, EncryptedFile

logger = logging.getLogger(__name__)

JOB_KIND = "core.rotate_keys"
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied"


UNREADABLE = ""  # in usage counts: what no configured key decrypts (or a file missing from storage)


class Progress(Protocol):
    """What the rotation reports to: a job's ``ProgressReporter``, or the command's terminal output."""

    def total(self, total: int) -> None: ...

    def advance(self, done: int, message: str = "") -> None: ...


def field_models() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields, with those fields' names."""
    return [(m, [f.name for f in fields]) for m in apps.get_models() if (fields := encrypted_fields(m))]


def file_models() -> list[type[EncryptedFile]]:
    """Every attachment model (each extends ``EncryptedFile``)."""
    return [m for m in apps.get_models() if issubclass(m, EncryptedFile)]


def _stored_tokens(
    model: type[models.Model], names: list[str], batch_size: int, using: str = "default",
) -> Iterator[list[tuple[Any, list[str]]]]:
    """Batches of (pk, the stored token of each field) in pk order, read as stored: not decrypted."""
    raw = {f"lantern_raw_{i}": Cast(name, models.TextField()) for i, name in enumerate(names)}
    last_pk: Any = None
    while True:
        rows = model._base_manager.using(using).order_by("pk").annotate(**raw)
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows.values_list("pk", *raw)[:batch_size])
        if not batch:
            return
        yield [(row[0], list(row[1:])) for row in batch]
        last_pk = batch[-1][0]


def _file_rows(
    model: type[EncryptedFile], batch_size: int, using: str = "default", **filters: Any,
) -> Iterator[tuple[Any, str, str]]:
    """(pk, storage path, recorded key id) of each file row, in pk order."""
    last_pk: Any = None
    while True:
        rows = model._base_manager.using(using).filter(**filters).order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows.values_list("pk", "storage_path", "key_id")[:batch_size])
        if not batch:
            return
        yield from batch
        last_pk = batch[-1][0]


def _read_stored(model: type[EncryptedFile], pk: Any, path: str) -> bytes | None:
    try:
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    except OSError:
        logger.error("Stored file %s %s is missing from storage.", model._meta.label, pk)
        return None


def _delete_stored(path: str) -> None:
    try:
        default_storage.delete(path)
    except OSError:
        logger.warning("A replaced encrypted file could not be deleted from storage; it can be removed by hand.")


@dataclass
class RotationResult:
    newest_key_id: str
    values_reencrypted: int = 0
    values_unreadable: int = 0
    files_reencrypted: int = 0
    files_key_recorded: int = 0
    files_unreadable: int = 0
    # Records the database role in use may not update (the audit trail's reasons, ADR 16), by model.
    values_left_for_owner: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def complete(self) -> bool:
        return not (self.values_unreadable or self.files_unreadable or self.values_left_for_owner)

    def summary(self) -> str:
        text = (
            f"{self.values_reencrypted} records and {self.files_reencrypted} files were "
            f"re-encrypted under key {self.newest_key_id}."
        )
        if self.values_unreadable or self.files_unreadable:
            text += (
                f" {self.values_unreadable} records and {self.files_unreadable} files could not be read with any "
                "configured key (or are missing): the log names them. Do not remove any key until this is resolved."
            )
        if self.values_left_for_owner:
            left = ", ".join(f"{count} {name}" for name, count in self.values_left_for_owner.items())
            text += (
                f" The database role in use may not update {left} (the audit trail is append-only for the "
                "application's role): run `manage.py rotate_keys --database owner` as the tables' owner to "
                "re-encrypt them. What was re-encrypted so far stays, and that run skips it."
            )
        return text


@dataclass
class _Rotation:
    progress: Progress
    batch_size: int
    result: RotationResult
    using: str = "default"
    done: int = 0

    def step(self, message: str) -> None:
        self.done += 1
        self.progress.advance(self.done, message)

    def fields(self, model: type[models.Model], names: list[str]) -> None:
        message = f"Re-encrypting the fields of {model._meta.verbose_name_plural}"
        refused = False  # once the role may not update this model, its remaining stale rows are only counted
        for batch in _stored_tokens(model, names, self.batch_size, self.using):
            stale = []
            for pk, tokens in batch:
                keys = {crypto.key_id_of(token) for token in tokens if token}
                if None in keys:
                    self.result.values_unreadable += 1
                    logger.error("A record of %s (id %s) has an encrypted value no configured key decrypts.",
                                 model._meta.label, pk)
                elif keys - {self.result.newest_key_id}:
                    stale.append(pk)
            if stale and not refused:
                refused = not self.reencrypt(model, names, stale)
            if stale and refused:
                label = str(model._meta.verbose_name_plural)
                self.result.values_left_for_owner[label] = self.result.values_left_for_owner.get(label, 0) + len(stale)
            for _ in batch:
                self.step(message)

    def reencrypt(self, model: type[models.Model], names: list[str], stale: list[Any]) -> bool:
        """Re-encrypt these rows; False (and nothing changed) when the database role may not update them."""
        try:
            with transaction.atomic(using=self.using):
                # Locked, so an edit made meanwhile is neither lost nor overwritten. Values are
                # decrypted on load (with any configured key) and encrypted on save with the newest.
                manager = model._base_manager.db_manager(self.using)
                rows = list(manager.select_for_update().filter(pk__in=stale).only("pk", *names))
                manager.bulk_update(rows, names)
        except ProgrammingError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                raise
            logger.warning("The database role in use may not update %s: they are left for the tables' owner.",
                           model._meta.label)
            return False
        self.result.values_reencrypted += len(rows)
        return True

    def files(self, model: type[EncryptedFile]) -> None:
        message = f"Re-encrypting {model._meta.verbose_name_plural}"
        for pk, path, recorded in _file_rows(model, self.batch_size, self.using):
            if recorded != self.result.newest_key_id:
                self.file(model, pk, path, recorded)
            self.step(message)

    def file(self, model: type[EncryptedFile], pk: Any, path: str, recorded: str) -> None:
        newest = self.result.newest_key_id
        token = _read_stored(model, pk, path)
        actual = crypto.key_id_of(token) if token is not None else None
        if token is None or actual is None:
            if token is not None:
                logger.error("Stored file %s %s cannot be decrypted with any configured key (recorded key id: %s).",
                             model._meta.label, pk, recorded or "not recorded")
            self.result.files_unreadable += 1
            return
        if actual == newest:  # stored before key ids were recorded, already on the newest key
            model._base_manager.using(self.using).filter(pk=pk, storage_path=path).update(key_id=newest)
            self.result.files_key_recorded += 1
            return
        new_path = files.store_encrypted(crypto.decrypt_bytes(token), folder=posixpath.dirname(path))
        if file_replace(model, pk=pk, old_path=path, new_path=new_path, key_id=newest, using=self.using):
            self.result.files_reencrypted += 1


def file_replace(
    model: type[EncryptedFile], *, pk: Any, old_path: str, new_path: str, key_id: str, using: str = "default",
) -> bool:
    """Point a file's row at its re-encrypted copy, then delete the old object once that commits.

    If the row was deleted or changed meanwhile, the new copy is deleted instead and the row kept.
    """
    with transaction.atomic(using=using):
        replaced = model._base_manager.using(using).filter(pk=pk, storage_path=old_path).update(
            storage_path=new_path, key_id=key_id) == 1
        transaction.on_commit(partial(_delete_stored, old_path if replaced else new_path), using=using)
    return replaced


def rotate_keys(*, progress: Progress, batch_size: int = 500, using: str = "default") -> RotationResult:
    """Re-encrypt every encrypted field value and stored file not yet on the newest key.

    ``using`` is the database alias. Where the application's role may not update the audit
    trail (ADR 16), a run as that role re-encrypts everything else, files included, and the
    result says how many records are left for the tables' owner (``--database owner``).
    """
    result = RotationResult(newest_key_id=crypto.newest_key_id())
    with_fields = field_models()
    with_files = file_models()
    progress.total(sum(m._base_manager.using(using).count() for m, _ in with_fields)
                   + sum(m._base_manager.using(using).count() for m in with_files))
    rotation = _Rotation(progress=progress, batch_size=batch_size, result=result, using=using)
    for model, names in with_fields:
        rotation.fields(model, names)
    for file_model in with_files:
        rotation.files(file_model)
    return result


@job_kind(JOB_KIND)
def rotate_keys_job(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    # Where migrations have their own owner role (ADR 16), only it may re-encrypt the audit trail's reasons;
    # without the owner's alias (as in web and worker processes) the job does the rest and says what is left.
    result = rotate_keys(progress=progress, using="owner" if "owner" in settings.DATABASES else "default")
    job.message = result.summary()
    return result.as_dict()


def rotation_start(*, started_by: Any) -> BackgroundJob:
    """Queue the rotation as a background job, followed by ``started_by`` at ``/jobs/<uuid>/``."""
    return job_start(kind=JOB_KIND, title="Re-encrypt stored data under the newest key", started_by=started_by)


@dataclass
class KeyUsage:
    """How many encrypted field values and stored files each key is needed for."""

    configured: list[str]  # key ids, newest first
    values: Counter[str] = field(default_factory=Counter)  # key id (or UNREADABLE) -> values
    files: Counter[str] = field(default_factory=Counter)  # key id (or UNREADABLE) -> files

    def in_use(self, key_id: str) -> bool:
        return bool(self.values[key_id] or self.files[key_id])

    def lines(self) -> list[str]:
        """A plain description for the terminal: key ids and counts only."""
        lines = []
        for position, key in enumerate(self.configured, start=1):
            role = "newest: encrypts new data" if position == 1 else "older: decrypts only"
            lines.append(f"Key {key} (number {position} in LANTERN_FIELD_KEYS, {role}): "
                         f"{self.values[key]} encrypted field values, {self.files[key]} files")
        for key in sorted(set(self.files) - set(self.configured) - {UNREADABLE}):
            lines.append(f"Key {key} (NOT CONFIGURED): {self.files[key]} files recorded as encrypted with it")
        if self.values[UNREADABLE] or self.files[UNREADABLE]:
            lines.append(f"Readable with no configured key (or missing): {self.values[UNREADABLE]} encrypted field "
                         f"values, {self.files[UNREADABLE]} files")
        return lines


def key_usage(*, batch_size: int = 500) -> KeyUsage:
    """Which key each encrypted field value and stored file needs.

    Each field value is tried with the configured keys (newest first). Files are counted by the
    key id recorded with them; those with none recorded (stored before ids were kept) are read
    and tried with each key.
    """
    usage = KeyUsage(configured=crypto.configured_key_ids())
    for model, names in field_models():
        for batch in _stored_tokens(model, names, batch_size):
            for _, tokens in batch:
                usage.values.update(crypto.key_id_of(token) or UNREADABLE for token in tokens if token)
    for file_model in file_models():
        recorded = file_model._base_manager.exclude(key_id="").order_by().values_list("key_id").annotate(n=Count("pk"))
        for key, count in recorded:
            usage.files[key] += count
        for pk, path, _ in _file_rows(file_model, batch_size, key_id=""):
            token = _read_stored(file_model, pk, path)
            usage.files[(crypto.key_id_of(token) if token is not None else None) or UNREADABLE] += 1
    return usage


@checks.register(checks.Tags.database)
def check_file_keys(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With ``manage.py check --database default``: files whose key is no longer configured, or not yet
    on the newest key. (Field values carry no key id: ``manage.py keys_status`` tries them.)"""
    if not databases:
        return []
    configured = crypto.configured_key_ids()
    if not configured:
        return []  # settings refuse this elsewhere (ImproperlyConfigured)
    recorded: Counter[str] = Counter()
    try:
        for file_model in file_models():
            recorded.update(dict(file_model._base_manager.order_by().values_list("key_id").annotate(n=Count("pk"))))
    except DatabaseError:
        return []  # `migrate` runs database checks before the tables (or the key id column) exist
    messages: list[checks.CheckMessage] = []
    lost = sorted(key for key in recorded if key and key not in configured)
    if lost:
        messages.append(checks.Error(
            f"{sum(recorded[key] for key in lost)} stored files were encrypted with keys that are no longer in "
            f"LANTERN_FIELD_KEYS (key ids: {', '.join(lost)}), so they cannot be read.",
            hint="Put those keys back in LANTERN_FIELD_KEYS after the newest key, then run `manage.py rotate_keys`.",
            id="lantern.E101",
        ))
    behind = sum(count for key, count in recorded.items() if key != configured[0] and key not in lost)
    if behind:
        messages.append(checks.Warning(
            f"{behind} stored files are not recorded as encrypted with the newest key ({configured[0]}).",
            hint="Run `manage.py rotate_keys`, and remove an old key only when `manage.py retire_key <key id>` "
                 "says nothing uses it.",
            id="lantern.W101",
        ))
    return messages
