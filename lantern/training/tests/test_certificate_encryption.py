"""A certificate's holder name (and a withdrawal's reason) is encrypted at rest; the public check still shows it, and the names stored
before it was encrypted are encrypted by the migration (and decrypted again going back)."""

import datetime

import pytest
from django.db import connection

from lantern.core import crypto
from lantern.training.models import Certificate, CertificateSource
from lantern.training.services.certificates import certificate_issue
from tests.support import migrate_to

BEFORE = [("training", "0003_evaluation")]
AFTER = [("training", "0004_certificate_holder_name_encrypted")]


# Constant SQL: the column names are fixed here, never taken from input.
STORED = {"holder_name": "SELECT holder_name FROM training_certificate WHERE id = %s",
          "revoked_reason": "SELECT revoked_reason FROM training_certificate WHERE id = %s"}


def _stored_name(pk: int, column: str = "holder_name") -> str:
    with connection.cursor() as cursor:
        cursor.execute(STORED[column], [pk])
        return cursor.fetchone()[0]


def test_the_holder_name_is_stored_encrypted_and_the_public_check_shows_it(catalogue, client):
    certificate = certificate_issue(holder_name="Aisha Rahman", course=catalogue["awareness"],
                                    source=CertificateSource.MODULE)
    stored = _stored_name(certificate.pk)
    assert "Aisha" not in stored and crypto.decrypt(stored) == "Aisha Rahman"
    assert Certificate.objects.get(pk=certificate.pk).holder_name == "Aisha Rahman"
    page = client.get("/learn/certificates/verify/", {"code": certificate.code}).content.decode()
    assert "Aisha Rahman completed Modern slavery awareness" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_names_already_stored_and_decrypts_them_going_back():
    old = migrate_to(BEFORE)
    try:
        course = old.get_model("training", "Course").objects.create(
            code="awareness-old", title="Awareness", audience="Everyone", level="awareness")
        made = old.get_model("training", "Certificate").objects.create(
            code="LC-OLD1", holder_name="Jo Bloggs", course=course, completed_on=datetime.date(2026, 3, 12),
            source="module", revoked_reason="Jo Bloggs was not there")
        assert _stored_name(made.pk) == "Jo Bloggs"

        new = migrate_to(AFTER)
        stored = _stored_name(made.pk)
        assert stored != "Jo Bloggs" and crypto.decrypt(stored) == "Jo Bloggs"
        assert new.get_model("training", "Certificate").objects.get(pk=made.pk).holder_name == "Jo Bloggs"
        reason = _stored_name(made.pk, "revoked_reason")
        assert "Jo Bloggs" not in reason and crypto.decrypt(reason) == "Jo Bloggs was not there"

        migrate_to(BEFORE)
        assert _stored_name(made.pk) == "Jo Bloggs"
        assert _stored_name(made.pk, "revoked_reason") == "Jo Bloggs was not there"
    finally:
        migrate_to()
