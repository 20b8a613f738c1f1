"""Statements whose best plan depends on their values: planned afresh each time, never prepared.

On PostgreSQL a connection prepares a statement it has run five times (ADR 29), and after five
more runs the server may keep one *generic* plan for it, made without looking at the values. For
most of a page's queries that is what makes them cheap. For a query whose work depends on what is
searched for (a common name's keys are shared by thousands of people, a rare one's by a handful)
the generic plan can be several times slower than one made for the values: the name search's
count of shared keys took 34 ms on a generic plan against 10 ms on its own (ADR 31). Statements run
inside ``planned_each_time`` are sent unprepared, so each is planned for its values (about a
quarter of a millisecond). Other databases are not affected.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections


@contextmanager
def planned_each_time(using: str = "default") -> Iterator[None]:
    """Inside, the connection ``using`` prepares no statement (psycopg's ``prepare_threshold`` is None)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    threshold = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = threshold
