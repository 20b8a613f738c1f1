"""The supplier's page shows its due diligence (the section that was a page of its own): questionnaires
with their status, scores per theme and whether the recommendations were acknowledged, the code of
conduct, audits and their findings, open and overdue corrective actions, and contracts."""

import datetime

import pytest
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.supply_chain.models import Severity
from lantern.supply_chain.services import due_diligence as services
from lantern.supply_chain.tests.factories_diligence import (
    AuditFindingFactory,
    ContractFactory,
    CorrectiveActionFactory,
    SupplierAuditFactory,
    SupplierFactory,
    officer,
    questionnaire_submitted,
)
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier():
    made = SupplierFactory(name="Brightway Cleaning Services Ltd")
    answered = questionnaire_submitted(made)
    services.questionnaire_acknowledge(questionnaire=answered, name="Priya Shah", role="Head of Compliance")
    services.code_of_conduct_acknowledge(supplier=made, version=services.code_of_conduct_current(), name="Mark Evans",
                                         role="Managing Director", acting_user=officer())
    audit = SupplierAuditFactory(supplier=made)
    critical = AuditFindingFactory(audit=audit, severity=Severity.CRITICAL)
    AuditFindingFactory(audit=audit, severity=Severity.LOW)
    today = timezone.localdate()
    CorrectiveActionFactory(finding=critical, action="Return every passport.", due_on=today - datetime.timedelta(days=3))
    CorrectiveActionFactory(finding=critical, action="Brief every worker.", due_on=today + datetime.timedelta(days=9))
    ContractFactory(supplier=made, title="Cleaning of council buildings", modern_slavery_clauses=False)
    return made


def page(user, supplier):
    response = verified_client(user).get(f"/supply-chain/suppliers/{supplier.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_supplier_page_shows_the_whole_due_diligence_picture(supplier):
    html = page(officer(), supplier)
    section = html[html.index('id="due-diligence"'):]
    questionnaire = supplier.questionnaires.get()
    assert questionnaire.reference in section and "Recommendations acknowledged" in section
    assert f"Acknowledged {timezone.localtime(questionnaire.acknowledged_at):%-d %b %Y}" in section
    assert "Score for each theme" in section
    for theme in questionnaire.scores:
        assert theme["title"] in section
    assert "Due diligence in the last 12 months" in section
    assert "Mark Evans (Managing Director)" in section
    assert supplier.audits.get().reference in section and "Critical, Low" in section
    assert "Return every passport." in section and "Brief every worker." in section and "1 overdue" in section
    assert "Cleaning of council buildings" in section
    assert "Send a questionnaire" in section and "Record an audit" in section


def test_the_programme_manager_reads_the_section_without_the_buttons(supplier):
    section = page(make_user(Role.PROGRAMME_MANAGER), supplier)
    assert supplier.questionnaires.get().reference in section and "Return every passport." in section
    assert "Send a questionnaire" not in section and "Record an audit" not in section and "Add a contract" not in section


def test_a_supplier_with_no_due_diligence_says_so(supplier):
    other = SupplierFactory()
    html = page(officer(), other)
    assert "No due diligence in the last 12 months" in html and "No questionnaire has been sent" in html
    assert "No audit has been recorded" in html and "Score for each theme" not in html


def test_the_old_due_diligence_address_leads_to_the_section(supplier):
    client = verified_client(officer())
    response = client.get(f"/supply-chain/suppliers/{supplier.pk}/due-diligence/")
    assert response.status_code == 302
    assert response["Location"] == f"/supply-chain/suppliers/{supplier.reference}/#due-diligence"


def test_case_workers_and_board_viewers_see_neither_the_page_nor_the_section(supplier):
    for role in (Role.CASE_WORKER, Role.BOARD_VIEWER):
        client = verified_client(make_user(role))
        assert client.get(f"/supply-chain/suppliers/{supplier.reference}/").status_code == 404
        assert client.get(f"/supply-chain/suppliers/{supplier.pk}/due-diligence/").status_code == 404
