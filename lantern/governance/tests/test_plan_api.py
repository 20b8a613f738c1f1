"""The action plan's and the maturity self-assessment's JSON API: reading, writing through the same
services, the plan's filters, the schema, and who may call each endpoint."""

import datetime

import pytest
from rest_framework.test import APIClient

from lantern.accounts.capabilities import Capability, Role, roles_with
from lantern.audit.models import AuditEntry
from lantern.governance import services_maturity, services_plan
from lantern.governance.models import FrameworkCriterion, PlanAction, PlanActionStatus, StrategyPeriod
from lantern.governance.tests.support_plan import agency, manager, plan_action
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db
API_READERS = roles_with(Capability.VIEW_GOVERNANCE) & roles_with(Capability.USE_API)
API_MANAGERS = roles_with(Capability.MANAGE_GOVERNANCE) & roles_with(Capability.USE_API)
BASE = "/api/v1/governance"


@pytest.fixture
def pm():
    return manager()


@pytest.fixture
def api(pm):
    client = APIClient()
    verified_client(pm, client)
    return client


@pytest.fixture
def records(pm):
    action = plan_action(pm)
    assessment = services_maturity.assessment_create(acting_user=pm, title="2025", assessed_on=datetime.date(2025, 3, 1))
    return action, assessment


def test_reading_endpoints_are_for_governance_readers_with_the_api(records):
    action, assessment = records
    for url in (f"{BASE}/plan/periods/", f"{BASE}/plan/priorities/", f"{BASE}/plan/objectives/",
                f"{BASE}/plan/actions/", f"{BASE}/plan/actions/{action.pk}/", f"{BASE}/plan/actions/{action.pk}/updates/",
                f"{BASE}/maturity/frameworks/", f"{BASE}/maturity/assessments/",
                f"{BASE}/maturity/assessments/{assessment.pk}/"):
        assert_access(url, allowed=API_READERS, refused=FORBIDDEN)


def test_writing_endpoints_are_for_governance_managers(records):
    action, assessment = records
    for url in (f"{BASE}/plan/periods/", f"{BASE}/plan/objectives/", f"{BASE}/plan/actions/",
                f"{BASE}/plan/actions/{action.pk}/updates/", f"{BASE}/maturity/assessments/",
                f"{BASE}/maturity/assessments/{assessment.pk}/scores/"):
        assert_access(url, allowed=API_MANAGERS, refused=FORBIDDEN, method="post", ok=(201, 400))
    assert_access(f"{BASE}/plan/actions/{action.pk}/", allowed=API_MANAGERS, refused=FORBIDDEN, method="patch",
                  ok=(200, 400, 415))  # allowed past the permission check; the test client sends no JSON
    assert Role.BOARD_VIEWER not in API_READERS  # board members read the pages, not the API


def test_an_update_through_the_api_needs_rag_and_narrative_and_moves_the_action(api, records):
    action, _ = records
    url = f"{BASE}/plan/actions/{action.pk}/updates/"
    refused = api.post(url, {"narrative": ""}, format="json")
    assert refused.status_code == 400 and {"rag", "narrative"} <= set(refused.json())
    made = api.post(url, {"rag": "amber", "narrative": "Visits booked.", "status": "in_progress",
                          "links": [{"url": "https://example.org/plan", "title": "Plan"}]}, format="json")
    assert made.status_code == 201 and made.json()["status_to"] == "in_progress"
    assert made.json()["links"] == [{"url": "https://example.org/plan", "title": "Plan"}]
    assert api.post(url, {"rag": "green", "narrative": "x", "status": "carried_forward"},
                    format="json").status_code == 400
    history = api.get(url).json()
    assert [u["narrative"] for u in history] == ["Visits booked."]
    detail = api.get(f"{BASE}/plan/actions/{action.pk}/").json()
    assert (detail["rag"], detail["status"]) == ("amber", "in_progress")


