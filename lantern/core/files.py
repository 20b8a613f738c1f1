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
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.module_loading import import_string

from lantern.core import crypto

# Allowed types, told apart by their first bytes, not by the name a person gave them.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
}
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
}
TEXT_TYPE = "text/plain"


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


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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


def _strip_image(content: bytes, content_type: str) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError("The image is too large: use a smaller photo")
            image.load()
            clean = image.copy()  # pixels and palette, without the source file's metadata blocks
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError("The selected file is not a valid image") from exc
    clean.info = {}
    out = io.BytesIO()
    if content_type == "image/png":
        clean.save(out, format="PNG")
    else:
        clean.save(out, format="JPEG", quality=90)
    return out.getvalue()


# Parts of a PDF's catalogue that run something or carry other files: dropped, with the metadata.
_PDF_ACTIVE_KEYS = ("/OpenAction", "/AA", "/AcroForm")
_PDF_NAME_TREES_DROPPED = ("/EmbeddedFiles", "/JavaScript")


def _pdf_drop_unreferenced(writer: Any) -> None:
    """Drop the objects nothing refers to any more (what was cut off above), layer by layer:
    each pass of pypdf's clean-up drops the objects only the last pass's orphans referred to."""
    for _ in range(50):
        before = sum(obj is not None for obj in writer._objects)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        if sum(obj is not None for obj in writer._objects) == before:
            return


def _strip_pdf(content: bytes) -> bytes:
    """Rewrite a PDF without what it says about its maker or its copies (pypdf).

    Removes the document information (author, creator, dates), the XMP metadata of the
    document and of each page, the file identifier in the trailer (which links copies of
    one file), embedded files, scripts and actions that run on opening.
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
        for page in writer.pages:
            page.pop("/Metadata", None)
            page.pop("/AA", None)
            page.pop("/PieceInfo", None)
        writer._ID = None  # no file identifier: pypdf keeps the original's unless told otherwise
        _pdf_drop_unreferenced(writer)
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValidationError("The selected file is not a valid PDF") from exc
    return out.getvalue()


# Who wrote, changed or commented on a part of a Word document, and their accounts.
_DOCX_PEOPLE = re.compile(rb'\b(w:author|w15:author|w:initials|w15:userId|w15:providerId)="[^"]*"')
_DOCX_PEOPLE_REPLACEMENT = {b"w:author": b"Author", b"w15:author": b"Author", b"w:initials": b"A"}
_DOCX_THUMBNAIL_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*Target=\"/?docProps/thumbnail\.[a-z]+\"[^>]*/>")
_DOCX_THUMBNAIL_OVERRIDE = re.compile(rb"<Override\b[^>]*PartName=\"/docProps/thumbnail\.[a-z]+\"[^>]*/>")
_DOCX_IMAGES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def _strip_docx_part(name: str, data: bytes) -> bytes:
    if name in _EMPTY_DOCX_PARTS:
        return _EMPTY_DOCX_PARTS[name]
    if name == "_rels/.rels":
        return _DOCX_THUMBNAIL_RELATIONSHIP.sub(b"", data)
    if name == "[Content_Types].xml":
        return _DOCX_THUMBNAIL_OVERRIDE.sub(b"", data)
    if name.startswith("word/media/"):
        image_type = _DOCX_IMAGES.get(name[name.rfind("."):].lower())
        if image_type:
            try:
                return _strip_image(data, image_type)  # photos pasted into the document keep their EXIF
            except ValidationError:
                return data  # not a photo after all (Word keeps what it is given): left as it is
    if name.startswith("word/") and name.endswith(".xml"):
        return _DOCX_PEOPLE.sub(
            lambda match: match.group(1) + b'="' + _DOCX_PEOPLE_REPLACEMENT.get(match.group(1), b"") + b'"', data)
    return data


def _strip_docx(content: bytes) -> bytes:
    """Rewrite a Word file without who made or changed it.

    Empties the document properties (author, last modified by, company, custom fields),
    drops the preview thumbnail, replaces the names on tracked changes and comments,
    and removes the metadata (such as EXIF location) from photos in the document.
    """
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
                    target.writestr(entry.filename, _strip_docx_part(entry.filename, source.read(entry.filename)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError) as exc:
        raise ValidationError("The selected file is not a valid Word file") from exc
    return out.getvalue()


def strip_metadata(content: bytes, content_type: str) -> bytes:
    """Remove what a file says about who made it or where.

    Images are re-encoded without EXIF, text chunks and other metadata
    (locations, device details); PDFs lose their document information and
    XMP metadata; Word files lose their document properties. Names inside a
    document's content (comment or tracked-change authors) stay: they are
    part of what the person chose to send.
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


def read_decrypted(path: str) -> bytes:
    with default_storage.open(path, "rb") as handle:
        return crypto.decrypt_bytes(handle.read())
