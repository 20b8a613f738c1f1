"""A KPI's figures made safe to show: every value and table passed through small-number suppression.

The one bridge between the KPI registry (``lantern.core.kpis``) and every output of insight (the
dashboard, open-data releases, the public page, the API). Nothing outside this module shows a
KPI's raw result.

How a KPI is protected:
- A count is suppressed when small; a rate or median when it rests on few records.
- Each breakdown table is protected with its total; a table that partitions the KPI (each record in
  one row or cell) has the KPI's value as its total, so the headline and every such table are
  suppressed together: if any of them must hide the total, all of them hide it.
- A percentage is also suppressed when any count of its own table is, since the percentage and
  its base would give that count back.
- A one-way table whose rows overlap (a case with several exploitation types) shows no total, and
  each row is protected as a count standing alone.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from lantern.core import suppression
from lantern.core.kpis import Breakdown, Kpi, KpiResult, RagStatus, Unit
from lantern.core.periods import Period
from lantern.core.suppression import Figure, Rules


def dashboard_rules() -> Rules:
    """The dashboard's rules: suppression at the configured threshold, no rounding."""
    return Rules(threshold=settings.LANTERN_SUPPRESSION_THRESHOLD, rounding_base=1)


def open_data_rules() -> Rules:
    """The rules of everything published: suppression and rounding."""
    return Rules(threshold=settings.LANTERN_SUPPRESSION_THRESHOLD, rounding_base=settings.LANTERN_OPEN_DATA_ROUNDING)


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    heading: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]  # empty: one-way
    cells: tuple[tuple[Figure, ...], ...]  # by row; a one-way table has one figure a row
    row_totals: tuple[Figure, ...] = ()
    column_totals: tuple[Figure, ...] = ()
    total: Figure | None = None  # None: rows overlap, no total

    @property
    def two_way(self) -> bool:
        return bool(self.columns)

    def any_suppressed(self) -> bool:
        figures = [f for row in self.cells for f in row] + list(self.row_totals) + list(self.column_totals)
        return any(f.suppressed for f in figures) or bool(self.total and self.total.suppressed)


@dataclass(frozen=True)
class Published:
    kpi: Kpi
    value: Figure
    tables: tuple[Table, ...]


def _protect_table(breakdown: Breakdown, *, total: int | None, total_hidden: bool, rules: Rules) -> Table:
    if breakdown.two_way:
        t2 = suppression.protect_2d(breakdown.grid, total_suppressed=total_hidden, rules=rules)
        return Table(breakdown.slug, breakdown.title, breakdown.heading, breakdown.rows, breakdown.columns, t2.cells,
                     t2.row_totals, t2.column_totals, t2.total)
    if not breakdown.partitions:
        cells = tuple((suppression.protect_count(n, rules),) for n in breakdown.counts)
        return Table(breakdown.slug, breakdown.title, breakdown.heading, breakdown.rows, (), cells)
    t1 = suppression.protect_1d(breakdown.counts, total=total, total_suppressed=total_hidden, rules=rules)
    return Table(breakdown.slug, breakdown.title, breakdown.heading, breakdown.rows, (),
                 tuple((cell,) for cell in t1.cells), total=t1.total)


def publish(kpi: Kpi, result: KpiResult, rules: Rules) -> Published:
    """``result`` of ``kpi`` as it may be shown under ``rules``."""
    if kpi.is_count:
        count = int(result.value or 0)
        headline = suppression.protect_count(count, rules)
        # The headline is the total of every table that partitions it: hide it everywhere or nowhere.
        hidden = headline.suppressed
        while True:
            tables = tuple(_protect_table(b, total=count if b.partitions else None, total_hidden=hidden, rules=rules)
                           for b in result.breakdowns)
            if hidden or not any(t.total is not None and t.total.suppressed for t in tables):
                break
            hidden = True
        if hidden and not headline.suppressed:
            headline = Figure(None, True, "secondary")
        return Published(kpi, headline, tables)

    base = result.base or 0
    headline = suppression.protect_measure(result.value, base=base, rules=rules)
    tables = tuple(_protect_table(b, total=None if b.two_way else sum(b.counts), total_hidden=False, rules=rules)
                   for b in result.breakdowns)
    if kpi.unit == Unit.PERCENTAGE and not headline.suppressed and any(t.any_suppressed() for t in tables):
        headline = Figure(None, True, "secondary")
    return Published(kpi, headline, tables)


@dataclass(frozen=True)
class Reading:
    """A KPI on the dashboard: this period's published figure, the previous period's, the change
    between them and the RAG status (all from the published figures, so they reveal no more)."""

    current: Published
    previous: Published
    period: Period

    @property
    def kpi(self) -> Kpi:
        return self.current.kpi

    @property
    def change(self) -> float | None:
        now, before = self.current.value, self.previous.value
        if now.suppressed or before.suppressed or now.value is None or before.value is None:
            return None
        return round(float(now.value) - float(before.value), 1)

    @property
    def change_display(self) -> str:
        change = self.change
        if change is None:
            return "Not available"
        if change == 0:
            return "No change"
        number = f"{abs(change):,.0f}" if self.kpi.is_count else f"{abs(change):,.1f}"
        unit = {Unit.PERCENTAGE: " points", Unit.DAYS: " days"}.get(self.kpi.unit, "")
        return f"{'Up' if change > 0 else 'Down'} {number}{unit}"

    @property
    def status(self) -> RagStatus | None:
        value = self.current.value
        return None if value.suppressed or value.value is None else self.kpi.status(float(value.value))


def figure_json(figure: Figure) -> dict[str, Any]:
    return {"value": figure.as_json(), "suppressed": figure.suppressed}


def table_json(table: Table) -> dict[str, Any]:
    """A table as published in JSON (and read back by the pages): each row with its label and figures."""
    data: dict[str, Any] = {"slug": table.slug, "title": table.title, "heading": table.heading}
    if table.two_way:
        data["columns"] = list(table.columns)
        data["rows"] = [
            {"label": label, "cells": [figure_json(f) for f in cells], "total": figure_json(total)}
            for label, cells, total in zip(table.rows, table.cells, table.row_totals, strict=True)
        ]
        data["column_totals"] = [figure_json(f) for f in table.column_totals]
    else:
        data["rows"] = [{"label": label, **figure_json(cells[0])} for label, cells in zip(table.rows, table.cells, strict=True)]
    data["total"] = figure_json(table.total) if table.total is not None else None
    return data


def published_json(published: Published) -> dict[str, Any]:
    kpi = published.kpi
    return {
        "slug": kpi.slug, "name": kpi.name, "description": kpi.description, "objective": kpi.objective.value,
        "objective_label": kpi.objective.label, "unit": kpi.unit.value, "note": kpi.note,
        "value": figure_json(published.value), "tables": [table_json(t) for t in published.tables],
    }
