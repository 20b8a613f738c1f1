"""The one download path for encrypted files (lantern.core.files.file_response), through both apps' pages."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.audit.models import AuditEntry
from lantern.cases.tests.factories import CaseFactory
from lantern.confidential_reports import services as report_services
from lantern.confidential_reports.tests.helpers import make_report, png, team_member
from lantern.core.files import check_upload
from tests.support import png_bytes, verified_client

pytestmark = pytest.mark.django_db


def _assert_safe_download(response, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_case_document_downloads_decrypted_named_by_reference_with_the_safe_headers():
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/documents/new/",
                           {"file": SimpleUploadedFile("Maria_Ionescu.png", png_bytes())})
    assert response.status_code == 302
    attachment = case.attachments.get()

    response = client.get(f"/cases/{case.reference}/documents/{attachment.pk}/")
    _assert_safe_download(response, f"{case.reference}-document-{attachment.pk}.png")
    assert response["Content-Type"] == "image/png"
    assert response.content == attachment.read() and response.content.startswith(b"\x89PNG")
    assert AuditEntry.objects.filter(action="case.attachment_download", target_id=str(case.pk)).count() == 1


def test_a_case_document_of_another_case_is_not_found():
    case, other = CaseFactory(), CaseFactory()
    client = verified_client(case.lead_worker)
    verified_client(other.lead_worker).post(f"/cases/{other.reference}/documents/new/",
                                            {"file": SimpleUploadedFile("p.png", png_bytes("blue"))})
    attachment = other.attachments.get()
    assert client.get(f"/cases/{case.reference}/documents/{attachment.pk}/").status_code == 404


def test_a_report_file_downloads_with_the_same_safe_headers():
    officer = team_member()
    held = report_services.attachment_hold(check_upload(png("Sam_Patel.png")))
    report = make_report(attachment_ids=[held.pk]).report
    response = verified_client(officer).get(f"/reports/{report.reference}/files/{held.pk}/")
    _assert_safe_download(response, f"{report.reference}-file-{held.pk}.png")
    held.refresh_from_db()
    assert response.content == held.read()
