"""The audit trail in the database: chained, append-only, tamper-evident."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditAction, AuditChainHead, AuditEntry
from lantern.audit.services import audit_record, audit_verify, describe_changes
from tests.support import make_user

pytestmark = pytest.mark.django_db


def write_entries(n: int = 4) -> list[AuditEntry]:
    user = make_user(Role.SYSTEM_ADMINISTRATOR)
    return [
        audit_record(actor=user, action=f"thing.update{i}", kind=AuditAction.UPDATE, target=user,
                     changes={"field": i}, purpose=f"reason {i}")
        for i in range(n)
    ]


def tamper(sql: str, params: list) -> None:
    """Change the table behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # bypass the append-only trigger
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_entries_are_numbered_and_chained():
    entries = write_entries(3)
    first = entries[0].sequence
    assert [e.sequence for e in entries] == [first, first + 1, first + 2]
    assert entries[1].previous_hash == entries[0].entry_hash
    assert entries[2].previous_hash == entries[1].entry_hash
    head = AuditChainHead.objects.get()
    assert head.sequence == entries[-1].sequence and head.last_hash == entries[-1].entry_hash
    checked, broken, _ = audit_verify()
    assert broken is None and checked == AuditEntry.objects.count()


def test_entry_records_who_and_from_which_agency():
    entry = write_entries(1)[0]
    assert entry.actor_label.endswith("@lantern.example")
    assert entry.agency_label == "Test Council Service"
    assert entry.target_type == "accounts.user"


def test_encrypted_fields_are_logged_as_changed_without_values():
    entry = AuditEntry(purpose="x", action="y")
    assert describe_changes(instance=entry, fields=["purpose", "action"]) == {"purpose": "(changed)", "action": "y"}


def test_editing_an_entry_in_the_database_breaks_verification():
    entries = write_entries(4)
    target = entries[2]
    tamper("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["thing.innocent", target.pk])
    checked, broken, _ = audit_verify()
    assert broken is not None
    assert broken.sequence == target.sequence
    with pytest.raises(CommandError, match=f"BROKEN at entry {target.sequence}"):
        call_command("audit_verify")


def test_deleting_an_entry_breaks_verification():
    entries = write_entries(4)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    _, broken, _ = audit_verify()
    assert broken is not None and broken.sequence == entries[1].sequence


def test_deleting_the_newest_entries_is_detected():
    entries = write_entries(3)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk])
    _, broken, _ = audit_verify()
    assert broken is not None and "should hold" in broken.reason


def test_verify_command_reports_an_intact_chain(capsys):
    write_entries(2)
    call_command("audit_verify")
    assert "Audit chain intact" in capsys.readouterr().out


@pytest.mark.postgres
def test_postgres_refuses_updates_and_deletes():
    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger exists on PostgreSQL only.")
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    # Re-encrypting the reason under a new key (rotate_keys) stays possible.
    AuditEntry.objects.filter(pk=entry.pk).update(purpose="reason 0")


@pytest.mark.postgres
def test_postgres_lets_a_reason_change_only_from_one_ciphertext_to_another():
    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger exists on PostgreSQL only.")
    with_reason, without = write_entries(1)[0], audit_record(actor=None, action="thing.view", kind=AuditAction.READ)
    for entry, value in [(with_reason, "not-a-ciphertext"), (with_reason, ""), (without, "gAAAAA" + "A" * 94)]:
        with pytest.raises(DatabaseError, match="can only be re-encrypted"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET purpose = %s WHERE id = %s", [value, entry.pk])
    assert AuditEntry.objects.get(pk=with_reason.pk).purpose == "reason 0"


def test_a_record_about_a_person_logs_which_fields_changed_never_their_values():
    """Even unencrypted details (nationality, age, gender) of a person stay out of the append-only trail."""
    from lantern.cases.models import Person

    person = Person(nationality="Romanian", approximate_age=17, gender="female")
    assert describe_changes(instance=person, fields=["nationality", "approximate_age", "gender"]) == {
        "nationality": "(changed)", "approximate_age": "(changed)", "gender": "(changed)",
    }
    # With the values before the change, only what changed is listed (encrypted fields too).
    person.given_name = "Ana"
    before = {"nationality": "Romanian", "approximate_age": 16, "given_name": "Ana", "gender": "female"}
    assert describe_changes(instance=person, fields=["nationality", "approximate_age", "given_name", "gender"],
                            before=before) == {"approximate_age": "(changed)"}
