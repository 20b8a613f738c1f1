"""Modern slavery statements through the one import pipeline: the registry's headings proposed as a
mapping, each row checked with a report that never quotes a cell, the pages as a procurement officer
and as roles that may not see the supply chain, importing again, matching to suppliers, the command,
and the supplier's page."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.core.imports.mapping import apply_mapping, propose_mapping
from lantern.core.imports.reading import read_table
from lantern.core.models import BackgroundJob, ImportFile, ImportMapping, ImportStatus
from lantern.supply_chain import statements
from lantern.supply_chain.models import ModernSlaveryStatement
from lantern.supply_chain.services import statements as statement_services
from lantern.supply_chain.tests.factories_risk import supplier
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, verified_client

SAMPLE = Path(__file__).parent / "data" / "statement_registry_sample.csv"
SUPPLY_CHAIN = {Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER}


def read(text: str | bytes):
    """The proposal for a file's headings, and its rows read with the proposed mapping."""
    data = text.encode() if isinstance(text, str) else text
    table, rows = read_table(io.BytesIO(data), name="registry.csv")
    rows = list(rows)
    proposal = propose_mapping(statements.STATEMENT_SPEC, table.headers, [cells for _, cells in rows])
    return proposal, table.headers, rows


def read_rows(text: str | bytes):
    proposal, headers, rows = read(text)
    reader = statements.row_reader(apply_mapping(statements.STATEMENT_SPEC, headers, proposal.columns()), headers)
    return [reader(number, cells) for number, cells in rows]


# --- The mapping and each row (no database) ---------------------------------------------------------


def test_the_registry_s_headings_are_proposed_with_certainty():
    proposal, headers, _ = read(SAMPLE.read_bytes())
    columns = proposal.columns()
    assert proposal.certain
    assert columns["statement_year"] == "StatementYear"
    assert columns["organisation_name"] == "OrganisationName"
    assert columns["company_number"] == "CompanyNumber"
    assert columns["kpis"] == "IncludesGoals"  # the registry's word for the KPIs area
    assert columns["risk_2_tier"] == "Risk2SupplyChainTier"
    assert "Address" not in columns.values() and "StatementID" not in columns.values()


def test_headings_renamed_in_another_year_are_still_recognised():
    proposal, _, _ = read("Statement year,Organisation name,Company number,Policies,Training\n"
                          "2024,Acme Ltd,123456,yes,no\n")
    assert proposal.columns() == {"statement_year": "Statement year", "organisation_name": "Organisation name",
                                  "company_number": "Company number", "policies": "Policies", "training": "Training"}
    record, problems = read_rows("Statement year,Organisation name,Company number,Policies,Training\n"
                                 "2024,Acme Ltd,123456,yes,no\n")[0]
    assert problems == []
    assert (record.statement_year, record.company_number, record.areas) == (2024, "00123456", {"policies"})


def test_without_a_year_column_the_person_is_asked_rather_than_guessed_for():
    proposal, _, _ = read("Organisation name,Amount\nAcme,12\n")
    assert not proposal.certain and proposal.missing_required == ["statement_year"]


def test_each_bad_row_is_reported_by_row_column_and_reason_never_by_its_value():
    results = read_rows(SAMPLE.read_bytes())
    rejected = [problems for record, problems in results if record is None]
    assert [(p.row, p.column, p.reason, p.rejected) for problems in rejected for p in problems] == [
        (7, "StatementYear", "Statement year is not a year from 2015 (for example 2023 or 2023-24)", True),
        (9, "IncludesPolicies", "The answer is neither Yes nor No", True),  # the blank line 8 counts, as in a sheet
    ]
    text = repr(rejected)
    assert "Twenty-three" not in text and "Partly" not in text and "Unreadable Year" not in text
    records = [record for record, _ in results if record is not None]
    assert len(records) == 6
    sparkle = records[0]
    assert sparkle.areas == {"structure", "policies", "risk_assessment", "due_diligence", "training"}
    assert str(sparkle.period_start) == "2022-04-01" and str(sparkle.approved_on) == "2023-09-15"
    assert sparkle.details["risk_1"] == "Agency labour at client sites"
    care_2022 = next(r for r in records if r.statement_year == 2022)
    assert care_2022.company_number == "07654321"  # "7654321" padded to eight digits
    assert care_2022.statement_url == "https://www.careplus.example/statement"


