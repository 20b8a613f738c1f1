"""The spend parsing core: every quirk of real published files, as plain unit tests (no database)."""

import datetime
from decimal import Decimal

import pytest

from lantern.supply_chain.spend import parsing
from lantern.supply_chain.spend.fields import SPEND_SPEC, line_key, read_row
from lantern.supply_chain.spend.parsing import CellError


@pytest.mark.parametrize(("cell", "expected"), [
    ("24/12/2010", datetime.date(2010, 12, 24)),  # day first, as British files write it
    ("03/06/2020", datetime.date(2020, 6, 3)),
    ("3/6/20", datetime.date(2020, 6, 3)),
    ("2019-08-13", datetime.date(2019, 8, 13)),
    ("2019-08-13 00:00:00", datetime.date(2019, 8, 13)),
    ("13-Aug-19", datetime.date(2019, 8, 13)),
    ("13 August 2019", datetime.date(2019, 8, 13)),
    ("13-Sept-2019", datetime.date(2019, 9, 13)),
    ("30.06.2020", datetime.date(2020, 6, 30)),
    ("43690", datetime.date(2019, 8, 13)),  # an Excel serial number written as text
    (43690, datetime.date(2019, 8, 13)),  # and as a spreadsheet's number
    (43690.5, datetime.date(2019, 8, 13)),
    (datetime.datetime(2019, 8, 13, 10, 30), datetime.date(2019, 8, 13)),  # noqa: DTZ001  (a spreadsheet's date and time)
    (datetime.date(2019, 8, 13), datetime.date(2019, 8, 13)),
    (" 2019-08-13 ", datetime.date(2019, 8, 13)),
])
def test_dates(cell, expected):
    assert parsing.parse_date(cell) == expected


@pytest.mark.parametrize(("cell", "reason"), [
    ("31/02/2024", "is not a real date"),
    ("", "is empty"),
    ("soon", "is not a date Lantern recognises"),
    ("13-Foo-19", "is not a date Lantern recognises"),
    ("01/01/1890", "is a date outside the years a spend file covers"),
    (12, "is a number, not a date"),
])
def test_dates_that_cannot_be_read_say_why_without_the_value(cell, reason):
    with pytest.raises(CellError) as error:
        parsing.parse_date(cell)
    assert reason in str(error.value)
    assert str(cell) not in str(error.value) or cell == ""


@pytest.mark.parametrize(("cell", "expected"), [
    ("695.6", Decimal("695.60")),
    ("5329.80", Decimal("5329.80")),
    ("-1466.53", Decimal("-1466.53")),  # Manchester's credits
    ("£1,234.50", Decimal("1234.50")),
    ("1 234.50", Decimal("1234.50")),
    ("1\u00a0234.50", Decimal("1234.50")),
    ("(250.00)", Decimal("-250.00")),  # brackets for a negative
    ("£(250.00)", Decimal("-250.00")),
    ("250.00-", Decimal("-250.00")),  # trailing minus
    ("250.00 CR", Decimal("-250.00")),  # a credit note
    ("-£250", Decimal("-250.00")),
    ("+12", Decimal("12.00")),
    ("600", Decimal("600.00")),
    (600, Decimal("600.00")),
    (5329.8, Decimal("5329.80")),
    ("0.005", Decimal("0.01")),
])
def test_amounts(cell, expected):
    assert parsing.parse_amount(cell) == expected


@pytest.mark.parametrize("cell", ["", "lots", "12.3.4", "£", "1e400", datetime.date(2020, 1, 1), "--5"])
def test_amounts_that_cannot_be_read(cell):
    with pytest.raises(CellError):
        parsing.parse_amount(cell)


@pytest.mark.parametrize("cell", [
    "REDACTED PERSONAL DATA", "Redacted Personal Information", "redacted", "[Redacted]", "Personal data withheld",
    "Private Individual", "Individual", "WITHHELD", "Personal Details Removed", "Name withheld under GDPR",
    "Data Protection",
])
def test_redaction_markers(cell):
    assert parsing.is_redacted(cell)


@pytest.mark.parametrize("cell", [
    "Individual Solutions Ltd", "Personal Touch Cleaning Ltd", "NPOWER LTD", "Data Protection Consultants Ltd",
    "", "Withheld Tax Advisers",
])
def test_suppliers_that_only_look_like_markers_are_not_redacted(cell):
    assert not parsing.is_redacted(cell)


