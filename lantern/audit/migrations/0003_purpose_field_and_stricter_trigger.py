"""The reason column reads tolerantly (``AuditPurposeField``), and on PostgreSQL the append-only
trigger lets it change only from one well-formed Fernet token to another.

Re-encrypting under a new key (``manage.py rotate_keys``, run as the tables' owner) still works; a
reason can no longer be replaced by a value that is not a ciphertext, nor added to or removed
from an entry. The application's own role has no UPDATE on the table at all (``grant_app_role``).
"""

from django.db import migrations

import lantern.audit.models

# A Fernet token is url-safe base64 of: version 0x80, an 8-byte time, a 16-byte IV, whole
# 16-byte blocks of ciphertext and a 32-byte HMAC. The plain text cannot be checked in SQL.
CREATE = """
CREATE OR REPLACE FUNCTION lantern_is_fernet_token(token text) RETURNS boolean AS $$
DECLARE
    raw bytea;
BEGIN
    IF token IS NULL OR token !~ '^[A-Za-z0-9_-]+=*$' OR mod(length(token), 4) <> 0 THEN
        RETURN false;
    END IF;
    raw := decode(translate(token, '-_', '+/'), 'base64');
    RETURN length(raw) >= 73 AND mod(length(raw) - 57, 16) = 0 AND get_byte(raw, 0) = 128;
EXCEPTION WHEN others THEN
    RETURN false;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION lantern_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'The audit trail is append-only: entries cannot be deleted';
    END IF;
    IF (NEW.id, NEW.sequence, NEW.occurred_at, NEW.actor_id, NEW.actor_label, NEW.agency_label, NEW.kind,
        NEW.action, NEW.target_type, NEW.target_id, NEW.target_label, NEW.changes::text, NEW.previous_hash,
        NEW.entry_hash)
       IS DISTINCT FROM
       (OLD.id, OLD.sequence, OLD.occurred_at, OLD.actor_id, OLD.actor_label, OLD.agency_label, OLD.kind,
        OLD.action, OLD.target_type, OLD.target_id, OLD.target_label, OLD.changes::text, OLD.previous_hash,
        OLD.entry_hash) THEN
        RAISE EXCEPTION 'The audit trail is append-only: entries cannot be changed';
    END IF;
    IF NEW.purpose IS DISTINCT FROM OLD.purpose
       AND NOT (lantern_is_fernet_token(OLD.purpose) AND lantern_is_fernet_token(NEW.purpose)) THEN
        RAISE EXCEPTION 'The audit trail is append-only: a reason can only be re-encrypted';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# The function of 0002, which let the reason column take any value.
PREVIOUS = """
CREATE OR REPLACE FUNCTION lantern_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'The audit trail is append-only: entries cannot be deleted';
    END IF;
    IF (NEW.id, NEW.sequence, NEW.occurred_at, NEW.actor_id, NEW.actor_label, NEW.agency_label, NEW.kind,
        NEW.action, NEW.target_type, NEW.target_id, NEW.target_label, NEW.changes::text, NEW.previous_hash,
        NEW.entry_hash)
       IS DISTINCT FROM
       (OLD.id, OLD.sequence, OLD.occurred_at, OLD.actor_id, OLD.actor_label, OLD.agency_label, OLD.kind,
        OLD.action, OLD.target_type, OLD.target_id, OLD.target_label, OLD.changes::text, OLD.previous_hash,
        OLD.entry_hash) THEN
        RAISE EXCEPTION 'The audit trail is append-only: entries cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP FUNCTION IF EXISTS lantern_is_fernet_token(text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="purpose",
            field=lantern.audit.models.AuditPurposeField(
                blank=True, help_text="The reason given for viewing a record (encrypted)."
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