def test_a_date_that_cannot_be_read_is_left_out_and_a_period_ending_before_it_starts_is_refused():
    (record, problems), (refused, why) = read_rows(
        "StatementYear,OrganisationName,StartDate,EndDate,DateApproved\n"
        "2023,Acme,01/04/2022,31/03/2023,sometime\n"
        "2023,Backwards Ltd,01/04/2023,31/03/2022,\n")
    assert record is not None and record.approved_on is None
    assert [(p.column, p.rejected) for p in problems] == [("DateApproved", False)]
    assert refused is None and why[0].reason == "The statement period ends before it starts"


# --- Pages ----------------------------------------------------------------------------------------


@pytest.fixture
def officer(db):
    return make_user(Role.PROCUREMENT_OFFICER)


def upload(client, content: bytes | None = None, name: str = "registry-2023.csv"):
    content = SAMPLE.read_bytes() if content is None else content
    return client.post("/supply-chain/statements/", {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_an_officer_uploads_confirms_the_columns_reads_the_report_and_imports(officer,
                                                                              django_capture_on_commit_callbacks):
    supplier("Sparkle Cleaning Services", company_number="04567890")
    client = verified_client(officer)
    response = upload(client)
    upload_file = ImportFile.objects.get(kind=statement_services.KIND)
    assert response.status_code == 302
    assert response["Location"] == f"/supply-chain/statements/uploads/{upload_file.pk}/columns/"

    mapping_page = client.get(response["Location"]).content.decode()
    assert "Lantern is sure of every column" in mapping_page
    assert 'value="StatementYear" selected' in mapping_page and 'value="IncludesGoals" selected' in mapping_page

    data = {item["field"]: upload_file.mapping.get(item["field"], "") for item in upload_file.proposal["fields"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/supply-chain/statements/uploads/{upload_file.pk}/columns/", data)
    job = BackgroundJob.objects.get(kind="imports.check")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job_page = client.get(response["Location"]).content.decode()
    assert "8 rows checked: 6 can be imported, 2 cannot." in job_page
    assert f'href="/supply-chain/statements/uploads/{upload_file.pk}/"' in job_page  # Continue

    report = client.get(f"/supply-chain/statements/uploads/{upload_file.pk}/").content.decode()
    assert "Ready to import" in report and "Import 6 rows" in report
    assert "StatementYear" in report and "is not a year from 2015" in report
    assert "Twenty-three" not in report and "Unreadable Year Ltd" not in report  # the report never quotes a cell
    assert not ModernSlaveryStatement.objects.exists()  # nothing imported before the officer says so
    report_csv = client.get(f"/supply-chain/statements/uploads/{upload_file.pk}/report.csv").content.decode()
    assert "9,IncludesPolicies,The answer is neither Yes nor No,Not imported" in report_csv
    assert "Partly" not in report_csv

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/supply-chain/statements/uploads/{upload_file.pk}/import/")
    job = BackgroundJob.objects.get(kind="imports.commit")
    job_page = client.get(response["Location"]).content.decode()
    assert "6 statements added, 0 updated, 0 unchanged (2 rows not imported); 1 matched to suppliers." in job_page
    upload_file.refresh_from_db()
    assert upload_file.status == ImportStatus.IMPORTED
    done = client.get(f"/supply-chain/statements/uploads/{upload_file.pk}/").content.decode()
    assert "6 statements added" in done
    assert ModernSlaveryStatement.objects.count() == 6
    assert AuditEntry.objects.get(action="statements.import").changes["added"] == 6
    listing = client.get("/supply-chain/statements/").content.decode()
    assert "Sparkle Cleaning Services" in listing and "registry-2023.csv" in listing


def test_corrected_columns_are_remembered_for_the_registry(officer, django_capture_on_commit_callbacks):
    client = verified_client(officer)
    text = b"Year,Organisation,Registered number\n2023,Acme Ltd,01234567\n"
    upload(client, text)
    first = ImportFile.objects.get()
    company_number = first.proposal["fields"][2]
    assert company_number["field"] == "company_number" and not company_number["sure"]  # by its values only
    assert first.mapping == {}  # not certain: the officer is asked
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/supply-chain/statements/uploads/{first.pk}/columns/", {
            "statement_year": "Year", "organisation_name": "Organisation", "company_number": "Registered number"})
    assert ImportMapping.objects.get(kind=statement_services.KIND).columns["company_number"] == "Registered number"
    upload(client, text, name="again.csv")
    second = ImportFile.objects.exclude(pk=first.pk).get()
    page = client.get(f"/supply-chain/statements/uploads/{second.pk}/columns/").content.decode()
    assert "the columns you confirmed before for Modern Slavery Statement Registry" in page
    assert second.mapping["company_number"] == "Registered number"


def test_a_file_that_is_not_a_table_is_refused_on_the_page(officer):
    response = upload(verified_client(officer), b"%PDF-1.4\x00\x01", name="x.pdf")
    assert response.status_code == 200 and "must be a CSV or an Excel spreadsheet" in response.content.decode()
    assert not ImportFile.objects.exists()


def test_an_upload_s_pages_are_not_found_for_roles_that_may_not_see_the_supply_chain(officer):
    upload_file = statement_services.statement_upload(
        upload=SimpleUploadedFile("r.csv", SAMPLE.read_bytes()), acting_user=officer)
    base = f"/supply-chain/statements/uploads/{upload_file.pk}/"
    assert_access(base, allowed=SUPPLY_CHAIN, refused=NOT_FOUND)
    assert_access(base + "report.csv", allowed=SUPPLY_CHAIN, refused=NOT_FOUND)
    assert verified_client(officer).get(base + "columns/").status_code == 200
    assert verified_client(make_user(Role.CASE_WORKER)).get(base + "columns/").status_code == NOT_FOUND
    manager = verified_client(make_user(Role.PROGRAMME_MANAGER))
    assert manager.get(base + "columns/").status_code == FORBIDDEN  # sees it, may not change it
    assert manager.post(base + "import/").status_code == FORBIDDEN
    # A spend upload's address does not open a statement upload, nor the other way round.
    assert verified_client(officer).get(f"/supply-chain/spend-files/uploads/{upload_file.pk}/").status_code == \
        NOT_FOUND


def test_a_programme_manager_sees_statements_but_cannot_upload(db):
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    assert "Import the registry" not in client.get("/supply-chain/statements/").content.decode()
    assert client.post("/supply-chain/statements/", {"file": SimpleUploadedFile("r.csv", SAMPLE.read_bytes())}
                       ).status_code == FORBIDDEN


# --- Importing again, matching, the command and the supplier's page --------------------------------


def run_command(officer, *files: Path | str, **kwargs) -> str:
    out = io.StringIO()
    call_command("import_statements", *[str(f) for f in files], "--as", officer.email, "--quiet-progress",
                 stdout=out, stderr=kwargs.pop("stderr", io.StringIO()), **kwargs)
    return out.getvalue()


def test_importing_the_same_file_again_changes_nothing_and_a_changed_row_is_updated(officer, tmp_path):
    run_command(officer, SAMPLE)
    before = {s.key: (s.pk, s.covers_kpis) for s in ModernSlaveryStatement.objects.all()}
    again = run_command(officer, SAMPLE)
    assert "0 statements added, 0 updated, 6 unchanged" in again
    assert {s.key: (s.pk, s.covers_kpis) for s in ModernSlaveryStatement.objects.all()} == before
    changed = tmp_path / "registry.csv"
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "Yes,Yes,Yes,Yes,No,Yes,\"Recruitment policy", "Yes,Yes,Yes,Yes,Yes,Yes,\"Recruitment policy"), encoding="utf-8")
    assert "0 statements added, 1 updated, 5 unchanged" in run_command(officer, changed)
    assert ModernSlaveryStatement.objects.get(organisation_name="Sparkle Cleaning Services Ltd").covers_kpis
    assert ModernSlaveryStatement.objects.count() == 6


