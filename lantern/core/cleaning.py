"""Cleaning an upload: what a file says about who made it is removed (ADR 11), within limits.

Pure logic (Pillow, pypdf and the standard library's zipfile), with no database or settings:
``lantern.core.files.check_upload`` runs ``clean`` in a separate, limited process
(``lantern.core.sandbox``) and gives it the limits from the settings.

A Word file is a zip of parts, and may hold other Office files, each a zip of parts: the
work one upload may cause is bounded as a whole (``Limits``), across every level of
nesting: the bytes unpacked, the number of parts, how deep files sit inside files, and the
pictures decoded. Parts are read in chunks against that budget, whatever sizes the zip
declares. A Word file must also be one: its package must name a Word main document that it
holds, and no part, at any level, may be a program, a script or a web page.
"""

import io
import posixpath
import re
import zipfile
from dataclasses import asdict, dataclass
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Limits:
    """What cleaning one upload may cost, across every level of files inside files."""

    unpacked_bytes: int = 100 * 1024 * 1024  # every part of every level, as unpacked
    parts: int = 2000  # zip entries, every level together
    nesting: int = 2  # how deep an Office file may sit inside a Word file
    pictures: int = 200  # pictures decoded in one Word file
    picture_pixels: int = 100_000_000  # and their pixels together

    def as_options(self) -> dict[str, int]:
        return asdict(self)


class Refused(ValidationError):
    """The file is refused as a whole, even where it sits inside another: never kept as it is."""


class TooManyPictures(Refused):
    """A file would make us decode more pictures, or more pixels, than its budget allows."""


TOO_COMPLEX = "The Word file is too large or complex to check: send it as a PDF, or split it into several files"
TOO_DEEP = "The Word file has too many documents inside documents: send them as separate files"
NOT_WORD = "The selected file is not a valid Word file"
ACTIVE_PART = ("The Word file has a program, script or web page inside it: remove it, "
               "or send the document as a PDF")

MAX_IMAGE_PIXELS = 40_000_000  # refuses decompression bombs long before memory runs out


# Word's document properties (author, last modified by, company, custom fields), replaced with empty ones.
_EMPTY_DOCX_PARTS = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>'
    ),
    "docProps/app.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
    ),
}


class _Budget:
    """What is left to spend on one upload: bytes unpacked, parts read, pictures and pixels decoded."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.bytes = limits.unpacked_bytes
        self.parts = limits.parts
        self.pictures = limits.pictures
        self.pixels = limits.picture_pixels

    def spend_parts(self, count: int) -> None:
        if count > self.parts:
            raise Refused(TOO_COMPLEX)
        self.parts -= count

    def spend_bytes(self, count: int) -> None:
        if count > self.bytes:
            raise Refused(TOO_COMPLEX)
        self.bytes -= count

    def spend_picture(self, pixels: int) -> None:
        if self.pictures <= 0 or pixels > self.pixels:
            raise TooManyPictures("The file holds too many or too large pictures: send the photos as separate files")
        self.pictures -= 1
        self.pixels -= pixels


_PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def _strip_image(content: bytes, content_type: str, budget: _Budget | None = None) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        # Only the type the first bytes claimed: a PNG named and marked as a JPEG is not one.
        with Image.open(io.BytesIO(content), formats=[_PILLOW_FORMATS[content_type]]) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError("The image is too large: use a smaller photo")
            if budget is not None:
                budget.spend_picture(image.width * image.height)  # before decoding, from the header
            image.load()
            clean = image.copy()  # pixels and palette, without the source file's metadata blocks
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError("The selected file is not a valid image") from exc
    # Only what drawing the picture needs: a palette's transparent colour. EXIF, XMP, text
    # chunks and colour profiles (which can name the device) go.
    clean.info = {key: value for key, value in clean.info.items() if key == "transparency"}
    out = io.BytesIO()
    if content_type == "image/png":
        clean.save(out, format="PNG")
    else:
        clean.save(out, format="JPEG", quality=90)
    return out.getvalue()


# Parts of a PDF's catalogue that run something or carry other files: dropped, with the metadata.
_PDF_ACTIVE_KEYS = ("/OpenAction", "/AA", "/AcroForm")
_PDF_NAME_TREES_DROPPED = ("/EmbeddedFiles", "/JavaScript")
# Annotations that carry a file or media, dropped; links keep only actions that go somewhere.
_PDF_ANNOTATIONS_DROPPED = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
_PDF_SAFE_ACTIONS = {"/GoTo", "/URI", "/Named"}


def _pdf_drop_unreferenced(writer: Any) -> None:
    """Drop the objects nothing refers to any more (what was cut off above), layer by layer:
    each pass of pypdf's clean-up drops the objects only the last pass's orphans referred to."""
    for _ in range(50):
        before = sum(obj is not None for obj in writer._objects)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        if sum(obj is not None for obj in writer._objects) == before:
            return


def _pdf_clean_actions(item: Any) -> None:
    """Keep a link's action only if it goes to a page or an address (no script, launch or form submission)."""
    from pypdf.generic import DictionaryObject

    item.pop("/AA", None)
    action = item.get("/A")
    if action is None:
        return
    action = action.get_object()
    if not isinstance(action, DictionaryObject) or action.get("/S") not in _PDF_SAFE_ACTIONS:
        item.pop("/A", None)
    else:
        action.pop("/Next", None)  # a chained action could be a script


