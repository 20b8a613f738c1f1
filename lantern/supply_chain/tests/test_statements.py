"""Modern slavery statements: reading the registry's CSV, importing it (again and again), matching
statements to suppliers, the command, and the upload page."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.supply_chain import statements as registry
from lantern.supply_chain.models import ModernSlaveryStatement, StatementImport
from lantern.supply_chain.services import statements as statement_services
from lantern.supply_chain.tests.factories_risk import supplier
from tests.support import make_user, verified_client

SAMPLE = Path(__file__).parent / "data" / "statement_registry_sample.csv"


def parse(text: str) -> registry.ParseResult:
    headers, rows = registry.read_csv(text.encode())
    return registry.parse_registry(rows, headers=headers)


# --- The parser (no database) --------------------------------------------------------------------


def test_the_sample_registry_file_reads_into_typed_statements_and_reports_the_bad_rows():
    headers, rows = registry.read_csv(SAMPLE.read_bytes())
    result = registry.parse_registry(rows, headers=headers)
    names = [(r.organisation_name, r.statement_year) for r in result.records]
    assert ("Sparkle Cleaning Services Ltd", 2023) in names and ("Care Plus Homes Limited", 2022) in names
    assert len(result.records) == 6
    sparkle = result.records[0]
    assert sparkle.company_number == "04567890"
    assert sparkle.areas == {"structure", "policies", "risk_assessment", "due_diligence", "training"}
    assert str(sparkle.period_start) == "2022-04-01" and str(sparkle.approved_on) == "2023-09-15"
    assert sparkle.approved_by == "Jane Brooks, Managing Director"
    assert sparkle.turnover_band == "£36 million to £60 million"
    assert sparkle.details["risk_1"] == "Agency labour at client sites"
    assert sparkle.details["ilo_indicators"] == "Withholding of wages"
    care_2022 = next(r for r in result.records if r.statement_year == 2022)
    assert care_2022.company_number == "07654321"  # "7654321" padded to eight digits
    assert care_2022.statement_url == "https://www.careplus.example/statement"
    assert [p.message for p in result.problems] == [
        "Unreadable Year Ltd: the statement year 'Twenty-three' is not a year from 2015.",
        "Maybe Logistics Ltd: cannot tell whether it covers policies (expected Yes or No).",
    ]
    assert [p.row_number for p in result.problems] == [6, 8]  # the blank line (7) counts, as in the file


def test_headers_are_recognised_by_meaning_not_exact_spelling():
    result = parse("Statement year,Organisation name,Company number,Policies,Training\n"
                   "2024,Acme Ltd,123,yes,no\n")
    record = result.records[0]
    assert (record.statement_year, record.company_number, record.areas) == (2024, "00000123", {"policies"})


def test_a_file_without_the_registry_s_columns_is_refused_as_a_whole():
    with pytest.raises(registry.RegistryFileError, match="no column for statement year"):
        parse("Name,Amount\nAcme,12\n")


def test_windows_1252_and_a_bom_are_read():
    text = "StatementYear,OrganisationName\n2023,Café Ltd\n"
    assert registry.parse_registry(registry.read_csv(text.encode("cp1252"))[1]).records[0].organisation_name == \
        "Café Ltd"
    assert registry.read_csv(b"\xef\xbb\xbf" + text.encode())[0] == ["StatementYear", "OrganisationName"]


def test_a_period_ending_before_it_starts_is_a_problem_not_a_statement():
    result = parse("StatementYear,OrganisationName,StartDate,EndDate\n2023,Acme,01/04/2023,31/03/2022\n")
    assert result.records == [] and "ends before it starts" in result.problems[0].message


# --- Importing and matching ----------------------------------------------------------------------


@pytest.fixture
def officer(db):
    return make_user(Role.PROCUREMENT_OFFICER)


def test_statements_match_suppliers_by_company_number_then_by_name(officer):
    sparkle = supplier("SPARKLE CLEANING SERVICES LIMITED", company_number="04567890")
    care = supplier("Care Plus Homes")  # no number: matched by name
    supplier("Green Foods Wholesale")  # the registry row has no number: matched by name
    supplier("Green Foods Wholesale Limited")  # ... but two suppliers share the name: not matched
    build = supplier("MB Group", company_number="SC123456")  # a different name, the same company number

    outcome = statement_services.statements_import(data=SAMPLE.read_bytes(), acting_user=officer)

    assert (outcome.added, outcome.updated, len(outcome.problems)) == (6, 0, 2)
    by_name = {s.organisation_name + str(s.statement_year): s for s in ModernSlaveryStatement.objects.all()}
    assert by_name["Sparkle Cleaning Services Ltd2023"].supplier == sparkle
    assert by_name["Sparkle Cleaning Services Ltd2023"].matched_by == "company_number"
    assert by_name["MIDLANDS BUILD GROUP PLC2023"].supplier == build
    assert by_name["Care Plus Homes Limited2023"].supplier == care
    assert by_name["Care Plus Homes Limited2023"].matched_by == "name"
    assert by_name["Green Foods Wholesale Ltd2023"].supplier is None
    assert outcome.matched == 4
    assert AuditEntry.objects.get(action="statements.import").changes["added"] == 6


def test_importing_the_same_file_again_changes_nothing(officer):
    statement_services.statements_import(data=SAMPLE.read_bytes(), acting_user=officer)
    again = statement_services.statements_import(data=SAMPLE.read_bytes(), acting_user=officer)
    assert (again.added, again.updated) == (0, 0)
    assert ModernSlaveryStatement.objects.count() == 6


def test_the_command_imports_and_reports_each_rejected_row(officer):
    out = io.StringIO()
    call_command("import_statements", str(SAMPLE), "--as", officer.email, stdout=out)
    text = out.getvalue()
    assert "8 rows read: 6 statements added, 0 updated, 0 matched to suppliers, 2 not imported." in text
    assert "row 6: Unreadable Year Ltd" in text and "row 8: Maybe Logistics Ltd" in text


def test_the_command_refuses_someone_who_may_not_import(db):
    manager = make_user(Role.PROGRAMME_MANAGER)
    with pytest.raises(CommandError, match="may not import statements"):
        call_command("import_statements", str(SAMPLE), "--as", manager.email, stdout=io.StringIO())


def test_the_upload_page_imports_in_the_background_and_shows_the_report(officer, django_capture_on_commit_callbacks):
    client = verified_client(officer)
    supplier("Sparkle Cleaning Services", company_number="04567890")
    upload = SimpleUploadedFile("registry-2023.csv", SAMPLE.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/supply-chain/statements/", {"file": upload})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    job_page = client.get(response["Location"]).content.decode()
    assert "6 statements added, 0 updated, 1 matched to suppliers; 2 rows not imported." in job_page
    done = StatementImport.objects.get()
    assert bytes(done.content) == b""  # the file is not kept once read
    report = client.get(f"/supply-chain/statements/imports/{done.pk}/").content.decode()
    assert "Unreadable Year Ltd" in report and "expected Yes or No" in report
    listing = client.get("/supply-chain/statements/").content.decode()
    assert "Sparkle Cleaning Services" in listing and "missing effectiveness measured by kpis" in listing


def test_a_file_that_is_not_csv_is_refused_on_the_page(officer):
    client = verified_client(officer)
    response = client.post("/supply-chain/statements/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert response.status_code == 200 and "The file must be a CSV file" in response.content.decode()
    assert not StatementImport.objects.exists()


def test_a_programme_manager_sees_statements_but_cannot_upload(db):
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    assert "Import the registry" not in client.get("/supply-chain/statements/").content.decode()
    upload = SimpleUploadedFile("r.csv", SAMPLE.read_bytes())
    assert client.post("/supply-chain/statements/", {"file": upload}).status_code == 403
