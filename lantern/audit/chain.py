"""The hash chain that makes the audit trail tamper-evident (pure logic).

Each entry's hash is an HMAC-SHA256, under a key held outside the database,
of the previous entry's hash and a canonical serialisation of the entry. Edit,
delete or reorder any entry and every later link stops verifying; without
the key, a person with database access cannot forge a consistent chain.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False).encode()


def link_hash(*, key: bytes, previous: str, fields: Mapping[str, Any]) -> str:
    return hmac.new(key, previous.encode() + b"|" + canonical(fields), hashlib.sha256).hexdigest()


class Unreadable(str):
    """A stored value that could not be read back (its ciphertext does not decrypt with any key).

    It stands in for the value so that pages can still show the entry; verification reports
    the entry as broken.
    """


@dataclass(frozen=True)
class Break:
    sequence: int
    reason: str


def verify(*, key: bytes, entries: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> Break | None:
    """Check (sequence, previous_hash, entry_hash, fields) rows in sequence order.

    Returns the first broken link, or None when the whole chain holds.
    """
    expected_previous = GENESIS
    expected_sequence = 1
    for sequence, previous, entry_hash, fields in entries:
        if sequence != expected_sequence:
            return Break(expected_sequence, f"entry {expected_sequence} is missing (found {sequence} next)")
        if previous != expected_previous:
            return Break(sequence, "does not follow the entry before it")
        if any(isinstance(value, Unreadable) for value in fields.values()):
            return Break(sequence, "its stored reason could not be decrypted, so it was changed in the database")
        if not hmac.compare_digest(entry_hash, link_hash(key=key, previous=previous, fields=fields)):
            return Break(sequence, "its contents were changed after it was written")
        expected_previous = entry_hash
        expected_sequence += 1
    return None
