"""Reference lists loaded from the versioned CSV files in ``data/`` (see data/SOURCES.md).

Each list is read once per process and cached. Accessors return tuples of
``(value, label)`` pairs, ready to be a form field's ``choices``; ``items()``
gives the full rows, with any extra columns.
"""

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
MANIFEST = DATA_DIR / "manifest.csv"

Choices = tuple[tuple[str, str], ...]


class ReferenceDataError(ValueError):
    """A reference file is missing, malformed, or disagrees with the manifest."""


@dataclass(frozen=True)
class Dataset:
    """One line of the manifest: which file, which version, where it came from."""

    name: str
    file: str
    version: str
    rows: int
    source: str
    licence: str

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file


@dataclass(frozen=True)
class Item:
    value: str
    label: str
    extra: Mapping[str, str] = field(default_factory=dict)


@functools.cache
def datasets() -> dict[str, Dataset]:
    """Every reference list, by name (the file name without ``.csv``), as the manifest records it."""
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, Dataset] = {}
    for row in rows:
        name = row["file"].removesuffix(".csv")
        if name in out:
            raise ReferenceDataError(f"{row['file']} is listed twice in the manifest")
        out[name] = Dataset(name=name, file=row["file"], version=row["version"], rows=int(row["rows"]),
                            source=row["source"], licence=row["licence"])
    return out


def dataset(name: str) -> Dataset:
    try:
        return datasets()[name]
    except KeyError:
        raise ReferenceDataError(f"No reference list called {name!r}") from None


@functools.cache
def items(name: str) -> tuple[Item, ...]:
    """The rows of a list, in file order; checked against the manifest as they load."""
    meta = dataset(name)
    with meta.path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if columns[:2] != ["value", "label"]:
            raise ReferenceDataError(f"{meta.file} must start with the columns value,label (has {columns})")
        rows = [
            Item(value=row["value"].strip(), label=row["label"].strip(),
                 extra={key: (row[key] or "").strip() for key in columns[2:]})
            for row in reader
        ]
    seen: set[str] = set()
    for item in rows:
        if not item.value or not item.label:
            raise ReferenceDataError(f"{meta.file} has a row without a value or a label")
        if item.value in seen:
            raise ReferenceDataError(f"{meta.file} repeats the value {item.value!r}")
        seen.add(item.value)
    if len(rows) != meta.rows:
        raise ReferenceDataError(f"{meta.file} has {len(rows)} rows; the manifest says {meta.rows}")
    return tuple(rows)


@functools.cache
def choices(name: str) -> Choices:
    return tuple((item.value, item.label) for item in items(name))


def label(name: str, value: str) -> str:
    """The label of a stored value, or the value itself when the list no longer has it."""
    return dict(choices(name)).get(value, value)


def nationalities() -> Choices:
    """The Home Office NRM form's nationalities (value and label are the same word, e.g. 'Albanian')."""
    return choices("nationalities")


def police_forces() -> Choices:
    """The 47 UK police forces of the Home Office NRM form."""
    return choices("uk_police_forces")


def countries() -> Choices:
    """ISO 3166-1 countries: (alpha-2 code, common name), by name."""
    return choices("countries")


def sectors() -> Choices:
    """High-risk industries (PPN 02/23): (code, label)."""
    return choices("sectors")


def wards() -> Choices:
    """The demo partnership's wards, its seed list. A partnership's configured wards are
    ``partnership.Area`` rows, not this list."""
    return choices("sandwell_wards")


def first_responder_organisations() -> Choices:
    """The first responder organisations of the Home Office NRM form (value and label are the same)."""
    return choices("first_responder_organisations")


def local_authorities() -> Choices:
    """The local authorities of the Home Office NRM form (value and label are the same)."""
    return choices("uk_local_authorities")


def uk_regions() -> Choices:
    """The UK regions of the Home Office NRM form's current-location page (historic and ceremonial counties)."""
    return choices("uk_regions")
