"""The case workflow: the table of allowed stage moves, through the services and the pages a user uses."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from lantern.cases import services, workflow
from lantern.cases.models import CaseStage, DecisionKind, ReferralKind, Route
from lantern.cases.tests.factories import CaseFactory, child_case, date_fields, days_ago
from lantern.cases.tests.test_case_workflow import consent, decide, refer, reload, screen
from tests.support import verified_client

pytestmark = pytest.mark.django_db

LANTERN = Path(__file__).resolve().parents[2]


def test_every_move_names_a_real_service_and_real_stages():
    assert workflow.MOVES and len(set(workflow.MOVES)) == len(workflow.MOVES)
    for move in workflow.MOVES:
        assert callable(getattr(services, move.by)), move
        assert move.source in CaseStage.values and move.target in CaseStage.values and move.source != move.target
    # Every stage but the first is reached by some move; every stage a case opens at is the initial one.
    assert {m.target for m in workflow.MOVES} == set(CaseStage.values) - {workflow.INITIAL_STAGE}


def _sources_matching(pattern: str) -> list[str]:
    found = re.compile(pattern)
    return sorted(
        str(path.relative_to(LANTERN)) for path in LANTERN.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        and found.search(path.read_text(encoding="utf-8"))
    )


def test_nothing_but_the_workflow_changes_a_case_stage():
    assert _sources_matching(r"\.stage\s*=(?!=)") == ["cases/workflow.py"]
    assert _sources_matching(r"update\([^)]*\bstage\s*=") == []
    # Cases are created in one place, at the workflow's first stage.
    # (save_with_reference(Case(...)) is how a case is saved since references are drawn on insert.)
    assert _sources_matching(r"\bCase\.objects\.(create|bulk_create)\(|save_with_reference\(\s*Case\(") == [
        "cases/services/concerns.py"]


def test_advance_refuses_a_move_not_in_the_table_and_changes_nothing():
    case = CaseFactory(stage=CaseStage.SCREENING)
    with pytest.raises(workflow.MoveRefused, match="cannot move to 'Positive reasonable grounds"):
        workflow.advance(case, to=CaseStage.RECOVERY, by="decision_record")
    with pytest.raises(workflow.MoveRefused):
        workflow.advance(case, to=CaseStage.NRM_DUE, by="case_close")  # a real move, but not this service's
    assert case.stage == CaseStage.SCREENING
    workflow.advance(case, to=CaseStage.SCREENING, by="screening_record")  # staying is no move: nothing changes
    assert case.stage == CaseStage.SCREENING
    workflow.advance(case, to=CaseStage.AWAITING_CONSENT, by="screening_record")
    assert case.stage == CaseStage.AWAITING_CONSENT


def test_the_adult_route_moves_stage_by_stage():
    case = CaseFactory()
    stages = []
    for step in (lambda: screen(case), lambda: consent(case, True), lambda: refer(case),
                 lambda: decide(case, DecisionKind.REASONABLE_GROUNDS, True, days_ago(10)),
                 lambda: decide(case, DecisionKind.CONCLUSIVE_GROUNDS, False, days_ago(5), early_reason="left_support"),
                 lambda: decide(case, DecisionKind.RECONSIDERATION, True, days_ago(1))):
        step()
        stages.append(reload(case).stage)
    assert stages == [CaseStage.AWAITING_CONSENT, CaseStage.NRM_DUE, CaseStage.REFERRED, CaseStage.RECOVERY,
                      CaseStage.CG_NEGATIVE, CaseStage.CG_POSITIVE]


def test_refused_moves_through_the_services_leave_the_stage_alone():
    case = CaseFactory()
    with pytest.raises(ValidationError, match="Record the NRM referral before"):
        decide(case, DecisionKind.REASONABLE_GROUNDS, True, days_ago(1))
    with pytest.raises(ValidationError, match="Record the NRM referral before"):
        decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, days_ago(1))
    with pytest.raises(ValidationError, match="Record their decision first"):
        refer(case, ReferralKind.DUTY_TO_NOTIFY)
    assert reload(case).stage == CaseStage.SCREENING
    screen(case)
    consent(case, True)
    refer(case)
    with pytest.raises(ValidationError, match="already has an NRM referral"):
        refer(case, on=days_ago(2))
    with pytest.raises(ValidationError, match="follows a positive reasonable grounds"):
        decide(case, DecisionKind.CONCLUSIVE_GROUNDS, True, days_ago(9))
    decide(case, DecisionKind.REASONABLE_GROUNDS, False, days_ago(8))
    with pytest.raises(ValidationError, match="already recorded"):
        decide(case, DecisionKind.REASONABLE_GROUNDS, True, days_ago(7))
    assert reload(case).stage == CaseStage.RG_NEGATIVE
    # A negative reconsideration leaves the negative decision (and the stage) as it was.
    decide(case, DecisionKind.RECONSIDERATION, False, days_ago(6))
    assert reload(case).stage == CaseStage.RG_NEGATIVE


def test_route_changes_move_the_stage_with_them():
    uncertain = CaseFactory(route=Route.AGE_UNCERTAIN, person__date_of_birth=None)
    screen(uncertain)
    assert reload(uncertain).stage == CaseStage.NRM_DUE
    services.age_assessment_record(case=uncertain, acting_user=uncertain.lead_worker, assessed_on=days_ago(3),
                                   assessed_by="Sandwell Children's Trust", outcome="adult")
    uncertain = reload(uncertain)
    assert (uncertain.route, uncertain.stage) == (Route.ADULT, CaseStage.AWAITING_CONSENT)

    still_screening = CaseFactory(route=Route.AGE_UNCERTAIN, person__date_of_birth=None)
    services.age_assessment_record(case=still_screening, acting_user=still_screening.lead_worker,
                                   assessed_on=days_ago(3), assessed_by="Sandwell Children's Trust", outcome="child")
    still_screening = reload(still_screening)
    assert (still_screening.route, still_screening.stage) == (Route.CHILD, CaseStage.SCREENING)

    refused = CaseFactory()
    consent(refused, False, reason="Afraid")
    refer(refused, ReferralKind.DUTY_TO_NOTIFY)
    services.person_update(case=refused, acting_user=refused.lead_worker, date_of_birth=days_ago(16 * 365))
    refused = reload(refused)
    assert (refused.route, refused.stage) == (Route.CHILD, CaseStage.NRM_DUE)


def test_the_decision_page_refuses_a_move_the_workflow_does_not_allow():
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/decisions/new/", {
        "kind": DecisionKind.REASONABLE_GROUNDS, **date_fields("decided_on", days_ago(1)), "positive": "yes",
        "competent_authority": "sca", "notes": "",
    })
    assert response.status_code == 200
    assert "Record the NRM referral before a Home Office decision." in response.content.decode()
    assert reload(case).stage == CaseStage.SCREENING and not case.decisions.exists()


def test_the_referral_page_moves_a_child_to_referred():
    case = child_case()
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/referrals/new/", {
        "kind": ReferralKind.NRM, **date_fields("made_on", days_ago(1)), "made_by_agency": case.lead_agency_id,
        "to_organisation": "", "external_reference": "NRM123456", "notes": "",
    })
    assert response.status_code == 302
    assert reload(case).stage == CaseStage.REFERRED
    again = client.post(f"/cases/{case.reference}/referrals/new/", {
        "kind": ReferralKind.NRM, **date_fields("made_on", days_ago(1)), "made_by_agency": case.lead_agency_id,
        "to_organisation": "", "external_reference": "", "notes": "",
    })
    assert again.status_code == 200 and "already has an NRM referral" in again.content.decode()
    assert case.referrals.filter(kind=ReferralKind.NRM).count() == 1
