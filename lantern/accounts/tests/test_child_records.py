"""Children's records can be restricted to children's services staff."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType
from lantern.accounts.selectors import can_see_child_records
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def childrens_trust():
    return Agency.objects.create(name="Children's Trust", agency_type=AgencyType.COUNCIL_SERVICE,
                                 is_childrens_services=True)


def test_restricted_to_childrens_services_staff_by_default(settings, childrens_trust):
    assert settings.LANTERN_RESTRICT_CHILD_RECORDS is True
    assert can_see_child_records(make_user(Role.CASE_WORKER, agency=childrens_trust))
    assert not can_see_child_records(make_user(Role.CASE_WORKER))  # adult services case worker
    assert not can_see_child_records(make_user(Role.FIRST_RESPONDER, agency=childrens_trust))
    assert not can_see_child_records(make_user(Role.SYSTEM_ADMINISTRATOR, agency=childrens_trust))


def test_partnership_can_allow_every_case_worker(settings, childrens_trust):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = False
    assert can_see_child_records(make_user(Role.CASE_WORKER))
    assert not can_see_child_records(make_user(Role.BOARD_VIEWER, agency=childrens_trust))
