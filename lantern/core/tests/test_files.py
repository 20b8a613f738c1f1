"""Uploaded files: what a file says about who made it is removed before it is stored."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lantern.core import files

DOCX = files.DOCX_TYPE


def make_docx(author: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>Workers sleep at the unit.</w:document>")
        z.writestr("docProps/core.xml", f"<cp:coreProperties><dc:creator>{author}</dc:creator>"
                                        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>")
        z.writestr("docProps/app.xml", "<Properties><Company>Acme Supplies Ltd</Company></Properties>")
    return out.getvalue()


def make_pdf(author: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": author, "/Creator": "Microsoft Word"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_word_files_lose_their_author_and_company_but_keep_their_content():
    checked = files.check_upload(SimpleUploadedFile("statement.docx", make_docx("Jane Whistleblower")))
    assert checked.content_type == DOCX
    assert b"Jane Whistleblower" not in checked.content
    with zipfile.ZipFile(io.BytesIO(checked.content)) as z:
        assert b"Jane Whistleblower" not in z.read("docProps/core.xml")
        assert b"Acme Supplies" not in z.read("docProps/app.xml")
        assert z.read("word/document.xml") == b"<w:document>Workers sleep at the unit.</w:document>"


def test_pdfs_lose_their_document_information():
    original = make_pdf("Jane Whistleblower")
    assert b"Jane Whistleblower" in original
    checked = files.check_upload(SimpleUploadedFile("rota.pdf", original))
    assert checked.content_type == "application/pdf"
    assert b"Jane Whistleblower" not in checked.content
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(checked.content)).pages) == 1


def test_photos_lose_their_exif():
    image = Image.new("RGB", (20, 20), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    checked = files.check_upload(SimpleUploadedFile("photo.jpg", out.getvalue()))
    assert b"PhoneMaker" not in checked.content


@pytest.mark.parametrize(("name", "content", "message"), [
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "not a valid PDF"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a valid Word file"),
    ("broken.png", b"\x89PNG\r\n\x1a\nnot really an image", "not a valid image"),
    ("program.exe", b"MZ\x90\x00", "must be a PDF, JPG, PNG, Word (.docx) or text file"),
])
def test_files_that_are_not_what_they_claim_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        files.check_upload(SimpleUploadedFile(name, content))
