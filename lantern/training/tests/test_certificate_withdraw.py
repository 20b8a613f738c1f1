"""Withdrawing a certificate issued in error: from the person's training record, by those who run training,
with a reason (encrypted, never shown publicly); the public check then says it was withdrawn."""

import datetime

import pytest
from django.db import connection

from lantern.accounts.capabilities import Capability, Role, roles_with
from lantern.audit.models import AuditEntry
from lantern.core import crypto
from lantern.training.models import Certificate, CertificateSource, Trainee
from lantern.training.services.certificates import certificate_issue
from lantern.training.tests.conftest import complete
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

REASON = "Issued to the wrong Aisha: Aisha Rahman did not attend"


@pytest.fixture
def certificate(catalogue, coordinator):
    trainee = Trainee.objects.create(full_name="Aisha Rahman", name_key="aisha rahman")
    attendance = complete(trainee, catalogue["first-responder"], datetime.date(2026, 3, 12))
    return certificate_issue(holder_name="Aisha Rahman", course=catalogue["first-responder"], trainee=trainee,
                             source=CertificateSource.MANUAL, attendance=attendance, acting_user=coordinator)


def test_a_coordinator_withdraws_a_certificate_from_the_record_and_the_public_check_says_so(
        certificate, coordinator_client, client):
    record = coordinator_client.get(f"/training/people/{certificate.trainee_id}/").content.decode()
    url = f"/training/certificates/{certificate.code}/withdraw/"
    assert f'href="{url}"' in record

    refused = coordinator_client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and "Enter why the certificate is withdrawn" in refused.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None

    done = coordinator_client.post(url, {"reason": REASON})
    assert done.status_code == 302 and done["Location"] == f"/training/people/{certificate.trainee_id}/"
    withdrawn = Certificate.objects.get(pk=certificate.pk)
    assert withdrawn.revoked_at is not None and withdrawn.revoked_reason == REASON
    with connection.cursor() as cursor:
        cursor.execute("SELECT revoked_reason FROM training_certificate WHERE id = %s", [certificate.pk])
        stored = cursor.fetchone()[0]
    assert "Aisha" not in stored and crypto.decrypt(stored) == REASON

    check = client.get("/learn/certificates/verify/", {"code": certificate.code}).content.decode()
    assert "was withdrawn" in check and "wrong" not in check
    record = coordinator_client.get(f"/training/people/{certificate.trainee_id}/").content.decode()
    assert certificate.code not in record  # no longer among the person's certificates
    assert coordinator_client.get(url).status_code == NOT_FOUND  # withdrawn once only
    entry = AuditEntry.objects.get(action="training.certificate.revoke")
    assert entry.changes == {"reason": True} and "Aisha" not in entry.target_label


def test_only_those_who_run_training_may_withdraw_a_certificate(certificate):
    url = f"/training/certificates/{certificate.code}/withdraw/"
    managers = roles_with(Capability.MANAGE_TRAINING)
    assert_access(url, allowed=managers, refused=FORBIDDEN)
    for role in sorted(set(Role.values) - managers):
        response = verified_client(make_user(role)).post(url, {"reason": REASON})
        assert response.status_code == FORBIDDEN, role
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
    assert not AuditEntry.objects.filter(action="training.certificate.revoke").exists()
    coordinator = verified_client(make_user(Role.TRAINING_COORDINATOR))
    assert coordinator.get("/training/certificates/LC-NONE-XXXXXX/withdraw/").status_code == NOT_FOUND
