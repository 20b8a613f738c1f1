"""Small-number suppression and rounding: the one module every published figure passes through.

Plain Python (no Django), so it is proved once by its own tests and used by every output: the
dashboard, open-data releases, the public statistics page and the API.

The rules (``Rules``):

- **Primary suppression**: a count from 1 to ``threshold - 1`` is not published (shown as ``[c]``,
  the Office for National Statistics' mark for a confidential figure). Zero is published unless
  ``suppress_zero`` is set.
- **Secondary suppression**: a table publishes its totals, and a total minus the published cells
  would give a suppressed cell back. So more cells are suppressed until no suppressed figure can
  be worked out from the published ones: every line (a row with its total, a column with its
  total, the totals row with the grand total) has none or at least two suppressed figures, and, in
  a two-way table, no suppressed figure is the only link between two groups of suppressed figures
  (a "bridge": then the sums of the lines on one side give it back). And where a line's total is
  published, the suppressed cells in it add up to at least the threshold, so that the total does
  not pin them down to a few small values (two hidden cells adding up to 2 are both 1). The next
  figure suppressed is the smallest non-zero one available, so as little as possible is hidden.
- **Rounding**: every published count is rounded to the nearest ``rounding_base`` (halves up), and
  totals are rounded from the true total, so rounded cells need not add up to the rounded total.
- **Rates and medians**: a figure computed from fewer than ``threshold`` records (its base) is
  suppressed; it is not rounded.

``Rules.statement()`` says all of this in words, for the note published with every release.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SUPPRESSED_MARK = "[c]"


@dataclass(frozen=True)
class Rules:
    threshold: int = 5
    rounding_base: int = 5
    suppress_zero: bool = False

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError("The suppression threshold must be at least 1.")
        if self.rounding_base < 1:
            raise ValueError("The rounding base must be at least 1 (1 means no rounding).")

    def is_small(self, count: int) -> bool:
        """True for a count that primary suppression hides."""
        if count == 0:
            return self.suppress_zero
        return 0 < count < self.threshold

    def round(self, count: int) -> int:
        if self.rounding_base == 1:
            return count
        steps = (Decimal(count) / self.rounding_base).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return int(steps) * self.rounding_base

    def statement(self) -> str:
        zero = "Zero is suppressed too." if self.suppress_zero else "Zero is published as 0."
        rounding = (
            f"Every published count, totals included, is rounded to the nearest {self.rounding_base} "
            f"(halves upwards) from its true value, so rounded figures may not add up to the rounded totals."
            if self.rounding_base > 1 else "Counts are not rounded."
        )
        return (
            f"Counts from 1 to {self.threshold - 1} are not published and are shown as {SUPPRESSED_MARK}. {zero} "
            f"Where a suppressed count could be worked out from a total and the other published counts, further "
            f"counts (the smallest first) are suppressed as well, so that no suppressed count can be recovered from "
            f"the published figures, and the suppressed counts in a row or column with a published total add up to "
            f"at least {self.threshold}. {rounding} Medians and percentages computed from fewer than {self.threshold} "
            f"records are suppressed."
        )

    def as_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "rounding_base": self.rounding_base, "suppress_zero": self.suppress_zero,
                "suppressed_mark": SUPPRESSED_MARK, "statement": self.statement()}


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Figure:
    """One published figure: its value (None when suppressed) and why it was suppressed."""

    value: int | float | None
    suppressed: bool = False
    reason: str = ""  # "primary", "secondary" or "base" (a rate or median on too few records)

    def display(self) -> str:
        if self.suppressed or self.value is None:
            return SUPPRESSED_MARK if self.suppressed else "–"
        if isinstance(self.value, float):
            return f"{self.value:,.1f}"
        return f"{self.value:,}"

    def as_json(self) -> int | float | None:
        return None if self.suppressed else self.value


def _published(count: int, rules: Rules, reason: str) -> Figure:
    if reason:
        return Figure(None, True, reason)
    return Figure(rules.round(count))


def protect_count(count: int, rules: Rules = DEFAULT_RULES) -> Figure:
    """A single count standing alone."""
    return _published(count, rules, "primary" if rules.is_small(count) else "")


def protect_measure(value: float | None, *, base: int, rules: Rules = DEFAULT_RULES) -> Figure:
    """A rate or median computed from ``base`` records: suppressed when the base is small (or zero)."""
    if value is None:
        return Figure(None)
    if base < rules.threshold:
        return Figure(None, True, "base")
    return Figure(round(float(value), 1))


@dataclass(frozen=True)
class Table1D:
    cells: tuple[Figure, ...]
    total: Figure


@dataclass(frozen=True)
class Table2D:
    cells: tuple[tuple[Figure, ...], ...]
    row_totals: tuple[Figure, ...]
    column_totals: tuple[Figure, ...]
    total: Figure


def _pick_secondary(values: Sequence[int], suppressed: set[int], candidates: Sequence[int]) -> int | None:
    """The candidate position to suppress next: the smallest non-zero count, else the smallest."""
    free = [i for i in candidates if i not in suppressed]
    if not free:
        return None
    non_zero = [i for i in free if values[i] != 0]
    pool = non_zero or free
    return min(pool, key=lambda i: (values[i], i))


def _line_exposed(values: Sequence[int], hidden: set[int], total_at: int, rules: Rules) -> bool:
    """Whether a line (cells and its total, the total at ``total_at``) gives a suppressed figure
    away: exactly one hidden, or (total published) hidden cells adding up to less than the threshold,
    which would narrow them down to a few small values."""
    in_line = [i for i in hidden if i < len(values)]
    if len(in_line) == 1:
        return True
    if in_line and total_at not in hidden:
        return sum(values[i] for i in in_line) < rules.threshold and len(in_line) < len(values) - 1
    return False


def suppress_1d(counts: Sequence[int], *, total: int | None = None, total_suppressed: bool = False,
                rules: Rules = DEFAULT_RULES) -> tuple[set[int], bool]:
    """Which cells of a one-way table (and whether its total) are suppressed: positions, total flag.

    ``total`` defaults to the sum of the cells; ``total_suppressed`` forces the total hidden (when the
    same total is suppressed elsewhere, e.g. as a headline figure).
    """
    total = sum(counts) if total is None else total
    hidden = {i for i, c in enumerate(counts) if rules.is_small(c)}
    total_hidden = total_suppressed or rules.is_small(total)
    # The line is the cells plus the total (position len(counts)).
    values = [*counts, total]
    line_hidden = hidden | ({len(counts)} if total_hidden else set())
    while _line_exposed([values[i] for i in range(len(values))], line_hidden, len(counts), rules):
        extra = _pick_secondary(values, line_hidden, range(len(counts)))
        if extra is None:  # nothing left to hide but the total
            extra = len(counts)
        if extra in line_hidden:
            break
        line_hidden.add(extra)
    return {i for i in line_hidden if i < len(counts)}, len(counts) in line_hidden


def protect_1d(counts: Sequence[int], *, total: int | None = None, total_suppressed: bool = False,
               rules: Rules = DEFAULT_RULES) -> Table1D:
    total = sum(counts) if total is None else total
    hidden, total_hidden = suppress_1d(counts, total=total, total_suppressed=total_suppressed, rules=rules)
    cells = tuple(
        _published(c, rules, ("primary" if rules.is_small(c) else "secondary") if i in hidden else "")
        for i, c in enumerate(counts)
    )
    total_reason = ("primary" if rules.is_small(total) or total_suppressed else "secondary") if total_hidden else ""
    return Table1D(cells, _published(total, rules, total_reason))


def _grid(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with its totals: an extra column of row totals, an extra row of column totals."""
    width = len(counts[0]) if counts else 0
    if any(len(row) != width for row in counts):
        raise ValueError("Every row of a two-way table must have the same number of cells.")
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(row[j] for row in grid) for j in range(width + 1)])
    return grid


