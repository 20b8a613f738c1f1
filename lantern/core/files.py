"""Uploaded files: type and size checks, metadata stripping, encryption at rest, a virus-scan hook.

Metadata is stripped (``lantern.core.cleaning``) in a separate process with limits on its
time and memory (``lantern.core.sandbox``), so a hostile file cannot hold a worker.
Files are encrypted with the same field keys (Fernet) before they reach the
storage backend, so the disk or bucket holds only ciphertext. The scanner is
a dotted path in LANTERN_VIRUS_SCANNER: a function taking the bytes and
returning "clean" or "infected"; the default records that no scanner is set, and
then uploads are refused unless LANTERN_ALLOW_UNSCANNED_UPLOADS accepts the risk.
"""

import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string

from lantern.core import crypto, sandbox
from lantern.core.cleaning import DOCX_TYPE, Limits

if TYPE_CHECKING:
    from lantern.core.models import EncryptedFile

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


def size_label(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{max(1, limit // 1024)} KB"


CLEANER = "lantern.core.cleaning:clean"  # what the limited process runs
NO_TIME_LEFT = ("There was no time left to check this file after the others sent with it, so it was not saved: "
                "send it again on its own")
_SHORTEST_CHECK = 1.0  # seconds: a check given less than this is not started


def upload_deadline() -> float:
    """When the checks of the files sent in one request must end (``time.monotonic()``), so that
    several files together hold a worker no longer than LANTERN_UPLOAD_CHECK_TOTAL_SECONDS."""
    return time.monotonic() + settings.LANTERN_UPLOAD_CHECK_TOTAL_SECONDS


def strip_metadata(content: bytes, content_type: str, *, deadline: float | None = None) -> bytes:
    """``cleaning.strip_metadata`` in a separate process, within the limits in the settings.

    The whole file is bounded: the bytes unpacked and the parts read across every Word, Excel
    or PowerPoint file inside it, how deeply they nest, the CPU time, the wall-clock time and
    the memory. A file beyond them is refused with a plain message, and nothing is stored.
    ``deadline`` (``upload_deadline()``) bounds the files of one request together: each gets
    what is left, and none is started once too little is.
    """
    if content_type == TEXT_TYPE:
        return content  # nothing to decode or rewrite
    limits = Limits(unpacked_bytes=settings.LANTERN_UPLOAD_MAX_UNPACKED_BYTES,
                    parts=settings.LANTERN_UPLOAD_MAX_PARTS, nesting=settings.LANTERN_UPLOAD_MAX_NESTING)
    seconds = float(settings.LANTERN_UPLOAD_CHECK_SECONDS)
    if deadline is not None:
        seconds = min(seconds, deadline - time.monotonic())
        if seconds < _SHORTEST_CHECK:
            raise ValidationError(NO_TIME_LEFT)
    return sandbox.run(CLEANER, content,
                       options={"content_type": content_type, "limits": limits.as_options()},
                       seconds=seconds, cpu_seconds=max(1, int(seconds)),
                       memory_bytes=settings.LANTERN_UPLOAD_CHECK_MEMORY_MB * 1024 * 1024)


def check_upload(upload: UploadedFile, *, max_bytes: int | None = None, deadline: float | None = None) -> CheckedFile:
    """A file sent by a person, checked and cleaned of metadata; a ValidationError says why not.

    Where one request sends several files, pass the same ``deadline`` (``upload_deadline()``)
    for each, so that together they cannot hold the worker longer than one check may.
    """
    refuse_if_uploads_off()  # before any work
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
    content = strip_metadata(content, content_type, deadline=deadline)
    return CheckedFile(content=content, content_type=content_type, original_name=name,
                       sha256=hashlib.sha256(content).hexdigest())


def scan(content: bytes) -> str:
    scanner: Callable[[bytes], str] = import_string(settings.LANTERN_VIRUS_SCANNER)
    return scanner(content)


INFECTED_MESSAGE = "The file may contain a virus, so it was not saved"


class InfectedFile(ValidationError):
    """The virus scanner found something: the file is refused, never stored."""


NO_SCANNER_MESSAGE = "Uploads are switched off until a virus scanner is set up"
NOT_SCANNED_MESSAGE = "The file could not be checked for viruses, so it was not saved: try again later"
_NO_SCANNER = "lantern.core.files.scanner_not_configured"


def unscanned_uploads_allowed() -> bool:
    """Whether the partnership accepts files no virus scanner has passed (LANTERN_ALLOW_UNSCANNED_UPLOADS)."""
    return bool(settings.LANTERN_ALLOW_UNSCANNED_UPLOADS)


def refuse_if_uploads_off() -> None:
    """Refuse every upload while no virus scanner is set, unless the partnership has accepted the risk."""
    if settings.LANTERN_VIRUS_SCANNER == _NO_SCANNER and not unscanned_uploads_allowed():
        raise ValidationError(NO_SCANNER_MESSAGE)


def scan_or_refuse(content: bytes) -> str:
    """Scan a checked file: "clean", or "not_scanned" where unscanned uploads are allowed;
    otherwise InfectedFile (a ValidationError) or a ValidationError saying why it was refused."""
    refuse_if_uploads_off()
    result = scan(content)
    if result == "infected":
        raise InfectedFile(INFECTED_MESSAGE)
    if result != "clean" and not unscanned_uploads_allowed():
        raise ValidationError(NOT_SCANNED_MESSAGE)
    return result


def scanner_not_configured(content: bytes) -> str:
    return "not_scanned"


def check_virus_scanner(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Deploy check: production needs a virus scanner, or the partnership's explicit acceptance
    of unscanned uploads; without either, every upload is refused."""
    if settings.LANTERN_VIRUS_SCANNER != _NO_SCANNER or unscanned_uploads_allowed():
        return []
    return [checks.Error(
        "No virus scanner is set, so every upload will be refused.",
        hint="Set LANTERN_VIRUS_SCANNER to a scanner, or set LANTERN_ALLOW_UNSCANNED_UPLOADS=true "
             "if the partnership accepts storing files no scanner has checked.",
        id="core.uploads.E001",
    )]


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
