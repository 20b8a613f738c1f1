"""The application's PostgreSQL role, granted by `grant_app_role`, cannot undo the audit trail."""

import os
import uuid
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lantern.audit.chain import GENESIS
from lantern.audit.models import AuditChainHead, AuditEntry
from lantern.audit.tests.test_audit_trail import write_entries

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def app_role() -> Iterator[str]:
    """A login role that does not own the tables, unique to this test and worker; dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("Database roles exist on PostgreSQL only.")
    role = f"lantern_app_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    name = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN")
    try:
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")
            cursor.execute(f"DROP ROLE {name}")


def connect_as(role: str):
    import psycopg

    params = connection.settings_dict
    return psycopg.connect(host=params["HOST"] or None, port=params["PORT"] or None, dbname=params["NAME"],
                           user=role, autocommit=True)


def test_the_application_role_may_append_to_the_trail_but_never_change_or_remove_it(app_role, capsys):
    import psycopg

    entry = write_entries(2)[0]
    call_command("grant_app_role", app_role)
    assert "may only read and append to the audit trail" in capsys.readouterr().out

    refused = [
        "TRUNCATE audit_auditentry",
        "DELETE FROM audit_auditentry WHERE id = %(id)s",
        "UPDATE audit_auditentry SET action = 'changed' WHERE id = %(id)s",
        "UPDATE audit_auditentry SET purpose = purpose WHERE id = %(id)s",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
        "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
        "CREATE OR REPLACE FUNCTION lantern_audit_append_only() RETURNS trigger AS $$ BEGIN RETURN NEW; END; "
        "$$ LANGUAGE plpgsql",
        "SET session_replication_role = replica",
        "DELETE FROM audit_auditchainhead",
        "TRUNCATE audit_auditchainhead",
        "DELETE FROM django_migrations",
    ]
    with connect_as(app_role) as conn:
        for statement in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, {"id": entry.pk} if "%(id)s" in statement else None)

        # What audit_record does: lock the head, insert the next entry, move the head on.
        with conn.transaction():
            sequence, last_hash = conn.execute(
                "SELECT sequence, last_hash FROM audit_auditchainhead WHERE id = 1 FOR UPDATE").fetchone()
            conn.execute(
                "INSERT INTO audit_auditentry (sequence, occurred_at, actor_label, agency_label, kind, action, "
                "target_type, target_id, target_label, changes, purpose, previous_hash, entry_hash) "
                "VALUES (%s, now(), 'system', '', 'security', 'role.check', '', '', '', '{}', '', %s, %s)",
                [sequence + 1, last_hash, "e" * 64])
            conn.execute("UPDATE audit_auditchainhead SET sequence = %s, last_hash = %s WHERE id = 1",
                         [sequence + 1, "e" * 64])
        # The rest of the application's tables are read and written as usual.
        conn.execute("UPDATE accounts_user SET full_name = full_name WHERE id = %s", [entry.actor_id])

    assert AuditEntry.objects.filter(action="role.check").exists()
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action
    assert AuditChainHead.objects.get().last_hash == "e" * 64 != GENESIS


def test_grant_app_role_refuses_a_role_that_would_own_or_bypass_the_tables(app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="owns the tables|superuser"):
        call_command("grant_app_role", owner)
    with pytest.raises(CommandError, match="no database role"):
        call_command("grant_app_role", f"{app_role}_missing")
