"""Small-number suppression: the rules, and a proof over many random tables that no suppressed count
can be worked out from what is published.

The proof does not trust the module's own reasoning: for each table it writes down every equation an
outsider has (each row, column and the totals add up) with the published figures as known values and
the suppressed ones as unknowns, and checks by exact linear algebra (fractions) that no unknown is fixed
by them.
"""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantern.core.suppression import (
    SUPPRESSED_MARK,
    Figure,
    Rules,
    protect_1d,
    protect_2d,
    protect_count,
    protect_measure,
    suppress_1d,
    suppress_2d,
)

NO_ROUNDING = Rules(threshold=5, rounding_base=1)

# Counts as they come: mostly zeros and small numbers (the dangerous ones), some larger.
counts = st.one_of(st.integers(0, 4), st.integers(0, 12), st.integers(0, 200))


def _rank(rows: list[list[Fraction]]) -> int:
    """The rank of a matrix by Gaussian elimination over the rationals."""
    matrix = [row[:] for row in rows if any(row)]
    rank, col = 0, 0
    width = len(matrix[0]) if matrix else 0
    while rank < len(matrix) and col < width:
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            col += 1
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
        col += 1
    return rank


def determined_unknowns(lines: list[list[tuple[int, int]]], hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The hidden entries an outsider can work out exactly: those whose unit vector lies in the span of
    the line equations (each line: its cells minus its total is zero, published values moved across)."""
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    equations = []
    for line in lines:
        *cells, total = line
        row = [Fraction(0)] * len(unknowns)
        for cell in cells:
            if cell in index:
                row[index[cell]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            equations.append(row)
    if not equations:
        return set()
    base = _rank(equations)
    found = set()
    for cell, k in index.items():
        unit = [Fraction(int(j == k)) for j in range(len(unknowns))]
        if _rank([*equations, unit]) == base:
            found.add(cell)
    return found


def lines_2d(rows: int, cols: int) -> list[list[tuple[int, int]]]:
    """Every line of a grid with totals (last column, last row): its cells, then its total."""
    return [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)] + \
           [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]


# --- Single figures and rounding ----------------------------------------------------------------


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, SUPPRESSED_MARK), (4, SUPPRESSED_MARK), (5, "5"), (7, "5"),
                                               (8, "10"), (12, "10"), (13, "15"), (1234, "1,235")])
def test_a_single_count_is_suppressed_below_the_threshold_and_rounded_to_the_nearest_five(count, shown):
    assert protect_count(count).display() == shown


def test_the_threshold_rounding_and_zero_are_configurable():
    rules = Rules(threshold=10, rounding_base=1, suppress_zero=True)
    assert protect_count(9, rules).suppressed
    assert protect_count(10, rules).display() == "10"
    assert protect_count(0, rules).suppressed
    assert protect_count(23, Rules(rounding_base=10)).display() == "20"
    assert protect_count(25, Rules(rounding_base=10)).display() == "30"  # halves go up


def test_a_rate_or_median_on_few_records_is_suppressed_and_says_why():
    assert protect_measure(12.5, base=4) == Figure(None, True, "base")
    assert protect_measure(12.5, base=5) == Figure(12.5)
    assert protect_measure(None, base=0) == Figure(None)


def test_the_statement_names_the_rules_applied():
    statement = Rules(threshold=10, rounding_base=5).statement()
    assert "Counts from 1 to 9 are not published" in statement
    assert "rounded to the nearest 5" in statement
    assert "Counts are not rounded" in Rules(rounding_base=1).statement()


def test_bad_rules_are_refused():
    with pytest.raises(ValueError, match="threshold"):
        Rules(threshold=0)
    with pytest.raises(ValueError, match="rounding"):
        Rules(rounding_base=0)


# --- One-way tables -----------------------------------------------------------------------------


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    table = protect_1d([3, 40, 12, 0], rules=NO_ROUNDING)
    assert [c.display() for c in table.cells] == [SUPPRESSED_MARK, "40", SUPPRESSED_MARK, "0"]
    assert [c.reason for c in table.cells] == ["primary", "", "secondary", ""]
    assert table.total.display() == "55"


def test_two_small_cells_that_add_up_to_less_than_the_threshold_take_a_third():
    # Hidden 1 and 1 with the total published would be both 1 (the only way two small counts make 2).
    hidden, total_hidden = suppress_1d([1, 1, 30, 9], rules=NO_ROUNDING)
    assert hidden == {0, 1, 3}
    assert not total_hidden


def test_a_small_total_is_suppressed_with_its_cells():
    table = protect_1d([2, 1, 0], rules=NO_ROUNDING)
    assert table.total.suppressed
    assert [c.suppressed for c in table.cells] == [True, True, False]


def test_a_total_suppressed_elsewhere_stays_suppressed_and_is_not_given_away_by_its_cells():
    # Adding up the published cells would give the hidden total back, so a cell goes too.
    table = protect_1d([20, 30], total_suppressed=True, rules=NO_ROUNDING)
    assert table.total.suppressed
    assert [c.suppressed for c in table.cells] == [True, False]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(counts, min_size=1, max_size=8), st.booleans())
def test_no_suppressed_cell_of_a_one_way_table_can_be_recovered(cells, force_total):
    hidden, total_hidden = suppress_1d(cells, total_suppressed=force_total, rules=NO_ROUNDING)
    entries = {(0, j) for j in hidden} | ({(0, len(cells))} if total_hidden else set())
    line = [(0, j) for j in range(len(cells) + 1)]
    assert len(entries) != 1
    assert determined_unknowns([line], entries) == set()
    # Every count the rules call small is hidden.
    assert all(j in hidden for j, n in enumerate(cells) if 0 < n < 5)
    # With the total published, what is hidden adds up to at least the threshold (or everything is hidden).
    if entries and not total_hidden and len(hidden) < len(cells):
        assert sum(cells[j] for j in hidden) >= 5


# --- Two-way tables -----------------------------------------------------------------------------


def test_a_two_way_table_publishes_no_line_with_a_single_suppressed_figure():
    counts = [[3, 10, 12], [20, 25, 30], [15, 6, 40]]
    table = protect_2d(counts, rules=NO_ROUNDING)
    hidden = suppress_2d(counts, rules=NO_ROUNDING)
    assert table.cells[0][0].suppressed
    for line in lines_2d(3, 3):
        assert sum(cell in hidden for cell in line) != 1
    assert table.total.display() == "161"


def test_a_bridge_between_two_groups_of_suppressed_cells_is_closed():
    # Two separate rectangles of small counts joined through one row would leave the joining cell fixed.
    counts = [
        [1, 1, 50, 50, 50],
        [1, 1, 50, 50, 50],
        [50, 50, 2, 2, 50],
        [50, 50, 2, 2, 50],
    ]
    hidden = suppress_2d(counts, rules=NO_ROUNDING)
    assert determined_unknowns(lines_2d(4, 5), hidden) == set()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 5).flatmap(lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=1,
                                                          max_size=5)),
       st.booleans())
def test_no_suppressed_figure_of_a_two_way_table_can_be_recovered(grid, force_total):
    rows, cols = len(grid), len(grid[0])
    hidden = suppress_2d(grid, total_suppressed=force_total, rules=NO_ROUNDING)
    full = [[*row, sum(row)] for row in grid]
    full.append([sum(r[j] for r in full) for j in range(cols + 1)])
    # Every small count (cells and totals) is hidden.
    assert all((i, j) in hidden for i in range(rows + 1) for j in range(cols + 1) if 0 < full[i][j] < 5)
    for line in lines_2d(rows, cols):
        assert sum(cell in hidden for cell in line) != 1, f"a line with one suppressed figure: {line}"
    assert determined_unknowns(lines_2d(rows, cols), hidden) == set()
    # And what is published matches: suppressed exactly where hidden.
    table = protect_2d(grid, total_suppressed=force_total, rules=NO_ROUNDING)
    shown = [[*[c.suppressed for c in r], t.suppressed] for r, t in zip(table.cells, table.row_totals, strict=True)]
    shown.append([*[c.suppressed for c in table.column_totals], table.total.suppressed])
    assert {(i, j) for i in range(rows + 1) for j in range(cols + 1) if shown[i][j]} == hidden


def test_the_proof_checker_does_find_a_recoverable_cell():
    """The checker is not vacuous: a table with one hidden cell in a published row gives it away."""
    assert determined_unknowns([[(0, 0), (0, 1), (0, 2)]], {(0, 0)}) == {(0, 0)}
    assert determined_unknowns([[(0, 0), (0, 1), (0, 2)]], {(0, 0), (0, 1)}) == set()
