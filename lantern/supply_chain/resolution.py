"""Supplier resolution: which spellings in the spend files name one supplier.

Plain Python, no Django: the service feeds it the names still to resolve and the names
already resolved, and writes back what it decides. The same code can run in a worker or
on a bigger engine.

How a name is placed, strongest evidence first:

1. **Company number.** Names carrying one Companies House number are one supplier, and
   join an existing supplier with that number. Two different numbers never meet.
2. **The same name** once legal forms, punctuation and spacing are gone (``"NPOWER LTD"``,
   ``"Npower Limited"``): automatic.
3. **A name cut short.** Leeds publishes names cut at about 22 characters and Bradford at
   35, so ``"Biffa Waste Services Limi"`` is ``"BIFFA WASTE SERVICES LTD"``: a long name that
   is the start of another is evidence (automatic when it looks cut by the export, for
   review when it is a shorter name in full: ``"NPOWER"`` and ``"NPOWER (ELECTRIC) YPO
   CONTRACT"``).
4. **Alike names** (rapidfuzz ratio on the reduced names), compared only within a block of
   names sharing their first word, so 50,000 names take seconds, not the hours that
   comparing every pair would. Alike enough: automatic; somewhat alike: for review; else
   a new supplier.

Each decision says its status (``automatic``, ``review`` or ``new``), its confidence (0 to
1) and a reason a person can check ("same company number 01234567", "names 94% alike
after removing LTD").
"""

import bisect
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from rapidfuzz import fuzz, process

from lantern.supply_chain.names import LEGAL_SUFFIXES, normalise_name

# Alike at or above this (0 to 1): the same supplier without asking anyone.
AUTOMATIC_AT = 0.92
# Alike at or above this, and below AUTOMATIC_AT: a person decides (the review queue).
REVIEW_AT = 0.82
# Confidence given to each kind of evidence that is not a fuzzy score.
COMPANY_NUMBER_CONFIDENCE = 1.0
SAME_NAME_CONFIDENCE = 0.98
TRUNCATED_CONFIDENCE = 0.93
WORD_PREFIX_CONFIDENCE = 0.82
# A name at least this long (as published) may have been cut short by the export
# (Leeds cuts at about 22 characters, Bradford at 35).
TRUNCATION_MIN_LENGTH = 20
# The reduced name must keep at least this many characters for a prefix to count.
PREFIX_MIN_LENGTH = 10
# Reduced names shorter than this match only when they are equal: "ABC" and "ABD" are not alike.
FUZZY_MIN_LENGTH = 6
# A block larger than this is split again on its first two words, to bound the work.
BLOCK_MAX = 2500

Status = Literal["automatic", "review", "new"]
AUTOMATIC: Status = "automatic"
REVIEW: Status = "review"
NEW: Status = "new"

_LEGAL_WORDS = sorted(LEGAL_SUFFIXES | {"LIMITED", "INCORPORATED", "CORPORATION", "COMPANY"}, key=len, reverse=True)
_DIGITS = re.compile(r"\d+")
_BRACKETS = re.compile(r"\(([^)]*)\)?")


@dataclass(frozen=True)
class NameIn:
    """A name to resolve: its id (the caller's), as published, and its company number if any."""

    id: Hashable
    name: str
    company_number: str = ""


@dataclass(frozen=True)
class Known:
    """A name already placed: the supplier it belongs to and that supplier's company number."""

    supplier: Hashable
    name: str
    company_number: str = ""


@dataclass(frozen=True)
class Decision:
    """Where one name goes: an existing ``supplier``, or the new supplier numbered ``group``."""

    name_id: Hashable
    status: Status
    confidence: float
    reason: str
    supplier: Hashable | None = None
    group: int | None = None


@dataclass
class Resolution:
    decisions: list[Decision]
    # For each new supplier (by group number): the ids of its names, the best name to show first.
    groups: dict[int, list[Hashable]] = field(default_factory=dict)


def reduce_name(name: str) -> str:
    """The form names are compared in: normalised, initials joined (``"A J H PUMP"`` →
    ``"AJH PUMP"``), and a legal form cut short at the end dropped (``"... SERVICES LIMI"``)."""
    joined: list[str] = []
    initials = False  # whether the last word kept is a run of single letters
    for word in normalise_name(name).split():
        single = len(word) == 1 and word.isalpha()
        if single and initials:
            joined[-1] += word
        else:
            joined.append(word)
        initials = single or (initials and single)
    if len(joined) > 1 and _is_cut_legal_form(joined[-1]):
        joined.pop()
    return " ".join(joined)


_CUT_LEGAL_FORMS = frozenset(legal[:end] for legal in _LEGAL_WORDS for end in range(3, len(legal)))


def _is_cut_legal_form(word: str) -> bool:
    return word in _CUT_LEGAL_FORMS


