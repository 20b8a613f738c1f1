"""The pledge register's free text (why a request was declined or a signatory withdrawn, a follow-up's note)
is encrypted at rest and still shown to the programme manager; the migration encrypts what was stored in
plain text before (and decrypts it again going back)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from lantern.core import crypto
from lantern.governance import services_pledge
from lantern.governance.tests.pledge_support import approved, programme_manager, requested
from tests.support import migrate_to, verified_client

BEFORE = [("governance", "0005_meeting_sequence")]
AFTER = [("governance", "0006_pledge_free_text_encrypted")]

# Constant SQL: the table and column names are fixed here, never taken from input.
STORED = {
    "decline_reason": "SELECT decline_reason FROM governance_pledgesignatory WHERE id = %s",
    "withdrawal_reason": "SELECT withdrawal_reason FROM governance_pledgesignatory WHERE id = %s",
    "note": "SELECT note FROM governance_pledgefollowup WHERE id = %s",
}


def _stored(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(STORED[column], [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_reasons_and_notes_are_stored_encrypted_and_shown_to_the_programme_manager():
    manager = programme_manager()
    declined = services_pledge.pledge_decline(signatory=requested(), acting_user=manager,
                                              reason="The director, Sam Price, asked us to wait")
    withdrawn = approved(manager)
    follow_up = services_pledge.pledge_follow_up_record(
        signatory=withdrawn, acting_user=manager, kind="note", happened_on=timezone.localdate(),
        note="Spoke to Sam Price about agency workers")
    withdrawn = services_pledge.pledge_withdraw(signatory=withdrawn, acting_user=manager,
                                                reason="Sam Price left and the company closed")

    for column, pk, text in [("decline_reason", declined.pk, "The director, Sam Price, asked us to wait"),
                             ("withdrawal_reason", withdrawn.pk, "Sam Price left and the company closed"),
                             ("note", follow_up.pk, "Spoke to Sam Price about agency workers")]:
        stored = _stored(column, pk)
        assert "Sam Price" not in stored and crypto.decrypt(stored) == text

    client = verified_client(manager)
    assert "Sam Price, asked us to wait" in client.get(f"/governance/pledge/{declined.reference}/").content.decode()
    page = client.get(f"/governance/pledge/{withdrawn.reference}/").content.decode()
    assert "Sam Price left and the company closed" in page and "Spoke to Sam Price about agency workers" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_free_text_already_stored_and_decrypts_it_going_back():
    old = migrate_to(BEFORE)
    try:
        signatory_model = old.get_model("governance", "PledgeSignatory")
        declined = signatory_model.objects.create(
            reference="PL-OLD1", organisation="Old Org", sector="business", signatory_name="A Signer",
            signatory_role="Director", contact_email="signer@old.example", commitments=["leadership"],
            status="declined", decided_at=timezone.now(), decline_reason="Asked by Jo Bloggs to wait")
        withdrawn = signatory_model.objects.create(
            reference="PL-OLD2", organisation="Older Org", sector="business", signatory_name="B Signer",
            signatory_role="Director", contact_email="signer@older.example", commitments=["leadership"],
            status="withdrawn", signed_on=datetime.date(2026, 1, 5), withdrawn_on=datetime.date(2026, 2, 5),
            withdrawal_reason="Jo Bloggs closed the firm")
        note = old.get_model("governance", "PledgeFollowUp").objects.create(
            signatory=withdrawn, kind="note", happened_on=datetime.date(2026, 1, 20), note="Met Jo Bloggs")
        plain = [("decline_reason", declined.pk, "Asked by Jo Bloggs to wait"),
                 ("withdrawal_reason", withdrawn.pk, "Jo Bloggs closed the firm"),
                 ("note", note.pk, "Met Jo Bloggs")]

        new = migrate_to(AFTER)
        for column, pk, text in plain:
            stored = _stored(column, pk)
            assert "Jo Bloggs" not in stored and crypto.decrypt(stored) == text
        assert new.get_model("governance", "PledgeSignatory").objects.get(pk=declined.pk).decline_reason == plain[0][2]
        assert new.get_model("governance", "PledgeFollowUp").objects.get(pk=note.pk).note == "Met Jo Bloggs"

        migrate_to(BEFORE)
        assert [_stored(column, pk) for column, pk, _ in plain] == [text for _, _, text in plain]
    finally:
        migrate_to()
