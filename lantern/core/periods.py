"""Reporting periods: a month, a calendar quarter, a UK financial year or a custom range of days.

Plain Python (no Django). A period is written the way people say it and parses back:
``2026-07`` (a month), ``2026-Q3`` (July to September 2026), ``FY2026-27`` (1 April 2026 to
31 March 2027) and ``2026-07-01..2026-08-15`` (a custom range, both days included). Each period
knows the one before it, for comparisons: the previous month, quarter or financial year, and for
a custom range the same number of days just before it.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial_year"
    CUSTOM = "custom"


class PeriodError(ValueError):
    """A period that cannot be read (the message says how to write one)."""


HOW_TO_WRITE = ("Enter a period as a month (2026-07), a quarter (2026-Q3), a financial year (FY2026-27) "
                "or a range of dates (2026-07-01..2026-08-15).")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_FY = re.compile(r"^FY(\d{4})-(\d{2})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError("A period's last day cannot be before its first.")

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == PeriodKind.FINANCIAL_YEAR:
            return f"FY{self.start.year}-{(self.start.year + 1) % 100:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%B %Y}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start:%B} to {self.end:%B %Y} ({self.code})"
        if self.kind == PeriodKind.FINANCIAL_YEAR:
            return f"Financial year {self.start.year} to {self.end.year}"
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        if self.kind == PeriodKind.MONTH:
            return month(*_shift_month(self.start.year, self.start.month, -1))
        if self.kind == PeriodKind.QUARTER:
            year, first = _shift_month(self.start.year, self.start.month, -3)
            return quarter(year, (first - 1) // 3 + 1)
        if self.kind == PeriodKind.FINANCIAL_YEAR:
            return financial_year(self.start.year - 1)
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end, PeriodKind.CUSTOM)

    def __str__(self) -> str:
        return self.code


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _shift_month(year: int, month_: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month_ - 1) + by
    return index // 12, index % 12 + 1


def month(year: int, month_: int) -> Period:
    last = calendar.monthrange(year, month_)[1]
    return Period(datetime.date(year, month_, 1), datetime.date(year, month_, last), PeriodKind.MONTH)


def quarter(year: int, number: int) -> Period:
    """A calendar quarter (1 to 4), as the Home Office publishes its statistics."""
    if number not in (1, 2, 3, 4):
        raise PeriodError("A quarter is 1, 2, 3 or 4.")
    first = 3 * (number - 1) + 1
    last_month = first + 2
    return Period(datetime.date(year, first, 1), datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
                  PeriodKind.QUARTER)


def financial_year(starting_year: int) -> Period:
    """The UK financial year from 1 April ``starting_year`` to 31 March the year after."""
    return Period(datetime.date(starting_year, 4, 1), datetime.date(starting_year + 1, 3, 31), PeriodKind.FINANCIAL_YEAR)


def custom(start: datetime.date, end: datetime.date) -> Period:
    return Period(start, end, PeriodKind.CUSTOM)


def parse(text: str) -> Period:
    """The period written in ``text``; PeriodError (saying how to write one) when it cannot be read."""
    value = (text or "").strip()
    try:
        if m := _MONTH.match(value):
            year, month_ = int(m[1]), int(m[2])
            if not 1 <= month_ <= 12:
                raise PeriodError(HOW_TO_WRITE)
            return month(year, month_)
        if m := _QUARTER.match(value):
            return quarter(int(m[1]), int(m[2]))
        if m := _FY.match(value):
            start = int(m[1])
            if (start + 1) % 100 != int(m[2]):
                raise PeriodError("A financial year runs into the next year, as in FY2026-27.")
            return financial_year(start)
        if m := _RANGE.match(value):
            return custom(datetime.date.fromisoformat(m[1]), datetime.date.fromisoformat(m[2]))
    except ValueError as exc:  # a date that does not exist (2026-02-30) or a range back to front
        raise PeriodError(str(exc) if isinstance(exc, PeriodError) else HOW_TO_WRITE) from exc
    raise PeriodError(HOW_TO_WRITE)


HOW_TO_WRITE_WHOLE = ("Enter a month (2026-07), a quarter (2026-Q3) or a financial year (FY2026-27). Counts are "
                      "shown for whole periods only: two ranges a day apart could single out a person.")


def parse_whole(text: str) -> Period:
    """A month, quarter or financial year written in ``text``, never a range of days: for figures about people
    (reports received, answers given) where comparing two ranges a day apart would show what one day added."""
    period = parse(text)
    if period.kind == PeriodKind.CUSTOM:
        raise PeriodError(HOW_TO_WRITE_WHOLE)
    return period


def quarter_containing(day: datetime.date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def latest_complete_quarter(today: datetime.date) -> Period:
    """The last quarter that has ended by ``today``."""
    return quarter_containing(today).previous()
