"""Who may open every page of a case: the team; oversight roles after giving a reason; nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.accounts.capabilities import Role
from lantern.cases import services
from lantern.cases.models import Case
from lantern.cases.tests.factories import CaseFactory, ChildrensAgencyFactory, child_case, worker
from tests.support import make_user, png_bytes, verified_client

pytestmark = pytest.mark.django_db

DOCUMENT = "documents/{document}/"  # the download of a document on the case

CASE_PAGES = [
    "", "screening/", "consent/", "referrals/new/", "decisions/new/", "support/new/", "tasks/new/", "notes/new/",
    "team/new/", "shop/", "close/", "reopen/", "age-assessment/", "missing/", "person/", "safety-plan/",
    "documents/new/", DOCUMENT, "referral-pack/nrm/", "referral-pack/dtn/",
    "referral-questions/", "referral-questions/what-happened/", "referral-questions/uk-place/new/",
]
CHILD_CASE_PAGES = [page for page in CASE_PAGES if page not in ("consent/", "referral-pack/dtn/")]

OUTSIDER_ROLES = [Role.CASE_WORKER, Role.FIRST_RESPONDER, Role.REPORTING_TEAM, Role.BOARD_VIEWER,
                  Role.PROCUREMENT_OFFICER, Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR]


def page_url(case: Case, page: str) -> str:
    if page == DOCUMENT:
        document = services.attachment_add(case=case, acting_user=case.lead_worker,
                                           upload=SimpleUploadedFile("photo.png", png_bytes()))
        page = DOCUMENT.format(document=document.pk)
    return f"/cases/{case.reference}/{page}"


def assert_reached_after_a_reason(user, url: str) -> None:
    """Oversight outside the caseload: sent to the purpose page first, then the page."""
    client = verified_client(user)
    first = client.get(url)
    assert first.status_code == 302 and first["Location"].startswith("/access/purpose/"), user.role_set
    client.post(first["Location"], {"reason": "oversight"})
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", CASE_PAGES)
def test_every_case_page_is_for_the_team_and_hidden_from_everyone_else(page):
    case = CaseFactory()
    url = page_url(case, page)
    assert verified_client(case.lead_worker).get(url).status_code == 200

    for role in OUTSIDER_ROLES:
        outsider = worker(role)
        assert verified_client(outsider).get(url).status_code == 404, role

    assert_reached_after_a_reason(make_user(Role.SHOP_COORDINATOR), url)
    assert_reached_after_a_reason(make_user(Role.PROGRAMME_MANAGER), url)


@pytest.mark.parametrize("page", CHILD_CASE_PAGES)
def test_every_page_of_a_restricted_childs_case_is_hidden_from_oversight_outside_childrens_services(page, settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True
    case = child_case()
    url = page_url(case, page)
    assert verified_client(case.lead_worker).get(url).status_code == 200

    # Those who see other cases (the roles without any case access are covered above): a case worker off the
    # team, and oversight roles outside a children's services agency.
    for role in (Role.CASE_WORKER, Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER):
        assert verified_client(worker(role)).get(url).status_code == 404, role

    assert_reached_after_a_reason(worker(Role.SHOP_COORDINATOR, agency=ChildrensAgencyFactory()), url)