def test_actions_are_created_changed_and_filtered(api, pm, records):
    action, _ = records
    objective = action.objective
    made = api.post(f"{BASE}/plan/actions/", {
        "objective": objective.pk, "title": "Nail bar visits", "lead_agency": agency("Licensing").pk,
        "starts_on": "2022-04-01", "due_on": "2023-01-01", "success_measure": "Two visits"}, format="json")
    assert made.status_code == 201
    late = made.json()["id"]
    assert api.patch(f"{BASE}/plan/actions/{late}/", {"rag": "red"}, format="json").json()["rag"] == "red"
    assert AuditEntry.objects.filter(action="plan_action.edit", target_id=str(late)).exists()
    assert [a["id"] for a in api.get(f"{BASE}/plan/actions/?overdue=true").json()["results"]] == [late]
    by_agency = api.get(f"{BASE}/plan/actions/?agency={action.lead_agency_id}").json()["results"]
    assert [a["id"] for a in by_agency] == [action.pk]
    assert api.get(f"{BASE}/plan/actions/?area=procurement").json()["results"] == []
    assert len(api.get(f"{BASE}/plan/actions/?changed_since=2020-01-01").json()["results"]) == 2
    for bad in ("?area=nonsense", "?changed_since=yesterday", "?agency=abc"):
        assert api.get(f"{BASE}/plan/actions/{bad}").status_code == 400
    assert api.get(f"{BASE}/plan/actions/999999/").status_code == 404


def test_a_new_period_through_the_api_carries_actions_forward(api, records):
    action, _ = records
    response = api.post(f"{BASE}/plan/periods/", {"title": "2027-2032", "starts_on": "2027-04-01",
                                                  "ends_on": "2032-03-31"}, format="json")
    assert response.status_code == 201 and response.json()["is_current"]
    action.refresh_from_db()
    assert action.status == PlanActionStatus.CARRIED_FORWARD
    assert PlanAction.objects.get(carried_from=action).objective.priority.period_id == response.json()["id"]
    assert StrategyPeriod.objects.filter(is_current=True).count() == 1
    priorities = api.get(f"{BASE}/plan/priorities/?period={response.json()['id']}").json()["results"]
    assert len(priorities) == 7


def test_assessments_are_scored_through_the_api(api, records):
    _, assessment = records
    criterion = FrameworkCriterion.objects.filter(section__framework=assessment.framework).first()
    url = f"{BASE}/maturity/assessments/{assessment.pk}/scores/"
    assert api.post(url, {"criterion": criterion.pk, "level": 5, "evidence": "x", "agreed_by": "y"},
                    format="json").status_code == 400
    made = api.post(url, {"criterion": criterion.pk, "level": 3, "evidence": "Minutes", "agreed_by": "SASP"},
                    format="json")
    assert made.status_code == 201 and made.json()["criterion_key"] == criterion.key
    detail = api.get(f"{BASE}/maturity/assessments/{assessment.pk}/").json()
    assert detail["framework_version"] == 1 and detail["scores"][0]["level"] == 3
    frameworks = api.get(f"{BASE}/maturity/frameworks/").json()["results"]
    assert len(frameworks[0]["sections"]) == 5
    assert api.post(url, {"criterion": 999999, "level": 3, "evidence": "x", "agreed_by": "y"},
                    format="json").status_code == 404
    created = api.post(f"{BASE}/maturity/assessments/", {"title": "2026", "assessed_on": "2026-03-01"}, format="json")
    assert created.status_code == 201 and created.json()["framework"] == assessment.framework_id


def test_the_schema_documents_the_governance_endpoints(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/v1/governance/plan/actions/", "/api/v1/governance/plan/actions/{id}/updates/",
                 "/api/v1/governance/plan/periods/", "/api/v1/governance/maturity/assessments/{id}/scores/"):
        assert path in schema["paths"], path


def test_api_writes_as_board_viewer_are_refused_even_with_a_session():
    viewer = APIClient()
    verified_client(make_user(Role.BOARD_VIEWER), viewer)
    assert viewer.post(f"{BASE}/plan/objectives/", {"priority": 1, "title": "x"}, format="json").status_code == 403
    services_plan  # noqa: B018 - the services are the only way in (imported for the reader)
