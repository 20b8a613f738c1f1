"""Receipt codes: how a reporter without an account returns to their report.

A receipt is 16 decimal digits from ``secrets`` (about 53 bits), shown once,
formatted ``1234 5678 9012 3456`` for copying and reading aloud. Only a slow
keyed hash is stored: scrypt over the digits, salted with a key derived from
LANTERN_BLIND_INDEX_KEY, so the hash is deterministic (it can be looked up
through a unique index) yet useless without the server's key. See ADR 0010
for the cost parameters.
"""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DIGITS = 16
_SEPARATORS = re.compile(r"[\s\-.]+")

# scrypt cost: N=2**11, r=8, p=1 uses 2 MB and about 3 ms per hash here. Guessing is
# bounded by the 10**16 search space, the secret salt and the rate limits, not by N.
SCRYPT_N = 2**11
SCRYPT_R = 8
SCRYPT_P = 1


def receipt_generate() -> str:
    """A new receipt: 16 digits, the first never 0 so it never loses a digit in a spreadsheet."""
    first = str(secrets.randbelow(9) + 1)
    rest = "".join(str(secrets.randbelow(10)) for _ in range(DIGITS - 1))
    return first + rest


def receipt_format(receipt: str) -> str:
    """Groups of four, as people copy and read them."""
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


def receipt_normalise(value: str) -> str | None:
    """The 16 digits a person typed (spaces, dashes and dots allowed), or None if it cannot be a receipt."""
    cleaned = _SEPARATORS.sub("", value or "")
    if len(cleaned) != DIGITS or not cleaned.isascii() or not cleaned.isdigit():
        return None
    return cleaned


def _salt() -> bytes:
    key = settings.LANTERN_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("LANTERN_BLIND_INDEX_KEY must be set.")
    return hmac.new(str(key).encode(), b"lantern.confidential_reports.receipt", hashlib.sha256).digest()


def receipt_hash(receipt: str) -> str:
    """The stored form of a receipt: hex scrypt digest under the server's secret salt."""
    digest = hashlib.scrypt(receipt.encode(), salt=_salt(), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return digest.hex()
