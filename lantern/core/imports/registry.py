"""Where an app declares its import, so the pipeline (and its background jobs) can run it.

An app registers an ``ImportKind`` in its AppConfig's ``ready()``: the fields it fills
(``spec``), how one row's cells become a record (``row_reader``), and the service that
writes the records (``commit``), which must be atomic and idempotent. Core never names
an app: it finds the kind by the name stored with the uploaded file.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from lantern.core.imports.mapping import ImportSpec
from lantern.core.imports.reading import Cell
from lantern.core.imports.report import ImportStats, RowProblem

if TYPE_CHECKING:
    from lantern.core.jobs import ProgressReporter
    from lantern.core.models import ImportFile


@dataclass(frozen=True)
class ImportSource:
    """Where the rows being committed came from."""

    name: str  # the file's name, as uploaded or given on the command line
    sha256: str  # of the file's bytes: the same file twice is imported once
    source: str  # its publisher or sender
    user: Any  # who is importing (None for the system)
    import_file: "ImportFile | None" = None  # the upload, when it came through the pages


class Progress(Protocol):
    def total(self, total: int) -> None: ...
    def advance(self, done: int, message: str = "") -> None: ...


class Commit(Protocol):
    def __call__(self, *, source: ImportSource, rows: Iterator[Any], stats: ImportStats,
                 progress: "Progress | ProgressReporter") -> dict[str, Any]: ...


# Given the confirmed columns ({field: index}) and the headings, a function reading one row (its line
# number and cells) into the app's record, or None, and the problems found in it.
RowReader = Callable[[int, list[Cell]], tuple[Any | None, list[RowProblem]]]
RowReaderFactory = Callable[[dict[str, int], list[str]], RowReader]


@dataclass(frozen=True)
class ImportKind:
    name: str  # e.g. "supply_chain.spend"
    label: str  # e.g. "spend file"
    spec: ImportSpec
    row_reader: RowReaderFactory
    commit: Commit
    # The address of the page about an upload (its mapping, report or summary), by the upload.
    page_url: Callable[["ImportFile"], str]
    # Runs after a successful commit, outside its transaction: the app's follow-on steps.
    after_commit: Callable[[ImportSource, dict[str, Any], "Progress | ProgressReporter"], dict[str, Any]] | None = None


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> ImportKind:
    return _KINDS[name]
