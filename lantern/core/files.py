"""Uploaded files: type and size checks, metadata stripping, encryption at rest, a virus-scan hook.

Files are encrypted with the same field keys (Fernet) before they reach the
storage backend, so the disk or bucket holds only ciphertext. The scanner is
a dotted path in LANTERN_VIRUS_SCANNER: a function taking the bytes and
returning "clean" or "infected"; the default records that no scanner is set.
"""

import hashlib
import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

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
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # refuses zip bombs dressed as Word files

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


def _strip_pdf(content: bytes) -> bytes:
    """Rewrite a PDF without its document information (author, creator) and XMP metadata (pypdf)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError("The PDF is protected by a password: remove the password and try again")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer.root_object.pop("/Metadata", None)
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValidationError("The selected file is not a valid PDF") from exc
    return out.getvalue()


def _strip_docx(content: bytes) -> bytes:
    """Rewrite a Word file with empty document properties (author, last modified by, company)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            entries = source.infolist()
            if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
                raise ValidationError("The Word file is too large once unpacked")
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for entry in entries:
                    data = _EMPTY_DOCX_PARTS.get(entry.filename) or source.read(entry.filename)
                    target.writestr(entry.filename, data)
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


def scanner_not_configured(content: bytes) -> str:
    return "not_scanned"


def store_encrypted(content: bytes, *, folder: str) -> str:
    """Save the encrypted bytes under a random name; returns the storage path."""
    token = crypto.encrypt_bytes(content)
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.bin", ContentFile(token))


def read_decrypted(path: str) -> bytes:
    with default_storage.open(path, "rb") as handle:
        return crypto.decrypt_bytes(handle.read())
