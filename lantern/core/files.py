"""Uploaded files: type and size checks, metadata stripping, encryption at rest, a virus-scan hook.

Files are encrypted with the same field keys (Fernet) before they reach the
storage backend, so the disk or bucket holds only ciphertext. The scanner is
a dotted path in LANTERN_VIRUS_SCANNER: a function taking the bytes and
returning "clean" or "infected"; the default records that no scanner is set.
"""

import hashlib
import io
import uuid
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


def strip_metadata(content: bytes, content_type: str) -> bytes:
    """Re-encode images without EXIF, text chunks and other metadata (locations, device details).

    PDF and Word files are stored as they are: their author fields may name
    someone, which docs/security.md records as a known limitation.
    """
    if content_type not in ("image/png", "image/jpeg"):
        return content
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


def check_upload(upload: UploadedFile, *, max_bytes: int | None = None) -> CheckedFile:
    limit = max_bytes or settings.LANTERN_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"The file must be smaller than {limit // (1024 * 1024)} MB")
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(f"The file must be smaller than {limit // (1024 * 1024)} MB")
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
