"""Encryption of identifying data, and blind indexes for exact lookups.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from the
``cryptography`` package) under keys listed in ``LANTERN_FIELD_KEYS``: the
first key encrypts, every key decrypts, so keys rotate without downtime (add
a new key first, run ``manage.py rotate_keys``, then drop the old one).

A blind index is a keyed HMAC of a normalised value, under a separate key
(``LANTERN_BLIND_INDEX_KEY``), so that an exact match ("this name and date of
birth") can be found without decrypting every row.
"""

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("LANTERN_FIELD_KEYS must list at least one Fernet key.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "Each LANTERN_FIELD_KEYS entry must be a 32-byte url-safe base64 Fernet key "
            "(generate one with `manage.py generate_key`)."
        ) from exc


def _current() -> MultiFernet:
    return _fernet(tuple(settings.LANTERN_FIELD_KEYS))


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("A stored value could not be decrypted with any configured key.") from exc


def encrypt_bytes(data: bytes) -> bytes:
    return _current().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _current().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError("A stored file could not be decrypted with any configured key.") from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key."""
    try:
        return _current().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("A stored value could not be decrypted with any configured key.") from exc


def generate_key() -> str:
    return Fernet.generate_key().decode()


def normalise_for_index(value: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name or identifier."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("-", " ").replace("'", "").split())


def blind_index(*parts: str) -> str:
    """Keyed HMAC-SHA256 of the normalised parts; equal inputs give equal indexes."""
    key = settings.LANTERN_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("LANTERN_BLIND_INDEX_KEY must be set.")
    message = "\x1f".join(normalise_for_index(p) for p in parts).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
