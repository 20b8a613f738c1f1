"""Reading tables as councils publish them: encodings, blank and repeated rows, padded cells, XLSX."""

import datetime
import io

import openpyxl
import pytest

from lantern.core.imports.reading import UnreadableFile, count_lines, detect_encoding, read_table


def table(content: bytes, name: str = "file.csv"):
    header, rows = read_table(io.BytesIO(content), name=name)
    return header, list(rows)


def test_utf8_with_a_byte_order_mark():
    header, rows = table("\ufeffSupplier,Amount\r\nCafé Nero,12\r\n".encode())
    assert header.headers == ["Supplier", "Amount"]  # the mark is not part of the first heading
    assert rows == [(2, ["Café Nero", "12"])]


def test_utf8_without_a_mark():
    _, rows = table("Supplier,Amount\nŁódź Foods,12\n".encode())
    assert rows[0][1][0] == "Łódź Foods"


def test_windows_1252_is_detected():
    content = "Supplier,Amount\nChildren’s Services – North,12\nFylde Coast Women¿s Aid,3\n".encode("cp1252")
    assert detect_encoding(content) == "cp1252"
    _, rows = table(content)
    assert rows[0][1][0] == "Children’s Services – North"
    assert rows[1][1][0] == "Fylde Coast Women¿s Aid"


def test_a_windows_1252_byte_far_into_a_utf8_file_is_still_read():
    content = b"Supplier,Amount\n" + b"Acme,1\n" * 200_000 + "Children’s Trust,2\n".encode("cp1252")
    assert detect_encoding(content[:1 << 20]) == "utf-8-sig"
    _, rows = table(content)
    assert rows[-1][1] == ["Children’s Trust", "2"]


def test_blank_lines_empty_comma_lines_and_repeated_headers_are_skipped_and_counted():
    content = (b"Supplier,Amount\r\n\r\nAcme,1\r\n,,\r\nSupplier,Amount\r\nBeta,2\r\n , \r\n,,\r\n")
    header, rows = table(content)
    assert rows == [(3, ["Acme", "1"]), (6, ["Beta", "2"])]  # row numbers as a spreadsheet shows them
    assert header.skipped == {"blank": 4, "repeated_header": 1}


def test_trailing_and_non_breaking_spaces_are_trimmed():
    _, rows = table("Supplier ,Amount\nHall Plant Hire Limited\u00a0\u00a0\u00a0 ,  12.00 \n".encode())
    assert rows == [(2, ["Hall Plant Hire Limited", "12.00"])]


def test_title_rows_above_the_header_and_short_rows():
    header, rows = table(b"Spending over 500 pounds\nJune 2020\n\nSupplier,Amount,Date\nAcme,1\n")
    assert header.headers == ["Supplier", "Amount", "Date"]
    assert rows == [(5, ["Acme", "1", ""])]


def test_semicolons_as_separators():
    header, rows = table(b"Supplier;Amount\nAcme;1,50\n")
    assert header.headers == ["Supplier", "Amount"]
    assert rows[0][1] == ["Acme", "1,50"]


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_keeps_dates_and_numbers_typed():
    when = datetime.datetime(2019, 8, 13)  # noqa: DTZ001  (a spreadsheet's dates have no time zone)
    content = xlsx([["Supplier", "Amount", "Date"], ["Acme ", 12.5, when],
                    [None, None, None], ["Supplier", "Amount", "Date"], ["Beta", -3, 43690]])
    header, rows = table(content, name="spend.xlsx")
    assert header.headers == ["Supplier", "Amount", "Date"]
    assert rows == [(2, ["Acme", 12.5, when]), (5, ["Beta", -3, 43690])]
    assert count_lines(io.BytesIO(content)) == 5


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "a.csv", "empty"),
    (b"%PDF-1.4\x00\x00", "a.csv", "must be a CSV or an Excel spreadsheet"),
    (b"not a zip", "a.xlsx", "named as a spreadsheet"),
    (b"PK\x03\x04broken", "a.xlsx", "could not be opened"),
    (b"\n\n\n", "a.csv", "no rows"),
    (b"12,13\n" * 40, "a.csv", "No row of column headings"),
])
def test_files_that_cannot_be_read_say_why(content, name, message):
    with pytest.raises(UnreadableFile, match=message):
        table(content, name=name)


def test_the_callers_stream_stays_open():
    stream = io.BytesIO(b"Supplier,Amount\nAcme,1\n")
    header, rows = read_table(stream)
    next(rows)
    del rows
    assert not stream.closed
