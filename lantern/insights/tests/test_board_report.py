"""The quarterly board report: commentary saved as a draft, generated in the background as a PDF whose
text is the suppressed figures and the commentary, stored and downloaded (audited), the command, and
who may do what (programme manager generates, board viewers read, others are refused)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from lantern.accounts.capabilities import Role
from lantern.accounts.models import AgencyType
from lantern.audit.models import AuditEntry
from lantern.cases.models import Referral, ReferralKind, Route
from lantern.cases.tests.factories import AgencyFactory, CaseFactory, PersonFactory
from lantern.cases.tests.test_statistics import agency, referred
from lantern.core.kpis import kpis_all, statistics_sections
from lantern.core.models import BackgroundJob, JobStatus
from lantern.core.periods import parse
from lantern.core.suppression import SUPPRESSED_MARK
from lantern.insights.board import board_content
from lantern.insights.models import BoardCommentary, BoardReport, BoardReportStatus
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

D = datetime.date


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def manager():
    return make_user(Role.PROGRAMME_MANAGER)


@pytest.fixture
def manager_client(manager):
    return verified_client(manager)


@pytest.fixture
def q3_referrals():
    """12 NRM referrals in 2026-Q3 (the last on the quarter's last day), 2 Duty to Notify reports, and 6
    NRM referrals in 2026-Q2. Every person is called Andrei Popescu: the name must never appear."""
    agency = AgencyFactory()

    def refer(n, on, kind=ReferralKind.NRM):
        for _ in range(n):
            case = CaseFactory(route=Route.ADULT, opened_on=on,
                               person=PersonFactory(given_name="Andrei", family_name="Popescu"))
            Referral.objects.create(case=case, kind=kind, made_on=on, made_by_agency=agency)

    refer(12, D(2026, 9, 30))
    refer(2, D(2026, 8, 1), ReferralKind.DUTY_TO_NOTIFY)
    refer(6, D(2026, 5, 1))


def save_commentary(client, period="2026-Q3", **fields):
    data = {"executive_summary": "Referrals doubled after the awareness campaign in July.",
            "objective_adult_victims": "The backlog of reasonable grounds decisions is the main risk.", **fields}
    return client.post(f"/insights/board-reports/{period}/commentary/", data)


def generate(client, period, capture):
    with capture(execute=True):
        return client.post(f"/insights/board-reports/{period}/generate/")


def test_the_commentary_is_saved_as_a_draft_and_shown_in_the_report(manager, manager_client):
    response = save_commentary(manager_client)
    assert response.status_code == 302
    assert response["Location"] == "/insights/board-reports/2026-Q3/"
    commentary = BoardCommentary.objects.get(period_code="2026-Q3")
    assert commentary.objectives == {"adult_victims": "The backlog of reasonable grounds decisions is the main risk."}
    assert AuditEntry.objects.filter(action="board_commentary.save", actor_id=manager.pk).count() == 1

    form = manager_client.get("/insights/board-reports/2026-Q3/commentary/").content.decode()
    assert "Referrals doubled after the awareness campaign in July." in form  # comes back to be edited
    assert "Commentary on objective 3. Adult victims" in form
    assert "The backlog of reasonable grounds decisions is the main risk." in form
    html = manager_client.get("/insights/board-reports/2026-Q3/").content.decode()
    assert "Referrals doubled after the awareness campaign in July." in html
    assert "The backlog of reasonable grounds decisions is the main risk." in html
    assert "Change the commentary" in html

    save_commentary(manager_client, executive_summary="A quieter quarter.")
    assert BoardCommentary.objects.get().executive_summary == "A quieter quarter."
    assert AuditEntry.objects.filter(action="board_commentary.save").count() == 2


def test_commentary_that_is_too_long_is_refused_and_kept(manager_client):
    response = save_commentary(manager_client, executive_summary="x" * 6001)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "x" * 6001 in response.content.decode()
    assert not BoardCommentary.objects.exists()


def test_the_page_shows_the_quarter_beside_the_previous_one_with_small_numbers_suppressed(manager_client, q3_referrals):
    html = manager_client.get("/insights/board-reports/2026-Q3/").content.decode()
    assert "July to September 2026 (2026-Q3)" in html
    assert "2026-Q2" in html
    assert "Up 6" in html  # NRM referrals: 12 against 6
    assert SUPPRESSED_MARK in html  # 2 Duty to Notify reports
    assert "Popescu" not in html and "Andrei" not in html
    assert "National Referral Mechanism statistics" in html
    assert "Referrals by age at exploitation and gender" in html
    assert "Referrals by nationality" in html and "Referrals by competent authority (SCA or IECA)" in html
    assert "Not available." not in html


def test_the_statistics_section_shows_every_table_the_kpis_register_in_order(q3_referrals):
    content = board_content(parse("2026-Q3"))
    [section] = content["statistics"]
    assert section["title"] == "National Referral Mechanism statistics"
    [(_, registered)] = statistics_sections(kpis_all())
    titles = [row["title"] for block in section["blocks"] for row in block.get("rows", [block])]
    assert titles == [spec.title for _, spec in registered]
    assert titles[:2] == ["NRM referrals", "Duty to Notify reports"]  # the headline counts first, as the Home Office
    blocks = {block["title"]: block for block in section["blocks"] if block["kind"] == "table"}
    assert all(block["table"] is not None for block in blocks.values())  # every Home Office breakdown is registered
    gender = blocks["Referrals by age at exploitation and gender"]["table"]
    assert gender["total"] == {"value": 12, "suppressed": False}
    figures = section["blocks"][0]["rows"]
    assert figures[0]["value"] == {"value": 12, "suppressed": False}
    assert figures[1]["value"] == {"value": None, "suppressed": True}  # 2 Duty to Notify reports


def test_a_report_is_generated_in_the_background_stored_and_downloaded_with_an_audit_entry(
        manager, manager_client, q3_referrals, django_capture_on_commit_callbacks):
    save_commentary(manager_client)
    response = generate(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress_done == job.progress_total > 10
    assert "ready to download" in manager_client.get(f"/jobs/{job.pk}/").content.decode()

    report = BoardReport.objects.get()
    assert report.status == BoardReportStatus.READY
    assert report.generated_by == manager and report.generated_at is not None
    assert report.commentary["executive_summary"] == "Referrals doubled after the awareness campaign in July."
    assert AuditEntry.objects.filter(action="board_report.generate", actor_id=manager.pk).exists()

    # A later change of the draft does not change the report already generated.
    save_commentary(manager_client, executive_summary="Rewritten afterwards.")

    board = make_user(Role.BOARD_VIEWER)
    board_client = verified_client(board)
    listing = board_client.get("/insights/board-reports/").content.decode()
    assert f"/insights/board-reports/download/{report.pk}.pdf" in listing
    download = board_client.get(f"/insights/board-reports/download/{report.pk}.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="lantern-board-report-2026-Q3.pdf"'
    text = pdf_text(download.content)
    assert "quarterly report to the Safer Sandwell Police and Crime Board and SASP" in text
    assert "July to September 2026 (2026-Q3)" in text
    assert "Referrals doubled after the awareness campaign in July." in text
    assert "Rewritten afterwards." not in text
    assert "NRM referrals 12 6 Up 6" in text
    assert SUPPRESSED_MARK in text
    assert "National Referral Mechanism statistics" in text and "Referrals by nationality" in text
    assert "Popescu" not in text

    entry = AuditEntry.objects.get(action="board_report.download")
    assert entry.actor_id == board.pk


def test_only_the_programme_manager_writes_commentary_and_generates(manager_client, django_capture_on_commit_callbacks):
    generate(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    report = BoardReport.objects.get()
    readers = {Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER, Role.SHOP_COORDINATOR}
    assert_access("/insights/board-reports/", allowed=readers, refused=FORBIDDEN)
    assert_access("/insights/board-reports/2026-Q3/", allowed=readers, refused=FORBIDDEN)
    assert_access(f"/insights/board-reports/download/{report.pk}.pdf", allowed=readers, refused=FORBIDDEN)
    assert_access("/insights/board-reports/2026-Q3/commentary/", allowed={Role.PROGRAMME_MANAGER}, refused=FORBIDDEN)

    for role in (Role.BOARD_VIEWER, Role.CASE_WORKER, Role.PROCUREMENT_OFFICER):
        client = verified_client(make_user(role))
        assert client.post("/insights/board-reports/2026-Q3/generate/").status_code == 403
        assert save_commentary(client).status_code == 403
    assert "Generate the PDF" not in verified_client(make_user(Role.BOARD_VIEWER)).get(
        "/insights/board-reports/2026-Q3/").content.decode()
    assert BoardReport.objects.count() == 1
    assert not BoardCommentary.objects.exists()
    assert manager_client.get("/insights/board-reports/download/999999.pdf").status_code == 404


def test_a_period_that_is_not_a_quarter_is_refused(manager_client):
    response = manager_client.get("/insights/board-reports/", {"period": "FY2026-27"})
    assert "A board report covers a quarter" in response.content.decode()
    assert manager_client.get("/insights/board-reports/", {"period": "2026-q3"})["Location"] == "/insights/board-reports/2026-Q3/"
    assert manager_client.get("/insights/board-reports/2026-13/").status_code == 404


def test_the_command_writes_the_pdf(tmp_path, q3_referrals, manager_client):
    save_commentary(manager_client)
    out = tmp_path / "reports" / "q3.pdf"
    call_command("board_report", "--period", "2026-Q3", "--out", str(out))
    text = pdf_text(out.read_bytes())
    assert "July to September 2026 (2026-Q3)" in text
    assert "Referrals doubled after the awareness campaign in July." in text
    assert "NRM referrals 12 6 Up 6" in text


def test_the_command_refuses_a_period_that_is_not_a_quarter(tmp_path):
    with pytest.raises(CommandError, match="covers a quarter"):
        call_command("board_report", "--period", "2026-07", "--out", str(tmp_path / "x.pdf"))


def test_a_generation_that_fails_is_marked_failed_and_offers_no_download(
        manager_client, monkeypatch, django_capture_on_commit_callbacks):
    def broken(html):
        raise OSError("no fonts")

    monkeypatch.setattr("lantern.insights.board.render_pdf", broken)
    generate(manager_client, "2026-Q3", django_capture_on_commit_callbacks)
    report = BoardReport.objects.get()
    assert report.status == BoardReportStatus.FAILED
    assert BackgroundJob.objects.get().status == JobStatus.FAILED
    assert "Failed" in manager_client.get("/insights/board-reports/").content.decode()
    assert manager_client.get(f"/insights/board-reports/download/{report.pk}.pdf").status_code == 404


def test_the_pdf_draws_each_trend_whose_figures_are_all_published(tmp_path, q3_referrals):
    out = tmp_path / "q3.pdf"
    call_command("board_report", "--period", "2026-Q3", "--out", str(out))
    reader = PdfReader(str(out))
    text = pdf_text(out.read_bytes())
    # NRM referrals over six quarters (0, 0, 0, 0, 6, 12) is drawn, its figures in the table below it.
    assert "Figures: NRM referrals: the last 6 periods" in text
    assert "2025-Q2" in text and "2026-Q3" in text
    # Duty to Notify (2 in the quarter, suppressed) is not drawn.
    assert "Duty to Notify reports: the last 6 periods" not in text
    # The charts are drawn on the page: WeasyPrint turns each SVG into a vector drawing (a form XObject).
    assert any("/XObject" in page["/Resources"] for page in reader.pages)


@pytest.fixture
def home_office_mix():
    """12 NRM referrals in 2026-Q3: 10 Albanian women exploited for labour, referred by the council, with a
    positive reasonable grounds decision by the Single Competent Authority; 2 Vietnamese men exploited
    sexually in a county lines case, referred by the police. Both groups are adults exploited in the UK."""
    council = agency("Sandwell Council Modern Slavery Team", AgencyType.COUNCIL_SERVICE,
                     "Sandwell Metropolitan Borough Council")
    police = agency("West Midlands Police Modern Slavery Unit", AgencyType.POLICE, "West Midlands Police")
    for _ in range(10):
        referred(on=D(2026, 7, 6), by=council, types=["labour"], where_exploited="uk", child_at_exploitation=False,
                 under_18_during_exploitation="no",
                 person=PersonFactory(gender="female", nationality="Albanian", given_name="Andrei",
                                      family_name="Popescu"),
                 decisions=[("rg", D(2026, 7, 13), True, "sca")])
    for _ in range(2):
        referred(on=D(2026, 8, 3), by=police, types=["sexual"], where_exploited="uk", county_lines=True,
                 child_at_exploitation=False, under_18_during_exploitation="no",
                 person=PersonFactory(gender="male", nationality="Vietnamese"))


def test_the_home_office_tables_suppress_small_cells_and_what_would_give_them_back(home_office_mix):
    content = board_content(parse("2026-Q3"))
    blocks = {block["title"]: block["table"] for block in content["statistics"][0]["blocks"] if block["kind"] == "table"}

    nationality = {row["label"]: row for row in blocks["Referrals by nationality"]["rows"]}
    assert nationality["Vietnamese"] == {"label": "Vietnamese", "value": None, "suppressed": True}  # 2: primary
    # 10 with a published total of 12 would give the 2 back: it is hidden too (secondary), the total stays.
    assert nationality["Albanian"]["suppressed"] is True
    assert blocks["Referrals by nationality"]["total"] == {"value": 12, "suppressed": False}
    assert nationality["Eritrean"]["value"] == 0 and nationality["Other nationalities"]["value"] == 0

    by_type = blocks["Referrals by age at exploitation and exploitation type"]
    adult = next(row for row in by_type["rows"] if row["label"] == "Adult")
    cells = dict(zip(by_type["columns"], adult["cells"], strict=True))
    assert cells["Sexual"]["suppressed"] and cells["Labour"]["suppressed"]
    assert adult["total"] == {"value": 12, "suppressed": False}

    county = {row["label"]: row for row in blocks["Referrals flagged as county lines"]["rows"]}
    assert county["County lines"]["suppressed"] and county["Not county lines"]["suppressed"]
    authority = {row["label"]: row for row in blocks["Referrals by competent authority (SCA or IECA)"]["rows"]}
    assert authority["Single Competent Authority"]["suppressed"]  # 10 beside 2 with no decision yet
    responders = {row["label"]: row for row in blocks["Referrals by first responder organisation type"]["rows"]}
    assert responders["Police"]["suppressed"] and responders["Local authority"]["suppressed"]

    # No published figure anywhere in the section is a count from 1 to 4.
    def counts(table):
        for row in table["rows"]:
            yield from row.get("cells", [row]) + ([row["total"]] if "total" in row else [])
        yield from table.get("column_totals", [])
        if table.get("total"):
            yield table["total"]

    shown = [f["value"] for table in blocks.values() for f in counts(table) if not f["suppressed"]]
    assert shown and not [value for value in shown if 0 < value < 5]


def test_the_pdf_has_the_statistics_section_with_its_headings_and_suppressed_cells(tmp_path, home_office_mix):
    out = tmp_path / "q3.pdf"
    call_command("board_report", "--period", "2026-Q3", "--out", str(out))
    text = pdf_text(out.read_bytes())
    for heading in ("National Referral Mechanism statistics", "Referrals by age at exploitation and gender",
                    "Referrals by age at exploitation and exploitation type", "Referrals by nationality",
                    "Referrals flagged as county lines", "Referrals by first responder organisation type",
                    "Referrals by competent authority (SCA or IECA)", "Referrals by police force",
                    "Reasonable and conclusive grounds decisions", "Duty to Notify reports by gender",
                    "Median days from referral to reasonable grounds decision"):
        assert heading in text, heading
    assert f"Vietnamese {SUPPRESSED_MARK}" in text  # the 2 Vietnamese men
    assert f"Albanian {SUPPRESSED_MARK}" in text  # hidden as well, or the total would give the 2 back
    assert "Vietnamese 2" not in text and "Albanian 10" not in text
    assert "Popescu" not in text and "Andrei" not in text
