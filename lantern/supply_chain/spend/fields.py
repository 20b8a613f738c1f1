"""The fields of a spend file, recognised by meaning, and one row read into a spend line.

Plain Python, no Django. ``SPEND_SPEC`` tells the import pipeline (lantern.core.imports)
the header wordings and value shapes of each field, so files laid out in ways not seen
before are still mapped (or the person importing is asked). ``read_row`` turns a row's
cells into a ``SpendRow`` or the reasons it cannot be imported.
"""

import datetime
import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from lantern.core.imports.mapping import ImportSpec, TargetField
from lantern.core.imports.report import RowProblem
from lantern.supply_chain.spend import parsing
from lantern.supply_chain.spend.parsing import Cell, CellError

SPEND_SPEC = ImportSpec(name="supply_chain.spend", fields=(
    TargetField("body", "Body", (
        "body", "body name", "organisation", "organisation name", "organisation label", "council", "authority",
        "local authority", "authority name", "council name", "publisher"),
        recogniser=parsing.looks_like_name, hint="The council or body that made the payment."),
    TargetField("service", "Service or department", (
        "service", "service area", "service label", "service name", "department", "department name",
        "directorate", "division", "organisational unit", "cost centre", "cost centre name", "cost centre description",
        "service division", "portfolio", "business unit", "responsible unit", "service area categorisation"),
        recogniser=parsing.looks_like_name),
    TargetField("expense_type", "Expense type or category", (
        "expense type", "expense area", "expenditure category", "expenditure type", "expenditure description",
        "category", "purpose", "purpose of expenditure", "expense description", "subjective", "subjective description",
        "account description", "expense category", "spend category", "category of expenditure", "description",
        "type of expenditure", "expenses type", "expense"),
        recogniser=parsing.looks_like_name),
    TargetField("proclass_code", "ProClass code", (
        "proclass", "proclass code", "procurement classification", "procurement classification code",
        "proclass level 3 code", "proclass number"),
        recogniser=parsing.looks_like_proclass, hint="Six digits, e.g. 291100."),
    TargetField("payment_date", "Payment date", (
        "payment date", "date", "date paid", "paid date", "transaction date", "date of payment", "payment made",
        "posting date", "invoice payment date", "date of transaction"),
        recogniser=parsing.looks_like_date, required=True),
    TargetField("transaction_number", "Transaction number", (
        "transaction number", "transaction id", "transaction reference", "transaction", "payment reference",
        "payment number", "payment id", "invoice number", "document number", "voucher number", "reference",
        "reference number", "journal number", "unique transaction id")),
    TargetField("amount", "Amount", (
        "amount", "net amount", "amount paid", "amount in sterling", "payment amount", "value", "net value",
        "total", "total amount", "gross amount", "amount excluding vat", "amount excl vat", "net", "spend",
        "expenditure", "sum", "invoice amount", "amount gbp", "line amount"),
        recogniser=parsing.looks_like_amount, required=True, hint="Pounds; a credit is negative."),
    TargetField("supplier_name", "Supplier name", (
        "supplier name", "supplier", "beneficiary name", "beneficiary", "payee", "payee name", "vendor",
        "vendor name", "creditor", "creditor name", "merchant name", "merchant", "recipient", "recipient name",
        "supplier payee name", "supplier payee", "company name", "paid to", "trader"),
        recogniser=parsing.looks_like_name, required=True, personal=True,
        hint="Payments to people are withheld as redacted: Lantern keeps them as redacted and never stores the name."),
    TargetField("supplier_id", "Supplier id", (
        "supplier number", "supplier id", "supplier code", "supplier reference", "vendor number", "vendor id",
        "vendor code", "creditor number", "creditor id", "creditor code", "beneficiary id", "beneficiary number",
        "payee id", "payee number", "supplier account number", "supplier account"),
        personal=True, hint="The council's own number for the supplier."),
    TargetField("company_number", "Company number", (
        "company number", "company registration number", "companies house number", "company registration",
        "registered company number", "crn", "company reg number", "supplier company number"),
        recogniser=parsing.looks_like_company_number),
    TargetField("charity_number", "Charity number", (
        "charity number", "registered charity number", "charity registration number", "charity registration",
        "charity id", "supplier charity number"),
        recogniser=parsing.looks_like_charity_number),
    TargetField("vat_number", "VAT number", (
        "vat number", "vat registration number", "vat registration", "vat id", "supplier vat number"),
        recogniser=parsing.looks_like_vat_number),
))

