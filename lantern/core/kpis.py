"""The KPI registry: every key performance indicator, defined once beside the data it reads.

A KPI (``Kpi``) is a name, a slug, a description, the strategy objective it serves
(``lantern.core.reference.Objective``), a unit, how it is computed (a function taking a
``Period`` and returning a ``KpiResult``: the value, how many records it rests on, and breakdown
tables, all computed by the database with aggregations), and optionally a target and RAG
thresholds with the direction that is better.

Each app defines its KPIs in its own ``kpis.py`` as ``KPIS`` (a sequence of ``Kpi``), reading its
records only through its aggregate selectors; ``LanternAppConfig.kpis()`` finds them and
``kpis_all()`` gathers every installed app's, in INSTALLED_APPS order. Insight shows whatever is
registered, so an app adds KPIs without changing the dashboard, the releases or the public page.

A KPI may also place some of its figures in a **statistics section** laid out like a national
publication (``StatisticsSection``; the board report's "National Referral Mechanism statistics",
laid out as the Home Office publishes them): each ``StatisticsTable`` names one of the KPI's
breakdowns, or its headline figure, and where it goes. ``statistics_sections`` gathers them from
every registered KPI, so the board report shows whatever the apps register there.

Nothing here suppresses small numbers: every output passes a KPI's figures through
``lantern.core.suppression`` before anyone sees them.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lantern.core.periods import Period
from lantern.core.reference import Objective


class Unit(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    DAYS = "days"
    MONEY = "money"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    NEUTRAL = "neutral"  # more or fewer is neither good nor bad (e.g. concerns raised)


class RagStatus(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True)
class Rag:
    """RAG thresholds: green at or beyond ``green``, amber at or beyond ``amber``, red otherwise
    ("beyond" is above when higher is better, below when lower is better)."""

    green: float
    amber: float

    def status(self, value: float, direction: Direction) -> RagStatus:
        if direction == Direction.LOWER_IS_BETTER:
            return RagStatus.GREEN if value <= self.green else RagStatus.AMBER if value <= self.amber else RagStatus.RED
        return RagStatus.GREEN if value >= self.green else RagStatus.AMBER if value >= self.amber else RagStatus.RED


@dataclass(frozen=True)
class Breakdown:
    """A table of counts behind a KPI: one-way (``rows`` and ``counts``) or two-way (``rows``,
    ``columns`` and ``grid``, counts by row then column).

    ``partitions``: each record falls in exactly one row (one-way) or cell (two-way), so the table's
    total is the KPI's value and suppression must protect it together with the headline. A table
    where a record can count in several rows (exploitation types) has ``partitions=False``; then
    its rows are protected one by one and no total is shown.
    """

    slug: str
    title: str
    heading: str
    rows: tuple[str, ...]
    counts: tuple[int, ...] = ()
    columns: tuple[str, ...] = ()
    grid: tuple[tuple[int, ...], ...] = ()
    partitions: bool = True

    @property
    def two_way(self) -> bool:
        return bool(self.columns)


def one_way(slug: str, title: str, heading: str, counts: Mapping[Any, int], *,
            labels: Sequence[tuple[Any, str]] = (), partitions: bool = True) -> Breakdown:
    """A one-way table from counts by value: every labelled value in order (zero where none), then
    any other value found, under its own name."""
    known = {value for value, _ in labels}
    rows = [(label, counts.get(value, 0)) for value, label in labels]
    rows += [(str(value), n) for value, n in counts.items() if value not in known]
    return Breakdown(slug, title, heading, tuple(r for r, _ in rows), tuple(n for _, n in rows), partitions=partitions)


def two_way(slug: str, title: str, heading: str, counts: Mapping[tuple[Any, Any], int], *,
            rows: Sequence[tuple[Any, str]], columns: Sequence[tuple[Any, str]]) -> Breakdown:
    """A two-way table from counts by (row value, column value); each record in one cell."""
    grid = tuple(tuple(counts.get((r, c), 0) for c, _ in columns) for r, _ in rows)
    return Breakdown(slug, title, heading, tuple(label for _, label in rows), columns=tuple(label for _, label in columns),
                     grid=grid)


@dataclass(frozen=True)
class KpiResult:
    """A KPI's figure for one period. ``base``: how many records a rate or median rests on (None
    for a count, whose base is itself); ``value`` None when there is nothing to measure (a median
    of no records)."""

    value: int | float | None
    base: int | None = None
    breakdowns: tuple[Breakdown, ...] = ()


@dataclass(frozen=True)
class StatisticsSection:
    """A section of statistics laid out like a national publication, which KPIs contribute tables to."""

    slug: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class StatisticsTable:
    """A KPI's figure in a statistics section: its breakdown ``breakdown`` (a slug of its results' tables), or
    its headline figure when ``breakdown`` is empty. Tables of a section are shown by ``order``."""

    section: StatisticsSection
    title: str
    order: int
    breakdown: str = ""


@dataclass(frozen=True)
class Kpi:
    slug: str
    name: str
    description: str
    objective: Objective
    unit: Unit
    compute: Callable[[Period], KpiResult] = field(compare=False, repr=False)
    direction: Direction = Direction.NEUTRAL
    target: float | None = None
    rag: Rag | None = None
    note: str = ""  # what is not in the figure yet, or how to read it
    statistics: tuple[StatisticsTable, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.rag is not None and self.direction == Direction.NEUTRAL:
            raise ValueError(f"KPI {self.slug}: RAG thresholds need a direction (higher or lower is better).")

    @property
    def is_count(self) -> bool:
        return self.unit == Unit.COUNT

    def status(self, value: float | None) -> RagStatus | None:
        if self.rag is None or value is None:
            return None
        return self.rag.status(value, self.direction)


class KpiRegistryError(ValueError):
    pass


def kpis_all() -> list[Kpi]:
    """Every installed app's KPIs, in INSTALLED_APPS order then each app's own order."""
    from lantern.core.plugins import lantern_apps

    found: list[Kpi] = []
    seen: set[str] = set()
    for config in lantern_apps():
        for kpi in config.kpis():
            if kpi.slug in seen:
                raise KpiRegistryError(f"Two KPIs are registered as {kpi.slug!r}.")
            seen.add(kpi.slug)
            found.append(kpi)
    return found


def kpis_for(objective: str | None = None) -> list[Kpi]:
    return [kpi for kpi in kpis_all() if not objective or kpi.objective == objective]


def kpi_get(slug: str) -> Kpi | None:
    return next((kpi for kpi in kpis_all() if kpi.slug == slug), None)


def objectives_with_kpis(kpis: Sequence[Kpi]) -> list[Objective]:
    present = {kpi.objective for kpi in kpis}
    return [objective for objective in Objective if objective in present]


def statistics_sections(kpis: Sequence[Kpi]) -> list[tuple[StatisticsSection, list[tuple[Kpi, StatisticsTable]]]]:
    """Each statistics section the KPIs contribute to (in the order first met), with its tables by ``order``."""
    sections: dict[str, tuple[StatisticsSection, list[tuple[Kpi, StatisticsTable]]]] = {}
    for kpi in kpis:
        for table in kpi.statistics:
            sections.setdefault(table.section.slug, (table.section, []))[1].append((kpi, table))
    return [(section, sorted(tables, key=lambda pair: pair[1].order)) for section, tables in sections.values()]


CACHE_PREFIX = "lantern:kpi:2"


def kpi_results_cached(kpis: Sequence[Kpi], periods: Sequence[Period], *, seconds: int) -> dict[tuple[str, str], KpiResult]:
    """Each KPI's result for each period, by (slug, period code), read from Django's cache where it is
    there and computed (then cached for ``seconds``) where it is not. ``seconds`` of 0 computes every one.

    For pages read often (the dashboard, the KPI API): a figure may be up to ``seconds`` old, since no
    write in any app clears it. Releases, board reports and statements compute afresh, so what is
    generated or published is never stale. Only aggregates are cached: counts, medians and tables.
    """
    from django.core.cache import cache

    wanted = {(kpi.slug, period.code): (kpi, period) for kpi in kpis for period in periods}
    keys = {f"{CACHE_PREFIX}:{slug}:{code}": (slug, code) for slug, code in wanted}
    found: dict[tuple[str, str], KpiResult] = {}
    if seconds > 0:
        found = {keys[key]: value for key, value in cache.get_many(list(keys)).items() if isinstance(value, KpiResult)}
    computed = {pair: wanted[pair][0].compute(wanted[pair][1]) for pair in wanted if pair not in found}
    if seconds > 0 and computed:
        cache.set_many({f"{CACHE_PREFIX}:{slug}:{code}": result for (slug, code), result in computed.items()}, seconds)
    return {**found, **computed}
