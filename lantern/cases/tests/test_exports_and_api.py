"""Exports of visible cases (CSV, XLSX) and the JSON API, under the same access rules."""

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from lantern.accounts.capabilities import Role
from lantern.accounts.services import api_token_create
from lantern.audit.models import AuditAction, AuditEntry
from lantern.cases import services
from lantern.cases.models import CaseStage
from lantern.cases.tests.factories import (
    CaseFactory,
    ConcernFactory,
    PersonFactory,
    child_case,
    days_ago,
    worker,
)
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def team_case():
    return CaseFactory(person=PersonFactory(given_name="Mirela", family_name="Ionescu"), types=["labour"])


def test_case_worker_exports_their_cases_with_personal_columns(team_case):
    CaseFactory()  # another team's case
    client = verified_client(team_case.lead_worker)
    rows = csv_rows(client.get("/cases/export.csv"))
    assert [r["Reference"] for r in rows] == [team_case.reference]
    assert rows[0]["Name"] == "Mirela Ionescu"
    assert rows[0]["Exploitation types"] == "Labour"
    entry = AuditEntry.objects.get(action="case.export")
    assert entry.kind == AuditAction.EXPORT
    assert entry.changes["rows"] == 1 and entry.changes["personal"] is True and entry.changes["format"] == "csv"
    assert "Mirela" not in str(entry.changes)


def test_oversight_export_has_no_personal_columns(team_case):
    manager = make_user(Role.PROGRAMME_MANAGER)
    rows = csv_rows(verified_client(manager).get("/cases/export.csv"))
    assert team_case.reference in [r["Reference"] for r in rows]
    assert "Name" not in rows[0] and "Date of birth" not in rows[0]
    assert not any("Mirela" in value for row in rows for value in row.values())


def test_export_follows_the_list_filters(team_case):
    closed = CaseFactory(lead_worker=team_case.lead_worker)
    services.case_close(case=closed, acting_user=closed.lead_worker, outcome="moved_on", closed_on=days_ago(1))
    client = verified_client(team_case.lead_worker)
    rows = csv_rows(client.get("/cases/export.csv?status=closed"))
    assert [r["Reference"] for r in rows] == [closed.reference]


