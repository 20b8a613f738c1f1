"""The programme manager's pages of the pledge register, through HTTP: the list and its filters, a
request's page, approving (with the email to the requester), declining with a reason, recording
follow-up and withdrawing; each write audited."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.governance import services_pledge
from lantern.governance.models import FollowUpKind, PledgeStatus
from lantern.governance.tests.pledge_support import approved, programme_manager, requested
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_the_register_lists_and_filters_by_status_and_sector():
    manager = programme_manager()
    approved(manager, organisation="West Bromwich Builders Ltd", sector="business")
    requested(organisation="St Mary's Church, Wednesbury", sector="faith")
    client = verified_client(manager)
    page = client.get("/governance/pledge/").content.decode()
    assert "West Bromwich Builders Ltd" in page and "St Mary&#x27;s Church, Wednesbury" in page
    assert "1 request waiting for your decision" in page
    only_faith = client.get("/governance/pledge/", {"sector": "faith"}).content.decode()
    assert "St Mary" in only_faith and "West Bromwich Builders" not in only_faith
    only_signed = client.get("/governance/pledge/", {"status": "approved"}).content.decode()
    assert "West Bromwich Builders" in only_signed and "St Mary" not in only_signed
    nonsense = client.get("/governance/pledge/", {"status": "nonsense"})
    assert nonsense.status_code == 200  # an unknown filter is ignored, not an error


def test_the_programme_manager_approves_a_request_and_the_requester_is_emailed(django_capture_on_commit_callbacks):
    manager = programme_manager()
    signatory = requested(organisation="Tividale Tyres Ltd", contact_email="owner@tividale-tyres.example")
    client = verified_client(manager)
    page = client.get(f"/governance/pledge/{signatory.reference}/").content.decode()
    assert "owner@tividale-tyres.example" in page and "Approve" in page
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/governance/pledge/{signatory.reference}/approve/", _date("signed_on", today))
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.status == PledgeStatus.APPROVED and signatory.signed_on == today
    assert signatory.decided_by == manager
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["owner@tividale-tyres.example"]
    assert "Tividale Tyres Ltd" in email.subject and signatory.reference in email.body
    entry = AuditEntry.objects.get(action="pledge.approve")
    assert entry.actor == manager and entry.target_id == str(signatory.pk)
    # Approved once: it cannot be approved again.
    again = client.post(f"/governance/pledge/{signatory.reference}/approve/", _date("signed_on", today))
    assert again.status_code == 400 and "cannot become" in again.content.decode()


def test_a_signing_date_in_the_future_is_refused():
    signatory = requested()
    client = verified_client(programme_manager())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(f"/governance/pledge/{signatory.reference}/approve/", _date("signed_on", tomorrow))
    assert response.status_code == 400 and "today or in the past" in response.content.decode()
    signatory.refresh_from_db()
    assert signatory.status == PledgeStatus.REQUESTED


def test_declining_needs_a_reason_and_sends_no_email(django_capture_on_commit_callbacks):
    signatory = requested()
    client = verified_client(programme_manager())
    url = f"/governance/pledge/{signatory.reference}/decline/"
    assert client.post(url, {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "A duplicate of an earlier request"}).status_code == 302
    signatory.refresh_from_db()
    assert signatory.status == PledgeStatus.DECLINED and signatory.decline_reason == "A duplicate of an earlier request"
    assert not mail.outbox
    assert AuditEntry.objects.filter(action="pledge.decline", target_id=str(signatory.pk)).exists()
    page = client.get(f"/governance/pledge/{signatory.reference}/").content.decode()
    assert "A duplicate of an earlier request" in page


def test_follow_up_is_recorded_and_updates_the_signatory():
    manager = programme_manager()
    signatory = approved(manager)
    client = verified_client(manager)
    url = f"/governance/pledge/{signatory.reference}/follow-up/"
    day = timezone.localdate()
    missing_link = client.post(url, {"kind": FollowUpKind.STATEMENT, **_date("happened_on", day)})
    assert missing_link.status_code == 400 and "web address of the published statement" in missing_link.content.decode()
    assert client.post(url, {"kind": FollowUpKind.STATEMENT, "link": "https://org.example/modern-slavery",
                             **_date("happened_on", day)}).status_code == 302
    assert client.post(url, {"kind": FollowUpKind.TRAINING, "note": "Twelve warehouse supervisors trained",
                             **_date("happened_on", day)}).status_code == 302
    signatory.refresh_from_db()
    assert signatory.statement_url == "https://org.example/modern-slavery" and signatory.statement_published_on == day
    assert signatory.training_done_on == day
    page = client.get(f"/governance/pledge/{signatory.reference}/").content.decode()
    assert "Twelve warehouse supervisors trained" in page
    assert AuditEntry.objects.filter(action="pledge.follow_up").count() == 2


def test_follow_up_is_refused_before_signing():
    signatory = requested()
    client = verified_client(programme_manager())
    response = client.post(f"/governance/pledge/{signatory.reference}/follow-up/",
                           {"kind": FollowUpKind.NOTE, "note": "Called them",
                            **_date("happened_on", timezone.localdate())})
    assert response.status_code == 400 and "only for an organisation that has signed" in response.content.decode()


def test_withdrawing_takes_a_signatory_off_the_public_page():
    manager = programme_manager()
    signatory = approved(manager, organisation="Smethwick Snacks Ltd")
    assert "Smethwick Snacks Ltd" in verified_client(manager).get("/pledge/").content.decode()
    client = verified_client(manager)
    response = client.post(f"/governance/pledge/{signatory.reference}/withdraw/",
                           {"reason": "The company closed", **_date("withdrawn_on", timezone.localdate())})
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.status == PledgeStatus.WITHDRAWN and signatory.withdrawal_reason == "The company closed"
    assert "Smethwick Snacks Ltd" not in client.get("/pledge/").content.decode()
    assert AuditEntry.objects.filter(action="pledge.withdraw").exists()
    # A request never signed cannot be withdrawn.
    pending = requested()
    refused = client.post(f"/governance/pledge/{pending.reference}/withdraw/",
                          {"reason": "x", **_date("withdrawn_on", timezone.localdate())})
    assert refused.status_code == 400


def test_governance_viewers_read_the_register_without_names_or_contact_details():
    signatory = requested(signatory_name="Harjit Sandhu", contact_email="harjit@org.example")
    for role in (Role.BOARD_VIEWER, Role.SHOP_COORDINATOR):
        client = verified_client(make_user(role))
        page = client.get(f"/governance/pledge/{signatory.reference}/").content.decode()
        assert signatory.organisation in page
        assert "Harjit Sandhu" not in page and "harjit@org.example" not in page
        assert "pledge-approve" not in page and "/approve/" not in page


def test_the_programme_managers_view_of_contact_details_is_audited():
    manager = programme_manager()
    signatory = requested()
    verified_client(manager).get(f"/governance/pledge/{signatory.reference}/")
    assert AuditEntry.objects.filter(action="pledgesignatory.view", actor=manager,
                                     target_id=str(signatory.pk)).exists()


def test_the_audit_trail_names_a_signatory_by_its_reference_only():
    manager = programme_manager()
    signatory = approved(manager, organisation="Sam Price Plumbing", signatory_name="Sam Price")
    services_pledge.pledge_follow_up_record(signatory=signatory, acting_user=manager, kind="training",
                                            happened_on=timezone.localdate())
    services_pledge.pledge_withdraw(signatory=signatory, acting_user=manager, reason="Ceased trading")
    declined = services_pledge.pledge_decline(signatory=requested(organisation="Jo Bloggs Cleaning"),
                                              acting_user=manager, reason="A duplicate")
    entries = AuditEntry.objects.filter(action__startswith="pledge.")
    assert {e.action for e in entries} == {"pledge.request", "pledge.approve", "pledge.follow_up", "pledge.withdraw",
                                           "pledge.decline"}
    assert {e.target_label for e in entries} == {signatory.reference, declined.reference}
    assert "Price" not in str([e.changes for e in entries]) and "Bloggs" not in str([e.changes for e in entries])
