"""The annual modern slavery statement: pre-filled from the KPI registry by objective, edited area by
area, approved by a named person (audited) and then locked, a new version to change it, the
registry's fields, the PDF, and who may do what."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases.models import Referral, ReferralKind, Route
from lantern.cases.tests.factories import AgencyFactory, CaseFactory
from lantern.core.kpis import Kpi, KpiResult, Unit
from lantern.core.periods import parse
from lantern.core.reference import Objective
from lantern.insights.models import Statement, StatementArea, StatementStatus
from lantern.insights.statement import prefilled_text, statement_facts
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

FY = "FY2026-27"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def manager():
    return make_user(Role.PROGRAMME_MANAGER)


@pytest.fixture
def manager_client(manager):
    return verified_client(manager)


@pytest.fixture
def referrals():
    """13 NRM referrals and 2 Duty to Notify reports in the financial year 2026-27."""
    agency = AgencyFactory()
    for n in range(15):
        case = CaseFactory(route=Route.ADULT, opened_on=datetime.date(2026, 6, 1))
        kind = ReferralKind.NRM if n < 13 else ReferralKind.DUTY_TO_NOTIFY
        Referral.objects.create(case=case, kind=kind, made_on=datetime.date(2027, 3, 31), made_by_agency=agency)


def start(client, period=FY):
    response = client.post("/insights/statements/", {"period": period})
    return response, Statement.objects.order_by("-pk").first()


def approve(client, statement, **fields):
    today = timezone.localdate()
    data = {"approver_name": "Shokat Lal", "approver_role": "Chief Executive", "approved_on_0": today.day,
            "approved_on_1": today.month, "approved_on_2": today.year, **fields}
    return client.post(f"/insights/statements/{statement.pk}/approve/", data)


def test_a_statement_is_pre_filled_with_the_years_figures_by_area(manager, manager_client, referrals):
    response, statement = start(manager_client)
    assert response["Location"] == f"/insights/statements/{statement.pk}/"
    assert statement.version == 1 and statement.status == StatementStatus.DRAFT
    effectiveness = statement.area_text(StatementArea.EFFECTIVENESS)
    assert "In financial year 2026 to 2027, Lantern recorded:" in effectiveness
    assert "- NRM referrals: 15" in effectiveness  # 13, rounded to the nearest 5: the statement is published
    assert "- Duty to Notify reports: fewer than 5 (not published)" in effectiveness
    # The supply chain's measures (objective 6) fill the structure and supply chains area.
    structure = statement.area_text(StatementArea.STRUCTURE)
    assert "Lantern does not hold supply-chain figures yet" not in structure
    assert "- High-risk spend with due diligence: none to measure" in structure
    assert "- Corrective actions overdue: 0" in structure
    assert AuditEntry.objects.filter(action="statement.create", actor_id=manager.pk).count() == 1

    # Opening the same year again opens the same draft.
    _, again = start(manager_client)
    assert again.pk == statement.pk and Statement.objects.count() == 1

    html = manager_client.get(f"/insights/statements/{statement.pk}/").content.decode()
    assert "Financial year 2026 to 2027, version 1" in html
    assert "NRM referrals: 15" in html
    assert "Record the approval" in html


def test_facts_come_from_the_registry_by_objective(monkeypatch):
    training = Kpi("trained", "First responders trained", "In date.", Objective.TRAINING, Unit.COUNT,
                   lambda period: KpiResult(40))
    monkeypatch.setattr("lantern.insights.statement.kpis_for",
                        lambda objective=None: [training] if objective == Objective.TRAINING else [])
    facts = statement_facts(parse(FY))
    assert [f["slug"] for f in facts["areas"][StatementArea.TRAINING]] == ["trained"]
    assert facts["areas"][StatementArea.DUE_DILIGENCE] == []
    assert "- First responders trained: 40" in prefilled_text(StatementArea.TRAINING, facts)
    assert "Lantern does not hold due-diligence figures yet" in prefilled_text(StatementArea.DUE_DILIGENCE, facts)


def test_each_area_is_edited_and_saved_with_an_audit_entry(manager, manager_client):
    _, statement = start(manager_client)
    page = manager_client.get(f"/insights/statements/{statement.pk}/areas/training/").content.decode()
    assert "Describe the training given to staff and partners" in page  # the guide beside the text
    assert "Confidential reports received" in page  # the year's figures of the training objective
    response = manager_client.post(f"/insights/statements/{statement.pk}/areas/training/",
                                   {"text": "All 240 first responders completed training.\n\n- Refreshed yearly"})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.area_text("training").startswith("All 240 first responders")
    assert AuditEntry.objects.filter(action="statement.edit", actor_id=manager.pk).count() == 1
    html = manager_client.get(f"/insights/statements/{statement.pk}/").content.decode()
    assert "<li>Refreshed yearly</li>" in html

    manager_client.post(f"/insights/statements/{statement.pk}/areas/policies/", {"text": ""})
    html = manager_client.get(f"/insights/statements/{statement.pk}/").content.decode()
    assert "Not covered" in html
    assert manager_client.get(f"/insights/statements/{statement.pk}/areas/bribery/").status_code == 404


def test_the_registry_fields_are_shown_ready_to_copy(manager_client):
    _, statement = start(manager_client)
    response = manager_client.post(f"/insights/statements/{statement.pk}/registry/", {
        "organisation_name": "Sandwell Metropolitan Borough Council", "company_number": "", "sector": "Local government",
        "turnover_band": "over_500m", "statement_url": "https://www.sandwell.gov.uk/modern-slavery"})
    assert response.status_code == 302
    manager_client.post(f"/insights/statements/{statement.pk}/areas/risk/", {"text": ""})
    approve(manager_client, statement)
    html = manager_client.get(f"/insights/statements/{statement.pk}/").content.decode()
    for key, value in [("Statement year", "2027"), ("Statement start date", "01/04/2026"),
                       ("Statement end date", "31/03/2027"), ("Statement URL", "https://www.sandwell.gov.uk/modern-slavery"),
                       ("Turnover band", "Over £500 million"), ("Approved by (name)", "Shokat Lal"),
                       ("Approved by (role)", "Chief Executive"),
                       ("Covers: risk assessment", "No"), ("Covers: training", "Yes")]:
        assert f'<dt class="govuk-summary-list__key">{key}</dt>\n    <dd class="govuk-summary-list__value"><span class="registry-value">{value}</span>' in html, key

    bad = manager_client.post(f"/insights/statements/{start(manager_client)[1].pk}/registry/", {
        "organisation_name": "", "sector": "x", "turnover_band": "nonsense", "statement_url": "not a url"})
    assert bad.status_code == 200
    assert "Enter the organisation&#x27;s name" in bad.content.decode()


def test_the_registry_summary_questions_are_asked_saved_and_shown_on_the_statement(manager, manager_client):
    _, statement = start(manager_client)
    form = manager_client.get(f"/insights/statements/{statement.pk}/registry/").content.decode()
    for question in ("Policies that bear on modern slavery", "Social audits of suppliers", "grievance mechanisms",
                     "Risk 3: supply chain tier", "Indicators of forced labour (ILO)",
                     "How the organisation demonstrates progress"):
        assert question in form, question
    response = manager_client.post(f"/insights/statements/{statement.pk}/registry/", {
        "organisation_name": "Sandwell Metropolitan Borough Council", "sector": "Local government",
        "turnover_band": "over_500m", "statement_url": "https://www.sandwell.gov.uk/modern-slavery",
        "policies": ["whistleblowing", "procurement"], "training": ["frontline", "procurement"],
        "social_audits": ["third_party_own"], "grievance_mechanisms": ["confidential_reporting"],
        "risk_1_description": "Agency cleaning staff in council buildings", "risk_1_area": "supply_chains",
        "risk_1_tier": "tier_1", "risk_1_location": "West Midlands",
        "risk_1_mitigation": "Contract clauses and unannounced welfare visits",
        "ilo_indicators": ["wages", "overtime"],
        "demonstrating_progress": "Quarterly KPIs reported to the Safer Sandwell Police and Crime Board"})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.registry["policies"] == ["whistleblowing", "procurement"]
    assert AuditEntry.objects.filter(action="statement.registry", actor_id=manager.pk).count() == 1

    expected = [
        ("Policies", "Whistleblowing; Procurement and responsible sourcing"),
        ("Training on modern slavery given to", "Frontline staff; Procurement staff"),
        ("Social audits", "Third-party audits arranged by the organisation"),
        ("Grievance mechanisms", "A confidential reporting route for workers and the public"),
        ("Risk 1", "Agency cleaning staff in council buildings"),
        ("Risk 1: area", "Within its supply chains"),
        ("Risk 1: supply chain tier", "Tier 1 (direct suppliers)"),
        ("Risk 1: location", "West Midlands"),
        ("Risk 1: action taken", "Contract clauses and unannounced welfare visits"),
        ("ILO indicators of forced labour found", "Withholding of wages; Excessive overtime"),
        ("Demonstrating progress", "Quarterly KPIs reported to the Safer Sandwell Police and Crime Board"),
    ]
    html = manager_client.get(f"/insights/statements/{statement.pk}/").content.decode()
    for key, value in expected:
        assert (f'<dt class="govuk-summary-list__key">{key}</dt>\n    <dd class="govuk-summary-list__value">'
                f'<span class="registry-value">{value}</span>') in html, key
    assert "Risk 2" not in html  # only the risks given

    document = manager_client.get(f"/insights/statements/{statement.pk}/statement.html").content.decode()
    assert "Summary for the Modern Slavery Statement Registry" in document
    for key, value in expected:
        assert f"<dt>{key}</dt><dd>{value}</dd>" in document, key
    text = pdf_text(manager_client.get(f"/insights/statements/{statement.pk}/statement.pdf").content)
    assert "Withholding of wages; Excessive overtime" in text

    # A risk's details without the risk itself are refused, and nothing is saved.
    bad = manager_client.post(f"/insights/statements/{statement.pk}/registry/", {
        "organisation_name": "Sandwell Metropolitan Borough Council", "sector": "Local government",
        "turnover_band": "over_500m", "risk_2_location": "Vietnam", "policies": ["bribery"]})
    assert bad.status_code == 200
    assert "Describe risk 2, or clear its details" in bad.content.decode()
    statement.refresh_from_db()
    assert "risk_2_location" not in statement.registry or statement.registry["risk_2_location"] == ""


def test_approval_by_a_named_person_locks_the_version_and_a_change_is_a_new_version(manager, manager_client):
    _, statement = start(manager_client)
    response = approve(manager_client, statement)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == StatementStatus.APPROVED
    assert (statement.approver_name, statement.approver_role) == ("Shokat Lal", "Chief Executive")
    assert statement.approved_on == timezone.localdate() and statement.approved_by == manager
    entry = AuditEntry.objects.get(action="statement.approve")
    assert entry.actor_id == manager.pk

    # Locked: edits are refused and change nothing.
    text = statement.area_text("policies")
    response = manager_client.post(f"/insights/statements/{statement.pk}/areas/policies/", {"text": "Changed"}, follow=True)
    assert "approved and locked" in response.content.decode()
    statement.refresh_from_db()
    assert statement.area_text("policies") == text
    assert approve(manager_client, statement).status_code == 302
    assert AuditEntry.objects.filter(action="statement.approve").count() == 1

    response = manager_client.post(f"/insights/statements/{statement.pk}/new-version/")
    draft = Statement.objects.get(version=2)
    assert response["Location"] == f"/insights/statements/{draft.pk}/"
    assert draft.status == StatementStatus.DRAFT and draft.sections == statement.sections
    manager_client.post(f"/insights/statements/{draft.pk}/areas/policies/", {"text": "Changed"})
    draft.refresh_from_db()
    statement.refresh_from_db()
    assert draft.area_text("policies") == "Changed" and statement.area_text("policies") == text


def test_an_approval_needs_a_name_a_role_and_a_real_past_date(manager_client):
    _, statement = start(manager_client)
    response = approve(manager_client, statement, approver_name="", approved_on_0="31", approved_on_1="2")
    html = response.content.decode()
    assert "Enter the name of the person who approved it" in html
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = approve(manager_client, statement, approved_on_0=future.day, approved_on_1=future.month,
                       approved_on_2=future.year)
    assert "The date of approval must be today or in the past" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DRAFT


def test_the_statement_is_downloaded_as_a_pdf_with_an_audit_entry(manager_client, referrals):
    _, statement = start(manager_client)
    approve(manager_client, statement)
    board = make_user(Role.BOARD_VIEWER)
    response = verified_client(board).get(f"/insights/statements/{statement.pk}/statement.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "modern slavery and human trafficking statement" in text
    assert "NRM referrals: 15" in text
    assert "approved on" in text and "Shokat Lal, Chief Executive" in text
    assert AuditEntry.objects.get(action="statement.download").actor_id == board.pk
    page = verified_client(board).get(f"/insights/statements/{statement.pk}/statement.html").content.decode()
    assert "<h2>Effectiveness and key performance indicators</h2>" in page


def test_the_programme_manager_edits_and_approves_board_viewers_read_and_others_are_refused(manager_client):
    _, statement = start(manager_client)
    readers = {Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER, Role.SHOP_COORDINATOR}
    assert_access("/insights/statements/", allowed=readers, refused=FORBIDDEN)
    assert_access(f"/insights/statements/{statement.pk}/", allowed=readers, refused=FORBIDDEN)
    assert_access(f"/insights/statements/{statement.pk}/areas/training/", allowed={Role.PROGRAMME_MANAGER},
                  refused=FORBIDDEN)
    assert_access(f"/insights/statements/{statement.pk}/approve/", allowed={Role.PROGRAMME_MANAGER}, refused=FORBIDDEN)
    for role in (Role.BOARD_VIEWER, Role.CASE_WORKER, Role.PROCUREMENT_OFFICER):
        client = verified_client(make_user(role))
        assert client.post("/insights/statements/", {"period": "FY2025-26"}).status_code == 403
        assert client.post(f"/insights/statements/{statement.pk}/areas/training/", {"text": "x"}).status_code == 403
        assert approve(client, statement).status_code == 403
    board_page = verified_client(make_user(Role.BOARD_VIEWER)).get(f"/insights/statements/{statement.pk}/").content.decode()
    assert "Record the approval" not in board_page
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DRAFT and Statement.objects.count() == 1
    assert manager_client.get("/insights/statements/999999/").status_code == 404


def test_a_period_that_is_not_a_financial_year_is_refused(manager_client):
    response, _ = start(manager_client, "2026-Q3")
    assert response.status_code == 200
    assert "A statement covers a financial year" in response.content.decode()
    assert not Statement.objects.exists()