def test_xlsx_export(team_case):
    response = verified_client(team_case.lead_worker).get("/cases/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Reference" and values[1][0] == team_case.reference


def test_roles_without_case_access_cannot_export(team_case):
    for role in (Role.FIRST_RESPONDER, Role.REPORTING_TEAM, Role.BOARD_VIEWER, Role.PROCUREMENT_OFFICER,
                 Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR):
        client = verified_client(make_user(role))
        assert client.get("/cases/export.csv").status_code == 403, role
        assert client.get("/cases/export.xlsx").status_code == 403, role
    assert not AuditEntry.objects.filter(action="case.export").exists()


def test_exported_cells_cannot_run_as_formulas():
    case = CaseFactory(person=PersonFactory(given_name="=HYPERLINK(\"http://evil\")", family_name="X"))
    rows = csv_rows(verified_client(case.lead_worker).get("/cases/export.csv"))
    assert rows[0]["Name"].startswith("'=")


# --- API ----------------------------------------------------------------------------------


def token_client(user) -> APIClient:
    _token, raw = api_token_create(user=user, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_api_lists_only_visible_cases(team_case):
    other = CaseFactory()
    data = token_client(team_case.lead_worker).get("/api/v1/cases/").json()
    references = [c["reference"] for c in data["results"]]
    assert references == [team_case.reference]
    assert other.reference not in references
    assert "person" not in data["results"][0]  # the list carries no personal data


def test_api_case_detail_is_audited_and_404_for_others(team_case):
    client = token_client(team_case.lead_worker)
    detail = client.get(f"/api/v1/cases/{team_case.reference}/").json()
    assert detail["person"]["given_name"] == "Mirela"
    assert detail["exploitation_types"] == ["labour"]
    view = AuditEntry.objects.get(action="case.view")
    assert view.actor == team_case.lead_worker and view.target_label == team_case.reference
    outsider = worker()
    assert token_client(outsider).get(f"/api/v1/cases/{team_case.reference}/").status_code == 404
    board = make_user(Role.BOARD_VIEWER)
    assert verified_client(board).get(f"/api/v1/cases/{team_case.reference}/").status_code == 404


def test_api_oversight_outside_caseload_needs_a_reason_first(team_case):
    coordinator = make_user(Role.SHOP_COORDINATOR)
    client = verified_client(coordinator)
    assert client.get(f"/api/v1/cases/{team_case.reference}/").status_code == 403
    page = client.get(f"/cases/{team_case.reference}/")
    client.post(page["Location"], {"reason": "oversight"})
    assert client.get(f"/api/v1/cases/{team_case.reference}/").status_code == 200


def test_api_records_a_decision_through_the_same_rules(team_case):
    client = token_client(team_case.lead_worker)
    refused = client.post(f"/api/v1/cases/{team_case.reference}/decisions/", {
        "kind": "rg", "decided_on": days_ago(1).isoformat(), "positive": True, "competent_authority": "sca"},
        format="json")
    assert refused.status_code == 400
    assert "referral" in str(refused.json()).lower()
    services.consent_record(case=team_case, acting_user=team_case.lead_worker, given=True, explained_on=days_ago(5),
                            language="Romanian", interpreter_used=True)
    services.referral_record(case=team_case, acting_user=team_case.lead_worker, kind="nrm", made_on=days_ago(4))
    created = client.post(f"/api/v1/cases/{team_case.reference}/decisions/", {
        "kind": "rg", "decided_on": days_ago(1).isoformat(), "positive": True, "competent_authority": "sca"},
        format="json")
    assert created.status_code == 201
    team_case.refresh_from_db()
    assert team_case.stage == CaseStage.RECOVERY


def test_api_task_needs_a_team_member_owner(team_case):
    client = token_client(team_case.lead_worker)
    outsider = worker()
    bad = client.post(f"/api/v1/cases/{team_case.reference}/tasks/", {
        "title": "Call back", "owner_email": outsider.email, "due_on": days_ago(-3).isoformat()}, format="json")
    assert bad.status_code == 400
    good = client.post(f"/api/v1/cases/{team_case.reference}/tasks/", {
        "title": "Call back", "owner_email": team_case.lead_worker.email, "due_on": days_ago(-3).isoformat()},
        format="json")
    assert good.status_code == 201
    mine = client.get("/api/v1/my-tasks/").json()
    assert [t["title"] for t in mine] == ["Call back"]


def test_api_concerns_show_status_but_not_the_case_to_the_raiser():
    responder = make_user(Role.FIRST_RESPONDER)
    concern = services.concern_start(raised_by=responder)
    services.concern_update_draft(concern=concern, acting_user=responder, immediate_danger=False,
                                  what_seen="Seen at a car wash", person_name="Vlad", approximate_age=30)
    services.concern_submit(concern=concern, acting_user=responder)
    coordinator = make_user(Role.SHOP_COORDINATOR)
    lead = worker()
    case = services.concern_open_case(concern=concern, acting_user=coordinator, lead_worker=lead)
    raiser_view = verified_client(responder).get(f"/api/v1/concerns/{concern.reference}/").json()
    assert raiser_view["status"] == "case_opened" and raiser_view["case"] is None
    assert "what_seen" not in raiser_view
    triage_view = verified_client(coordinator).get(f"/api/v1/concerns/{concern.reference}/").json()
    assert triage_view["case"] == case.reference
    stranger = make_user(Role.FIRST_RESPONDER)
    assert verified_client(stranger).get(f"/api/v1/concerns/{concern.reference}/").status_code == 404


def test_api_refuses_unverified_sessions(team_case):
    from django.test import Client

    client = Client()
    client.force_login(team_case.lead_worker)  # password only, no second factor
    assert client.get("/api/v1/cases/").status_code == 403


def test_child_cases_stay_restricted_in_the_api():
    case = child_case()
    manager = make_user(Role.PROGRAMME_MANAGER)
    listed = verified_client(manager).get("/api/v1/cases/").json()["results"]
    assert case.reference not in [c["reference"] for c in listed]


def test_api_case_list_does_not_load_the_people(team_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = token_client(team_case.lead_worker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/cases/").status_code == 200
    assert not any("cases_person" in q["sql"] for q in queries.captured_queries)


def test_api_case_detail_reads_a_fixed_number_of_queries_however_many_tasks_and_referrals(team_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me = team_case.lead_worker
    client = token_client(me)

    def detail_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/cases/{team_case.reference}/")
        assert response.status_code == 200
        return len(queries.captured_queries)

    services.task_create(case=team_case, acting_user=me, title="Call", owner=me, due_on=days_ago(-1))
    services.referral_record(case=team_case, acting_user=me, kind="adult_safeguarding", made_on=days_ago(2))
    detail_queries()  # the first request also records the token's first use
    before = detail_queries()
    for n in range(3):
        services.task_create(case=team_case, acting_user=me, title=f"Call {n}", owner=me, due_on=days_ago(-1))
        services.referral_record(case=team_case, acting_user=me, kind="victim_care", made_on=days_ago(2))
    detail = client.get(f"/api/v1/cases/{team_case.reference}/").json()
    assert len(detail["open_tasks"]) == 4 and len(detail["referrals"]) == 4
    assert detail_queries() == before


# --- API: who may and who may not ---------------------------------------------------------------

NO_CASE_ACCESS = (Role.FIRST_RESPONDER, Role.REPORTING_TEAM, Role.BOARD_VIEWER, Role.PROCUREMENT_OFFICER,
                  Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR)
DECISION = {"kind": "rg", "decided_on": days_ago(1).isoformat(), "positive": True, "competent_authority": "sca"}


def referred(case):
    services.consent_record(case=case, acting_user=case.lead_worker, given=True, explained_on=days_ago(5),
                            language="Romanian", interpreter_used=True)
    services.referral_record(case=case, acting_user=case.lead_worker, kind="nrm", made_on=days_ago(4))
    return case


def test_api_case_list_is_refused_to_roles_without_case_access_as_the_page_is(team_case):
    for role in NO_CASE_ACCESS:
        client = verified_client(make_user(role))
        assert client.get("/api/v1/cases/").status_code == 403, role
        assert client.get("/cases/").status_code == 403, role
    # A case worker on no team may list, and sees nothing.
    assert verified_client(worker()).get("/api/v1/cases/").json()["results"] == []


def test_api_decisions_are_not_found_for_outsiders_and_need_a_reason_from_oversight(team_case):
    referred(team_case)
    url = f"/api/v1/cases/{team_case.reference}/decisions/"
    assert token_client(worker()).post(url, DECISION, format="json").status_code == 404
    for role in NO_CASE_ACCESS:
        assert verified_client(make_user(role)).post(url, DECISION, content_type="application/json").status_code == 404
    coordinator = token_client(make_user(Role.SHOP_COORDINATOR))
    assert coordinator.post(url, DECISION, format="json").status_code == 403
    assert not team_case.decisions.exists()
    team_case.refresh_from_db()
    assert team_case.stage == CaseStage.REFERRED


def test_api_tasks_on_a_case_are_not_found_for_outsiders(team_case):
    url = f"/api/v1/cases/{team_case.reference}/tasks/"
    task = {"title": "Call back", "owner_email": team_case.lead_worker.email, "due_on": days_ago(-3).isoformat()}
    assert token_client(worker()).post(url, task, format="json").status_code == 404
    for role in NO_CASE_ACCESS:
        assert verified_client(make_user(role)).post(url, task, content_type="application/json").status_code == 404
    assert not team_case.tasks.exists()


def test_api_my_tasks_lists_only_the_callers_own_tasks(team_case):
    from django.test import Client

    me = team_case.lead_worker
    colleague = worker()
    services.case_add_member(case=team_case, acting_user=me, user=colleague)
    services.task_create(case=team_case, acting_user=me, title="Mine", owner=me, due_on=days_ago(-2))
    services.task_create(case=team_case, acting_user=me, title="Theirs", owner=colleague, due_on=days_ago(-1))
    other_case = CaseFactory()
    services.task_create(case=other_case, acting_user=other_case.lead_worker, title="Another team's",
                         owner=other_case.lead_worker, due_on=days_ago(-1))
    assert [t["title"] for t in token_client(me).get("/api/v1/my-tasks/").json()] == ["Mine"]
    assert [t["title"] for t in token_client(colleague).get("/api/v1/my-tasks/").json()] == ["Theirs"]
    assert token_client(worker()).get("/api/v1/my-tasks/").json() == []
    assert Client().get("/api/v1/my-tasks/").status_code in (401, 403)


def test_api_concern_list_leaves_out_other_peoples_concerns():
    from django.test import Client

    mine = ConcernFactory()
    someone_elses = ConcernFactory()
    draft = ConcernFactory(status="draft", submitted_at=None)
    listed = verified_client(mine.raised_by).get("/api/v1/concerns/").json()["results"]
    assert [c["reference"] for c in listed] == [mine.reference]
    for role in (Role.BOARD_VIEWER, Role.PROCUREMENT_OFFICER, Role.SYSTEM_ADMINISTRATOR):
        assert verified_client(make_user(role)).get("/api/v1/concerns/").status_code == 403, role
    # Triage sees every submitted concern, but not someone's draft.
    triage = verified_client(make_user(Role.SHOP_COORDINATOR)).get("/api/v1/concerns/").json()["results"]
    assert {c["reference"] for c in triage} == {mine.reference, someone_elses.reference}
    assert draft.reference not in {c["reference"] for c in triage}
    assert Client().get("/api/v1/concerns/").status_code in (401, 403)
