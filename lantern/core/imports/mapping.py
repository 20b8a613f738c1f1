"""Which column of a file holds which field: proposed from the headers and the values under them.

Plain Python, no Django. An app declares its ``ImportSpec``: each target field with the
header wordings that name it and, where its values have a recognisable shape (a date, an
amount, a company number), a recogniser. ``propose_mapping`` scores every column for every
field, gives each field its best column (a column serves one field), and says how sure it
is. A proposal is *certain* only when every required field has a column that both its
header and its values support and no other column comes close; otherwise the person
importing is asked, never guessed for.
"""

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from lantern.core.imports.reading import Cell

SURE = 0.8  # a field's score at or above which its column is taken without asking
POSSIBLE = 0.35  # below this a column is not proposed for a field at all
CLOSE = 0.15  # a second column within this of the best makes the choice uncertain
SAMPLE_ROWS = 200  # data rows looked at to judge the values under each header

# Abbreviations that headers use for the same word.
_WORDS = {"no": "number", "num": "number", "nbr": "number", "ref": "reference", "reg": "registration",
          "amt": "amount", "dept": "department", "desc": "description", "trans": "transaction",
          "txn": "transaction", "org": "organisation", "organization": "organisation", "id": "id"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def header_words(header: str) -> tuple[str, ...]:
    """``"Company No."`` is ``("company", "number")``: lower case, accents and punctuation gone,
    common abbreviations written out."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode("ascii").lower()
    return tuple(_WORDS.get(word, word) for word in _NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class TargetField:
    """One field an import fills."""

    name: str
    label: str
    synonyms: tuple[str, ...]  # header wordings that name this field (written as header_words reads them)
    recogniser: Callable[[Cell], bool] | None = None  # True for a value of this field's shape
    required: bool = False
    personal: bool = False  # could name or identify a person: its values never appear in a report
    hint: str = ""


@dataclass(frozen=True)
class ImportSpec:
    """What an app's import fills: its fields, in the order the mapping page shows them."""

    name: str
    fields: tuple[TargetField, ...]

    def field(self, name: str) -> TargetField:
        for target in self.fields:
            if target.name == name:
                return target
        raise KeyError(name)


def header_score(header: str, target: TargetField) -> float:
    """1 for a header written as one of the field's wordings; less for one that contains a
    wording among other words, or nearly spells one; 0 for none."""
    words = header_words(header)
    if not words:
        return 0.0
    best = 0.0
    joined = " ".join(words)
    for synonym in target.synonyms:
        wanted = tuple(synonym.split())
        if words == wanted:
            return 1.0
        if set(wanted) <= set(words):
            best = max(best, 0.85 * len(wanted) / len(words))
        similarity = fuzz.ratio(joined, synonym) / 100
        if similarity >= 0.85:  # a misspelt header ("Benificiary Name")
            best = max(best, 0.9 * similarity)
    return round(best, 3)


def value_score(values: Sequence[Cell], target: TargetField) -> float | None:
    """The share of the non-empty sample values the field's recogniser accepts; None when the
    field has no recogniser or the column is empty (the header alone then decides)."""
    if target.recogniser is None:
        return None
    filled = [value for value in values if value != ""]
    if not filled:
        return None
    return sum(1 for value in filled if target.recogniser(value)) / len(filled)


def score(header: str, values: Sequence[Cell], target: TargetField) -> tuple[float, str]:
    """How well a column fits a field (0 to 1), and why, in words for the mapping page."""
    by_header = header_score(header, target)
    by_values = value_score(values, target)
    if by_values is None:
        return by_header, ("the heading" if by_header >= SURE else "partly the heading") if by_header else ""
    combined = round(0.6 * by_header + 0.4 * by_values, 3)
    share = f"{round(100 * by_values)}% of the values look like {target.label.lower()}"
    if by_header >= SURE:
        reason = f"the heading, and {share}"
    elif by_header:
        reason = f"partly the heading; {share}"
    else:
        reason = f"the values only: {share}"
    if by_values < 0.5:  # values of the wrong shape outweigh a heading that matches
        combined = min(combined, 0.5 * by_header + 0.2)
    return combined, reason


@dataclass
class FieldProposal:
    field: str
    column: int | None  # index into the headers, or None when no column fits
    confidence: float
    reason: str
    sure: bool
    alternatives: list[int] = dataclasses.field(default_factory=list)  # other columns that came close
    required: bool = False


@dataclass
class Proposal:
    headers: list[str]
    fields: list[FieldProposal]
    remembered: bool = False  # taken from a mapping confirmed before for this source

    @property
    def certain(self) -> bool:
        return all(item.sure for item in self.fields if item.column is not None) and not self.missing_required

    @property
    def missing_required(self) -> list[str]:
        return [item.field for item in self.fields if item.column is None and item.required]

    def columns(self) -> dict[str, str]:
        """The mapping as ``{field: header}`` (the form it is confirmed and remembered in)."""
        return {item.field: self.headers[item.column] for item in self.fields if item.column is not None}

    def as_dict(self) -> dict[str, object]:
        return {"headers": self.headers, "remembered": self.remembered, "fields": [vars(item) for item in self.fields]}


def propose_mapping(spec: ImportSpec, headers: Sequence[str], sample: Sequence[Sequence[Cell]],
                    *, remembered: dict[str, str] | None = None) -> Proposal:
    """The best column for each field, with a confidence and the reason.

    ``remembered`` is a mapping (``{field: header}``) a person confirmed before for this
    source: when every header it names is in this file it is taken as it is, and sure.
    """
    headers = list(headers)
    if remembered and all(header in headers for header in remembered.values()):
        known = {name: headers.index(header) for name, header in remembered.items()}
        return Proposal(headers=headers, remembered=True, fields=[
            FieldProposal(field=target.name, column=known.get(target.name), confidence=1.0,
                      reason="confirmed before for this publisher" if target.name in known else "",
                      sure=True, required=target.required)
            for target in spec.fields])
    columns = [[row[index] if index < len(row) else "" for row in sample[:SAMPLE_ROWS]] for index in range(len(headers))]
    scores: dict[tuple[str, int], tuple[float, str]] = {
        (target.name, index): score(header, columns[index], target)
        for target in spec.fields for index, header in enumerate(headers)
    }
    # Greedy: the strongest (field, column) pair first; each column serves one field.
    taken_columns: set[int] = set()
    chosen: dict[str, tuple[int, float, str]] = {}
    for (name, index), (value, reason) in sorted(scores.items(), key=lambda item: -item[1][0]):
        if value < POSSIBLE:
            break
        if name in chosen or index in taken_columns:
            continue
        chosen[name] = (index, value, reason)
        taken_columns.add(index)
    proposals: list[FieldProposal] = []
    for target in spec.fields:
        if target.name not in chosen:
            proposals.append(FieldProposal(field=target.name, column=None, confidence=0.0, reason="", sure=False,
                                       required=target.required))
            continue
        index, value, reason = chosen[target.name]
        rivals = [other for other in range(len(headers)) if other != index
                  and scores[(target.name, other)][0] >= max(POSSIBLE, value - CLOSE)
                  and not _better_elsewhere(other, target.name, scores, chosen)]
        proposals.append(FieldProposal(field=target.name, column=index, confidence=value, reason=reason,
                                   sure=value >= SURE and not rivals, alternatives=rivals, required=target.required))
    return Proposal(headers=headers, fields=proposals)


def _better_elsewhere(column: int, name: str, scores: dict[tuple[str, int], tuple[float, str]],
                      chosen: dict[str, tuple[int, float, str]]) -> bool:
    """Whether ``column`` went to another field that it fits better than it fits ``name``."""
    for other_name, (index, value, _) in chosen.items():
        if index == column and other_name != name and value > scores[(name, column)][0]:
            return True
    return False


def apply_mapping(spec: ImportSpec, headers: Sequence[str], columns: dict[str, str]) -> dict[str, int]:
    """``{field: column index}`` for a confirmed mapping; a ValueError names a header not in the file,
    a field not in the spec, a column given to two fields, or a required field left out."""
    indexes: dict[str, int] = {}
    used: dict[int, str] = {}
    names = {target.name for target in spec.fields}
    for name, header in columns.items():
        if name not in names:
            raise ValueError(f"There is no field called {name!r}")
        if header not in headers:
            raise ValueError(f"The file has no column headed {header!r}")
        index = list(headers).index(header)
        if index in used:
            raise ValueError(f"The column {header!r} is chosen for two fields")
        used[index] = name
        indexes[name] = index
    missing = [target.label for target in spec.fields if target.required and target.name not in indexes]
    if missing:
        raise ValueError("Choose a column for " + ", ".join(missing))
    return indexes
