"""Who may open which case pages: each role, the case team, oversight with a purpose, children's cases."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases.models import CaseMember
from lantern.cases.tests.factories import CaseFactory, ChildrensAgencyFactory, child_case, worker
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db


def test_list_pages_by_role():
    assert_access("/cases/", allowed={Role.CASE_WORKER, Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER},
                  refused=FORBIDDEN)
    # The reporting team raises concerns from confidential reports.
    assert_access("/concerns/", allowed={Role.FIRST_RESPONDER, Role.CASE_WORKER, Role.SHOP_COORDINATOR,
                                         Role.PROGRAMME_MANAGER, Role.REPORTING_TEAM}, refused=FORBIDDEN)
    assert_access("/concerns/new/", allowed={Role.FIRST_RESPONDER, Role.CASE_WORKER, Role.SHOP_COORDINATOR,
                                             Role.REPORTING_TEAM}, refused=FORBIDDEN)
    assert_access("/my-work/", allowed={Role.CASE_WORKER, Role.SHOP_COORDINATOR}, refused=FORBIDDEN)
    assert_access("/shop/agenda/", allowed={Role.SHOP_COORDINATOR}, refused=FORBIDDEN)


def test_signed_out_visitors_are_sent_to_sign_in():
    case = CaseFactory()
    for url in ("/cases/", "/concerns/", "/my-work/", "/shop/agenda/", f"/cases/{case.reference}/"):
        response = Client().get(url)
        assert response.status_code == 302 and "sign-in" in response["Location"], url


OVERSIGHT = {Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER}


def assert_oversight_asked_why(url: str) -> None:
    """Oversight roles off the team are sent to the purpose page; every other role finds nothing (404)."""
    assert_access(url, allowed=OVERSIGHT, ok=(302,), refused=NOT_FOUND)
    for role in OVERSIGHT:
        response = verified_client(make_user(role)).get(url)
        assert response["Location"].startswith("/access/purpose/"), role


def test_a_case_page_by_role_for_someone_not_on_the_team():
    """Only oversight roles reach a case they are not on (after giving a reason); everyone else gets 404."""
    case = CaseFactory()
    assert_oversight_asked_why(f"/cases/{case.reference}/")
    assert_oversight_asked_why(f"/cases/{case.reference}/referral-pack/nrm/")
    for path in ("screening/", "notes/new/", "close/"):
        assert_oversight_asked_why(f"/cases/{case.reference}/{path}")


def test_a_team_member_opens_the_case_without_a_question_and_the_view_is_audited():
    case = CaseFactory()
    colleague = worker()
    CaseMember.objects.create(case=case, user=colleague)
    for user in (case.lead_worker, colleague):
        response = verified_client(user).get(f"/cases/{case.reference}/")
        assert response.status_code == 200
        assert case.person.given_name in response.content.decode()
    views = AuditEntry.objects.filter(action="case.view").order_by("sequence")
    assert [v.actor for v in views] == [case.lead_worker, colleague]
    assert all(v.target_label == case.reference and v.changes == {} for v in views)
    verified_client(colleague).get(f"/cases/{case.reference.lower()}/")
    assert AuditEntry.objects.filter(action="case.view").count() == 3


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.FIRST_RESPONDER, Role.REPORTING_TEAM, Role.BOARD_VIEWER,
                                  Role.PROCUREMENT_OFFICER, Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR])
def test_outsiders_get_not_found_as_if_the_case_did_not_exist(role):
    case = CaseFactory()
    client = verified_client(worker(role))
    missing = client.get("/cases/MSC-2222-22A/")
    forbidden = client.get(f"/cases/{case.reference}/")
    assert missing.status_code == forbidden.status_code == 404
    assert case.reference not in forbidden.content.decode()
    assert client.post(f"/cases/{case.reference}/notes/new/", {"body": "x"}).status_code == 404
    assert not case.notes.exists()
    assert not AuditEntry.objects.filter(action="case.view").exists()


def test_a_shop_coordinator_gives_a_reason_before_opening_a_case_not_on_their_team():
    case = CaseFactory()
    coordinator = worker(Role.SHOP_COORDINATOR)
    client = verified_client(coordinator)

    response = client.get(f"/cases/{case.reference}/")
    assert response.status_code == 302
    purpose_url = response["Location"]
    assert purpose_url.startswith("/access/purpose/")
    assert parse_qs(urlparse(purpose_url).query)["next"] == [f"/cases/{case.reference}/"]
    assert case.person.given_name not in purpose_url and case.person.family_name not in purpose_url
    assert not AuditEntry.objects.filter(action="case.view").exists()
    assert b"Why do you need to open this record?" in client.get(purpose_url).content

    done = client.post(purpose_url, {"reason": "shop"})
    assert done.status_code == 302 and done["Location"] == f"/cases/{case.reference}/"
    reason = AuditEntry.objects.get(action="record.access_purpose")
    assert reason.actor == coordinator and reason.target_id == str(case.pk)

    page = client.get(f"/cases/{case.reference}/")
    assert page.status_code == 200 and case.person.given_name in page.content.decode()
    view = AuditEntry.objects.get(action="case.view")
    assert view.actor == coordinator and view.changes == {"purpose_entry": reason.sequence}
    # Oversight may also work the case.
    assert "Record a screening" in page.content.decode()


def test_a_coordinator_on_the_team_is_not_asked_why():
    coordinator = worker(Role.SHOP_COORDINATOR)
    case = CaseFactory(team=[coordinator])
    assert verified_client(coordinator).get(f"/cases/{case.reference}/").status_code == 200


def test_childrens_cases_are_restricted_to_childrens_services_and_the_team(settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True
    case = child_case()
    url = f"/cases/{case.reference}/"

    manager = make_user(Role.PROGRAMME_MANAGER)  # no children's capability
    assert verified_client(manager).get(url).status_code == 404
    assert verified_client(worker(Role.SHOP_COORDINATOR)).get(url).status_code == 404  # not children's services
    assert verified_client(worker()).get(url).status_code == 404

    childrens_coordinator = worker(Role.SHOP_COORDINATOR, agency=ChildrensAgencyFactory())
    client = verified_client(childrens_coordinator)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/access/purpose/")
    client.post(response["Location"], {"reason": "safeguarding"})
    assert client.get(url).status_code == 200

    # Anyone on the team sees it, whatever their agency.
    police = worker()
    CaseMember.objects.create(case=case, user=police, role_in_case="Police liaison")
    assert verified_client(police).get(url).status_code == 200
    CaseMember.objects.create(case=case, user=manager)
    assert verified_client(manager).get(url).status_code == 200


def test_without_the_restriction_children_s_cases_need_the_capability(settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = False
    case = child_case()
    url = f"/cases/{case.reference}/"
    assert verified_client(make_user(Role.PROGRAMME_MANAGER)).get(url).status_code == 404
    assert verified_client(worker(Role.SHOP_COORDINATOR)).get(url).status_code == 302


def test_every_case_page_view_is_audited():
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    for _ in range(3):
        client.get(f"/cases/{case.reference}/")
    entries = AuditEntry.objects.filter(action="case.view", target_id=str(case.pk))
    assert entries.count() == 3
    assert {e.kind for e in entries} == {"read"} and {e.actor for e in entries} == {case.lead_worker}


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.FIRST_RESPONDER, Role.REPORTING_TEAM, Role.BOARD_VIEWER,
                                  Role.SYSTEM_ADMINISTRATOR])
def test_an_outsider_cannot_add_anyone_to_the_case_team(role):
    case = CaseFactory()
    outsider = worker(role)
    recruit = worker()
    response = verified_client(outsider).post(f"/cases/{case.reference}/team/new/",
                                              {"user": recruit.pk, "role_in_case": "Helper"})
    assert response.status_code == 404
    assert list(CaseMember.objects.filter(case=case).values_list("user", flat=True)) == [case.lead_worker.pk]
    assert not AuditEntry.objects.filter(action="case.add_member").exists()
    assert not case.events.filter(kind="team.add").exists()