def _pdf_clean_pages_and_outline(writer: Any) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    for page in writer.pages:
        for key in ("/Metadata", "/AA", "/PieceInfo"):
            page.pop(key, None)
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = ArrayObject()
        for reference in annotations.get_object():
            annotation = reference.get_object()
            if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") in _PDF_ANNOTATIONS_DROPPED:
                continue
            _pdf_clean_actions(annotation)
            kept.append(reference)
        page[NameObject("/Annots")] = kept
    outline = writer.root_object.get("/Outlines")
    pending = [outline.get_object().get("/First")] if outline is not None else []
    seen: set[int] = set()
    while pending and len(seen) < 100_000:
        reference = pending.pop()
        if reference is None or id(reference.get_object()) in seen:
            continue
        item = reference.get_object()
        seen.add(id(item))
        if isinstance(item, DictionaryObject):
            _pdf_clean_actions(item)
            pending.extend([item.get("/First"), item.get("/Next")])


def _strip_pdf(content: bytes) -> bytes:
    """Rewrite a PDF without what it says about its maker or its copies (pypdf).

    Removes the document information (author, creator, dates), the XMP metadata of the
    document and of each page, the file identifier in the trailer (which links copies of
    one file), embedded files (in the catalogue or as annotations), scripts and other
    actions that run something (on opening, on a page, on a link or a bookmark).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError("The PDF is protected by a password: remove the password and try again")
        if len(reader.pages) == 0:
            raise ValidationError("The selected file is not a valid PDF")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        root = writer.root_object
        root.pop("/Metadata", None)
        for key in _PDF_ACTIVE_KEYS:
            root.pop(key, None)
        names = root.get("/Names")
        if names is not None:
            names = names.get_object()
            if isinstance(names, DictionaryObject):
                for key in _PDF_NAME_TREES_DROPPED:
                    names.pop(key, None)
        _pdf_clean_pages_and_outline(writer)
        writer._ID = None  # no file identifier: pypdf keeps the original's unless told otherwise
        _pdf_drop_unreferenced(writer)
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValidationError("The selected file is not a valid PDF") from exc
    return out.getvalue()


# Office Open XML (Word, and the Excel or PowerPoint files a Word file may embed).
# Start and empty-element tags, where the names of authors and reviewers are attributes.
_XML_TAG = re.compile(rb"<[A-Za-z_][^<>]*>")
_XML_TAG_NAME = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)")
_PEOPLE_ATTRIBUTE = re.compile(
    rb"(\s(?:[\w.-]+:)?)(author|initials|userId|providerId|name|displayName)(\s*=\s*)(\"[^\"]*\"|'[^']*')")
# Elements whose "name" or "displayName" is a person (comment authors in PowerPoint, people in Word
# and Excel); elsewhere those attributes name other things (an Excel table) and are kept.
_PERSON_ELEMENTS = {b"cmAuthor", b"author", b"person"}
_PERSON_ONLY_ATTRIBUTES = {b"name", b"displayName"}
_PEOPLE_PLACEHOLDER = {b"author": b"Author", b"initials": b"A", b"name": b"Author", b"displayName": b"Author"}
# Comment authors in Excel are element text: <author>Jane</author>.
_AUTHOR_ELEMENT = re.compile(rb"(<(?:[\w.-]+:)?author>)[^<]*(</(?:[\w.-]+:)?author>)")
_THUMBNAIL_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*Target=[\"']/?docProps/thumbnail\.[a-z]+[\"'][^>]*/>")
_THUMBNAIL_OVERRIDE = re.compile(rb"<Override\b[^>]*PartName=[\"']/docProps/thumbnail\.[a-z]+[\"'][^>]*/>")
_OOXML_IMAGES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
_OOXML_PACKAGES = (".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".pptm")
# Parts no Word file needs and a browser or a computer would run: refused at every level.
_ACTIVE_EXTENSIONS = {
    ".exe", ".dll", ".com", ".scr", ".msi", ".msp", ".cpl", ".sys", ".bat", ".cmd", ".ps1", ".psm1",
    ".vbs", ".vbe", ".js", ".jse", ".mjs", ".wsf", ".wsh", ".hta", ".jar", ".lnk", ".sh", ".py",
    ".html", ".htm", ".xhtml", ".mht", ".mhtml", ".php", ".asp", ".aspx", ".jsp",
}
# The relationship from a package to its main part, and the type a Word document's main part has.
_OFFICE_DOCUMENT_RELATIONSHIPS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",  # ISO strict
}
_WORD_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _clean_tag(match: re.Match[bytes]) -> bytes:
    tag = match.group(0)
    element = _XML_TAG_NAME.match(tag)
    person = element is not None and element.group(1) in _PERSON_ELEMENTS

    def replace(attribute: re.Match[bytes]) -> bytes:
        name = attribute.group(2)
        if name in _PERSON_ONLY_ATTRIBUTES and not person:
            return attribute.group(0)
        quote = attribute.group(4)[:1]
        value = _PEOPLE_PLACEHOLDER.get(name, b"")
        return attribute.group(1) + name + attribute.group(3) + quote + value + quote

    return _PEOPLE_ATTRIBUTE.sub(replace, tag)


def _strip_ooxml_part(name: str, data: bytes, budget: _Budget, depth: int) -> bytes:
    if name in _EMPTY_DOCX_PARTS:
        return _EMPTY_DOCX_PARTS[name]
    lowered = name.lower()
    if name == "_rels/.rels":
        return _THUMBNAIL_RELATIONSHIP.sub(b"", data)
    if name == "[Content_Types].xml":
        return _THUMBNAIL_OVERRIDE.sub(b"", data)
    if "/media/" in lowered:
        image_type = _OOXML_IMAGES.get(lowered[lowered.rfind("."):])
        if image_type:
            try:
                return _strip_image(data, image_type, budget)  # photos pasted into a document keep their EXIF
            except Refused:
                raise
            except ValidationError:
                return data  # not a picture after all (Office keeps what it is given): left as it is
    if "/embeddings/" in lowered and lowered.endswith(_OOXML_PACKAGES):
        if depth >= budget.limits.nesting:
            raise Refused(TOO_DEEP)
        try:
            return _strip_ooxml(data, budget, depth + 1)
        except Refused:
            raise
        except ValidationError:
            return data  # not an Office package after all: left as it is
    if lowered.endswith((".xml", ".rels")):
        return _AUTHOR_ELEMENT.sub(rb"\1Author\2", _XML_TAG.sub(_clean_tag, data))
    return data


def _read_parts(source: zipfile.ZipFile, budget: _Budget) -> dict[str, bytes]:
    """Every part of a zip, unpacked in chunks against the budget: what the zip declares is only
    used to refuse early, never trusted to bound the reading."""
    entries = source.infolist()
    budget.spend_parts(len(entries))
    if sum(entry.file_size for entry in entries) > budget.bytes:
        raise Refused(TOO_COMPLEX)
    parts: dict[str, bytes] = {}
    for entry in entries:
        if posixpath.splitext(entry.filename.lower())[1] in _ACTIVE_EXTENSIONS:
            raise Refused(ACTIVE_PART)
        if entry.is_dir():
            continue
        chunks = []
        with source.open(entry) as handle:
            while chunk := handle.read(64 * 1024):
                budget.spend_bytes(len(chunk))
                chunks.append(chunk)
        parts[entry.filename] = b"".join(chunks)
    return parts


def _xml(data: bytes) -> Any:
    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise Refused(NOT_WORD) from exc


def _check_word_package(parts: dict[str, bytes]) -> None:
    """Refuse a zip that is not a Word document: its package must declare a main part of Word's
    type (``[Content_Types].xml``), point to it (``_rels/.rels``), and hold it."""
    by_name = {name.lower(): data for name, data in parts.items()}  # part names ignore case
    if "[content_types].xml" not in by_name or "_rels/.rels" not in by_name:
        raise Refused(NOT_WORD)
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in _xml(by_name["[content_types].xml"]):
        if element.tag == f"{_CONTENT_TYPES_NS}Default":
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif element.tag == f"{_CONTENT_TYPES_NS}Override":
            overrides[element.get("PartName", "").lstrip("/").lower()] = element.get("ContentType", "")
    for element in _xml(by_name["_rels/.rels"]):
        if (element.tag != f"{_RELATIONSHIPS_NS}Relationship"
                or element.get("Type") not in _OFFICE_DOCUMENT_RELATIONSHIPS
                or element.get("TargetMode") == "External"):
            continue
        main = posixpath.normpath(element.get("Target", "").lstrip("/")).lower()
        content_type = overrides.get(main, defaults.get(posixpath.splitext(main)[1].lstrip("."), ""))
        if main in by_name and content_type == _WORD_MAIN_TYPE:
            return
    raise Refused(NOT_WORD)


def _strip_ooxml(content: bytes, budget: _Budget, depth: int = 0) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            parts = _read_parts(source, budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, RuntimeError, NotImplementedError,
            EOFError) as exc:  # damaged, encrypted or packed in a way zipfile cannot read
        raise ValidationError(NOT_WORD) from exc
    if depth == 0:
        _check_word_package(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            if name.startswith("docProps/thumbnail."):
                continue
            target.writestr(name, _strip_ooxml_part(name, data, budget, depth))
    return out.getvalue()


def _strip_docx(content: bytes, limits: Limits) -> bytes:
    """Rewrite a Word file without who made or changed it.

    Empties the document properties (author, last modified by, company, custom fields),
    drops the preview thumbnail, replaces the names, initials and accounts of the people
    who wrote, changed or commented on it, removes the metadata (such as EXIF location)
    from the photos in it, and does the same inside Word, Excel and PowerPoint files
    embedded in it. What this may cost is bounded for the file as a whole (``Limits``).
    """
    return _strip_ooxml(content, _Budget(limits))


def strip_metadata(content: bytes, content_type: str, limits: Limits | None = None) -> bytes:
    """Remove what a file says about who made it or where.

    Images are re-encoded without EXIF, text chunks and other metadata
    (locations, device details); PDFs lose their document information, XMP,
    file identifier, embedded files and scripts; Word files lose their
    document properties, thumbnail, the names of authors and reviewers, and
    their photos' metadata (ADR 11). What the content itself says or shows
    stays: it is what the person chose to send. A file that does not parse as
    its type is refused.
    """
    if content_type in ("image/png", "image/jpeg"):
        return _strip_image(content, content_type)
    if content_type == "application/pdf":
        return _strip_pdf(content)
    if content_type == DOCX_TYPE:
        return _strip_docx(content, limits or Limits())
    return content


def clean(content: bytes, *, content_type: str, limits: dict[str, int]) -> bytes:
    """``strip_metadata`` as the limited process calls it (``lantern.core.sandbox``): plain options in."""
    return strip_metadata(content, content_type, Limits(**limits))
