"""Matching people across sessions and imports: by email, else by normalised name and agency.

Plain Python, no Django. ``name_key`` folds case, accents, punctuation, titles and spacing, so
"DR. Amira  O'Neil" and "amira oneil" are the same key. Two different keys whose names are very
alike (rapidfuzz's token-sort ratio at or above ``UNSURE``) in the same agency are an uncertain
match: the person is recorded as new and the pair goes to a person for review, never merged
silently.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

UNSURE = 88.0  # a name this alike to another's in the same agency is sent for review
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "rev", "cllr", "pc", "ds", "dc"})
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("'", "").replace("\u2019", "")
    words = [word for word in _NON_WORD.sub(" ", text).split() if word not in TITLES]
    return " ".join(words)[:150]


def email_key(email: str) -> str:
    text = (email or "").strip().lower()
    return text if "@" in text and " " not in text and len(text) <= 254 else ""  # noqa: PLR2004


def tidy_name(name: str) -> str:
    """A name as written, with its spacing tidied; all capitals or all lower case become title case."""
    text = " ".join((name or "").split())[:150]
    if text and (text.isupper() or text.islower()):
        text = " ".join(part[:1].upper() + part[1:] for part in text.lower().split(" "))
    return text


@dataclass(frozen=True)
class Candidate:
    key: str
    score: float


def closest(key: str, others: Iterable[str]) -> Candidate | None:
    """The most alike other key (not ``key`` itself) if it is alike enough to be worth a review."""
    choices = [other for other in others if other != key]
    if not key or not choices:
        return None
    found = process.extractOne(key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=UNSURE)
    if found is None:
        return None
    return Candidate(found[0], float(found[1]))
