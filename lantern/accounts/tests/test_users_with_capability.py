"""`users_with_capability`: the one query for "who can do X" (assignee lists, notification recipients)."""

import pytest

from lantern.accounts.capabilities import Capability, Role
from lantern.accounts.models import Agency, AgencyType
from lantern.accounts.selectors import users_with_capability
from lantern.audit.capabilities import EXPORT_AUDIT, VIEW_AUDIT
from tests.support import make_user

pytestmark = pytest.mark.django_db


def test_active_holders_of_the_capability_once_each_by_name():
    coordinator = make_user(Role.SHOP_COORDINATOR, Role.CASE_WORKER, full_name="Bea Coordinator")
    worker = make_user(Role.CASE_WORKER, full_name="Ann Worker")
    make_user(Role.CASE_WORKER, full_name="Gone Worker", is_active=False)
    make_user(Role.FIRST_RESPONDER, Role.SYSTEM_ADMINISTRATOR)

    assert list(users_with_capability(Capability.WORK_CASES)) == [worker, coordinator]
    assert list(users_with_capability(Capability.TRIAGE_CONCERN)) == [coordinator]
    assert list(users_with_capability("no.such.capability")) == []


def test_limited_to_one_agency():
    police = Agency.objects.create(name="Police", agency_type=AgencyType.POLICE)
    officer = make_user(Role.CASE_WORKER, agency=police)
    make_user(Role.CASE_WORKER)
    assert list(users_with_capability(Capability.WORK_CASES, agency=police)) == [officer]


def test_the_audit_apps_capabilities_are_the_roles_capabilities():
    assert Capability.VIEW_AUDIT == VIEW_AUDIT and Capability.EXPORT_AUDIT == EXPORT_AUDIT
    dpo = make_user(Role.DATA_PROTECTION_OFFICER)
    assert dpo.can(VIEW_AUDIT) and dpo.can(EXPORT_AUDIT)
    assert list(users_with_capability(VIEW_AUDIT)) == [dpo]
