"""Who may open the due-diligence pages: procurement officers manage, programme managers read, every
other role is refused (404 for the pages of one supplier, as for the supplier's own page; 403 for the
others); a record that does not exist is 404."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.supply_chain.tests.factories_diligence import (
    ContractFactory,
    CorrectiveActionFactory,
    SupplierFactory,
    officer,
    questionnaire_sent,
)
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db
READERS = {Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER}
MANAGERS = {Role.PROCUREMENT_OFFICER}


@pytest.fixture
def records():
    questionnaire, _ = questionnaire_sent()
    action = CorrectiveActionFactory(finding__audit__supplier=questionnaire.supplier)
    contract = ContractFactory(supplier=questionnaire.supplier)
    return questionnaire, action, contract


def test_reading_pages_are_for_procurement_officers_and_programme_managers(records):
    questionnaire, action, _contract = records
    supplier = questionnaire.supplier
    assert_access(f"/supply-chain/suppliers/{supplier.reference}/", allowed=READERS, refused=NOT_FOUND)
    assert_access(f"/supply-chain/suppliers/{supplier.pk}/due-diligence/", allowed=READERS, refused=NOT_FOUND)
    for url in (f"/supply-chain/questionnaires/{questionnaire.reference}/",
                f"/supply-chain/audits/{action.finding.audit.reference}/",
                f"/supply-chain/corrective-actions/{action.pk}/",
                "/supply-chain/corrective-actions/overdue/",
                "/supply-chain/contracts/"):
        assert_access(url, allowed=READERS, refused=FORBIDDEN)


def test_managing_pages_are_for_procurement_officers_only(records):
    questionnaire, action, contract = records
    supplier = questionnaire.supplier
    for url in (f"/supply-chain/suppliers/{supplier.pk}/questionnaires/new/",
                f"/supply-chain/suppliers/{supplier.pk}/code-of-conduct/",
                f"/supply-chain/suppliers/{supplier.pk}/audits/new/"):
        # The supplier is read first: those who may not see suppliers are told it is not there; the
        # programme manager, who may, is refused the change.
        assert_access(url, allowed=READERS, refused=NOT_FOUND, ok=(200, FORBIDDEN))
        assert verified_client(officer()).get(url).status_code == 200
        assert verified_client(make_user(Role.PROGRAMME_MANAGER)).get(url).status_code == FORBIDDEN
    for url in (f"/supply-chain/audits/{action.finding.audit.reference}/findings/new/",
                f"/supply-chain/findings/{action.finding.pk}/actions/new/",
                f"/supply-chain/corrective-actions/{action.pk}/evidence/",
                f"/supply-chain/questionnaires/{questionnaire.reference}/withdraw/",
                "/supply-chain/contracts/new/",
                f"/supply-chain/contracts/{contract.pk}/",
                f"/supply-chain/contracts/{contract.pk}/delete/"):
        assert_access(url, allowed=MANAGERS, refused=FORBIDDEN)


def test_the_programme_manager_reads_without_buttons_and_cannot_post():
    questionnaire, _ = questionnaire_sent()
    action = CorrectiveActionFactory(finding__audit__supplier=questionnaire.supplier)
    manager = verified_client(make_user(Role.PROGRAMME_MANAGER))
    page = manager.get(f"/supply-chain/suppliers/{questionnaire.supplier.reference}/").content.decode()
    assert questionnaire.reference in page and "Send a questionnaire" not in page and "Record an audit" not in page
    detail = manager.get(f"/supply-chain/questionnaires/{questionnaire.reference}/").content.decode()
    assert "Revoke the link" not in detail and questionnaire.contact_name in detail
    assert manager.post(f"/supply-chain/questionnaires/{questionnaire.reference}/revoke-link/").status_code == 403
    assert manager.post(f"/supply-chain/corrective-actions/{action.pk}/", {"status": "done"}).status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.token_hash is not None


def test_the_case_worker_and_board_viewer_are_refused_and_missing_records_are_404():
    supplier = SupplierFactory()
    for role in (Role.CASE_WORKER, Role.BOARD_VIEWER):
        client = verified_client(make_user(role))
        assert client.get(f"/supply-chain/suppliers/{supplier.reference}/").status_code == 404
        assert client.get(f"/supply-chain/suppliers/{supplier.pk}/due-diligence/").status_code == 404
    client = verified_client(officer())
    for url in (f"/supply-chain/suppliers/{supplier.pk + 999}/due-diligence/",
                "/supply-chain/questionnaires/DQ-NONE-XX/", "/supply-chain/audits/AU-NONE-XX/",
                "/supply-chain/corrective-actions/999999/", "/supply-chain/contracts/999999/"):
        assert client.get(url).status_code == 404, url


def test_opening_a_questionnaire_is_in_the_audit_trail():
    from lantern.audit.models import AuditEntry

    questionnaire, _ = questionnaire_sent()
    user = make_user(Role.PROGRAMME_MANAGER)
    verified_client(user).get(f"/supply-chain/questionnaires/{questionnaire.reference}/")
    assert AuditEntry.objects.filter(actor=user, action="questionnaire.view",
                                     target_id=str(questionnaire.pk)).exists()