# Field lengths as the spend models hold them.
LIMITS = {"body": 200, "service": 200, "expense_type": 200, "transaction_number": 60, "supplier_id": 60,
          "supplier_name": 300}
REDACTED_KEY = "REDACTED"


class SpendRow(NamedTuple):
    """One row read: what a spend line, and its payee's name, are made of (a tuple: a file has millions)."""

    number: int
    payment_date: datetime.date
    amount: Decimal
    redacted: bool
    body: str = ""
    service: str = ""
    expense_type: str = ""
    proclass_code: str = ""
    transaction_number: str = ""
    supplier_id: str = ""
    payee_name: str = ""  # empty when redacted
    normalised_name: str = ""
    company_number: str = ""
    charity_number: str = ""
    vat_number: str = ""

    @property
    def payee_key(self) -> str:
        """The key two lines naming the same payee share: normalised name, and company number if known."""
        if self.redacted:
            return ""
        return f"{self.normalised_name}|{self.company_number}"[:340]

    def identity(self, publisher: str) -> str:
        """The values that make a payment the same payment whichever file it comes in."""
        return payment_identity(publisher_key(publisher), self)


def publisher_key(publisher: str) -> str:
    return publisher.casefold().strip()


def payment_identity(publisher: str, row: SpendRow, payee_key: str | None = None) -> str:
    """``SpendRow.identity`` for a publisher already reduced by ``publisher_key`` (a file's rows share it);
    ``payee_key`` is the row's ``payee_key`` where the caller has it already."""
    (_, payment_date, amount, redacted, body, service, expense_type, proclass_code, transaction_number, supplier_id,
     _, normalised_name, company_number, _, _) = row
    if redacted:
        payee = REDACTED_KEY
    else:
        payee = payee_key if payee_key is not None else f"{normalised_name}|{company_number}"[:340]
    return (f"{publisher}\x1f{payment_date}\x1f{amount}\x1f{transaction_number}\x1f{payee}\x1f{supplier_id}"
            f"\x1f{body}\x1f{service}\x1f{expense_type}\x1f{proclass_code}")


def line_key(identity: str, occurrence: int) -> str:
    """The first 128 bits (32 hexadecimal digits, a UUID's) of the SHA-256 of a payment's identity and
    which occurrence of it in its file this is (two identical rows in one file are two payments; the
    same rows in another file are the same two). Half the 64 digits of the whole hash: the key's
    unique index is a third of the size, and a collision among even a billion payments is still
    far less likely than a disk error."""
    return hashlib.sha256(f"{identity}\x1f{occurrence}".encode()).hexdigest()[:32]


RowResult = tuple[SpendRow | None, list[RowProblem]]
_OPTIONAL = (("proclass_code", parsing.parse_proclass), ("company_number", parsing.parse_company_number),
             ("charity_number", parsing.parse_charity_number), ("vat_number", parsing.parse_vat_number))
_TEXT = ("body", "service", "expense_type", "transaction_number", "supplier_id")


