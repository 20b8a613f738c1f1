"""Reporting periods: reading them as people write them, their days, and the period before."""

import datetime

import pytest

from lantern.core.periods import PeriodError, PeriodKind, latest_complete_quarter, parse, quarter

D = datetime.date


@pytest.mark.parametrize(("text", "start", "end", "kind"), [
    ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), PeriodKind.QUARTER),
    ("2026-q1", D(2026, 1, 1), D(2026, 3, 31), PeriodKind.QUARTER),
    ("2026-02", D(2026, 2, 1), D(2026, 2, 28), PeriodKind.MONTH),
    ("2028-02", D(2028, 2, 1), D(2028, 2, 29), PeriodKind.MONTH),
    ("FY2026-27", D(2026, 4, 1), D(2027, 3, 31), PeriodKind.FINANCIAL_YEAR),
    ("FY1999-00", D(1999, 4, 1), D(2000, 3, 31), PeriodKind.FINANCIAL_YEAR),
    ("2026-07-01..2026-08-15", D(2026, 7, 1), D(2026, 8, 15), PeriodKind.CUSTOM),
])
def test_periods_read_as_written_and_write_back_the_same(text, start, end, kind):
    period = parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert parse(period.code) == period


@pytest.mark.parametrize(("text", "previous"), [
    ("2026-Q3", "2026-Q2"), ("2026-Q1", "2025-Q4"), ("2026-01", "2025-12"), ("2026-03", "2026-02"),
    ("FY2026-27", "FY2025-26"), ("2026-07-01..2026-07-10", "2026-06-21..2026-06-30"),
])
def test_each_period_knows_the_one_before_it(text, previous):
    assert parse(text).previous().code == previous


@pytest.mark.parametrize("text", ["", "2026", "2026-13", "2026-Q5", "FY2026-28", "2026-02-30..2026-03-01",
                                  "2026-08-01..2026-07-01", "last quarter"])
def test_a_period_that_cannot_be_read_says_how_to_write_one(text):
    with pytest.raises(PeriodError):
        parse(text)


def test_labels_say_the_period_in_words():
    assert parse("2026-Q3").label == "July to September 2026 (2026-Q3)"
    assert parse("FY2026-27").label == "Financial year 2026 to 2027"
    assert parse("2026-07").label == "July 2026"


def test_the_latest_complete_quarter():
    assert latest_complete_quarter(D(2026, 11, 29)).code == "2026-Q3"
    assert latest_complete_quarter(D(2026, 1, 1)).code == "2025-Q4"


def test_a_quarter_is_one_to_four():
    assert quarter(2026, 4).label == "October to December 2026 (2026-Q4)"
    for number in (0, 5):
        with pytest.raises(PeriodError, match="A quarter is 1, 2, 3 or 4"):
            quarter(2026, number)
