"""What the audit trail keeps about a person's details: which fields changed, never the values."""

import json

import pytest

from lantern.audit.models import AuditEntry
from lantern.cases import services
from lantern.cases.tests.factories import CaseFactory
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def test_changing_a_persons_details_audits_the_field_names_only():
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/person/", {
        "given_name": "Ana", "family_name": "Popa", "gender": "female", "nationality": "Moldovan",
        "language": "Romanian",
    })
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="person.update").latest("sequence")
    logged = json.dumps(entry.changes)
    assert "nationality" in entry.changes and "given_name" in entry.changes
    for value in ("Ana", "Popa", "Moldovan", "Romanian", "female"):
        assert value not in logged


def test_a_draft_concern_audits_the_field_names_only():
    case = CaseFactory()
    concern = services.concern_start(raised_by=case.lead_worker)
    services.concern_update_draft(concern=concern, acting_user=case.lead_worker, nationality="Albanian",
                                  approximate_age=15, language="Albanian")
    entry = AuditEntry.objects.filter(action="concern.update_draft").latest("sequence")
    assert set(entry.changes) >= {"nationality", "approximate_age", "language"}
    assert "Albanian" not in json.dumps(entry.changes) and 15 not in entry.changes.values()
