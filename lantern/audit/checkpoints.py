"""Signed checkpoints of the audit chain's head, kept outside the database (pure logic).

The hash chain shows that no entry was changed or removed from the middle, but
someone who controls the database could delete the newest entries and move the
chain head back: what is left is still a valid chain. A checkpoint records the
head (the sequence number and hash of the newest entry, and when it was read),
signed with an HMAC under the audit key, in a place the database cannot change
(an append-only file and the ``lantern.audit.checkpoint`` log). Verification
then finds a checkpoint beyond the current head, or one whose entry has a
different hash, and reports the rewind.

One checkpoint per line, as JSON: ``{"sequence": 41, "entry_hash": "…",
"at": "2026-05-01T10:00:00+00:00", "signature": "…"}``.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from lantern.audit.chain import Break, canonical

# Separates checkpoint signatures from the chain's link hashes, which use the same key.
CONTEXT = b"lantern.audit.checkpoint|"


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    entry_hash: str
    at: str
    signature: str
    line: int = 0  # where it was read from (not signed, not written)


def sign(*, key: bytes, sequence: int, entry_hash: str, at: str) -> str:
    message = CONTEXT + canonical({"sequence": sequence, "entry_hash": entry_hash, "at": at})
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def make(*, key: bytes, sequence: int, entry_hash: str, at: str) -> Checkpoint:
    return Checkpoint(sequence, entry_hash, at, sign(key=key, sequence=sequence, entry_hash=entry_hash, at=at))


def to_line(checkpoint: Checkpoint) -> str:
    fields = asdict(checkpoint)
    del fields["line"]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"))


def parse(lines: Iterable[str]) -> list[Checkpoint]:
    """Every non-blank line as a checkpoint. A line that is not one becomes an unsigned checkpoint
    (of the entry it names, or 0), so that verification reports it rather than skipping it."""
    found = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            found.append(_parse_line(line, number))
    return found


def _parse_line(line: str, number: int) -> Checkpoint:
    try:
        data = json.loads(line)
    except ValueError:
        return Checkpoint(0, "", "", "", number)
    if not isinstance(data, dict):
        return Checkpoint(0, "", "", "", number)
    sequence = data.get("sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        sequence = 0
    entry_hash, at, signature = data.get("entry_hash"), data.get("at"), data.get("signature")
    if not (isinstance(entry_hash, str) and isinstance(at, str) and isinstance(signature, str)):
        return Checkpoint(sequence, "", "", "", number)
    return Checkpoint(sequence, entry_hash, at, signature, number)


def signed(checkpoint: Checkpoint, *, key: bytes) -> bool:
    expected = sign(key=key, sequence=checkpoint.sequence, entry_hash=checkpoint.entry_hash, at=checkpoint.at)
    return bool(checkpoint.signature) and hmac.compare_digest(checkpoint.signature, expected)


def check(
    *, key: bytes, checkpoints: Iterable[Checkpoint], hashes: Mapping[int, str], last_sequence: int
) -> Break | None:
    """Compare checkpoints with the chain as found.

    ``hashes`` maps the sequence of each checkpointed entry found in the chain to its hash;
    ``last_sequence`` is the newest entry found. Returns the problem at the lowest entry, or None.
    """
    problems: list[Break] = []
    for cp in checkpoints:
        if not signed(cp, key=key):
            problems.append(Break(cp.sequence, f"line {cp.line} of the checkpoint file is not a checkpoint signed "
                                               "with the audit key"))
        elif cp.sequence > last_sequence:
            problems.append(Break(last_sequence + 1, f"entries after {last_sequence} were deleted and the head "
                                                     f"rewound: a signed checkpoint of {cp.at} recorded entry "
                                                     f"{cp.sequence}"))
        elif hashes.get(cp.sequence) != cp.entry_hash:
            problems.append(Break(cp.sequence, f"it is not the entry a signed checkpoint of {cp.at} recorded: "
                                               f"entries from {cp.sequence} on were deleted and the head rewound"))
    return min(problems, key=lambda b: b.sequence, default=None)
