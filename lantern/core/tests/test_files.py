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


def _jpeg_with_exif(marker: str) -> bytes:
    image = Image.new("RGB", (16, 16), "blue")
    exif = Image.Exif()
    exif[0x010F] = marker  # camera make; a phone puts its GPS position beside it
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_word_files_lose_reviewers_names_their_thumbnail_and_the_exif_of_photos_inside():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Default Extension="xml" ContentType="application/xml"/>'
                                          '<Override PartName="/docProps/thumbnail.jpeg" ContentType="image/jpeg"/>'
                                          "</Types>")
        z.writestr("_rels/.rels", '<Relationships><Relationship Id="rId1" Target="word/document.xml"/>'
                                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
                                  'relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>'
                                  "</Relationships>")
        z.writestr("word/document.xml", '<w:document><w:ins w:id="1" w:author="Jane Whistleblower" '
                                        'w:date="2026-11-01T10:00:00Z">Workers sleep at the unit.</w:ins>'
                                        "</w:document>")
        z.writestr("word/comments.xml", '<w:comments><w:comment w:id="0" w:author="Jane Whistleblower" '
                                        'w:initials="JW">Check this</w:comment></w:comments>')
        z.writestr("word/people.xml", '<w15:people><w15:person w15:author="Jane Whistleblower">'
                                      '<w15:presenceInfo w15:providerId="AD" w15:userId="jane@acme.example"/>'
                                      "</w15:person></w15:people>")
        z.writestr("word/media/image1.jpeg", _jpeg_with_exif("PhoneMaker"))
        z.writestr("docProps/thumbnail.jpeg", _jpeg_with_exif("Thumbnail"))
    checked = files.check_upload(SimpleUploadedFile("statement.docx", out.getvalue()))
    with zipfile.ZipFile(io.BytesIO(checked.content)) as z:
        names = set(z.namelist())
        parts = {name: z.read(name) for name in names}
    assert "docProps/thumbnail.jpeg" not in names
    assert b"thumbnail" not in parts["_rels/.rels"] and b"word/document.xml" in parts["_rels/.rels"]
    assert b"thumbnail" not in parts["[Content_Types].xml"]
    everything = b"".join(parts.values())
    assert b"Jane" not in everything and b"jane@acme" not in everything and b'w:initials="JW"' not in everything
    assert b"Workers sleep at the unit." in parts["word/document.xml"]
    assert b"PhoneMaker" not in parts["word/media/image1.jpeg"]
    with Image.open(io.BytesIO(parts["word/media/image1.jpeg"])) as photo:
        assert photo.size == (16, 16)


def test_pdfs_lose_page_metadata_file_identifier_embedded_files_and_scripts():
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    page_xmp = DecodedStreamObject()
    page_xmp.set_data(b"<x:xmpmeta>Jane Whistleblower</x:xmpmeta>")
    writer.pages[0][NameObject("/Metadata")] = writer._add_object(page_xmp)
    writer.add_attachment("notes.txt", b"Jane Whistleblower's own notes")
    writer.add_open_action(JavaScript("app.alert('hello');"))
    writer.generate_file_identifiers()
    out = io.BytesIO()
    writer.write(out)
    original = out.getvalue()
    assert b"/ID" in original and b"/EmbeddedFiles" in original and b"/JavaScript" in original
    assert b"/Metadata" in original and b"Jane Whistleblower" in original

    cleaned = files.check_upload(SimpleUploadedFile("rota.pdf", original)).content
    assert b"Jane Whistleblower" not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    assert "/ID" not in reader.trailer
    assert "/Metadata" not in reader.pages[0]
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or ("/EmbeddedFiles" not in names and "/JavaScript" not in names)
    assert "/OpenAction" not in reader.trailer["/Root"]
    assert len(reader.pages) == 1
