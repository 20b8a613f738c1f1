"""The append-only audit trail."""

from typing import Any

from django.conf import settings
from django.db import models

from lantern.audit.chain import Unreadable
from lantern.core import crypto
from lantern.core.fields import EncryptedTextField

# What the trail shows and exports for a reason whose stored ciphertext no key decrypts.
UNREADABLE_PURPOSE = "(could not be decrypted)"


class AuditAction(models.TextChoices):
    """Kinds of entry. Finer detail (e.g. 'user.create') is in ``action``."""

    READ = "read", "Read"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export or download"
    SIGN_IN = "sign_in", "Sign-in"
    SECURITY = "security", "Security event"


class AuditPurposeField(EncryptedTextField):
    """The encrypted reason for access, read so that one bad value never stops the trail being read.

    A stored value that does not decrypt (changed in the database, or written under a key no
    longer listed) loads as ``chain.Unreadable``: pages show that it could not be decrypted,
    verification reports the entry as broken, and it can never be saved back over the evidence.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        try:
            return super().from_db_value(value, expression, connection)
        except crypto.DecryptionError:
            return Unreadable(UNREADABLE_PURPOSE)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if isinstance(value, Unreadable):
            raise ValueError("A reason that could not be decrypted cannot be written back.")
        return super().get_db_prep_value(value, connection, prepared)


class AuditEntry(models.Model):
    """One audited event. Never updated or deleted: the application's database role may only read and
    insert (``manage.py grant_app_role``), and on PostgreSQL a trigger refuses changes as well."""

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text="Who acted, as known at the time.")
    agency_label = models.CharField(max_length=200, blank=True, help_text="The actor's agency at the time.")
    kind = models.CharField(max_length=20, choices=AuditAction.choices)
    action = models.CharField(max_length=80, db_index=True, help_text="e.g. 'user.create', 'case.view'.")
    target_type = models.CharField(max_length=80, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(
        max_length=200, blank=True, help_text="A non-personal label: a reference or an account email."
    )
    changes = models.JSONField(
        default=dict, blank=True, help_text="Changed field names; values only for non-sensitive fields."
    )
    purpose = AuditPurposeField(blank=True, help_text="The reason given for viewing a record (encrypted).")
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    @property
    def purpose_unreadable(self) -> bool:
        return isinstance(self.purpose, Unreadable)

    def chain_fields(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "agency_label": self.agency_label,
            "kind": self.kind,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "changes": self.changes,
            "purpose": self.purpose,
        }


class AuditChainHead(models.Model):
    """A single row locked while an entry is appended, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_audit_chain_head")]

    def __str__(self) -> str:
        return f"Audit chain at {self.sequence}"
