"""The per-row report of an import: what was read, and each row or value that could not be.

Plain Python, no Django. A problem names the row, the column heading and the reason, and
never the cell's value: an import may carry personal data, and the report is shown on a
page, kept in the database and downloaded.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lantern.core.exports import csv_text

MAX_KEPT = 10_000  # problems kept for the page and the download; the counts are always complete


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # the row's line in the file, the header being line 1 (as a spreadsheet numbers it)
    column: str  # the column's heading
    reason: str  # in words, without the value
    rejected: bool  # True: the row was not imported; False: imported without this value

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "reason": self.reason, "rejected": self.rejected}


@dataclass
class ImportStats:
    """Counts kept while the rows stream past; the app's commit adds its own (``extra``)."""

    read: int = 0
    accepted: int = 0
    rejected: int = 0
    with_warnings: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    problems_total: int = 0
    extra: Counter[str] = field(default_factory=Counter)
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, problems: list[RowProblem], *, accepted: bool) -> None:
        self.read += 1
        if accepted and not problems:  # the usual case, quickly
            self.accepted += 1
            return
        if accepted:
            self.accepted += 1
            if problems:
                self.with_warnings += 1
        else:
            self.rejected += 1
        self.problems_total += len(problems)
        room = MAX_KEPT - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "accepted": self.accepted, "rejected": self.rejected,
                "with_warnings": self.with_warnings, "problems": self.problems_total,
                "blank_rows_skipped": self.skipped.get("blank", 0),
                "repeated_headers_skipped": self.skipped.get("repeated_header", 0), **self.extra}


REPORT_HEADERS = ("Row", "Column", "Reason", "Outcome")


def report_csv(problems: Iterable[dict[str, object]]) -> str:
    """The per-row report as CSV text (row, column, reason, outcome)."""
    return csv_text(REPORT_HEADERS, ([problem["row"], str(problem["column"]), str(problem["reason"]),
                                      "Not imported" if problem["rejected"] else "Imported without this value"]
                                     for problem in problems))
