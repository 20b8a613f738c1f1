"""A procurement officer imports the Modern Slavery Statement Registry's file through the same pages as a
spend file: upload, columns, check with its per-row report, import; then the supplier's statements."""

import re
from pathlib import Path

SAMPLE = (Path(__file__).resolve().parents[2] / "lantern" / "supply_chain" / "tests" / "data"
          / "statement_registry_sample.csv")


def test_procurement_officer_imports_the_statement_registry(journey, sign_in):
    page = journey.page
    sign_in(journey, "procurement@sandwell.example")
    journey.goto("/supply-chain/statements/")
    journey.check("statements")

    page.get_by_label("The registry's file").set_input_files({
        "name": "registry-2023.csv", "mimeType": "text/csv", "buffer": SAMPLE.read_bytes()})
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_url(re.compile(r"/supply-chain/statements/uploads/[0-9a-f-]+/columns/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Which column holds which field"
    assert page.get_by_label("Statement year").input_value() == "StatementYear"
    journey.check("columns")

    page.get_by_role("button", name="Confirm columns and check the file").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert "8 rows checked: 6 can be imported, 2 cannot." in page.locator("#job-message").inner_text()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/supply-chain/statements/uploads/[0-9a-f-]+/$"))
    report = page.locator("main").inner_text()
    assert "is not a year from 2015" in report and "Twenty-three" not in report
    journey.check("report")

    page.get_by_role("button", name="Import 6 rows").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert "6 statements added" in page.locator("#job-message").inner_text()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/supply-chain/statements/uploads/[0-9a-f-]+/$"))
    journey.check("imported")