def row_reader(columns: dict[str, int], headers: list[str]) -> Callable[[int, list[Cell]], RowResult]:
    """A reader of rows laid out as ``columns`` says (``{field: column index}``): each call gives the
    row's ``SpendRow`` (None if it is rejected) and the problems found in it.

    A row is rejected when its date, amount or payee cannot be read; an optional value that
    cannot be read (a company number of the wrong shape) is left out and reported, and the
    row is imported. Values repeat down a file (dates, payees, services), so each reader
    remembers what it has already read.
    """
    date_at, amount_at = columns["payment_date"], columns["amount"]
    name_at, id_at = columns["supplier_name"], columns.get("supplier_id")
    optional = [(slot, columns[name], parse, SPEND_SPEC.field(name).label, headers[columns[name]])
                for slot, (name, parse) in enumerate(_OPTIONAL) if name in columns]
    texts = [(columns.get(name), LIMITS[name]) for name in _TEXT]
    dates: dict[Cell, datetime.date] = {}
    payees: dict[tuple[Cell, Cell], tuple[bool, str, str]] = {}
    optional_values: list[dict[Cell, str]] = [{} for _ in _OPTIONAL]
    date_header, amount_header, name_header = headers[date_at], headers[amount_at], headers[name_at]

    def text(cell: Cell, limit: int) -> str:
        if isinstance(cell, str):
            return (cell if "  " not in cell else " ".join(cell.split()))[:limit]
        return parsing.text_value(cell, limit=limit)

    def payee(key: tuple[Cell, Cell]) -> tuple[bool, str, str]:
        name_cell, id_cell = key
        redacted = parsing.is_redacted(name_cell) or parsing.is_redacted(id_cell)
        name = "" if redacted else parsing.text_value(name_cell, limit=LIMITS["supplier_name"])
        known = payees[key] = (redacted, name, parsing.payee_name_key(name) if name else "")
        return known

    (body_at, body_limit), (service_at, service_limit), (expense_at, expense_limit), \
        (transaction_at, transaction_limit), (supplier_at, supplier_limit) = texts
    parse_amount, parse_date = parsing.parse_amount, parsing.parse_date

    def read(number: int, cells: list[Cell]) -> RowResult:
        problems: list[RowProblem] = []
        date_cell = cells[date_at]
        payment_date = dates.get(date_cell)
        if payment_date is None:
            try:
                payment_date = dates[date_cell] = parse_date(date_cell)
            except CellError as error:
                problems.append(RowProblem(number, date_header, f"Payment date {error}", True))
        try:
            amount = parse_amount(cells[amount_at])
        except CellError as error:
            problems.append(RowProblem(number, amount_header, f"Amount {error}", True))
        key = (cells[name_at], cells[id_at] if id_at is not None else "")
        redacted, name, normalised = payees.get(key) or payee(key)
        if not redacted and not normalised:
            problems.append(RowProblem(number, name_header, "Supplier name has no letters or digits" if name
                                       else "Supplier name is empty", True))
        if problems:
            return None, problems
        values = ["", "", "", ""]  # proclass_code, company_number, charity_number, vat_number
        for slot, index, parse, label, header in optional:
            if redacted and slot:  # a person's company, charity or VAT number is not kept
                continue
            cell = cells[index]
            if cell == "":
                continue
            known = optional_values[slot]
            try:
                value = known.get(cell)
                if value is None:
                    value = known[cell] = parse(cell)
                values[slot] = value
            except CellError as error:
                problems.append(RowProblem(number, header, f"{label} {error}: imported without it", False))
        body = cells[body_at] if body_at is not None else ""
        service = cells[service_at] if service_at is not None else ""
        expense = cells[expense_at] if expense_at is not None else ""
        # Text as most files have it (no doubled spaces, within the field's length) as it is; the rest tidied.
        # The date and amount were both read, or the row was rejected above.
        return SpendRow(
            number, payment_date, amount, redacted,  # type: ignore[arg-type]
            body if isinstance(body, str) and "  " not in body and len(body) <= body_limit
            else text(body, body_limit),
            service if isinstance(service, str) and "  " not in service and len(service) <= service_limit
            else text(service, service_limit),
            expense if isinstance(expense, str) and "  " not in expense and len(expense) <= expense_limit
            else text(expense, expense_limit),
            values[0],
            text(cells[transaction_at], transaction_limit) if transaction_at is not None else "",
            "" if redacted or supplier_at is None else text(cells[supplier_at], supplier_limit),
            name, normalised, values[1], values[2], values[3],
        ), problems

    return read


def read_row(number: int, cells: list[Cell], columns: dict[str, int], headers: list[str]) -> RowResult:
    """One row read on its own (``row_reader`` reads a file's rows)."""
    return row_reader(columns, headers)(number, cells)
