"""The action plan through its pages: the plan at a glance (by priority, by agency, overdue, changed
since), progress updates with RAG, narrative and evidence, an action's history, carrying open actions
into a new strategy period, and the board viewer's read-only view."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.governance.models import (
    PlanAction,
    PlanActionStatus,
    ProgressEvidence,
    ProgressUpdate,
    StrategyPeriod,
)
from lantern.governance.tests.support_plan import agency, manager, period, plan_action
from tests.support import make_user, png_bytes, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm():
    return manager()


@pytest.fixture
def client(pm):
    return verified_client(pm)


def _update(client, action, **data):
    payload = {"rag": "amber", "narrative": "Two visits done with the GLAA.", "status": action.status}
    payload.update(data)
    return client.post(f"/governance/plan/actions/{action.pk}/updates/new/", payload)


def test_an_update_needs_a_rag_and_a_narrative(client, pm):
    action = plan_action(pm)
    response = _update(client, action, rag="", narrative="  ")
    page = response.content.decode()
    assert response.status_code == 200 and "Select a RAG status" in page
    assert "Enter a short narrative of the progress" in page
    assert not ProgressUpdate.objects.exists()


def test_an_update_sets_the_rag_moves_the_status_and_is_kept_in_the_history(client, pm):
    action = plan_action(pm)
    response = _update(client, action, rag="red", status="in_progress", narrative="Provider withdrew.",
                       link_url="https://example.org/report", link_title="Visit report")
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.rag, action.status) == ("red", PlanActionStatus.IN_PROGRESS)
    _update(client, action, rag="green", status="completed", narrative="All four visits done.")
    action.refresh_from_db()
    assert action.status == PlanActionStatus.COMPLETED and action.completed_on == timezone.localdate()
    page = client.get(f"/governance/plan/actions/{action.pk}/").content.decode()
    assert "Provider withdrew." in page and "All four visits done." in page and "Visit report" in page
    assert "Not started → In progress" in page and "In progress → Completed" in page
    assert AuditEntry.objects.filter(action="plan_action.progress_update", target_id=str(action.pk)).count() == 2


def test_a_move_not_in_the_workflow_is_refused(client, pm):
    action = plan_action(pm)
    response = _update(client, action, status="carried_forward")
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == PlanActionStatus.NOT_STARTED and not action.updates.exists()


def test_an_update_can_rest_on_a_kpi_and_unknown_kpis_are_refused(client, pm):
    from lantern.core.kpis import kpis_all

    action = plan_action(pm)
    kpi = kpis_all()[0]
    assert _update(client, action, kpi_slug=kpi.slug).status_code == 302
    assert action.updates.get().kpi_slug == kpi.slug
    assert kpi.name in client.get(f"/governance/plan/actions/{action.pk}/").content.decode()
    assert _update(client, action, kpi_slug="made-up").status_code == 200
    assert action.updates.count() == 1


def test_evidence_documents_are_stored_encrypted_and_downloaded_by_readers_only(client, pm):
    action = plan_action(pm)
    content = png_bytes("green")
    response = _update(client, action, documents=SimpleUploadedFile("visit-photo.png", content, content_type="image/png"),
                       evidence_description="Photo of the notice")
    assert response.status_code == 302
    evidence = ProgressEvidence.objects.get()
    assert evidence.read()[:8] == content[:8] and evidence.storage_path.startswith("governance/plan/")
    url = f"/governance/plan/actions/{action.pk}/evidence/{evidence.pk}/"
    download = verified_client(make_user(Role.BOARD_VIEWER)).get(url)
    assert download.status_code == 200 and download["Content-Disposition"].endswith(f'evidence-{evidence.pk}.png"')
    assert verified_client(make_user(Role.CASE_WORKER)).get(url).status_code == 403
    assert client.get(f"/governance/plan/actions/{action.pk}/evidence/{evidence.pk + 99}/").status_code == 404
    assert AuditEntry.objects.filter(action="plan_action.evidence_download").exists()


def test_field_changes_are_kept_in_the_history_and_audited(client, pm):
    action = plan_action(pm)
    police, housing = agency(), agency("Sandwell Council – Housing")
    response = client.post(f"/governance/plan/actions/{action.pk}/edit/", {
        "title": action.title, "lead_agency": housing.pk, "lead_person": "", "starts_on_0": "1", "starts_on_1": "4",
        "starts_on_2": "2022", "due_on_0": "30", "due_on_1": "9", "due_on_2": "2030",
        "success_measure": action.success_measure, "rag": "amber"})
    assert response.status_code == 302
    page = client.get(f"/governance/plan/actions/{action.pk}/").content.decode()
    assert "Edited" in page and f"{police} → {housing}" in page.replace("&#x27;", "'") and "Green → Amber" in page
    entry = AuditEntry.objects.get(action="plan_action.edit")
    assert set(entry.changes) == {"lead_agency", "due_on", "rag"}


def test_the_plan_at_a_glance_by_priority_agency_overdue_and_changed(client, pm):
    strategy = period(pm)
    police, housing = agency(), agency("Sandwell Council – Housing")
    late = plan_action(pm, title="Visit nail bars", due_on=datetime.date(2023, 1, 1), lead=police)
    on_time = plan_action(pm, area="procurement", title="Clauses in every contract", lead=housing)
    by_priority = client.get("/governance/plan/").content.decode()
    assert by_priority.index("5. Disruption and prevention") < by_priority.index("6. Procurement and commissioning")
    assert strategy.title in by_priority and "Overdue</dt>" in by_priority
    by_agency = client.get("/governance/plan/?view=agency").content.decode()
    assert by_agency.index(str(police)) < by_agency.index("Visit nail bars")
    overdue = client.get("/governance/plan/?view=overdue").content.decode()
    assert late.title in overdue and on_time.title not in overdue
    # Changed since: the default is the last three months; an older date includes older changes.
    PlanAction.objects.filter(pk=on_time.pk).update(created_at=timezone.now() - datetime.timedelta(days=200))
    changed = client.get("/governance/plan/?view=changed").content.decode()
    assert late.title in changed and on_time.title not in changed
    since = (timezone.localdate() - datetime.timedelta(days=300)).isoformat()
    assert on_time.title in client.get(f"/governance/plan/?view=changed&since={since}").content.decode()
    _update(client, on_time, narrative="Clauses drafted.")
    assert on_time.title in client.get("/governance/plan/?view=changed").content.decode()
    assert client.get("/governance/plan/?view=changed&since=not-a-date").status_code == 200


def test_starting_a_new_period_carries_open_actions_forward(client, pm):
    old = period(pm)
    open_action = plan_action(pm, title="Visit nail bars")
    done = plan_action(pm, title="Publish the pathway")
    _update(client, done, status="completed", rag="green")
    response = client.post("/governance/plan/periods/new/", {
        "title": "Slavery Free Sandwell 2027-2032", "starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2027",
        "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2032", "carry_forward": "on"})
    assert response.status_code == 302
    new = StrategyPeriod.objects.get(is_current=True)
    assert new != old and new.priorities.count() == 7
    open_action.refresh_from_db()
    copy = PlanAction.objects.get(carried_from=open_action)
    assert open_action.status == PlanActionStatus.CARRIED_FORWARD
    assert copy.objective.priority.period == new and copy.title == open_action.title and copy.status == "not_started"
    assert not PlanAction.objects.filter(carried_from=done).exists()
    assert client.get(response["Location"]).status_code == 200
    old_page = client.get(f"/governance/plan/actions/{open_action.pk}/").content.decode()
    assert "Carried forward to" in old_page and "Add a progress update" not in old_page
    assert "Carried forward from" in client.get(f"/governance/plan/actions/{copy.pk}/").content.decode()
    assert AuditEntry.objects.filter(action="plan_action.carry_forward", target_id=str(open_action.pk)).exists()
    assert AuditEntry.objects.get(action="strategy_period.start", target_id=str(new.pk)).changes["carried_forward"] == 1
    assert _update(client, open_action).status_code == 200  # a carried-forward action takes no more updates


def test_the_board_viewer_reads_without_buttons_and_cannot_post(pm):
    action = plan_action(pm)
    viewer = verified_client(make_user(Role.BOARD_VIEWER))
    page = viewer.get(f"/governance/plan/actions/{action.pk}/").content.decode()
    assert action.title in page and "Add a progress update" not in page and "Change the action" not in page
    plan = viewer.get("/governance/plan/").content.decode()
    assert action.title in plan and "Add an action" not in plan and "Start a new strategy period" not in plan
    assert _update(viewer, action).status_code == 403
    assert viewer.post("/governance/plan/periods/new/", {"title": "x"}).status_code == 403
    assert not action.updates.exists()


def test_an_objective_and_an_action_are_added_through_the_pages(client, pm):
    strategy = period(pm)
    priority = strategy.priorities.get(area="training")
    assert client.post(f"/governance/plan/priorities/{priority.pk}/objectives/new/",
                       {"title": "Train first responders"}).status_code == 302
    objective = priority.objectives.get()
    response = client.post("/governance/plan/actions/new/", {
        "objective": objective.pk, "title": "Train housing officers", "lead_agency": agency().pk,
        "starts_on_0": "1", "starts_on_1": "5", "starts_on_2": "2024", "due_on_0": "1", "due_on_1": "4",
        "due_on_2": "2024", "success_measure": "90% trained", "rag": "green"})
    assert response.status_code == 200 and "The due date must be the same as or after the start date" in \
        response.content.decode()
    response = client.post("/governance/plan/actions/new/", {
        "objective": objective.pk, "title": "Train housing officers", "lead_agency": agency().pk,
        "starts_on_0": "1", "starts_on_1": "5", "starts_on_2": "2024", "due_on_0": "1", "due_on_1": "4",
        "due_on_2": "2025", "success_measure": "90% trained", "rag": "green"})
    action = PlanAction.objects.get(title="Train housing officers")
    assert response["Location"] == f"/governance/plan/actions/{action.pk}/"
    assert AuditEntry.objects.filter(action="plan_action.create", target_id=str(action.pk)).exists()


def test_a_document_the_virus_scanner_flags_is_refused_and_recorded(client, pm, settings):
    settings.LANTERN_VIRUS_SCANNER = "tests.support.scanner_flagging_everything"
    action = plan_action(pm)
    response = _update(client, action, documents=SimpleUploadedFile("notes.png", png_bytes(), content_type="image/png"))
    assert response.status_code == 200 and "The file may contain a virus" in response.content.decode()
    assert not ProgressUpdate.objects.exists() and not ProgressEvidence.objects.exists()
    assert AuditEntry.objects.filter(action="plan_action.evidence_refused", kind="security").exists()


def test_an_update_names_the_board_meeting_it_was_reported_to_and_changed_since_starts_at_the_last_board(
        client, pm):
    from lantern.governance.models import MeetingStatus
    from lantern.governance.tests.factories import board, meeting

    sasp = board("SASP", members=[pm])
    held = meeting(sasp, days=-20, status=MeetingStatus.MINUTES_DRAFTED, reviews_cases=False)
    meeting(board("SHOP"), days=-2, status=MeetingStatus.HELD)  # SHOP reviews cases: not "the board"
    meeting(sasp, days=10)  # not held yet
    action = plan_action(pm)
    assert _update(client, action, meeting=held.pk).status_code == 302
    update = ProgressUpdate.objects.get(action=action)
    assert update.meeting == held
    page = client.get(f"/governance/plan/actions/{action.pk}/").content.decode()
    assert f'href="/governance/meetings/{held.pk}/"' in page and "Reported to the" in page

    plan_page = client.get("/governance/plan/?view=changed").content.decode()
    since = timezone.localtime(held.starts_at).date()
    assert since.isoformat() in plan_page or f"{since:%-d %B %Y}" in plan_page
