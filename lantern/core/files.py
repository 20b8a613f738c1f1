"""Uploaded files: type and size checks, metadata stripping, encryption at rest, a virus-scan hook.

Files are encrypted with the same field keys (Fernet) before they reach the
storage backend, so the disk or bucket holds only ciphertext. The scanner is
a dotted path in LANTERN_VIRUS_SCANNER: a function taking the bytes and
returning "clean" or "infected"; the default records that no scanner is set.
"""

import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string

from lantern.core import crypto

if TYPE_CHECKING:
    from lantern.core.models import EncryptedFile

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_TYPE = "text/plain"

# Allowed types, told apart by their first bytes, not by the name a person gave them.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    DOCX_TYPE: (b"PK\x03\x04",),
}
# The names each type may arrive under; the first is the one a download gets.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    DOCX_TYPE: (".docx",),
    TEXT_TYPE: (".txt",),
}


@dataclass
class CheckedFile:
    content: bytes
    content_type: str
    original_name: str
    sha256: str


def detect_type(content: bytes, name: str) -> str | None:
    lowered = name.lower()
    for content_type, signatures in SIGNATURES.items():
        if content.startswith(signatures) and any(lowered.endswith(ext) for ext in EXTENSIONS[content_type]):
            return content_type
    if lowered.endswith(".txt"):
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT_TYPE
    return None


MAX_IMAGE_PIXELS = 40_000_000  # refuses decompression bombs long before memory runs out


MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # refuses zip bombs dressed as Word files

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


class TooManyPictures(ValidationError):
    """A file would make us decode more pictures, or more pixels, than its budget allows."""


@dataclass
class _ImageBudget:
    """What one file may make us decode: a Word file can hold many pictures, each decoded in turn."""

    pixels: int = MAX_IMAGE_PIXELS
    images: int = 1

    def spend(self, pixels: int) -> None:
        if self.images <= 0 or pixels > self.pixels:
            raise TooManyPictures("The file holds too many or too large pictures: send the photos as separate files")
        self.images -= 1
        self.pixels -= pixels


def _strip_image(content: bytes, content_type: str, budget: _ImageBudget | None = None) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError("The image is too large: use a smaller photo")
            if budget is not None:
                budget.spend(image.width * image.height)  # before decoding, from the header
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
MAX_OOXML_PICTURE_PIXELS = 100_000_000  # all the pictures in one Word file together
MAX_OOXML_PICTURES = 200


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


def _strip_ooxml_part(name: str, data: bytes, budget: _ImageBudget, depth: int) -> bytes:
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
            except TooManyPictures:
                raise
            except ValidationError:
                return data  # not a picture after all (Office keeps what it is given): left as it is
    if "/embeddings/" in lowered and lowered.endswith(_OOXML_PACKAGES) and depth < 2:
        try:
            return _strip_ooxml(data, budget, depth + 1)
        except TooManyPictures:
            raise
        except ValidationError:
            return data  # not an Office package after all: left as it is
    if lowered.endswith((".xml", ".rels")):
        return _AUTHOR_ELEMENT.sub(rb"\1Author\2", _XML_TAG.sub(_clean_tag, data))
    return data


def _strip_ooxml(content: bytes, budget: _ImageBudget, depth: int = 0) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            entries = source.infolist()
            if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
                raise ValidationError("The Word file is too large once unpacked")
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for entry in entries:
                    if entry.filename.startswith("docProps/thumbnail."):
                        continue
                    data = source.read(entry.filename)
                    target.writestr(entry.filename, _strip_ooxml_part(entry.filename, data, budget, depth))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError) as exc:
        raise ValidationError("The selected file is not a valid Word file") from exc
    return out.getvalue()


def _strip_docx(content: bytes) -> bytes:
    """Rewrite a Word file without who made or changed it.

    Empties the document properties (author, last modified by, company, custom fields),
    drops the preview thumbnail, replaces the names, initials and accounts of the people
    who wrote, changed or commented on it, removes the metadata (such as EXIF location)
    from the photos in it, and does the same inside Word, Excel and PowerPoint files
    embedded in it. The pictures decoded for this are limited in number and size.
    """
    return _strip_ooxml(content, _ImageBudget(pixels=MAX_OOXML_PICTURE_PIXELS, images=MAX_OOXML_PICTURES))


