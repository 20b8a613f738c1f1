"""Audits, findings and corrective actions through the pages: moves, overdue, evidence, reminders."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantern.accounts.models import Notification
from lantern.audit.models import AuditEntry
from lantern.supply_chain import action_workflow
from lantern.supply_chain.models import ActionStatus, AuditFinding, CorrectiveAction, SupplierAudit
from lantern.supply_chain.notifications import remind_corrective_actions
from lantern.supply_chain.services import due_diligence as services
from lantern.supply_chain.tests.factories_diligence import (
    AuditFindingFactory,
    CorrectiveActionFactory,
    SupplierFactory,
    officer,
)
from tests.support import png_bytes, verified_client

pytestmark = pytest.mark.django_db
A = ActionStatus


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_an_officer_records_an_audit_a_finding_and_a_corrective_action():
    procurement = officer(full_name="Helen Price")
    colleague = officer(full_name="Sam Okoro")
    client = verified_client(procurement)
    supplier = SupplierFactory(name="Midland Care Staffing Ltd")
    today = timezone.localdate()
    response = client.post(f"/supply-chain/suppliers/{supplier.pk}/audits/new/", {
        "kind": "worker_interviews", **_date("carried_out_on", today - datetime.timedelta(days=3)),
        "auditor": "Helen Price", "scope": "Interviews with eight agency carers, away from managers."})
    audit = SupplierAudit.objects.get(supplier=supplier)
    assert response.status_code == 302 and response.url == f"/supply-chain/audits/{audit.reference}/"

    response = client.post(f"/supply-chain/audits/{audit.reference}/findings/new/", {
        "severity": "critical", "description": "Carers pay a 'placement fee' deducted from wages."})
    finding = AuditFinding.objects.get(audit=audit)
    assert response.status_code == 302 and finding.severity == "critical"

    response = client.post(f"/supply-chain/findings/{finding.pk}/actions/new/", {
        "action": "Stop the fee and repay every carer.", "owner": colleague.pk,
        **_date("due_on", today + datetime.timedelta(days=14))})
    action = CorrectiveAction.objects.get(finding=finding)
    assert response.status_code == 302 and action.owner == colleague and action.status == A.OPEN
    assert colleague.notifications.filter(kind="supply_chain.action_assigned").exists()

    page = client.get(f"/supply-chain/audits/{audit.reference}/").content.decode()
    assert "Worker interviews" in page and "Critical" in page and "Stop the fee" in page and "Sam Okoro" in page
    dd = client.get(f"/supply-chain/suppliers/{supplier.reference}/").content.decode()
    assert audit.reference in dd and "Stop the fee and repay every carer." in dd


def test_audit_form_errors_are_clear_and_keep_what_was_typed():
    client = verified_client(officer())
    supplier = SupplierFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(f"/supply-chain/suppliers/{supplier.pk}/audits/new/", {
        "kind": "site_visit", **_date("carried_out_on", tomorrow), "auditor": "", "scope": "The depot"})
    text = response.content.decode()
    assert "Enter who carried out the audit" in text and "The depot" in text
    response = client.post(f"/supply-chain/suppliers/{supplier.pk}/audits/new/", {
        "kind": "site_visit", **_date("carried_out_on", tomorrow), "auditor": "H", "scope": "The depot"})
    assert "The date must be today or in the past" in response.content.decode()
    assert not SupplierAudit.objects.exists()


def test_the_owner_must_be_a_procurement_officer():
    from tests.support import make_user

    finding = AuditFindingFactory()
    with pytest.raises(Exception, match="procurement officer"):
        services.corrective_action_add(finding=finding, action="x", owner=make_user("case_worker"),
                                       due_on=timezone.localdate(), acting_user=officer())


def test_an_action_moves_through_its_statuses_and_refuses_others():
    procurement = officer()
    action = CorrectiveActionFactory()
    client = verified_client(procurement)
    url = f"/supply-chain/corrective-actions/{action.pk}/"
    page = client.get(url).content.decode()
    assert 'value="in_progress"' in page and 'value="verified"' not in page

    response = client.post(url, {"status": "verified", "note": ""})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client.post(url, {"status": "", "note": ""})
    assert response.status_code == 400 and "Enter a note, or choose a new status" in response.content.decode()

    client.post(url, {"status": "in_progress", "note": "Supplier has started repaying."})
    client.post(url, {"status": "done", "note": "All repaid; bank statements seen."})
    client.post(url, {"status": "verified", "note": "Checked with three carers."})
    action.refresh_from_db()
    assert action.status == A.VERIFIED and action.verified_by == procurement and action.done_on
    page = client.get(url).content.decode()
    assert "Supplier has started repaying." in page and "In progress → Done" in page
    assert [u.status_to for u in action.updates.all()] == ["in_progress", "done", "verified"]

    with pytest.raises(action_workflow.MoveRefused):
        services.corrective_action_update(action=action, acting_user=procurement, status=A.OPEN)


def test_overdue_is_derived_from_the_due_date_and_listed_across_suppliers():
    today = timezone.localdate()
    late = CorrectiveActionFactory(due_on=today - datetime.timedelta(days=3),
                                   finding__audit__supplier__name="Late Ltd")
    CorrectiveActionFactory(due_on=today + datetime.timedelta(days=3), finding__audit__supplier__name="OnTime Ltd")
    CorrectiveActionFactory(due_on=today - datetime.timedelta(days=9), status=A.DONE, done_on=today,
                            finding__audit__supplier__name="Finished Ltd")
    page = verified_client(officer()).get("/supply-chain/corrective-actions/overdue/").content.decode()
    assert "Late Ltd" in page and "OnTime Ltd" not in page and "Finished Ltd" not in page
    assert late.is_overdue(today)
    detail = verified_client(officer()).get(f"/supply-chain/corrective-actions/{late.pk}/").content.decode()
    assert "Overdue" in detail


def test_evidence_is_stored_encrypted_and_downloaded_named_by_reference(settings):
    procurement = officer()
    action = CorrectiveActionFactory()
    client = verified_client(procurement)
    content = png_bytes("blue")
    response = client.post(f"/supply-chain/corrective-actions/{action.pk}/evidence/", {
        "file": SimpleUploadedFile("carer-jane-doe-payslip.png", content, content_type="image/png"),
        "description": "Pay slip with names removed"})
    assert response.status_code == 302
    evidence = action.evidence.get()
    from django.core.files.storage import default_storage
    with default_storage.open(evidence.storage_path, "rb") as handle:
        assert content not in handle.read()
    download = client.get(f"/supply-chain/corrective-actions/{action.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download.content == evidence.read()
    assert "jane" not in download["Content-Disposition"]
    assert action.finding.audit.reference in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="corrective_action.evidence_download").exists()
    # The programme manager may read the evidence; a case worker may not.
    from tests.support import make_user
    assert verified_client(make_user("programme_manager")).get(
        f"/supply-chain/corrective-actions/{action.pk}/evidence/{evidence.pk}/").status_code == 200
    assert verified_client(make_user("case_worker")).get(
        f"/supply-chain/corrective-actions/{action.pk}/evidence/{evidence.pk}/").status_code == 403
    assert client.get(f"/supply-chain/corrective-actions/{action.pk}/evidence/{evidence.pk + 99}/").status_code == 404


def test_owners_are_reminded_once_of_actions_due_soon_and_overdue(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    owner = officer(full_name="Helen Price")
    owner.notify_by_email = True
    owner.save()
    overdue = CorrectiveActionFactory(owner=owner, due_on=today - datetime.timedelta(days=2))
    soon = CorrectiveActionFactory(owner=owner, due_on=today + datetime.timedelta(days=5))
    CorrectiveActionFactory(owner=owner, due_on=today + datetime.timedelta(days=30))  # not yet
    CorrectiveActionFactory(owner=owner, due_on=today - datetime.timedelta(days=2), status=A.DONE, done_on=today)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_corrective_actions(today) == 2
    kinds = dict(Notification.objects.filter(user=owner).values_list("kind", "message"))
    assert "is overdue: it was due" in kinds["supply_chain.action_overdue"]
    assert overdue.finding.audit.reference in kinds["supply_chain.action_overdue"]
    assert soon.finding.audit.reference in kinds["supply_chain.action_due_soon"]
    assert len(mail.outbox) == 2
    assert remind_corrective_actions(today) == 0  # told once
    # A new due date is told again.
    CorrectiveAction.objects.filter(pk=overdue.pk).update(due_on=today - datetime.timedelta(days=1))
    assert remind_corrective_actions(today) == 1


def test_the_daily_task_expires_links_and_reminds():
    from lantern.supply_chain.tasks import due_diligence_daily

    CorrectiveActionFactory(due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert due_diligence_daily() == {"expired": 0, "reminded": 1}


def test_the_code_of_conduct_acknowledgement_is_recorded_by_an_officer_once_per_version():
    procurement = officer()
    supplier = SupplierFactory()
    client = verified_client(procurement)
    url = f"/supply-chain/suppliers/{supplier.pk}/code-of-conduct/"
    page = client.get(url).content.decode()
    assert "Version 1 of the code" in page
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(url, {"name": "Mark Evans", "role": "Managing Director", **_date("acknowledged_on", day)})
    assert response.status_code == 302
    ack = supplier.code_acknowledgements.get()
    assert (ack.acknowledged_by_name, ack.acknowledged_on, ack.via, ack.recorded_by) == (
        "Mark Evans", day, "officer", procurement)
    dd = client.get(f"/supply-chain/suppliers/{supplier.reference}/").content.decode()
    assert "Mark Evans (Managing Director)" in dd and "Acknowledged" in dd
    response = client.post(url, {"name": "Someone Else", **_date("acknowledged_on", day)})
    assert "has already acknowledged version 1" in response.content.decode()
