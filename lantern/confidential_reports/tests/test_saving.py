"""A report is either saved or the reporter is told it was not: the form is spent only when the
report's transaction commits, so a save that fails can be sent again, and "already sent" is said
only when a report from that form exists."""

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

from lantern.confidential_reports import abuse, services
from lantern.confidential_reports.models import Report
from lantern.confidential_reports.tests.helpers import form_fields, receipt_from, report_data, resend

NOT_SENT = "your report has not been sent yet"
ALREADY_SENT = "This report has already been sent"


def fail_once(monkeypatch, error: Exception) -> list[int]:
    """Make the next report's save fail after its row was written (the audit entry is the last write in
    the transaction), as a database that stalls or drops the connection mid-save would."""
    calls: list[int] = []
    real_audit = services._audit

    def failing_audit(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error
        return real_audit(*args, **kwargs)

    monkeypatch.setattr(services, "_audit", failing_audit)
    return calls


@pytest.mark.django_db
def test_a_report_whose_save_fails_is_not_said_to_have_arrived_and_sending_again_saves_it(
        monkeypatch, django_capture_on_commit_callbacks):
    fail_once(monkeypatch, OperationalError("canceling statement due to statement timeout"))
    client = Client()
    data = report_data(client)
    with django_capture_on_commit_callbacks(execute=True):
        failed = client.post("/report/new/", data)
    assert failed.status_code == 503
    text = failed.content.decode()
    assert NOT_SENT in text and ALREADY_SENT not in text and 'id="receipt-code"' not in text
    assert "Press ‘Send report’ again" in text and data["what_happened"] in text.replace("&#x27;", "'")
    assert not Report.objects.exists()

    # Sending the same form again (the page's own hidden fields) saves it, once.
    with django_capture_on_commit_callbacks(execute=True):
        again = resend(client, failed, data)
    assert again.status_code == 200, again.content.decode()[:1000]
    assert receipt_from(again)
    assert Report.objects.count() == 1
    # Only now is the form spent.
    assert client.post("/report/new/", data).status_code == 409
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_form_is_spent_only_when_the_report_is_saved(monkeypatch, django_capture_on_commit_callbacks):
    """The original fault: the form was marked used before the save, so after a failed save the reporter
    was told their report had reached the team although nothing was saved."""
    fail_once(monkeypatch, OperationalError("server closed the connection unexpectedly"))
    client = Client()
    data = report_data(client)
    key = abuse.challenge_check(data["challenge"], data["pow_number"]).key
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/report/new/", data).status_code == 503
    assert not abuse.challenge_spent(key)
    assert abuse.challenge_claim(key, wait=0) == "claimed"  # and nothing still holds it
    abuse.challenge_release(key)


@pytest.mark.django_db
def test_a_second_sending_while_the_first_is_still_saving_does_not_say_it_arrived():
    client = Client()
    data = report_data(client)
    key = abuse.challenge_check(data["challenge"], data["pow_number"]).key
    assert abuse.challenge_claim(key) == "claimed"  # the first sending, still saving
    try:
        response = client.post("/report/new/", data)
    finally:
        abuse.challenge_release(key)
    assert response.status_code == 409
    text = response.content.decode()
    assert "This report is still being sent" in text and ALREADY_SENT not in text
    assert form_fields(text)["challenge"] == data["challenge"]  # the same form, to send again to check
    assert not Report.objects.exists()


def test_a_claim_is_held_released_and_spent(settings):
    key = "claim-test-key"
    assert abuse.challenge_claim(key, wait=0) == "claimed"
    assert abuse.challenge_claim(key, wait=0) == "busy"
    abuse.challenge_release(key)
    assert abuse.challenge_claim(key, wait=0) == "claimed"
    abuse.challenge_spend(key)
    abuse.challenge_release(key)
    assert abuse.challenge_claim(key, wait=0) == "spent"


# --- Drill: the stalled database ------------------------------------------------------------


@pytest.mark.django_db
def test_drill_the_stalled_database_with_a_mocked_stall(monkeypatch, django_capture_on_commit_callbacks):
    """The database stops answering mid-save (a statement timeout ends the wait): the reporter hears at
    once that nothing was sent, and sends it when the database is back."""
    fail_once(monkeypatch, OperationalError("canceling statement due to statement timeout"))
    client = Client()
    data = report_data(client)
    with django_capture_on_commit_callbacks(execute=True):
        stalled = client.post("/report/new/", data)
        assert stalled.status_code == 503 and not Report.objects.exists()
        recovered = resend(client, stalled, data)
    assert recovered.status_code == 200 and receipt_from(recovered)
    assert Report.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_drill_the_stalled_database_on_postgresql():
    """Another session holds the reports table locked; a lock timeout bounds the wait to a second, the
    reporter is told the report was not sent, and once the lock is gone the same form sends it."""
    if connection.vendor != "postgresql":
        pytest.skip("The drill locks a table on PostgreSQL.")
    client = Client()
    data = report_data(client)
    blocker = connections.create_connection("default")
    try:
        blocker.set_autocommit(False)
        with blocker.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{Report._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        stalled = client.post("/report/new/", data)
    finally:
        blocker.rollback()
        blocker.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert stalled.status_code == 503
    assert NOT_SENT in stalled.content.decode() and ALREADY_SENT not in stalled.content.decode()
    assert not Report.objects.exists()

    recovered = resend(client, stalled, data)
    assert recovered.status_code == 200 and receipt_from(recovered)
    assert Report.objects.count() == 1
    assert client.post("/report/new/", data).status_code == 409  # spent now that the report is saved
