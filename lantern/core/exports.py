"""Helpers shared by every CSV export."""

import csv
import io
import unicodedata
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@")
# A cell a spreadsheet reads as a formula may begin with these, or have them after blanks or
# invisible characters; "\t" and "\r" at the start are refused as they were before.
_LEADING_CONTROLS = ("\t", "\r")


def _is_blank(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf")


def csv_safe(value: Any) -> Any:
    """Stop a spreadsheet treating a cell as a formula (CSV injection).

    The start of the cell is read after Unicode compatibility normalisation (NFKC), so the
    full-width and small forms of = + - @ (＝ ＋ － ＠ ﹦) count as the characters they stand
    for, and after any spaces, tabs, line breaks or invisible characters (such as a zero-width
    space) before them. Such a cell is shown as text: a quote mark goes in front.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_LEADING_CONTROLS):
        return "'" + value
    index = 0
    while index < len(value) and _is_blank(value[index]):
        index += 1
    start = unicodedata.normalize("NFKC", value[index:index + 8])
    if start.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV file as text: the header, then each row with every cell through ``csv_safe``. For files
    made in memory (a report, an open-data table); a long export streams its rows instead."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([csv_safe(value) for value in row] for row in rows)
    return out.getvalue()
