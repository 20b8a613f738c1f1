"""Database expressions the KPIs share: days between two dates, and medians computed by the database.

The median is PostgreSQL's ``percentile_cont(0.5)``; SQLite has no such aggregate, so there the
database numbers the rows in order with a window function and returns only the one or two middle
rows (the mean of two middle values, as ``percentile_cont`` interpolates). Both give the same
answer; the tests run on both.
"""

from typing import Any

from django.db import connections
from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (both dates; use TruncDate on a date-time first)."""

    output_field = IntegerField()
    arity = 2
    template = "(%(expressions)s)"  # PostgreSQL: date - date is whole days
    arg_joiner = " - "

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(", **extra,
        )


class DaysBetweenTimes(Func):
    """Days (with a fraction) from one date-time to another."""

    output_field = FloatField()
    arity = 2
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    arg_joiner = " - "

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday(", **extra,
        )


class PercentileCont(Aggregate):
    """PostgreSQL's continuous median of an expression."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median(queryset: QuerySet[Any], expression: Any) -> tuple[float | None, int]:
    """The median of ``expression`` over ``queryset`` (rows where it is empty left out), and how many
    rows it was taken over. (None, 0) for no rows."""
    rows = queryset.annotate(_value=expression).filter(_value__isnull=False)
    if connections[rows.db].vendor == "postgresql":
        result = rows.aggregate(value=PercentileCont("_value"), n=Count("pk"))
        return (None if result["value"] is None else float(result["value"])), result["n"]
    ranked = rows.annotate(
        _rank=Window(RowNumber(), order_by=[F("_value").asc(), F("pk").asc()]), _n=Window(Count("pk")),
    )
    # The middle row (odd n) or the two middle rows (even n): ranks (n+1)/2 to (n+2)/2 in integer division.
    middle = list(ranked.filter(_rank__gte=(F("_n") + 1) / 2, _rank__lte=(F("_n") + 2) / 2).values_list("_value", "_n"))
    if not middle:
        return None, 0
    return sum(float(v) for v, _ in middle) / len(middle), middle[0][1]
