"""Reading a table from a CSV or XLSX file, one row at a time, as published files really are.

Plain Python, no Django. Copes with UTF-8 with or without a byte-order mark and Windows-1252
(told apart from the bytes), blank lines, lines of empty commas, the header row repeated
further down (files joined together), and cells padded with spaces or non-breaking spaces.
An XLSX file is read with openpyxl in read-only mode, so neither format is held in memory
whole: a million-row file streams.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

# A cell as read: text from a CSV; from an XLSX also a number or a date (the parser of each
# field turns these into typed values).
Cell = str | int | float | datetime.datetime | datetime.date
XLSX_SIGNATURE = b"PK\x03\x04"
_SAMPLE_BYTES = 1 << 20  # how much of a CSV is looked at to tell its encoding
_HEADER_SEARCH_ROWS = 30  # title rows above the header a spreadsheet may have
_BLANKS = "\u00a0\u2007\u202f\ufeff\u200b \t\r\n"


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX table this module can read (the message says why, plainly)."""


def clean_cell(value: object) -> Cell:
    """A cell with surrounding spaces, non-breaking spaces and byte-order marks removed; an empty
    cell is ``""``. Numbers and dates from a spreadsheet are kept as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip(_BLANKS)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | datetime.date):
        return value
    return str(value).strip(_BLANKS)


def is_blank(row: list[Cell]) -> bool:
    return all(cell == "" for cell in row)


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig`` for UTF-8 (a byte-order mark, if there is one, is dropped), else ``cp1252``.

    Windows-1252 is what spreadsheet software on British council desktops writes; every byte
    decodes in it except five, which are read as Latin-1 would. A sample cut in the middle of
    a UTF-8 character still counts as UTF-8, and a byte further on that is not UTF-8 is read
    as Windows-1252 (a file pieced together from two sources).
    """
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 3:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8-sig"


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # noqa: S101  (registered for decoding only)
    return error.object[error.start:error.end].decode("latin-1"), error.end


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a file that otherwise is, read as Windows-1252 (files pieced together)."""
    assert isinstance(error, UnicodeDecodeError)  # noqa: S101
    return error.object[error.start:error.end].decode("cp1252", errors="latin1_fallback"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)
codecs.register_error("cp1252_fallback", _cp1252_fallback)


def kind_of(head: bytes, name: str) -> str:
    """``xlsx`` or ``csv``, from the file's first bytes (a zip is a workbook) and then its name."""
    if head.startswith(XLSX_SIGNATURE):
        return "xlsx"
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile("The file is named as a spreadsheet (.xlsx) but is not one")
    if b"\x00" in head[:4096]:
        raise UnreadableFile("The file must be a CSV or an Excel spreadsheet (.xlsx)")
    return "csv"


def _csv_rows(stream: BinaryIO) -> Iterator[list[Cell]]:
    sample = stream.read(_SAMPLE_BYTES)
    stream.seek(0)
    encoding = detect_encoding(sample)
    if encoding == "cp1252":
        text = io.TextIOWrapper(stream, encoding="cp1252", errors="latin1_fallback", newline="")
    else:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="cp1252_fallback", newline="")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            sample[:20000].decode(encoding, errors="ignore"), delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text, dialect)
    blanks = _BLANKS
    try:
        for row in reader:
            yield [cell.strip(blanks) for cell in row]  # a CSV's cells are all text
    except csv.Error as error:
        raise UnreadableFile(f"The file is not a CSV table Lantern can read (line {reader.line_num})") from error
    finally:
        if not stream.closed:
            text.detach()  # leave the caller's stream open: it is theirs to close


def _xlsx_rows(stream: BinaryIO) -> Iterator[list[Cell]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile("The spreadsheet could not be opened: save it again as .xlsx or CSV") from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [clean_cell(value) for value in values]
    finally:
        workbook.close()


def raw_rows(stream: BinaryIO, *, name: str = "") -> Iterator[list[Cell]]:
    """Every row of the file's first table as cleaned cells, blank ones included."""
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise UnreadableFile("The selected file is empty")
    if kind_of(head + stream.read(4096)[8:], name) == "xlsx":
        stream.seek(0)
        yield from _xlsx_rows(stream)
    else:
        stream.seek(0)
        yield from _csv_rows(stream)


def _header_like(row: list[Cell]) -> bool:
    """Two or more filled cells, all text, most of them with letters (headings, not data)."""
    filled = [cell for cell in row if cell != ""]
    if len(filled) < 2 or not all(isinstance(cell, str) for cell in filled):  # noqa: PLR2004
        return False
    worded = sum(1 for cell in filled if any(ch.isalpha() for ch in str(cell)))
    return worded * 2 > len(filled)


@dataclass
class Table:
    """The header and a streaming reader of the data rows after it."""

    headers: list[str]
    header_line: int
    skipped: dict[str, int] = field(default_factory=lambda: {"blank": 0, "repeated_header": 0})


DataRow = tuple[int, list[Cell]]  # the row's line in the file (the header's line counts, as a spreadsheet
# numbers them), and its cells


def read_table(stream: BinaryIO, *, name: str = "") -> tuple[Table, Iterator[DataRow]]:
    """The table's header (the first row that reads as one within the first rows) and its data rows.

    Blank rows and lines of empty commas are skipped, and so is the header row where it is
    repeated further down; ``table.skipped`` counts both as the rows are read. Each data row
    has as many cells as the header (short rows are padded; cells beyond the header with
    nothing in them are dropped).
    """
    rows = raw_rows(stream, name=name)
    line = 0
    first_text: tuple[int, list[Cell]] | None = None
    for row in rows:
        line += 1
        if is_blank(row):
            continue
        if _header_like(row):
            header_row, header_line = row, line
            break
        first_text = first_text or (line, row)
        if line >= _HEADER_SEARCH_ROWS:
            raise UnreadableFile("No row of column headings was found at the top of the file")
    else:
        raise UnreadableFile("The file has no rows" if first_text is None else "The file has no column headings")
    while header_row and header_row[-1] == "":
        header_row.pop()
    headers = [str(cell) for cell in header_row]
    table = Table(headers=headers, header_line=header_line)
    signature = [h.casefold() for h in headers]
    first = signature[0] if signature else ""
    width = len(headers)

    def data() -> Iterator[DataRow]:
        number = header_line
        for row in rows:
            number += 1
            if len(row) != width:
                if is_blank(row):
                    table.skipped["blank"] += 1
                    continue
                row = row[:width] + [""] * (width - len(row))
            elif not any(row):
                table.skipped["blank"] += 1
                continue
            head = row[0]
            if isinstance(head, str) and len(head) == len(first) and head.casefold() == first and \
                    [c.casefold() if isinstance(c, str) else c for c in row] == signature:
                table.skipped["repeated_header"] += 1
                continue
            yield number, row

    return table, data()


def count_lines(stream: BinaryIO) -> int:
    """About how many rows a CSV has (its line breaks), counted in chunks without decoding,
    for a progress bar; for a workbook, the first sheet's stated size."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(XLSX_SIGNATURE):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(stream, read_only=True)
            rows = workbook.worksheets[0].max_row or 0
            workbook.close()
        except Exception:  # noqa: BLE001  (a guess for a progress bar: the reading reports real errors)
            rows = 0
        stream.seek(0)
        return int(rows)
    total = 0
    while chunk := stream.read(1 << 20):
        total += chunk.count(b"\n")
    stream.seek(0)
    return total + 1
