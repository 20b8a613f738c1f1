"""People-facing references: short, non-sequential, unambiguous, self-checking.

A reference looks like ``MS-7K3Q-9XC``: a prefix, six random characters from
an alphabet with no 0/O, 1/I/L or U/V pairs, and a check character computed
with the Luhn mod N algorithm, so that a mistyped character or a swap of two
neighbours is caught before any lookup.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
LOOKALIKES = str.maketrans("OILUV", "011WW")


def check_character(body: str) -> str:
    """Luhn mod N check character for ``body`` (characters of ALPHABET)."""
    n = len(ALPHABET)
    factor = 2
    total = 0
    for char in reversed(body):
        addend = factor * _INDEX[char]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def reference_generate(prefix: str, *, length: int = 6) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    full = body + check_character(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


def reference_normalise(value: str) -> str:
    """Upper-case, strip spaces, and map look-alikes a person might type."""
    cleaned = value.strip().upper().replace(" ", "")
    return cleaned.translate(LOOKALIKES)


def reference_is_valid(value: str, *, prefix: str) -> bool:
    parts = reference_normalise(value).split("-")
    if len(parts) != 3 or parts[0] != prefix:
        return False
    chars = parts[1] + parts[2]
    if len(chars) < 2 or any(c not in _INDEX for c in chars):
        return False
    return check_character(chars[:-1]) == chars[-1]
