"""The spend file pages, driven as a procurement officer would: upload, columns, check, import, summary;
and who may see and do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.core.models import BackgroundJob, ImportFile, ImportMapping, ImportStatus
from lantern.supply_chain.models import SpendFile, SpendLine, SupplierName
from lantern.supply_chain.services import spend_imports
from lantern.supply_chain.tests.conftest import fixture_bytes
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user

pytestmark = pytest.mark.django_db


def upload(client, name="leeds_sample.csv", publisher="Leeds City Council", content=None, **extra):
    content = fixture_bytes(name) if content is None else content
    return client.post("/supply-chain/spend-files/upload/", {
        "publisher": publisher, "uploads": [SimpleUploadedFile(name, content, content_type="text/csv")], **extra})


def confirm_columns(client, upload_file, capture, columns=None):
    columns = columns if columns is not None else upload_file.mapping
    data = {target: columns.get(target, "") for target in [f["field"] for f in upload_file.proposal["fields"]]}
    with capture(execute=True):
        response = client.post(f"/supply-chain/spend-files/uploads/{upload_file.pk}/columns/", data)
    return response


def test_upload_columns_check_import_and_summary(officer_client, django_capture_on_commit_callbacks):
    response = upload(officer_client)
    upload_file = ImportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/supply-chain/spend-files/uploads/{upload_file.pk}/columns/"
    assert upload_file.read() == fixture_bytes("leeds_sample.csv")  # kept, and readable only decrypted
    assert upload_file.storage_path.endswith(".bin")

    page = officer_client.get(response["Location"])
    text = page.content.decode()
    assert "Lantern is sure of every column" in text
    assert 'value="Beneficiary Name" selected' in text
    assert 'value="Payment Date" selected' in text

    response = confirm_columns(officer_client, upload_file, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get(kind="imports.check")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job_page = officer_client.get(response["Location"]).content.decode()
    assert "7 rows checked: 7 can be imported, 0 cannot." in job_page
    assert f'href="/supply-chain/spend-files/uploads/{upload_file.pk}/"' in job_page  # Continue
    assert ImportMapping.objects.get(source="Leeds City Council").columns["amount"] == "Amount"

    report = officer_client.get(f"/supply-chain/spend-files/uploads/{upload_file.pk}/").content.decode()
    assert "Ready to import" in report
    assert "Import 7 rows" in report
    assert not SpendLine.objects.exists()  # nothing imported before the person says so

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(f"/supply-chain/spend-files/uploads/{upload_file.pk}/import/")
    job = BackgroundJob.objects.get(kind="imports.commit")
    assert job.status == "succeeded"
    spend_file = SpendFile.objects.get()
    assert job.result["next_url"] == f"/supply-chain/spend-files/{spend_file.pk}/"
    summary = officer_client.get(job.result["next_url"]).content.decode()
    assert "Payments imported" in summary
    assert spend_file.rows_imported == 7
    assert spend_file.rows_redacted == 3
    assert spend_file.first_payment_date is not None  # the follow-on step ran
    assert SpendLine.objects.filter(redacted=True, payee__isnull=True).count() == 3
    assert not SupplierName.objects.filter(name__icontains="redacted").exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"spend_upload.create", "spend_upload.map", "spend_upload.import", "spend_file.import"} <= actions


def test_a_second_file_from_the_publisher_gets_its_remembered_columns(officer_client, django_capture_on_commit_callbacks):
    upload(officer_client)
    first = ImportFile.objects.get()
    columns = {**first.mapping, "expense_type": "Category Internal Name"}  # the officer prefers another column
    confirm_columns(officer_client, first, django_capture_on_commit_callbacks, columns)
    upload(officer_client, content=fixture_bytes("leeds_sample.csv") + b"\r\n")
    second = ImportFile.objects.exclude(pk=first.pk).get()
    assert second.proposal["remembered"] is True
    assert second.mapping["expense_type"] == "Category Internal Name"
    page = officer_client.get(f"/supply-chain/spend-files/uploads/{second.pk}/columns/").content.decode()
    assert "the columns you confirmed before for Leeds City Council" in page


def test_rejected_rows_are_reported_by_row_column_and_reason_without_the_value(
        officer_client, django_capture_on_commit_callbacks):
    content = (b"Date,Amount,Supplier\r\n"
               b"01/04/2024,100.00,Acme Cleaning Ltd\r\n"
               b"31/02/2024,50.00,Jane Smith\r\n"
               b"02/04/2024,lots,Bob Jones Plumbing\r\n")
    upload(officer_client, name="odd.csv", publisher="Sandwell MBC", content=content)
    upload_file = ImportFile.objects.get()
    confirm_columns(officer_client, upload_file, django_capture_on_commit_callbacks,
                    {"payment_date": "Date", "amount": "Amount", "supplier_name": "Supplier"})
    report = officer_client.get(f"/supply-chain/spend-files/uploads/{upload_file.pk}/").content.decode()
    assert "Payment date is not a real date" in report
    assert "Amount is not an amount of money" in report
    assert "Jane Smith" not in report and "lots" not in report
    csv_text = officer_client.get(f"/supply-chain/spend-files/uploads/{upload_file.pk}/report.csv").content.decode()
    assert csv_text.splitlines()[0] == "Row,Column,Reason,Outcome"
    assert "3,Date,Payment date is not a real date,Not imported" in csv_text
    assert "Jane Smith" not in csv_text and "Bob Jones" not in csv_text
    assert AuditEntry.objects.filter(action="spend_upload.report_download").exists()


def test_a_file_with_no_column_for_a_required_field_asks_for_it(officer_client):
    upload(officer_client, name="odd.csv", publisher="Sandwell MBC",
           content=b"When,How much,Code\r\n01/04/2024,100.00,X1\r\n")
    upload_file = ImportFile.objects.get()
    assert upload_file.mapping == {}  # not taken as confirmed
    page = officer_client.get(f"/supply-chain/spend-files/uploads/{upload_file.pk}/columns/").content.decode()
    assert "Lantern found no column for Supplier name" in page
    response = officer_client.post(f"/supply-chain/spend-files/uploads/{upload_file.pk}/columns/",
                                   {"payment_date": "When", "amount": "How much"})
    assert response.status_code == 200
    assert "Select the column that holds the supplier name" in response.content.decode()


def test_several_files_at_once_and_a_bad_one_takes_none(officer_client):
    files = [SimpleUploadedFile("leeds.csv", fixture_bytes("leeds_sample.csv")),
             SimpleUploadedFile("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00")]
    response = officer_client.post("/supply-chain/spend-files/upload/", {"publisher": "Leeds", "uploads": files})
    assert response.status_code == 200
    assert "picture.csv: The file must be a CSV or an Excel spreadsheet (.xlsx)" in response.content.decode()
    assert not ImportFile.objects.exists()
    files = [SimpleUploadedFile("bradford.csv", fixture_bytes("bradford_sample.csv")),
             SimpleUploadedFile("manchester.csv", fixture_bytes("manchester_sample.csv"))]
    response = officer_client.post("/supply-chain/spend-files/upload/", {"publisher": "Mixed", "uploads": files})
    assert response["Location"] == "/supply-chain/spend-files/"
    listing = officer_client.get("/supply-chain/spend-files/").content.decode()
    assert "bradford.csv" in listing and "manchester.csv" in listing


def test_the_same_file_imported_twice_changes_nothing(officer_client, officer, django_capture_on_commit_callbacks):
    for _ in range(2):
        upload(officer_client)
        upload_file = ImportFile.objects.latest("created_at")
        confirm_columns(officer_client, upload_file, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            officer_client.post(f"/supply-chain/spend-files/uploads/{upload_file.pk}/import/")
    assert SpendFile.objects.count() == 1
    assert SpendLine.objects.count() == 7
    second = ImportFile.objects.latest("created_at")
    assert second.status == ImportStatus.DUPLICATE
    job = BackgroundJob.objects.filter(kind="imports.commit").latest("created_at")
    assert "was imported before" in job.message


def test_programme_manager_sees_files_and_reports_but_cannot_import(officer, manager_client):
    upload_file = spend_imports.spend_upload(
        upload=SimpleUploadedFile("m.csv", fixture_bytes("manchester_sample.csv")), publisher="Manchester",
        acting_user=officer)
    assert manager_client.get("/supply-chain/spend-files/").status_code == 200
    assert "Upload spend files" not in manager_client.get("/supply-chain/spend-files/").content.decode()
    assert manager_client.get(f"/supply-chain/spend-files/uploads/{upload_file.pk}/").status_code == 200
    assert manager_client.get("/supply-chain/spend-files/upload/").status_code == FORBIDDEN
    assert manager_client.get(f"/supply-chain/spend-files/uploads/{upload_file.pk}/columns/").status_code == FORBIDDEN
    assert manager_client.post(f"/supply-chain/spend-files/uploads/{upload_file.pk}/import/").status_code == FORBIDDEN


@pytest.mark.parametrize("path", ["/supply-chain/spend-files/", "/supply-chain/spend-files/upload/"])
def test_page_access_by_role(path):
    allowed = {Role.PROCUREMENT_OFFICER} if path.endswith("upload/") else {Role.PROCUREMENT_OFFICER,
                                                                            Role.PROGRAMME_MANAGER}
    assert_access(path, allowed=allowed, refused=FORBIDDEN)


def test_upload_and_file_pages_by_role():
    officer = make_user(Role.PROCUREMENT_OFFICER)
    upload_file = spend_imports.spend_upload(
        upload=SimpleUploadedFile("m.csv", fixture_bytes("manchester_sample.csv")), publisher="Manchester",
        acting_user=officer)
    viewers = {Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER}
    # An upload is a record: 404 for a role that may not see the supply chain, as for a missing one.
    assert_access(f"/supply-chain/spend-files/uploads/{upload_file.pk}/", allowed=viewers, refused=NOT_FOUND)
    assert_access(f"/supply-chain/spend-files/uploads/{upload_file.pk}/report.csv", allowed=viewers,
                  refused=NOT_FOUND)
    # The programme manager sees it but may not change its columns (403, test above); other roles: 404.
    assert_access(f"/supply-chain/spend-files/uploads/{upload_file.pk}/columns/", allowed=viewers,
                  ok=(200, FORBIDDEN), refused=NOT_FOUND)


def test_missing_uploads_and_files_are_not_found(officer_client):
    assert officer_client.get("/supply-chain/spend-files/uploads/6f1c1b43-5f7e-4d39-9d70-2c6f3c1b2a11/").status_code \
        == NOT_FOUND
    assert officer_client.get("/supply-chain/spend-files/999/").status_code == NOT_FOUND


def test_home_page_shows_spend_files_to_procurement(officer_client, manager_client):
    assert "Upload spend files" in officer_client.get("/").content.decode()
    home = manager_client.get("/").content.decode()
    assert "Spend files" in home and "Upload spend files" not in home
