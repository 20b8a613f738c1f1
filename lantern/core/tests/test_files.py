"""Uploaded files: what a file says about who made it is removed before it is stored."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lantern.core import cleaning, files

DOCX = files.DOCX_TYPE


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def content_types(extra: str = "", main: str = WORD_MAIN) -> str:
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>')


def relationships(extra: str = "") -> str:
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>{extra}</Relationships>')


def word_file(parts: dict[str, bytes | str]) -> bytes:
    """A Word package: its content types and relationships name word/document.xml as the main document."""
    return _zip({"[Content_Types].xml": content_types(), "_rels/.rels": relationships(),
                 "word/document.xml": "<w:document/>", **parts})


def make_docx(author: str) -> bytes:
    return word_file({
        "word/document.xml": "<w:document>Workers sleep at the unit.</w:document>",
        "docProps/core.xml": f"<cp:coreProperties><dc:creator>{author}</dc:creator>"
                             f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>",
        "docProps/app.xml": "<Properties><Company>Acme Supplies Ltd</Company></Properties>",
    })


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
    document = word_file({
        "[Content_Types].xml": content_types('<Override PartName="/docProps/thumbnail.jpeg" ContentType="image/jpeg"/>'),
        "_rels/.rels": relationships('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
                                     'relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>'),
        "word/document.xml": '<w:document><w:ins w:id="1" w:author="Jane Whistleblower" '
                             'w:date="2026-11-01T10:00:00Z">Workers sleep at the unit.</w:ins></w:document>',
        "word/comments.xml": '<w:comments><w:comment w:id="0" w:author="Jane Whistleblower" '
                             'w:initials="JW">Check this</w:comment></w:comments>',
        "word/people.xml": '<w15:people><w15:person w15:author="Jane Whistleblower">'
                           '<w15:presenceInfo w15:providerId="AD" w15:userId="jane@acme.example"/>'
                           "</w15:person></w15:people>",
        "word/media/image1.jpeg": _jpeg_with_exif("PhoneMaker"),
        "docProps/thumbnail.jpeg": _jpeg_with_exif("Thumbnail"),
    })
    checked = files.check_upload(SimpleUploadedFile("statement.docx", document))
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


def test_names_in_word_files_go_however_they_are_written_and_from_files_embedded_in_them():
    workbook = _zip({
        "docProps/core.xml": "<cp:coreProperties><dc:creator>Jane Whistleblower</dc:creator></cp:coreProperties>",
        "xl/comments1.xml": "<comments><authors><author>Jane Whistleblower</author></authors></comments>",
        "xl/persons/person.xml": '<personList><person displayName="Jane Whistleblower" id="{1}" '
                                 'userId="jane@acme.example" providerId="AD"/></personList>',
        "xl/tables/table1.xml": '<table id="1" name="Rota" displayName="Rota"/>',
    })
    document = word_file({
        "word/document.xml": "<w:document><w:del w:id='2' w:author='Jane Whistleblower'>old</w:del>"
                             '<w:ins w:id="3" w:author = "Jane Whistleblower">new</w:ins>'
                             "<w:t>Quote: the boss said “stop”</w:t></w:document>",
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook,
    })
    cleaned = files.check_upload(SimpleUploadedFile("statement.docx", document)).content
    with zipfile.ZipFile(io.BytesIO(cleaned)) as z:
        body = z.read("word/document.xml")
        embedded = z.read("word/embeddings/Microsoft_Excel_Worksheet.xlsx")
    assert b"Jane" not in body and "Quote: the boss said “stop”".encode() in body
    assert b"w:author='Author'" in body
    with zipfile.ZipFile(io.BytesIO(embedded)) as z:
        inner = {name: z.read(name) for name in z.namelist()}
    assert not any(b"Jane" in data or b"jane@" in data for data in inner.values())
    assert b'name="Rota" displayName="Rota"' in inner["xl/tables/table1.xml"]  # not a person: kept


def test_a_word_file_with_too_many_large_pictures_is_refused_before_they_are_decoded():
    big = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(big, format="PNG")  # 1,600 pixels
    document = word_file({"word/media/image1.png": big.getvalue()})
    with pytest.raises(ValidationError, match="too many or too large pictures"):
        cleaning.strip_metadata(document, DOCX, cleaning.Limits(picture_pixels=1000))


def test_pdf_links_and_bookmarks_lose_scripts_and_attached_files_go():
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    script_link = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)]),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                            NameObject("/JS"): TextStringObject("app.alert('Jane Whistleblower')")}),
    })
    web_link = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(20), NumberObject(0), NumberObject(30), NumberObject(10)]),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                            NameObject("/URI"): TextStringObject("https://example.org/")}),
    })
    attachment = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FileAttachment"),
        NameObject("/Rect"): ArrayObject([NumberObject(40), NumberObject(0), NumberObject(50), NumberObject(10)]),
        NameObject("/Contents"): TextStringObject("Jane Whistleblower's diary"),
    })
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(a) for a in (script_link, web_link, attachment)])
    bookmark = writer.add_outline_item(title="Start", page_number=0)
    bookmark.get_object()[NameObject("/A")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('Jane')")})
    out = io.BytesIO()
    writer.write(out)
    assert b"Jane Whistleblower" in out.getvalue()

    cleaned = files.check_upload(SimpleUploadedFile("diary.pdf", out.getvalue())).content
    assert b"Jane" not in cleaned and b"/JavaScript" not in cleaned and b"/FileAttachment" not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert [a["/A"]["/S"] for a in annotations if "/A" in a] == ["/URI"]
    assert len(annotations) == 2  # both links kept, the script link without its script


def test_transparent_pngs_keep_their_transparency():
    image = Image.new("P", (4, 4), 0)
    image.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0)
    cleaned = files.check_upload(SimpleUploadedFile("logo.png", out.getvalue())).content
    with Image.open(io.BytesIO(cleaned)) as result:
        assert result.info.get("transparency") == 0


def _zeros_docx(megabytes: int) -> bytes:
    """A small Word file that unpacks to ``megabytes`` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in {"[Content_Types].xml": content_types(), "_rels/.rels": relationships(),
                           "word/document.xml": "<w:document/>"}.items():
            z.writestr(name, data)
        z.writestr("word/padding.bin", bytes(megabytes * 1024 * 1024))
    return out.getvalue()


