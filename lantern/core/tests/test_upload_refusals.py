"""Uploads refused through the pages: a file that is not what it says, that would hold a worker, or
that no virus scanner can check, is explained to the person and never stored."""

import pytest
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantern.cases.tests.factories import CaseFactory
from lantern.confidential_reports.models import ReportAttachment
from lantern.confidential_reports.tests.helpers import png, send_report
from lantern.core import files
from lantern.core.tests.test_files import _zip, word_file
from tests.support import png_bytes, verified_client

pytestmark = pytest.mark.django_db


def _upload_to_a_case(name: str, content: bytes):
    case = CaseFactory()
    response = verified_client(case.lead_worker).post(f"/cases/{case.reference}/documents/new/",
                                                      {"file": SimpleUploadedFile(name, content)})
    return case, response


def test_a_zip_named_docx_with_a_program_and_a_web_page_is_refused_on_the_case_page():
    disguised = _zip({"setup.exe": b"MZ\x90\x00", "index.html": "<script>alert(1)</script>"})
    case, response = _upload_to_a_case("statement.docx", disguised)
    assert response.status_code == 200
    assert "has a program, script or web page inside it" in response.content.decode()
    assert not case.attachments.exists()


def test_a_zip_named_docx_that_is_not_a_word_document_is_refused_on_the_case_page():
    case, response = _upload_to_a_case("statement.docx", _zip({"notes.txt": "hello"}))
    assert "The selected file is not a valid Word file" in response.content.decode()
    assert not case.attachments.exists()


def test_a_real_word_document_is_kept():
    case, response = _upload_to_a_case("statement.docx", word_file({}))
    assert response.status_code == 302
    assert case.attachments.get().content_type == files.DOCX_TYPE


def test_a_file_whose_check_takes_too_long_is_cut_off_and_not_stored(settings, monkeypatch):
    settings.LANTERN_UPLOAD_CHECK_SECONDS = 1
    monkeypatch.setattr(files, "CLEANER", "lantern.core.tests.test_sandbox:spin")  # a cleaning with no end
    case, response = _upload_to_a_case("statement.docx", word_file({}))
    assert response.status_code == 200
    assert "The file took too long to check" in response.content.decode()
    assert not case.attachments.exists()


def test_the_files_of_one_report_share_one_time_budget(settings, monkeypatch):
    """Five files that each take the whole limit must not hold the worker five times over: once the
    request's budget is spent, the remaining files are refused without being opened."""
    settings.LANTERN_UPLOAD_CHECK_SECONDS = 1
    settings.LANTERN_UPLOAD_CHECK_TOTAL_SECONDS = 1.5
    monkeypatch.setattr(files, "CLEANER", "lantern.core.tests.test_sandbox:spin")  # a cleaning with no end
    started = []
    real_run = files.sandbox.run
    monkeypatch.setattr(files.sandbox, "run", lambda *args, **kwargs: started.append(1) or real_run(*args, **kwargs))
    response = send_report(Client(), files=[png(f"photo{number}.png") for number in range(1, 6)])
    page = response.content.decode()
    assert "photo1.png: The file took too long to check" in page
    for number in range(2, 6):
        assert f"photo{number}.png: {files.NO_TIME_LEFT}" in page
    assert len(started) == 1
    assert not ReportAttachment.objects.exists()


def scanner_that_could_not_scan(content: bytes) -> str:
    """A virus scanner (LANTERN_VIRUS_SCANNER) that was not reachable."""
    return "not_scanned"


def test_without_a_virus_scanner_uploads_are_switched_off_on_the_case_page(settings):
    settings.LANTERN_ALLOW_UNSCANNED_UPLOADS = False
    case, response = _upload_to_a_case("photo.png", png_bytes())
    assert response.status_code == 200
    assert "Uploads are switched off until a virus scanner is set up" in response.content.decode()
    assert not case.attachments.exists()


def test_without_a_virus_scanner_reporters_files_are_refused_and_not_kept(settings):
    settings.LANTERN_ALLOW_UNSCANNED_UPLOADS = False
    response = send_report(Client(), files=[png("flyer.png")])
    assert "flyer.png: Uploads are switched off until a virus scanner is set up" in response.content.decode()
    assert not ReportAttachment.objects.exists()


def test_a_file_the_scanner_could_not_check_is_refused_unless_unscanned_files_are_accepted(settings):
    settings.LANTERN_VIRUS_SCANNER = "lantern.core.tests.test_upload_refusals.scanner_that_could_not_scan"
    settings.LANTERN_ALLOW_UNSCANNED_UPLOADS = False
    case, response = _upload_to_a_case("photo.png", png_bytes())
    assert "could not be checked for viruses, so it was not saved" in response.content.decode()
    assert not case.attachments.exists()
    settings.LANTERN_ALLOW_UNSCANNED_UPLOADS = True
    case, response = _upload_to_a_case("photo.png", png_bytes())
    assert response.status_code == 302 and case.attachments.get().scan_result == "not_scanned"


def _deploy_errors() -> list[str]:
    return [message.id for message in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
            if message.id == "core.uploads.E001"]


def test_the_deploy_check_fails_without_a_scanner_or_the_accepted_risk(settings):
    settings.LANTERN_ALLOW_UNSCANNED_UPLOADS = False
    assert _deploy_errors() == ["core.uploads.E001"]
    settings.LANTERN_ALLOW_UNSCANNED_UPLOADS = True
    assert _deploy_errors() == []
    settings.LANTERN_ALLOW_UNSCANNED_UPLOADS = False
    settings.LANTERN_VIRUS_SCANNER = "tests.support.scanner_flagging_everything"
    assert _deploy_errors() == []
