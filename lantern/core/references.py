"""People-facing references: short, non-sequential, unambiguous, self-checking.

A reference looks like ``MS-7K3Q-9XC``: a prefix, six random characters from
a 29-character alphabet with no 0/O, 1/I/L or U/V, and a check character.
Because 29 is prime, a weighted sum (weights 1, 2, 3, … over the body and
the check character) catches every single mistyped character and every swap
of two neighbouring characters, the check character included, before any
lookup is made.
"""

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
MODULUS = len(ALPHABET)  # 29, a prime
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
LOOKALIKES = str.maketrans("OILUV", "011WW")


def check_character(body: str) -> str:
    """The character c that makes sum((i + 1) * value) over body + c divisible by 29."""
    if len(body) + 1 >= MODULUS:
        raise ValueError("A reference body must be shorter than 28 characters.")
    total = sum((i + 1) * _INDEX[char] for i, char in enumerate(body))
    weight = len(body) + 1
    inverse = pow(weight, -1, MODULUS)
    return ALPHABET[(-total * inverse) % MODULUS]


def reference_generate(prefix: str, *, length: int = 6) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    full = body + check_character(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


def reference_normalise(value: str) -> str:
    """Upper-case, drop spaces, and map look-alikes a person might type (not in the prefix)."""
    cleaned = value.strip().upper().replace(" ", "")
    prefix, dash, rest = cleaned.partition("-")
    return prefix + dash + rest.translate(LOOKALIKES) if dash else cleaned.translate(LOOKALIKES)


def reference_is_valid(value: str, *, prefix: str) -> bool:
    parts = reference_normalise(value).split("-")
    if len(parts) != 3 or parts[0] != prefix.upper():
        return False
    chars = parts[1] + parts[2]
    if len(chars) < 2 or any(c not in _INDEX for c in chars):
        return False
    return check_character(chars[:-1]) == chars[-1]


def save_with_reference(
    instance: M, *, prefix: str, field: str = "reference", attempts: int = 5,
    each_attempt: Callable[[M], None] | None = None, length: int = 6,
) -> M:
    """Insert ``instance`` under a fresh reference; if the reference is taken, draw again.

    The insert itself is the check (the column is unique): no look-up first, and two
    writers drawing the same reference at the same moment cannot both win. Each try
    runs in a savepoint, so a clash leaves the caller's transaction usable.
    ``each_attempt`` sets anything else drawn with the reference (a report's receipt).
    After ``attempts`` failed inserts this raises IntegrityError rather than loop for ever.
    ``length`` random characters (a code checked on a public page is longer than a case's reference).
    """
    for _ in range(attempts):
        setattr(instance, field, reference_generate(prefix, length=length))
        if each_attempt is not None:
            each_attempt(instance)
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
        except IntegrityError as clash:
            last = clash
            continue
        return instance
    raise IntegrityError(f"No free {instance._meta.verbose_name} reference after {attempts} attempts.") from last
