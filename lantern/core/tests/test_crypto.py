"""Encryption of identifying fields: round trip, key rotation, blind index."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditAction, AuditEntry
from lantern.audit.services import audit_record
from lantern.core import crypto
from tests.support import make_user

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_purpose(entry: AuditEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT purpose FROM audit_auditentry WHERE id = %s", [entry.pk])
        return cursor.fetchone()[0]


def test_round_trip_and_ciphertext_differs_each_time(settings):
    token_a = crypto.encrypt("Maria Popescu, 12 Oak Road")
    token_b = crypto.encrypt("Maria Popescu, 12 Oak Road")
    assert token_a != token_b  # random IV: equal values are not linkable in the database
    assert "Maria" not in token_a
    assert crypto.decrypt(token_a) == "Maria Popescu, 12 Oak Road"


def test_value_written_with_unknown_key_cannot_be_read(settings):
    token = crypto.encrypt("secret")
    settings.LANTERN_FIELD_KEYS = [NEW_KEY]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_bad_key_configuration_is_refused(settings):
    settings.LANTERN_FIELD_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
    settings.LANTERN_FIELD_KEYS = []
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


@pytest.mark.django_db
def test_encrypted_field_is_ciphertext_in_the_database():
    user = make_user(Role.DATA_PROTECTION_OFFICER)
    entry = audit_record(actor=user, action="case.view", kind=AuditAction.READ, purpose="Review for Ioana Marin")
    stored = raw_purpose(entry)
    assert "Ioana" not in stored
    assert AuditEntry.objects.get(pk=entry.pk).purpose == "Review for Ioana Marin"


@pytest.mark.django_db
def test_rotate_keys_re_encrypts_under_the_newest_key(settings):
    settings.LANTERN_FIELD_KEYS = [OLD_KEY]
    user = make_user(Role.DATA_PROTECTION_OFFICER)
    entry = audit_record(actor=user, action="case.view", kind=AuditAction.READ, purpose="Supervision")
    written_with_old = raw_purpose(entry)

    # Step 1 of a rotation: the new key first, the old one still listed for reading.
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    assert AuditEntry.objects.get(pk=entry.pk).purpose == "Supervision"
    call_command("rotate_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rotated = raw_purpose(entry)
    assert rotated != written_with_old

    # Step 2: the old key is removed and everything still reads.
    settings.LANTERN_FIELD_KEYS = [NEW_KEY]
    assert AuditEntry.objects.get(pk=entry.pk).purpose == "Supervision"
    assert Fernet(NEW_KEY.encode()).decrypt(rotated.encode()) == b"Supervision"


def test_blind_index_matches_equal_values_whatever_their_form(settings):
    a = crypto.blind_index("  Zoë  O'Brien-Smith ", "2001-04-09")
    b = crypto.blind_index("zoe obrien smith", "2001-04-09")
    assert a == b
    assert a != crypto.blind_index("Zoe O'Brien", "2001-04-09")
    assert len(a) == 64 and "zoe" not in a


def test_blind_index_depends_on_its_key(settings):
    first = crypto.blind_index("Adam Nowak")
    settings.LANTERN_BLIND_INDEX_KEY = "another-key"
    assert crypto.blind_index("Adam Nowak") != first
    settings.LANTERN_BLIND_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        crypto.blind_index("Adam Nowak")