def strip_metadata(content: bytes, content_type: str) -> bytes:
    """Remove what a file says about who made it or where.

    Images are re-encoded without EXIF, text chunks and other metadata
    (locations, device details); PDFs lose their document information, XMP,
    file identifier, embedded files and scripts; Word files lose their
    document properties, thumbnail, the names of authors and reviewers, and
    their photos' metadata (ADR 11). What the content itself says or shows
    stays: it is what the person chose to send.
    """
    if content_type in ("image/png", "image/jpeg"):
        return _strip_image(content, content_type)
    if content_type == "application/pdf":
        return _strip_pdf(content)
    if content_type == DOCX_TYPE:
        return _strip_docx(content)
    return content


def size_label(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{max(1, limit // 1024)} KB"


def check_upload(upload: UploadedFile, *, max_bytes: int | None = None) -> CheckedFile:
    limit = max_bytes or settings.LANTERN_MAX_UPLOAD_BYTES
    too_big = f"The file must be smaller than {size_label(limit)}"
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_big)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(too_big)
    if not content:
        raise ValidationError("The selected file is empty")
    name = (upload.name or "file").rsplit("/", 1)[-1][:200]
    content_type = detect_type(content, name)
    if content_type is None:
        raise ValidationError("The selected file must be a PDF, JPG, PNG, Word (.docx) or text file")
    content = strip_metadata(content, content_type)
    return CheckedFile(content=content, content_type=content_type, original_name=name,
                       sha256=hashlib.sha256(content).hexdigest())


def scan(content: bytes) -> str:
    scanner: Callable[[bytes], str] = import_string(settings.LANTERN_VIRUS_SCANNER)
    return scanner(content)


INFECTED_MESSAGE = "The file may contain a virus, so it was not saved"


class InfectedFile(ValidationError):
    """The virus scanner found something: the file is refused, never stored."""


def scan_or_refuse(content: bytes) -> str:
    """Scan a checked file: "clean" or "not_scanned", or InfectedFile (a ValidationError)."""
    result = scan(content)
    if result == "infected":
        raise InfectedFile(INFECTED_MESSAGE)
    return result


def scanner_not_configured(content: bytes) -> str:
    return "not_scanned"


def store_encrypted(content: bytes, *, folder: str) -> str:
    """Save the encrypted bytes under a random name; returns the storage path."""
    token = crypto.encrypt_bytes(content)
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.bin", ContentFile(token))


def store(checked: CheckedFile, *, scan_result: str, folder: str) -> dict[str, Any]:
    """Store a checked, scanned file encrypted; the fields of an ``EncryptedFile`` row describing it."""
    return {
        "storage_path": store_encrypted(checked.content, folder=folder), "original_name": checked.original_name,
        "content_type": checked.content_type, "size": len(checked.content), "sha256": checked.sha256,
        "scan_result": scan_result, "key_id": crypto.newest_key_id(),
    }


def read_decrypted(path: str, *, key_id: str = "") -> bytes:
    """The decrypted bytes at ``path``; ``key_id``, the id recorded with the file, names a retired key in the error."""
    with default_storage.open(path, "rb") as handle:
        return crypto.decrypt_bytes(handle.read(), recorded_key_id=key_id)


def file_response(file: "EncryptedFile", *, name: str) -> HttpResponse:
    """A download of an encrypted file, decrypted, with the headers every download needs.

    ``name`` is the file name without its extension, made by the caller from references
    (the name a file came with may say who sent it or whom it is about). The response is
    always an attachment (never shown in the browser), its type may not be second-guessed
    (nosniff), nothing may keep a copy (no-store), and were it opened anyway it could run
    nothing and load nothing (a sandboxed, empty content security policy).
    """
    # The extension comes from the checked type, never from the name the file came with.
    extension = EXTENSIONS.get(file.content_type, (".bin",))[0]
    response = HttpResponse(file.read(), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response
