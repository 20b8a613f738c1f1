"""Supplier names reduced to a form that spellings of one organisation share.

Plain Python, no Django: the import, supplier resolution and the benchmark all use it.
"""

import re
import unicodedata

# Legal forms and filler words that do not tell one organisation from another.
LEGAL_SUFFIXES = frozenset({
    "LTD", "LIMITED", "PLC", "LLP", "LP", "CIC", "CIO", "CO", "COMPANY", "INC", "INCORPORATED", "CORP",
    "CORPORATION", "GROUP", "HOLDINGS", "UK", "THE", "T/A", "TA",
})
_NON_WORD = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """``"Npower Limited"`` and ``"NPOWER LTD."`` both become ``"NPOWER"``.

    Accents are folded, ``&`` becomes ``AND``, punctuation goes, legal forms and filler
    words are dropped (unless nothing else is left), and spaces are collapsed.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").upper()
    text = text.replace("&", " AND ").replace("+", " AND ")
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    words = text.split(" ") if text else []
    kept = [word for word in words if word not in LEGAL_SUFFIXES]
    return " ".join(kept or words)


_COMPANY_NUMBER = re.compile(r"^(?:[A-Z]{2}\d{6}|\d{8})$")


def normalise_company_number(value: str) -> str:
    """Companies House numbers are eight characters: digits padded with leading zeros, or a
    two-letter prefix (SC, NI, OC...) and six digits. Anything else gives ``""``."""
    text = _SPACES.sub("", value or "").upper()
    if text.endswith(".0"):  # a number that went through a spreadsheet
        text = text[:-2]
    if text.isdigit() and 0 < len(text) <= 8:
        text = text.zfill(8)
    return text if _COMPANY_NUMBER.match(text) and text.strip("0") else ""
