"""Raw cells of a published spend file turned into typed values.

Plain Python, no Django: the import, its tests and the benchmark use it, and it could run
on a worker or another engine as it is. Each ``parse_*`` takes a cell as read (text from a
CSV; text, a number or a date from a spreadsheet) and returns the value, or raises
``CellError`` with a reason that never quotes the cell (a payee's name may be a person's).
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from lantern.supply_chain.names import normalise_company_number, normalise_name


class CellError(ValueError):
    """The cell cannot be read as the field's value; the message says why, without the value."""


Cell = str | int | float | datetime.datetime | datetime.date

# Excel's day 0 (its serial numbers count days from here, 1900 leap-year bug included).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EARLIEST = datetime.date(1990, 1, 1)
_LATEST = datetime.date(2100, 1, 1)
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[- /]?([A-Za-z]{3,9})[- /,]*(\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 70 else year + 1900 if year < 100 else year  # noqa: PLR2004


def _checked(day: int, month: int, year: int) -> datetime.date:
    try:
        value = datetime.date(year, month, day)
    except ValueError as error:
        raise CellError("is not a real date") from error
    if not _EARLIEST <= value < _LATEST:
        raise CellError("is a date outside the years a spend file covers")
    return value


@lru_cache(maxsize=4096)  # a file has a few dozen distinct dates
def _date_from_text(text: str) -> datetime.date:
    if match := _ISO.match(text):
        return _checked(int(match[3]), int(match[2]), int(match[1]))
    if match := _DAY_FIRST.match(text):  # British files: 03/06/2020 is 3 June
        return _checked(int(match[1]), int(match[2]), _year(match[3]))
    if match := _NAMED_MONTH.match(text):
        month = _MONTHS.get(match[2].lower()[:4]) or _MONTHS.get(match[2].lower()[:3])
        if month is None:
            raise CellError("is not a date Lantern recognises")
        return _checked(int(match[1]), month, _year(match[3]))
    if _SERIAL.match(text):
        return parse_date(float(text))
    raise CellError("is not a date Lantern recognises (for example 24/12/2010, 2019-08-13 or 13-Aug-19)")


def parse_date(value: Cell) -> datetime.date:
    """``24/12/2010`` (day first), ``2019-08-13``, ``13-Aug-19``, ``13 August 2019``, an Excel serial
    number (``43690``) or a spreadsheet's date or date and time."""
    if isinstance(value, datetime.datetime):
        return _checked(value.day, value.month, value.year)
    if isinstance(value, datetime.date):
        return _checked(value.day, value.month, value.year)
    if isinstance(value, int | float):
        if not 20000 <= value < 80000:  # noqa: PLR2004  (1954 to 2119)
            raise CellError("is a number, not a date")
        day = _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        return _checked(day.day, day.month, day.year)
    text = value.strip()
    if not text:
        raise CellError("is empty")
    return _date_from_text(text)


_AMOUNT_JUNK = str.maketrans("", "", "£$€, \u00a0'")
_PLAIN_AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$")
_CENT = Decimal("0.01")
_LIMIT = Decimal("1e12")


# Pounds and pence as most files write them (``1234.50``, ``-12.00``): read as they are, already to the penny.
_PENCE = re.compile(r"-?\d{1,12}\.\d\d")


def parse_amount(value: Cell) -> Decimal:
    """Pounds, to the penny: ``£1,234.50``, ``1 234.50``, ``(250.00)`` and ``250.00-`` and ``-250``
    (credits, negative), ``250.00 CR``; a spreadsheet's number as it is."""
    if isinstance(value, str) and _PENCE.fullmatch(value):  # the usual case, quickly
        return Decimal(value)
    if isinstance(value, bool) or isinstance(value, datetime.date):
        raise CellError("is not an amount of money")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = value.strip()
        if not text:
            raise CellError("is empty")
        amount = _amount_from_text(text)
    if amount.is_nan() or abs(amount) >= _LIMIT:
        raise CellError("is not an amount of money")
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def _amount_from_text(text: str) -> Decimal:
    if _PLAIN_AMOUNT.match(text):  # the usual case, quickly
        return Decimal(text)
    negative = False
    upper = text.upper()
    if upper.endswith(("CR", "CR.")):
        negative, text = True, text[: upper.rindex("CR")]
    text = text.translate(_AMOUNT_JUNK)
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("-"):
        negative, text = True, text[:-1]
    if text.startswith("-"):
        negative, text = not negative, text[1:]
    elif text.startswith("+"):
        text = text[1:]
    text = text.lstrip("£$€")
    if not text or not re.fullmatch(r"\d*(?:\.\d+)?", text):
        raise CellError("is not an amount of money")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise CellError("is not an amount of money") from error
    return -amount if negative else amount


# What councils write instead of the name of a person they paid.
_REDACTED = re.compile(
    r"redact|personal (?:data|information|details)|^(?:private |an? )?individuals?$|^(?:name )?withheld$"
    r"|withheld under|^data protection(?: act)?$|^gdpr$|^removed$|^not disclosed$",
    re.IGNORECASE,
)


def is_redacted(value: Cell) -> bool:
    """Whether a payee cell marks a payment to a person, withheld from the published file:
    "REDACTED PERSONAL DATA", "Redacted Personal Information", "Personal data withheld",
    "Private individual", "[Redacted]" and the like."""
    return isinstance(value, str) and bool(value) and _REDACTED.search(value) is not None


def parse_company_number(value: Cell) -> str:
    """A Companies House number, eight characters (``"1234567"`` is ``"01234567"``); ``""`` for an
    empty cell; ``CellError`` for a value that cannot be one."""
    text = _text(value)
    if not text:
        return ""
    number = normalise_company_number(text)
    if not number:
        raise CellError("is not a Companies House number")
    return number


_CHARITY = re.compile(r"^(?:SC\d{6}|\d{6,8}(?:-\d{1,2})?)$")


def parse_charity_number(value: Cell) -> str:
    """A Charity Commission (six to eight digits, maybe a ``-1`` suffix) or Scottish (``SC012345``) number."""
    text = _text(value).replace(" ", "").upper()
    if not text:
        return ""
    if not _CHARITY.match(text):
        raise CellError("is not a charity number")
    return text


_VAT = re.compile(r"^(?:GB)?(\d{9}(?:\d{3})?|GD\d{3}|HA\d{3})$")


def parse_vat_number(value: Cell) -> str:
    """A UK VAT registration number, written as ``GB`` and nine (or twelve) digits."""
    text = _text(value).replace(" ", "").replace("-", "").upper()
    if not text:
        return ""
    match = _VAT.match(text)
    if not match:
        raise CellError("is not a VAT registration number")
    return "GB" + match[1]


_PROCLASS = re.compile(r"^\d{6}$")


def parse_proclass(value: Cell) -> str:
    """A ProClass code, six digits (``291100``; ``29.11.00`` and ``291100.0`` read the same)."""
    text = _text(value)
    if not text:
        return ""
    code = text.replace(".", "").replace(" ", "") if not text.endswith(".0") else text[:-2]
    if not _PROCLASS.match(code):
        raise CellError("is not a ProClass code (six digits)")
    return code


def _text(value: Cell) -> str:
    """A cell as text: a whole number from a spreadsheet without its ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        raise CellError("is a date")
    return str(value).strip()


def text_value(value: Cell, *, limit: int) -> str:
    """A text field's value, its spaces collapsed and cut to ``limit`` characters."""
    return " ".join(_text(value).split())[:limit]


@lru_cache(maxsize=65536)
def payee_name_key(name: str) -> str:
    """The normalised name a payee is grouped by (cached: a file names each supplier many times)."""
    return normalise_name(name)


# Recognisers, for proposing which column holds which field (lantern.core.imports.mapping).


def looks_like_date(value: Cell) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return False  # a bare number is more likely an amount or a code than a serial date
    try:
        parse_date(value)
    except CellError:
        return False
    return True


def looks_like_amount(value: Cell) -> bool:
    if isinstance(value, str) and not re.search(r"\d", value):
        return False
    try:
        parse_amount(value)
    except CellError:
        return False
    return True


def looks_like_name(value: Cell) -> bool:
    """Text with letters, not a date: a payee, a service, a category."""
    return isinstance(value, str) and sum(ch.isalpha() for ch in value) >= 2 and not looks_like_date(value)


def looks_like_company_number(value: Cell) -> bool:
    text = value if isinstance(value, str) else str(int(value)) if isinstance(value, float) and value.is_integer() \
        else str(value)
    return bool(normalise_company_number(text)) and (len(text.strip()) >= 6)


def looks_like_proclass(value: Cell) -> bool:
    try:
        return bool(parse_proclass(value))
    except CellError:
        return False


def looks_like_vat_number(value: Cell) -> bool:
    try:
        return bool(parse_vat_number(value))
    except CellError:
        return False


def looks_like_charity_number(value: Cell) -> bool:
    try:
        return bool(parse_charity_number(value))
    except CellError:
        return False