def looks_cut_short(name: str) -> bool:
    """A published name long enough to have been cut by the export, and not ending in a
    whole legal form (a name ending "LIMITED" or "LTD" was not cut)."""
    text = name.strip()
    words = re.sub(r"[^A-Z0-9 ]+", " ", text.upper()).split()
    return len(text) >= TRUNCATION_MIN_LENGTH and bool(words) and words[-1] not in LEGAL_SUFFIXES


def removed_words(name: str, reduced: str) -> list[str]:
    """The words of ``name`` that reduction dropped (LTD, LIMITED, THE...), for the reason."""
    kept = set(reduced.split())
    upper = re.sub(r"[^A-Z0-9 ]+", " ", name.upper()).split()
    seen: list[str] = []
    for word in upper:
        if word not in kept and len(word) > 1 and word not in seen and (word in LEGAL_SUFFIXES or _is_cut_legal_form(word)):
            seen.append(word)
    return seen


def _after_removing(name: str, other: str, reduced: str) -> str:
    words = removed_words(name, reduced) + [w for w in removed_words(other, reduced) if w not in removed_words(name, reduced)]
    return f" after removing {', '.join(words)}" if words else " once punctuation and spacing are ignored"


def _digits(text: str) -> tuple[str, ...]:
    return tuple(_DIGITS.findall(text))


@dataclass
class _Item:
    """One name in a block: new (with its index in the input) or known (with its supplier)."""

    reduced: str
    name: str
    company_number: str
    new_index: int | None = None
    supplier: Hashable | None = None


def _score(a: _Item, b: _Item, ratio: float) -> tuple[float, str, Status] | None:
    """The evidence that ``a`` (being placed) and ``b`` (placed) are one supplier, or None:
    its confidence, its kind (for ``_reason``) and the status it gives."""
    if a.company_number and b.company_number and a.company_number != b.company_number:
        return None
    if a.reduced == b.reduced:
        return SAME_NAME_CONFIDENCE, "same", AUTOMATIC
    short, long_ = (a, b) if len(a.reduced) < len(b.reduced) else (b, a)
    if len(short.reduced) >= PREFIX_MIN_LENGTH and long_.reduced.startswith(short.reduced) and looks_cut_short(short.name):
        return TRUNCATED_CONFIDENCE, "cut", AUTOMATIC
    if long_.reduced.startswith(short.reduced + " ") and len(short.reduced) >= 3:
        return WORD_PREFIX_CONFIDENCE, "words", REVIEW
    if min(len(a.reduced), len(b.reduced)) < FUZZY_MIN_LENGTH:
        return None
    score = ratio / 100
    if score < REVIEW_AT:
        return None
    if _digits(a.reduced) != _digits(b.reduced):
        return min(score, AUTOMATIC_AT - 0.01), "numbers", REVIEW
    return score, "alike", AUTOMATIC if score >= AUTOMATIC_AT else REVIEW


def _reason(kind: str, a: _Item, b: _Item) -> str:
    """The reason a person reads for the evidence ``_score`` found (built only for the match kept)."""
    short, long_ = (a, b) if len(a.reduced) < len(b.reduced) else (b, a)
    if kind == "same":
        return f"same name as “{b.name.strip()}”{_after_removing(a.name, b.name, a.reduced)}"
    if kind == "cut":
        cut = short.name.strip()
        return f"“{cut}” looks cut short at {len(cut)} characters and is the start of “{long_.name.strip()}”"
    if kind == "words":
        return (f"“{short.name.strip()}” is the start of “{long_.name.strip()}”: the same supplier, "
                "or a different one with a longer name?")
    score = int(fuzz.ratio(a.reduced, b.reduced))
    reason = f"names {score}% alike{_after_removing(a.name, b.name, a.reduced)}: “{b.name.strip()}”"
    return reason + " (but their numbers differ)" if kind == "numbers" else reason


def _blocks(items: Sequence[_Item]) -> Iterable[list[int]]:
    """Indices of items that may be compared: they share their first word (their first two
    words in a very large block)."""
    first: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        words = item.reduced.split()
        first[words[0] if words else ""].append(index)
    for members in first.values():
        if len(members) <= BLOCK_MAX:
            yield members
            continue
        second: dict[str, list[int]] = defaultdict(list)
        for index in members:
            second[" ".join(items[index].reduced.split()[:2])].append(index)
        yield from second.values()


