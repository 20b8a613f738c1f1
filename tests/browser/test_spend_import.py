"""A procurement officer imports a published spend file: upload, columns, check, import, summary."""

import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "lantern" / "supply_chain" / "tests" / "fixtures" / "manchester_sample.csv"


def test_procurement_officer_imports_a_spend_file(journey, sign_in):
    page = journey.page
    sign_in(journey, "procurement@sandwell.example")
    page.get_by_role("link", name="Upload spend files").click()
    page.wait_for_url(journey.url("/supply-chain/spend-files/upload/"))
    journey.check("upload form")

    page.get_by_role("button", name="Upload and continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter who published the files" in summary.inner_text()
    journey.check("upload errors")

    page.get_by_label("Who published the files?").fill("Manchester City Council")
    page.get_by_label("Spend files").set_input_files({
        "name": "manchester_2022-05.csv", "mimeType": "text/csv", "buffer": SAMPLE.read_bytes()})
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_url(re.compile(r"/supply-chain/spend-files/uploads/[0-9a-f-]+/columns/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Which column holds which field"
    assert page.get_by_label("Supplier name").input_value() == "Beneficiary Name"
    assert page.get_by_label("Amount").input_value() == "Amount"
    journey.check("columns")

    page.get_by_role("button", name="Confirm columns and check the file").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert "7 rows checked: 7 can be imported, 0 cannot." in page.locator("#job-message").inner_text()
    journey.check("check progress")

    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/supply-chain/spend-files/uploads/[0-9a-f-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ready to import"
    journey.check("report")

    page.get_by_role("button", name="Import 7 rows").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert "7 payments imported from 7 rows read (3 redacted, 0 rejected)" in page.locator("#job-message").inner_text()
    journey.check("import progress")

    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/supply-chain/spend-files/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "manchester_2022-05.csv"
    assert "Every row could be read." in page.locator("main").inner_text()
    journey.check("summary")

    page.get_by_role("link", name="All spend files").click()
    page.wait_for_url(journey.url("/supply-chain/spend-files/"))
    files = page.get_by_role("table", name="Imported spend files")
    assert "manchester_2022-05.csv" in files.inner_text()
    assert "bradford_2019-08_spend.csv" in files.inner_text()  # the demo's own
    journey.check("spend files")