def test_a_word_file_of_many_small_bombs_is_refused_for_what_they_unpack_to_together(settings):
    # Each embedded file is far under the limit; together they are not (the probe's file held
    # 150 of 50 MB each; this one is smaller, against a lowered limit).
    settings.LANTERN_UPLOAD_MAX_UNPACKED_BYTES = 5 * 1024 * 1024
    inner = _zeros_docx(1)
    assert len(inner) < 5 * 1024
    bomb = word_file({f"word/embeddings/Document{n}.docx": inner for n in range(8)})
    with pytest.raises(ValidationError, match="too large or complex to check"):
        files.check_upload(SimpleUploadedFile("bomb.docx", bomb))
    # The same file with fewer embedded documents is within the limit, and cleaned.
    cleaned = files.check_upload(SimpleUploadedFile("ok.docx", word_file({"word/embeddings/Document0.docx": inner})))
    assert cleaned.content_type == DOCX


def test_a_word_file_of_too_many_parts_in_all_is_refused(settings):
    settings.LANTERN_UPLOAD_MAX_PARTS = 40
    inner = word_file({f"word/part{n}.xml": "<p/>" for n in range(10)})  # 13 parts each
    document = word_file({f"word/embeddings/Document{n}.docx": inner for n in range(3)})  # 3 + 3 + 39
    with pytest.raises(ValidationError, match="too large or complex to check"):
        files.check_upload(SimpleUploadedFile("parts.docx", document))


def test_documents_nested_deeper_than_the_limit_are_refused_not_kept_uncleaned(settings):
    settings.LANTERN_UPLOAD_MAX_NESTING = 2
    nested = make_docx("Jane Whistleblower")
    for _ in range(3):
        nested = word_file({"word/embeddings/Inner.docx": nested})
    with pytest.raises(ValidationError, match="too many documents inside documents"):
        files.check_upload(SimpleUploadedFile("nested.docx", nested))


def test_a_zip_named_docx_is_refused_unless_it_is_a_word_document():
    zip_with_a_program = _zip({"setup.exe": b"MZ\x90\x00", "index.html": "<script>alert(1)</script>"})
    no_main_document = _zip({"[Content_Types].xml": content_types(), "_rels/.rels": relationships()})
    no_relationship = _zip({"[Content_Types].xml": content_types(), "word/document.xml": "<w:document/>"})
    macros = word_file({"[Content_Types].xml": content_types(
        main="application/vnd.ms-word.document.macroEnabled.main+xml")})
    spreadsheet = _zip({
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Override PartName="/xl/workbook.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": relationships().replace("word/document.xml", "xl/workbook.xml"),
        "xl/workbook.xml": "<workbook/>",
    })
    entity = word_file({"[Content_Types].xml": '<!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>'})
    for document in (zip_with_a_program, no_main_document, no_relationship, macros, spreadsheet, entity):
        with pytest.raises(ValidationError, match="not a valid Word file|program, script or web page"):
            files.check_upload(SimpleUploadedFile("statement.docx", document))


@pytest.mark.parametrize("part", ["word/setup.exe", "word/page.HTML", "customXml/run.js", "word/macro.vbs",
                                  "word/lib.dll", "word/go.bat"])
def test_a_word_file_holding_a_program_script_or_web_page_is_refused(part):
    with pytest.raises(ValidationError, match="has a program, script or web page inside it"):
        files.check_upload(SimpleUploadedFile("statement.docx", word_file({part: b"MZ"})))


def test_a_program_inside_a_file_inside_a_word_file_is_refused_too():
    workbook = _zip({"xl/workbook.xml": "<workbook/>", "xl/media/run.js": "alert(1)"})
    document = word_file({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})
    with pytest.raises(ValidationError, match="has a program, script or web page inside it"):
        files.check_upload(SimpleUploadedFile("statement.docx", document))


def test_pictures_and_pdfs_must_be_what_they_claim_to_be():
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    png_named_jpeg = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png_named_jpeg, format="PNG")
    with pytest.raises(ValidationError, match="not a valid image"):
        files.strip_metadata(b"\xff\xd8\xff" + png_named_jpeg.getvalue(), "image/jpeg")
    with pytest.raises(ValidationError, match="must be a PDF, JPG, PNG"):
        files.check_upload(SimpleUploadedFile("picture.png", gif.getvalue()))
    from pypdf import PdfWriter

    empty = io.BytesIO()
    PdfWriter().write(empty)
    with pytest.raises(ValidationError, match="not a valid PDF"):
        files.check_upload(SimpleUploadedFile("empty.pdf", empty.getvalue()))