class _Placed:
    """The names of a block placed so far, indexed three ways: whole, sorted (for names a
    name is the start of) and as a list for rapidfuzz."""

    FUZZY_LIMIT = 5
    PREFIX_LIMIT = 10

    def __init__(self, items: Sequence[_Item], indices: Iterable[int]) -> None:
        self.items = items
        self.by_reduced: dict[str, int] = {}
        self.sorted: list[str] = []
        self.strings: list[str] = []
        self.indices: list[int] = []
        for index in indices:
            self.add(index)

    def add(self, index: int) -> None:
        reduced = self.items[index].reduced
        if reduced not in self.by_reduced:
            self.by_reduced[reduced] = index
            bisect.insort(self.sorted, reduced)
        self.strings.append(reduced)
        self.indices.append(index)

    def candidates(self, reduced: str) -> list[int]:
        found: list[int] = []
        if reduced in self.by_reduced:
            found.append(self.by_reduced[reduced])
        # Placed names that start with this one...
        start = bisect.bisect_left(self.sorted, reduced)
        for other in self.sorted[start:start + self.PREFIX_LIMIT]:
            if not other.startswith(reduced):
                break
            found.append(self.by_reduced[other])
        # ...and placed names this one starts with.
        ends = [i for i, char in enumerate(reduced) if char == " "] + list(range(PREFIX_MIN_LENGTH, len(reduced)))
        for end in ends:
            if reduced[:end] in self.by_reduced:
                found.append(self.by_reduced[reduced[:end]])
        if len(reduced) >= FUZZY_MIN_LENGTH and self.strings:
            for _match, _similarity, position in process.extract(
                reduced, self.strings, scorer=fuzz.ratio, score_cutoff=REVIEW_AT * 100, limit=self.FUZZY_LIMIT
            ):
                found.append(self.indices[position])
        return list(dict.fromkeys(found))


def resolve(names: Sequence[NameIn], known: Sequence[Known] = ()) -> Resolution:
    """Decide, for each of ``names``, an existing supplier (one of ``known``'s) or a new one."""
    decisions: dict[int, Decision] = {}
    groups: dict[int, list[Hashable]] = {}
    next_group = 0

    # 1. Company numbers: one unit per number; a number a known supplier has joins it.
    known_by_number: dict[str, Hashable] = {}
    for k in known:
        if k.company_number:
            known_by_number.setdefault(k.company_number, k.supplier)
    units: dict[str, list[int]] = defaultdict(list)
    for index, name in enumerate(names):
        if name.company_number:
            units[name.company_number].append(index)
    follows: dict[int, int] = {}  # a name placed with the first name of its company-number unit
    for number, members in units.items():
        reason = f"same company number {number}"
        if number in known_by_number:
            for index in members:
                decisions[index] = Decision(names[index].id, AUTOMATIC, COMPANY_NUMBER_CONFIDENCE, reason,
                                            supplier=known_by_number[number])
        else:
            for index in members[1:]:
                follows[index] = members[0]

    # 2-4. Everything else by name, block by block.
    items = [_Item(reduce_name(k.name), k.name, k.company_number, supplier=k.supplier) for k in known]
    items += [_Item(reduce_name(n.name), n.name, n.company_number, new_index=i) for i, n in enumerate(names)
              if i not in decisions and i not in follows]
    group_of: dict[int, int] = {}  # item index -> new group
    for block in _blocks(items):
        todo = sorted((i for i in block if items[i].new_index is not None),
                      key=lambda i: (len(items[i].reduced), items[i].reduced))
        if not todo:
            continue
        placed = _Placed(items, [i for i in block if items[i].new_index is None])
        for i in todo:
            item = items[i]
            best: tuple[float, str, Status, int] | None = None
            for j in placed.candidates(item.reduced):
                found = _score(item, items[j], fuzz.ratio(item.reduced, items[j].reduced))
                if found is not None and (best is None or found[0] > best[0]):
                    best = (*found, j)
            index = cast(int, item.new_index)
            if best is None:
                group_of[i] = next_group
                groups[next_group] = [names[index].id]
                decisions[index] = Decision(names[index].id, NEW, 1.0, "a new supplier: no name already placed is alike",
                                            group=next_group)
                next_group += 1
            else:
                confidence, kind, status, j = best
                target = items[j]
                reason = _reason(kind, item, target)
                if target.supplier is not None:
                    decisions[index] = Decision(names[index].id, status, round(confidence, 3), reason,
                                                supplier=target.supplier)
                    item.supplier = target.supplier
                else:
                    group = group_of[j]
                    decisions[index] = Decision(names[index].id, status, round(confidence, 3), reason, group=group)
                    groups[group].append(names[index].id)
                    group_of[i] = group
                if status == REVIEW:
                    continue  # a name waiting for review is not evidence for the next one
            placed.add(i)

    # Names following the first of their company-number unit go where it went.
    for index, leader in follows.items():
        first = decisions[leader]
        reason = f"same company number {names[index].company_number}"
        follow_status: Status = REVIEW if first.status == REVIEW else AUTOMATIC
        decision = Decision(names[index].id, follow_status, COMPANY_NUMBER_CONFIDENCE, reason,
                            supplier=first.supplier, group=first.group)
        decisions[index] = decision
        if first.group is not None:
            groups[first.group].append(names[index].id)
    return Resolution([decisions[i] for i in range(len(names))], groups)


def display_name(names: Sequence[str]) -> str:
    """The name to show for a supplier made from ``names``: the fullest spelling (a name cut
    short is the start of a longer one), then the commonest, then the first."""
    if not names:
        return ""
    counts: dict[str, int] = defaultdict(int)
    for name in names:
        counts[name.strip()] += 1
    return max(counts, key=lambda n: (len(reduce_name(n)), counts[n], -list(counts).index(n)))
