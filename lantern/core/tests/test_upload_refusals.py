"""Uploads refused through the pages: a file that is not what it says, or that would hold a worker,
is explained to the person and never stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.cases.tests.factories import CaseFactory
from lantern.core import files
from lantern.core.tests.test_files import _zip, word_file
from tests.support import verified_client

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