def _bridges(edges: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The edges of the bipartite graph (row i — column j for each suppressed entry) on no cycle.

    A suppressed entry whose edge is on no cycle is fixed by the line sums (the lines on one side
    of it add up to it); one on a cycle can move up and down around the cycle without changing
    any published figure.
    """
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
    for i, j in edges:
        adjacency.setdefault(("r", i), []).append((("c", j), (i, j)))
        adjacency.setdefault(("c", j), []).append((("r", i), (i, j)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: list[tuple[int, int]] = []
    counter = 0
    for start in sorted(adjacency):
        if start in order:
            continue
        order[start] = low[start] = counter
        counter += 1
        stack: list[tuple[tuple[str, int], tuple[int, int] | None, int]] = [(start, None, 0)]
        while stack:
            node, via, index = stack[-1]
            neighbours = adjacency[node]
            if index < len(neighbours):
                stack[-1] = (node, via, index + 1)
                nxt, edge = neighbours[index]
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent] and via is not None:
                        found.append(via)
    return sorted(found)


def _component_split(edges: set[tuple[int, int]], bridge: tuple[int, int]) -> tuple[set[int], set[int]]:
    """Without ``bridge``: the columns reachable from its row, and the rows reachable from its column."""
    rest = edges - {bridge}

    def reach(start: tuple[str, int]) -> set[tuple[str, int]]:
        seen = {start}
        todo = [start]
        while todo:
            kind, n = todo.pop()
            for i, j in rest:
                if kind == "r" and i == n and ("c", j) not in seen:
                    seen.add(("c", j))
                    todo.append(("c", j))
                elif kind == "c" and j == n and ("r", i) not in seen:
                    seen.add(("r", i))
                    todo.append(("r", i))
        return seen

    row_side = reach(("r", bridge[0]))
    column_side = reach(("c", bridge[1]))
    return {n for k, n in row_side if k == "c"}, {n for k, n in column_side if k == "r"}


def suppress_2d(counts: Sequence[Sequence[int]], *, total_suppressed: bool = False,
                rules: Rules = DEFAULT_RULES) -> set[tuple[int, int]]:
    """The suppressed entries of a two-way table with its totals, as (row, column) positions in the
    grid whose last column holds the row totals and last row the column totals (the corner is the
    grand total). ``total_suppressed`` forces the grand total hidden."""
    grid = _grid(counts)
    rows, cols = len(grid), len(grid[0])
    hidden = {(i, j) for i in range(rows) for j in range(cols) if rules.is_small(grid[i][j])}
    if total_suppressed:
        hidden.add((rows - 1, cols - 1))
    flat = [grid[i][j] for i in range(rows) for j in range(cols)]

    def pick(cells: list[tuple[int, int]]) -> tuple[int, int] | None:
        idx = _pick_secondary(flat, {i * cols + j for i, j in hidden}, [i * cols + j for i, j in cells])
        return None if idx is None else divmod(idx, cols)

    changed = True
    while changed:
        changed = False
        lines = [[(i, j) for j in range(cols)] for i in range(rows)] + [[(i, j) for i in range(rows)] for j in range(cols)]
        for line in lines:
            positions = {k for k, cell in enumerate(line) if cell in hidden}
            if _line_exposed([grid[i][j] for i, j in line], positions, len(line) - 1, rules):
                extra = pick(line[:-1]) or pick(line[-1:])
                if extra is not None:
                    hidden.add(extra)
                    changed = True
        if changed:
            continue
        for bridge in _bridges(hidden):
            columns_on_row_side, rows_on_column_side = _component_split(hidden, bridge)
            # Suppressing an entry (row from the column's side, column from the row's side) closes a cycle.
            candidates = [(i, j) for i in rows_on_column_side for j in columns_on_row_side if (i, j) not in hidden]
            extra = pick(candidates)
            if extra is not None:
                hidden.add(extra)
                changed = True
                break
    return hidden


def protect_2d(counts: Sequence[Sequence[int]], *, total_suppressed: bool = False,
               rules: Rules = DEFAULT_RULES) -> Table2D:
    grid = _grid(counts)
    hidden = suppress_2d(counts, total_suppressed=total_suppressed, rules=rules)
    corner = (len(grid) - 1, len(grid[0]) - 1)

    def figure(i: int, j: int) -> Figure:
        value = grid[i][j]
        primary = rules.is_small(value) or (total_suppressed and (i, j) == corner)
        reason = ("primary" if primary else "secondary") if (i, j) in hidden else ""
        return _published(value, rules, reason)

    n_rows, n_cols = len(counts), len(grid[0]) - 1
    return Table2D(
        cells=tuple(tuple(figure(i, j) for j in range(n_cols)) for i in range(n_rows)),
        row_totals=tuple(figure(i, n_cols) for i in range(n_rows)),
        column_totals=tuple(figure(n_rows, j) for j in range(n_cols)),
        total=figure(n_rows, n_cols),
    )
