"""Working days in England and Wales: Monday to Friday, except bank holidays.

The bank holidays come from the reference list ``bank_holidays_england_and_wales``
(the GOV.UK feed, shipped with the project and refreshed by
``manage.py refresh_bank_holidays``; see docs/decisions/0022-bank-holidays.md).
Nothing here reads the network or the database.
"""

import datetime
import functools

from lantern.core.reference.lists import items

BANK_HOLIDAYS_LIST = "bank_holidays_england_and_wales"


@functools.cache
def bank_holidays() -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(item.value) for item in items(BANK_HOLIDAYS_LIST))


def covered_until() -> datetime.date:
    """The last day the shipped list is known to cover (31 December of its last year)."""
    return datetime.date(max(bank_holidays()).year, 12, 31)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The working day ``days`` working days after ``start`` (``start`` itself is not counted)."""
    current = start
    added = 0
    while added < days:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            added += 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