def test_a_failure_part_way_leaves_nothing_behind(officer, monkeypatch, tmp_path):
    run_command(officer, SAMPLE)
    changed = tmp_path / "registry.csv"
    changed.write_bytes(SAMPLE.read_bytes().replace(b"Jane Brooks", b"Jane Brookes").replace(
        b"Office Paper Supplies", b"Office Paper Supplies Group"))

    def fail(**kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(statement_services, "audit_record", fail)  # after every statement is written
    with pytest.raises(RuntimeError):
        run_command(officer, changed)
    assert ModernSlaveryStatement.objects.get(organisation_name="Sparkle Cleaning Services Ltd").approved_by == \
        "Jane Brooks, Managing Director"
    assert not ModernSlaveryStatement.objects.filter(organisation_name="Office Paper Supplies Group Ltd").exists()
    assert ModernSlaveryStatement.objects.count() == 6


def test_statements_match_suppliers_by_company_number_then_by_name(officer):
    sparkle = supplier("SPARKLE CLEANING SERVICES LIMITED", company_number="04567890")
    care = supplier("Care Plus Homes")  # no number: matched by name
    supplier("Green Foods Wholesale")  # the registry row has no number: matched by name...
    supplier("Green Foods Wholesale Limited")  # ... but two suppliers share the name: not matched
    build = supplier("MB Group", company_number="SC123456")  # a different name, the same company number
    decoy = supplier("Office Paper Supplies", company_number="09999999")  # same name, another company number

    text = run_command(officer, SAMPLE)

    assert "6 statements added, 0 updated, 0 unchanged (2 rows not imported); 5 matched to suppliers." in text
    by_name = {s.organisation_name + str(s.statement_year): s for s in ModernSlaveryStatement.objects.all()}
    assert (by_name["Sparkle Cleaning Services Ltd2023"].supplier, by_name["Sparkle Cleaning Services Ltd2023"]
            .matched_by) == (sparkle, "company_number")
    assert by_name["MIDLANDS BUILD GROUP PLC2023"].supplier == build
    care_2023 = by_name["Care Plus Homes Limited2023"]
    assert (care_2023.supplier, care_2023.matched_by) == (care, "name")
    assert by_name["Green Foods Wholesale Ltd2023"].supplier is None
    # Its number matches no supplier, so the name decides.
    assert (by_name["Office Paper Supplies Ltd2023"].supplier, by_name["Office Paper Supplies Ltd2023"].matched_by) \
        == (decoy, "name")
    assert AuditEntry.objects.filter(action="statements.match").get().changes["matched"] == 5


def test_the_command_reports_each_rejected_row_by_column_and_reason(officer):
    text = run_command(officer, SAMPLE)
    assert "row 7, StatementYear: Statement year is not a year from 2015" in text
    assert "row 9, IncludesPolicies: The answer is neither Yes nor No (not imported)" in text
    assert "Twenty-three" not in text


def test_the_command_stops_when_unsure_and_refuses_someone_who_may_not_import(officer, tmp_path):
    unsure = tmp_path / "odd.csv"
    unsure.write_text("Organisation,Amount\nAcme,12\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        run_command(officer, unsure, stderr=err)
    assert "not sure which column holds which field" in err.getvalue() and "no column found (required)" in \
        err.getvalue()
    manager = make_user(Role.PROGRAMME_MANAGER)
    with pytest.raises(CommandError, match="may not import statements"):
        run_command(manager, SAMPLE)
    assert not ModernSlaveryStatement.objects.exists()


def test_the_supplier_s_page_shows_the_statement_s_year_and_six_areas(officer):
    sparkle = supplier("Sparkle Cleaning Services", company_number="04567890")
    run_command(officer, SAMPLE)
    html = verified_client(officer).get(f"/supply-chain/suppliers/{sparkle.reference}/").content.decode()
    section = html[html.index("<h3 class=\"govuk-heading-s\">Modern slavery statements"):]
    section = section[:section.index("</table>")]
    assert "2023" in section and "modern-slavery-statement-2023" in section
    for area in ("Organisation structure and supply chains", "Policies", "Due diligence", "Risk assessment",
                 "Effectiveness measured by KPIs", "Training"):
        assert area in section
    assert section.count("Not covered") == 1  # five of the six: not the KPIs
    assert section.count(">Covered<") == 5
