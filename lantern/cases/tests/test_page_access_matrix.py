"""Who may open every page of a case: the team; oversight roles after giving a reason; nobody else."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.cases.tests.factories import CaseFactory, worker
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

CASE_PAGES = [
    "", "screening/", "consent/", "referrals/new/", "decisions/new/", "support/new/", "tasks/new/", "notes/new/",
    "team/new/", "shop/", "close/", "person/", "safety-plan/", "documents/new/", "referral-pack/nrm/",
    "referral-pack/dtn/",
]


@pytest.mark.parametrize("page", CASE_PAGES)
def test_every_case_page_is_for_the_team_and_hidden_from_everyone_else(page):
    case = CaseFactory()
    url = f"/cases/{case.reference}/{page}"
    assert verified_client(case.lead_worker).get(url).status_code == 200

    for outsider in (worker(), make_user(Role.FIRST_RESPONDER), make_user(Role.BOARD_VIEWER),
                     make_user(Role.PROCUREMENT_OFFICER), make_user(Role.DATA_PROTECTION_OFFICER),
                     make_user(Role.SYSTEM_ADMINISTRATOR)):
        assert verified_client(outsider).get(url).status_code == 404, outsider.role_set

    # Oversight outside the caseload: a reason first, then the page.
    coordinator = verified_client(make_user(Role.SHOP_COORDINATOR))
    first = coordinator.get(url)
    assert first.status_code == 302 and first["Location"].startswith("/access/purpose/")
    coordinator.post(first["Location"], {"reason": "oversight"})
    assert coordinator.get(url).status_code == 200


def test_job_status_is_for_its_starter_only(dpo_client, dpo_user, django_capture_on_commit_callbacks):
    from lantern.core.models import BackgroundJob

    with django_capture_on_commit_callbacks(execute=True):
        dpo_client.post("/audit/verify/")
    job = BackgroundJob.objects.get()
    assert dpo_client.get(f"/jobs/{job.pk}/status/").status_code == 200
    other = verified_client(make_user(Role.DATA_PROTECTION_OFFICER))
    assert other.get(f"/jobs/{job.pk}/status/").status_code == 404
