"""Writing to the audit trail. Every state change calls ``audit_record`` in its own transaction;
every view of a sensitive record calls ``audit_read``."""

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from lantern.audit import chain, checkpoints
from lantern.audit.capabilities import VIEW_AUDIT
from lantern.audit.models import AuditAction, AuditChainHead, AuditEntry
from lantern.audit.purpose import access_purpose_given
from lantern.core.access import require_capability
from lantern.core.jobs import job_start
from lantern.core.models import BackgroundJob

checkpoint_log = logging.getLogger("lantern.audit.checkpoint")

# What the log shows instead of a value it must not copy: encrypted fields, passwords,
# and every field of a record about a person (see describe_changes).
SENSITIVE_MARK = "(changed)"


def _key() -> bytes:
    key = settings.LANTERN_AUDIT_KEY
    if not key:
        raise ImproperlyConfigured("LANTERN_AUDIT_KEY must be set.")
    return str(key).encode()


def describe_changes(
    *, instance: models.Model, fields: Iterable[str], before: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The fields that changed (all of ``fields`` when there is no ``before``), with their new values
    where the log may hold them.

    The audit trail is append-only and read by people who may not see case content, so it
    never copies encrypted fields or passwords, nor the fields a model lists in
    ``audit_withheld_fields`` (what describes a person without being encrypted: their
    nationality, language, age); those are marked as changed, without the value.
    """
    withheld: frozenset[str] = getattr(instance, "audit_withheld_fields", frozenset())
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, getattr(field, "attname", name))
        if before is not None and before.get(name) == value:
            continue
        if name in withheld or getattr(field, "encrypted", False) or name == "password":
            out[name] = SENSITIVE_MARK
        else:
            out[name] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
    return out


def audit_record(
    *,
    actor: Any,
    action: str,
    kind: str,
    target: models.Model | None = None,
    target_label: str = "",
    changes: Mapping[str, Any] | None = None,
    purpose: str = "",
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the transaction of the change it records.

    ``actor_label`` names an actor without an account (e.g. an anonymous reporter); by default
    it is the signed-in actor's email, or "system".
    """
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"sequence": 0, "last_hash": chain.GENESIS}
        )
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        agency = getattr(actor_obj, "agency", None) if actor_obj else None
        entry = AuditEntry(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=actor_obj,
            actor_label=actor_obj.email if actor_obj else (actor_label or "system"),
            agency_label=str(agency) if agency else "",
            kind=AuditAction(kind),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=target_label or (str(target) if target is not None else ""),
            changes=dict(changes or {}),
            purpose=purpose,
            previous_hash=head.last_hash,
        )
        entry.entry_hash = chain.link_hash(key=_key(), previous=head.last_hash, fields=entry.chain_fields())
        entry.save()
        head.sequence = entry.sequence
        head.last_hash = entry.entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


def audit_read(
    *,
    user: Any,
    record: models.Model | None = None,
    label: str = "",
    request: HttpRequest | None = None,
    action: str = "",
    export: bool = False,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """The one way a page, API call or download logs what someone read or took away.

    A view of a record is ``<model>.view`` unless ``action`` names it (a search, an
    agenda, a download); ``export`` marks what left Lantern (files, packs, CSV). A
    view of a record opened outside the user's caseload is linked to the reason
    they gave. ``details`` must hold references and counts only, never personal data.
    """
    if not action and record is None:
        raise ValueError("audit_read needs a record or an action")
    changes = dict(details or {})
    purpose_entry = access_purpose_given(request, record) if request is not None and record is not None else None
    if purpose_entry:
        changes["purpose_entry"] = purpose_entry
    return audit_record(
        actor=user,
        action=action or f"{record._meta.model_name}.view",  # type: ignore[union-attr]
        kind=AuditAction.EXPORT if export else AuditAction.READ,
        target=record,
        target_label=label,
        changes=changes,
    )


@transaction.atomic
def access_purpose_record(*, user: Any, record: models.Model, purpose: str) -> AuditEntry:
    """Record why ``user`` is opening ``record``, which is not on their caseload."""
    return audit_record(actor=user, action="record.access_purpose", kind=AuditAction.READ, target=record,
                        purpose=purpose)


# --- The audit trail's own work (its reads are audited with audit_read) ------------


@transaction.atomic
def audit_verify_start(*, acting_user: Any) -> BackgroundJob:
    """Queue a check of the whole chain (``lantern.audit.jobs``); it runs once this transaction commits."""
    require_capability(acting_user, VIEW_AUDIT)
    return job_start(kind="audit.verify", title="Check the audit trail has not been changed", started_by=acting_user)


def _rows(batch_size: int = 2000) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(sequence__gt=last).order_by("sequence")[:batch_size])
        if not batch:
            return
        for entry in batch:
            yield entry.sequence, entry.previous_hash, entry.entry_hash, entry.chain_fields()
        last = batch[-1].sequence


class Verification(NamedTuple):
    checked: int  # entries read
    broken: chain.Break | None  # the first problem, or None when the trail is intact
    checkpoints: int  # signed checkpoints compared with the chain


def audit_verify(*, on_progress: Callable[[int], None] | None = None) -> Verification:
    """Walk the whole chain, then compare it with the signed checkpoints kept outside the database.

    Reports the first broken link: an entry changed, missing, out of order or whose reason no
    longer decrypts; a head that does not match the entries; entries deleted from the end with
    the head rewound (a checkpoint beyond the newest entry, or naming an entry with another
    hash); a checkpoint that is not signed with the audit key.
    """
    key = _key()
    signed_heads = _checkpoints_read()
    wanted = {cp.sequence for cp in signed_heads}
    hashes: dict[int, str] = {}
    checked = 0

    def counted() -> Iterator[tuple[int, str, str, dict[str, Any]]]:
        nonlocal checked
        for row in _rows():
            checked += 1
            if row[0] in wanted:
                hashes[row[0]] = row[2]
            if on_progress is not None:
                on_progress(checked)
            yield row

    broken = chain.verify(key=key, entries=counted())
    if broken is None:
        head = AuditChainHead.objects.filter(id=1).first()
        if head is not None and head.sequence != checked:
            broken = chain.Break(checked + 1, f"the chain should hold {head.sequence} entries but {checked} were found")
    if broken is None:
        broken = checkpoints.check(key=key, checkpoints=signed_heads, hashes=hashes, last_sequence=checked)
    return Verification(checked, broken, len(signed_heads))


# --- Checkpoints: the chain head, signed and kept where the database cannot change it ---


def _checkpoint_file() -> Path | None:
    path = settings.LANTERN_AUDIT_CHECKPOINT_FILE
    return Path(path) if path else None


def _checkpoints_read() -> list[checkpoints.Checkpoint]:
    path = _checkpoint_file()
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8", errors="replace") as lines:
        return checkpoints.parse(lines)


def audit_checkpoint_write() -> checkpoints.Checkpoint | None:
    """Sign the chain head as it is now; append it to the checkpoint file and to the
    ``lantern.audit.checkpoint`` log. None while the trail is empty.

    Run every few minutes (Celery beat) and by ``manage.py audit_checkpoint``. Holds only
    sequence numbers, hashes and times: nothing personal.
    """
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None or head.sequence == 0:
        return None
    checkpoint = checkpoints.make(key=_key(), sequence=head.sequence, entry_hash=head.last_hash,
                                  at=timezone.now().isoformat())
    line = checkpoints.to_line(checkpoint)
    path = _checkpoint_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())
    checkpoint_log.info("audit checkpoint %s", line)
    return checkpoint
