"""On PostgreSQL, the database itself refuses to change or delete audit entries.

The one exception is re-encrypting the `purpose` column under a new key
(`manage.py rotate_keys`), which leaves every chained value unchanged.
TRUNCATE is left to the table owner (the test runner empties tables with it);
in production the application's database role should not own the tables.
"""

from django.db import migrations

CREATE = """
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

CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION lantern_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS lantern_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
