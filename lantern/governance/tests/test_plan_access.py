"""Who may open each action-plan and maturity page: VIEW_GOVERNANCE roles read (programme manager,
SHOP coordinator, board viewer), MANAGE_GOVERNANCE roles change (programme manager, SHOP coordinator);
every other role is refused with 403, and a record that does not exist is 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.accounts.capabilities import Capability, Role, roles_with
from lantern.governance import services_maturity, services_plan
from lantern.governance.models import FrameworkCriterion, ProgressEvidence
from lantern.governance.tests.support_plan import manager, plan_action
from tests.support import FORBIDDEN, assert_access, make_user, png_bytes, verified_client

pytestmark = pytest.mark.django_db
READERS = roles_with(Capability.VIEW_GOVERNANCE)
MANAGERS = roles_with(Capability.MANAGE_GOVERNANCE)


@pytest.fixture
def records():
    pm = manager()
    action = plan_action(pm)
    update = services_plan.progress_update_add(
        action=action, acting_user=pm, rag="green", narrative="Started.",
        uploads=[SimpleUploadedFile("minutes.png", png_bytes(), content_type="image/png")])
    assessment = services_maturity.assessment_create(acting_user=pm, title="2025", assessed_on=update.on)
    criterion = FrameworkCriterion.objects.filter(section__framework=assessment.framework).first()
    score = services_maturity.assessment_score(assessment=assessment, criterion=criterion, acting_user=pm, level=2,
                                               evidence="Some.", agreed_by="SASP")
    return action, assessment, criterion, score


def test_the_roles_are_the_ones_the_issue_names():
    assert READERS == {Role.PROGRAMME_MANAGER, Role.SHOP_COORDINATOR, Role.BOARD_VIEWER}
    assert MANAGERS == {Role.PROGRAMME_MANAGER, Role.SHOP_COORDINATOR}


def test_reading_pages_are_for_governance_readers(records):
    action, assessment, criterion, _score = records
    period = action.objective.priority.period
    for url in ("/governance/plan/", "/governance/plan/?view=agency", "/governance/plan/?view=overdue",
                "/governance/plan/?view=changed", "/governance/plan/periods/", f"/governance/plan/periods/{period.pk}/",
                f"/governance/plan/actions/{action.pk}/", "/governance/maturity/",
                f"/governance/maturity/assessments/{assessment.pk}/", "/governance/maturity/framework/",
                f"/governance/maturity/framework/versions/{assessment.framework.pk}/",
                f"/governance/plan/actions/{action.pk}/evidence/{ProgressEvidence.objects.get().pk}/"):
        assert_access(url, allowed=READERS, refused=FORBIDDEN)


def test_changing_pages_are_for_governance_managers(records):
    action, assessment, criterion, score = records
    priority = action.objective.priority
    for url in ("/governance/plan/periods/new/", f"/governance/plan/priorities/{priority.pk}/objectives/new/",
                "/governance/plan/actions/new/", f"/governance/plan/actions/new/?score={score.pk}",
                f"/governance/plan/actions/{action.pk}/edit/", f"/governance/plan/actions/{action.pk}/updates/new/",
                "/governance/maturity/assessments/new/",
                f"/governance/maturity/assessments/{assessment.pk}/criteria/{criterion.pk}/",
                f"/governance/maturity/framework/criteria/{criterion.pk}/edit/",
                f"/governance/maturity/framework/sections/{criterion.section.pk}/criteria/new/"):
        assert_access(url, allowed=MANAGERS, refused=FORBIDDEN)
        assert_access(url, allowed=MANAGERS, refused=FORBIDDEN, method="post")
    assert_access("/governance/maturity/framework/install/", allowed=MANAGERS, refused=FORBIDDEN, method="post")


def test_missing_records_are_404():
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    for url in ("/governance/plan/periods/999999/", "/governance/plan/actions/999999/",
                "/governance/plan/actions/999999/edit/", "/governance/plan/actions/999999/updates/new/",
                "/governance/plan/actions/999999/evidence/1/", "/governance/plan/priorities/999999/objectives/new/",
                "/governance/plan/actions/new/?score=999999", "/governance/plan/actions/new/?score=abc",
                "/governance/maturity/assessments/999999/", "/governance/maturity/framework/versions/999999/",
                "/governance/maturity/framework/criteria/999999/edit/",
                "/governance/maturity/framework/sections/999999/criteria/new/"):
        assert client.get(url).status_code == 404, url
