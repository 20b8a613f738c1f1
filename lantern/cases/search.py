"""Finding a person by name when names are encrypted: normalised tokens, their keys, and matching.

A name is cut into tokens: transliterated to Latin letters (``anyascii``, so
"Олена" is "olena" and "Nguyễn" is "nguyen"), case-folded, split on anything
that is not a letter or digit. Word order does not matter, so "An Nguyen" and
"Nguyen Van An" share their tokens.

Each token gives a few *keys*, stored only as keyed blind indexes (see
``lantern.cases.selectors.finding.person_name_digests``):

- ``part``: the token itself (exact match, whatever the order of the names);
- ``sound``: two phonetic codes (``jellyfish``'s Metaphone, with any leading
  vowel counted as one, and NYSIIS; W sounds as V), so that Mohammed, Muhammad and Mohamed,
  Aleksandr and Alexander, Olena and Elena, Jhon and John, Nowak and Novak share a key;
- ``prefix``: its first three letters, so that part of a name finds it.

A search computes the same keys from what was typed, and the database returns
the people sharing keys with enough of its tokens (the *candidates*). The few
candidates' names are then decrypted and compared here, token by token
(``rapidfuzz``), which drops the sound-alikes that are not the same name (John
and Jane both sound "JN") and ranks the rest.

Nothing here touches the database or Django.
"""

import re
from dataclasses import dataclass

import jellyfish
from anyascii import anyascii
from rapidfuzz import fuzz

PREFIX_LENGTH = 3
# Sound keys only for tokens of three letters or more, and only codes of three characters or
# more: shorter ones ("F" for Vu, "JN" for Jane, John, Jan, Joanna and Jun) would find almost anyone.
MIN_SOUND_LENGTH = 3
MAX_QUERY_TOKENS = 6
# A phonetic match must also look alike (John and Jane do not); a close spelling matches by itself.
SOUND_SIMILARITY = 60.0
SPELLING_SIMILARITY = 85.0

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_VOWELS = "AEIOU"


class KeyKind:
    PART = "part"
    SOUND = "sound"
    PREFIX = "prefix"


def name_tokens(name: str) -> list[str]:
    """The name's tokens in order, without repeats: Latin letters and digits, lower case."""
    tokens: list[str] = []
    for token in _NOT_ALNUM.split(anyascii(name or "").casefold()):
        if token and token not in tokens:
            tokens.append(token)
    return tokens


def sounds(token: str) -> set[str]:
    """The token's phonetic codes, each tagged with its algorithm."""
    codes = set()
    token = token.replace("w", "v")  # Nowak and Novak, Wasyl and Vasyl
    metaphone = jellyfish.metaphone(token)
    if metaphone:
        # Any leading vowel counts as one: Olena and Elena, Ivan and Evan.
        codes.add("m:" + ("A" + metaphone[1:] if metaphone[0] in _VOWELS else metaphone))
    nysiis = jellyfish.nysiis(token)
    if nysiis:
        codes.add("n:" + nysiis)
    return codes


def token_keys(token: str) -> set[tuple[str, str]]:
    """The ``(kind, value)`` keys one token is stored and searched under.

    A name of one or two letters (Li, Vu, An) is found only as it is written.
    """
    keys = {(KeyKind.PART, token)}
    if len(token) >= MIN_SOUND_LENGTH:
        keys.update((KeyKind.SOUND, code) for code in sounds(token) if len(code.split(":", 1)[1]) >= MIN_SOUND_LENGTH)
    if len(token) >= PREFIX_LENGTH:
        keys.add((KeyKind.PREFIX, token[:PREFIX_LENGTH]))
    return keys


def name_keys(name: str) -> set[tuple[str, str]]:
    """Every key a person with this name is stored under."""
    keys: set[tuple[str, str]] = set()
    for token in name_tokens(name):
        keys |= token_keys(token)
    return keys


def query_tokens(query: str) -> list[str]:
    return name_tokens(query)[:MAX_QUERY_TOKENS]


def required_matches(query_count: int, name_count: int) -> int:
    """How many of the query's tokens must match: all of them, or all of the name's if it has fewer.

    "An Nguyen" finds "Nguyen Van An"; "Nguyen Van An" finds a record of "An Nguyen";
    "John Smith" does not find "Jane Smyth" (only one of two names matches).
    """
    return min(query_count, name_count)


def token_similarity(typed: str, stored: str) -> float:
    """How well a typed token matches a stored one, 0 (not a match) to 100."""
    if typed == stored:
        return 100.0
    if len(typed) >= PREFIX_LENGTH and stored.startswith(typed):
        return 90.0  # part of the name
    similarity = fuzz.ratio(typed, stored)
    if similarity >= SPELLING_SIMILARITY:
        return similarity
    if similarity >= SOUND_SIMILARITY and sounds(typed) & sounds(stored):
        return similarity
    return 0.0


@dataclass(frozen=True)
class Match:
    score: float
    matched: int


def match_name(query: list[str], name: list[str]) -> Match | None:
    """Whether the typed tokens match the stored name's tokens, and how well (each token used once)."""
    if not query or not name:
        return None
    pairs = sorted(
        ((token_similarity(q, n), qi, ni) for qi, q in enumerate(query) for ni, n in enumerate(name)),
        reverse=True,
    )
    used_q: set[int] = set()
    used_n: set[int] = set()
    total = 0.0
    for similarity, qi, ni in pairs:
        if similarity <= 0:
            break
        if qi in used_q or ni in used_n:
            continue
        used_q.add(qi)
        used_n.add(ni)
        total += similarity
    if len(used_q) < required_matches(len(query), len(name)):
        return None
    return Match(score=total / max(len(query), len(name)), matched=len(used_q))


def names_match(typed: str, stored: str) -> bool:
    """Whether a search for ``typed`` finds a person recorded as ``stored`` on the name alone."""
    return match_name(query_tokens(typed), name_tokens(stored)) is not None
