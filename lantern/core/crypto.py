"""Encryption of identifying data, and blind indexes for exact lookups.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from the
``cryptography`` package) under keys listed in ``LANTERN_FIELD_KEYS``: the
first key encrypts, every key decrypts, so keys rotate without downtime (add
a new key first, run ``manage.py rotate_keys``, check with ``manage.py
retire_key <key id>``, then drop the old one). A key is named by its id, the
first 16 hex characters of its SHA-256 (``key_id``): safe to print, log and
store, and never the key itself. Stored files record the id of the key that
encrypted them (``EncryptedFile.key_id``).

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


def key_id(key: str) -> str:
    """A key's public name: the first 16 hex characters of its SHA-256 (reveals nothing of the key)."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def configured_key_ids() -> list[str]:
    """The ids of the keys in LANTERN_FIELD_KEYS, newest (the one that encrypts) first."""
    return [key_id(key) for key in settings.LANTERN_FIELD_KEYS]


def newest_key_id() -> str:
    """The id of the key new values and files are encrypted with."""
    _current()  # refuses a missing or malformed configuration
    return key_id(settings.LANTERN_FIELD_KEYS[0])


def _unreadable(what: str) -> str:
    return (
        f"{what} could not be decrypted with any configured key (configured key ids: "
        f"{', '.join(configured_key_ids()) or 'none'}). A key may have been removed from LANTERN_FIELD_KEYS "
        "before `manage.py rotate_keys` finished: put it back after the newest key, run `manage.py rotate_keys`, "
        "and remove it only when `manage.py retire_key <key id>` says nothing uses it."
    )


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
        raise DecryptionError(_unreadable("A stored value")) from exc


def encrypt_bytes(data: bytes) -> bytes:
    return _current().encrypt(data)


def decrypt_bytes(token: bytes, *, recorded_key_id: str = "") -> bytes:
    """Decrypt a stored file; ``recorded_key_id`` (the id kept with the file, if any) names the
    missing key in the error when it is no longer configured."""
    if recorded_key_id and recorded_key_id not in configured_key_ids():
        raise DecryptionError(
            f"A stored file was encrypted with key {recorded_key_id}, which is no longer in LANTERN_FIELD_KEYS "
            f"(configured key ids: {', '.join(configured_key_ids())}). Put that key back after the newest key "
            "and run `manage.py rotate_keys`."
        )
    try:
        return _current().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError(_unreadable("A stored file")) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key."""
    try:
        return _current().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(_unreadable("A stored value")) from exc


@lru_cache(maxsize=16)
def _single(key: str) -> Fernet:
    return Fernet(key.encode())


def key_id_of(token: str | bytes) -> str | None:
    """The id of the configured key that decrypts ``token``, or None when none does."""
    data = token.encode() if isinstance(token, str) else token
    _current()  # refuses a missing or malformed configuration
    for key in settings.LANTERN_FIELD_KEYS:
        try:
            _single(key).decrypt(data)
        except InvalidToken:
            continue
        return key_id(key)
    return None


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