@pytest.mark.parametrize(("cell", "expected"), [
    ("1234567", "01234567"), ("01234567", "01234567"), ("SC123456", "SC123456"), ("sc 123456", "SC123456"),
    (1234567.0, "01234567"), ("", ""),
])
def test_company_numbers(cell, expected):
    assert parsing.parse_company_number(cell) == expected


def test_a_company_number_of_the_wrong_shape_is_refused():
    with pytest.raises(CellError, match="not a Companies House number"):
        parsing.parse_company_number("ABC")


@pytest.mark.parametrize(("cell", "expected"), [
    ("291100", "291100"), ("29.11.00", "291100"), (291100.0, "291100"), ("", ""),
])
def test_proclass_codes(cell, expected):
    assert parsing.parse_proclass(cell) == expected


def test_charity_and_vat_numbers():
    assert parsing.parse_charity_number("1091234") == "1091234"
    assert parsing.parse_charity_number("SC012345") == "SC012345"
    assert parsing.parse_vat_number("GB 123 4567 89") == "GB123456789"
    assert parsing.parse_vat_number("123456789") == "GB123456789"
    with pytest.raises(CellError):
        parsing.parse_vat_number("12345")


HEADERS = ["Payment Date", "Amount", "Beneficiary Name", "Company Number", "Supplier Number"]
COLUMNS = {"payment_date": 0, "amount": 1, "supplier_name": 2, "company_number": 3, "supplier_id": 4}


def test_a_row_becomes_a_spend_row_with_its_payee_key():
    row, problems = read_row(2, ["05/06/2020", "£1,200.00", "Npower Limited\u00a0", "3493418", "88"], COLUMNS, HEADERS)
    assert problems == []
    assert row is not None
    assert (row.payment_date, row.amount, row.payee_name, row.company_number) == (
        datetime.date(2020, 6, 5), Decimal("1200.00"), "Npower Limited", "03493418")
    assert row.payee_key == "NPOWER|03493418"


def test_a_redacted_row_keeps_its_payment_but_never_the_name_or_number():
    row, problems = read_row(3, ["05/06/2020", "315.36", "REDACTED PERSONAL DATA", "", "REDACTED PERSONAL DATA"],
                             COLUMNS, HEADERS)
    assert problems == []
    assert row is not None and row.redacted
    assert (row.payee_name, row.supplier_id, row.payee_key) == ("", "", "")


def test_a_row_that_cannot_be_read_is_rejected_with_each_reason():
    row, problems = read_row(7, ["31/02/2020", "lots", "", "", ""], COLUMNS, HEADERS)
    assert row is None
    assert [(p.row, p.column, p.rejected) for p in problems] == [
        (7, "Payment Date", True), (7, "Amount", True), (7, "Beneficiary Name", True)]
    assert problems[2].reason == "Supplier name is empty"


def test_an_optional_value_that_cannot_be_read_is_left_out_and_reported():
    row, problems = read_row(4, ["05/06/2020", "10", "Acme Ltd", "not a number", ""], COLUMNS, HEADERS)
    assert row is not None and row.company_number == ""
    assert [(p.column, p.rejected) for p in problems] == [("Company Number", False)]
    assert "not a number" not in problems[0].reason


def test_the_same_payment_gets_the_same_line_key_in_any_file_and_a_repeat_in_one_file_another():
    row, _ = read_row(2, ["05/06/2020", "10", "Acme Ltd", "", "1"], COLUMNS, HEADERS)
    moved, _ = read_row(90, ["05/06/2020", "10.00", "ACME LIMITED", "", "1"], COLUMNS, HEADERS)
    assert row is not None and moved is not None
    assert line_key(row.identity("Leeds City Council"), 1) == line_key(moved.identity("leeds city council "), 1)
    assert line_key(row.identity("Leeds City Council"), 1) != line_key(row.identity("Leeds City Council"), 2)
    assert line_key(row.identity("Leeds City Council"), 1) != line_key(row.identity("Bradford"), 1)


def test_personal_fields_are_marked_so_reports_never_show_them():
    assert SPEND_SPEC.field("supplier_name").personal
    assert {f.name for f in SPEND_SPEC.fields if f.required} == {"payment_date", "amount", "supplier_name"}
