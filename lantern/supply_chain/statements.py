"""Reading the Modern Slavery Statement Registry's yearly CSV: plain Python, no Django.

``parse_registry(rows)`` takes the file's rows as dicts (header → text, as ``read_csv`` or a
file-import pipeline hands them over; an empty dict for a blank line keeps the numbering) and returns typed
``StatementRecord``s and a ``RowProblem`` for each row it could not use, with the reason.
``read_csv(data)`` turns the file's bytes into those rows (UTF-8 with or without a BOM, or
Windows-1252).

Headers are recognised by meaning, not by exact spelling: the registry has renamed its
columns between years ("StatementYear", "Statement year", "Year"), so each field lists
the names it is known by, compared without case, spaces or punctuation.
"""

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lantern.supply_chain.names import normalise_company_number, normalise_name

AREAS = ("structure", "policies", "due_diligence", "risk_assessment", "kpis", "training")

# field → the header names it is known by (compared by _key).
HEADERS: dict[str, tuple[str, ...]] = {
    "statement_year": ("StatementYear", "Statement year", "Year", "Registry year", "ReportingYear"),
    "organisation_name": ("OrganisationName", "Organisation name", "Organisation", "Company name", "Name"),
    "company_number": ("CompanyNumber", "Company number", "Companies House number", "CompanyRegistrationNumber"),
    "sector": ("SectorDescription", "Sector", "Sectors", "Sector description"),
    "turnover_band": ("Turnover", "TurnoverBand", "Turnover band", "Annual turnover"),
    "statement_url": ("StatementURL", "Statement URL", "URL", "Link to statement"),
    "period_start": ("StatementStartDate", "StartDate", "Statement start date", "Period start", "PeriodStart"),
    "period_end": ("StatementEndDate", "EndDate", "Statement end date", "Period end", "PeriodEnd"),
    "approved_by": ("ApprovingPerson", "Approving person", "Approver", "ApprovedBy", "Statement approved by"),
    "approved_on": ("DateApproved", "Date approved", "ApprovalDate", "Approved on"),
    "structure": ("IncludesStructure", "OrganisationStructure", "Structure", "Organisation structure",
                  "Organisation's structure, business and supply chains", "Covers structure"),
    "policies": ("IncludesPolicies", "Policies", "Covers policies"),
    "due_diligence": ("IncludesDueDiligence", "DueDiligence", "Due diligence", "Covers due diligence"),
    "risk_assessment": ("IncludesRiskAssessment", "RiskAssessment", "Risk assessment", "Risks",
                        "Covers risk assessment"),
    "kpis": ("IncludesGoals", "IncludesKPIs", "Goals", "KPIs", "Goals and KPIs", "Effectiveness", "Covers KPIs"),
    "training": ("IncludesTraining", "Training", "Training about modern slavery", "Covers training"),
}
# Further summary columns kept as they come (policies, training, audits, grievance, risks, ILO indicators...).
DETAIL_HEADERS: dict[str, tuple[str, ...]] = {
    "policies_detail": ("StatementPolicies", "PolicyTypes", "Policies details", "Other policies"),
    "training_detail": ("StatementTraining", "TrainingTypes", "Training details", "Other training"),
    "social_audits": ("SocialAudits", "Social audits", "IncludesSocialAudits"),
    "grievance_mechanisms": ("GrievanceMechanisms", "Grievance mechanisms"),
    "risk_1": ("Risk1", "Risk 1", "Risk1Description"),
    "risk_1_area": ("Risk1Area", "Risk 1 area"),
    "risk_1_tier": ("Risk1SupplyChainTier", "Risk1Tier", "Risk 1 tier"),
    "risk_1_location": ("Risk1Location", "Risk 1 location"),
    "risk_1_mitigation": ("Risk1Mitigation", "Risk 1 mitigation"),
    "risk_2": ("Risk2", "Risk 2", "Risk2Description"),
    "risk_2_area": ("Risk2Area", "Risk 2 area"),
    "risk_2_tier": ("Risk2SupplyChainTier", "Risk2Tier", "Risk 2 tier"),
    "risk_2_location": ("Risk2Location", "Risk 2 location"),
    "risk_2_mitigation": ("Risk2Mitigation", "Risk 2 mitigation"),
    "risk_3": ("Risk3", "Risk 3", "Risk3Description"),
    "risk_3_area": ("Risk3Area", "Risk 3 area"),
    "risk_3_tier": ("Risk3SupplyChainTier", "Risk3Tier", "Risk 3 tier"),
    "risk_3_location": ("Risk3Location", "Risk 3 location"),
    "risk_3_mitigation": ("Risk3Mitigation", "Risk 3 mitigation"),
    "ilo_indicators": ("ILOIndicators", "ILO indicators", "ForcedLabourIndicators"),
    "demonstrating_progress": ("DemonstratingProgress", "Demonstrating progress", "Progress"),
    "group_submission": ("GroupSubmission", "Group submission"),
    "parent_name": ("ParentName", "Parent name", "Parent organisation"),
}
REQUIRED = ("statement_year", "organisation_name")

TRUE_WORDS = frozenset({"yes", "y", "true", "1", "covered", "included"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "not covered", "not included", ""})
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M:%S",
                "%d/%m/%Y %H:%M")


class RegistryFileError(ValueError):
    """The file cannot be read as the registry's CSV at all (not a row's problem)."""


@dataclass(frozen=True)
class StatementRecord:
    row_number: int
    statement_year: int
    organisation_name: str
    normalised_name: str
    company_number: str = ""
    sector: str = ""
    turnover_band: str = ""
    statement_url: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    approved_by: str = ""
    approved_on: datetime.date | None = None
    areas: frozenset[str] = frozenset()
    details: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What makes two rows the same statement: year, normalised name and company number."""
        text = f"{self.statement_year}|{self.normalised_name}|{self.company_number}"
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class RowProblem:
    row_number: int  # 1 is the first data row
    message: str


@dataclass
class ParseResult:
    records: list[StatementRecord]
    problems: list[RowProblem]
    columns: dict[str, str]  # field → the header it was read from


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def recognise_columns(headers: Iterable[str]) -> dict[str, str]:
    """Field → the file's header for it, for every field whose header is found."""
    by_key = {_key(h): h for h in headers if h}
    found: dict[str, str] = {}
    for name, known in {**HEADERS, **DETAIL_HEADERS}.items():
        for candidate in known:
            header = by_key.get(_key(candidate))
            if header is not None and header not in found.values():
                found[name] = header
                break
    return found


def _flag(value: str) -> bool | None:
    text = value.strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def _date(value: str) -> datetime.date | None:
    text = value.strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def _year(value: str) -> int:
    text = value.strip()
    match = re.fullmatch(r"(\d{4})(?:\s*[-/]\s*\d{2,4})?", text)  # "2023" or "2023-24"
    if not match or not 2015 <= int(match.group(1)) <= 2100:
        raise ValueError(f"the statement year {text!r} is not a year from 2015")
    return int(match.group(1))


def _url(value: str) -> str:
    text = value.strip()
    if not text:
        return ""
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text if re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text, re.IGNORECASE) else ""
    return text[:1000]


def parse_registry(rows: Iterable[Mapping[str, Any]], headers: Iterable[str] | None = None) -> ParseResult:
    """Typed statements from the registry's rows, and the rows that could not be used and why.

    Raises ``RegistryFileError`` when the columns every statement needs are not there.
    """
    iterator: Iterator[Mapping[str, Any]] = iter(rows)
    first: Mapping[str, Any] | None = None
    if headers is None:
        first = next(iterator, None)
        headers = list(first.keys()) if first is not None else []
    columns = recognise_columns(headers)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise RegistryFileError(
            "This does not look like the statement registry's CSV: no column for "
            + " or ".join(name.replace("_", " ") for name in missing) + "."
        )
    records: list[StatementRecord] = []
    problems: list[RowProblem] = []
    all_rows = ([first] if first is not None else []) + list(iterator)
    for number, row in enumerate(all_rows, 1):
        def cell(name: str, row: Mapping[str, Any] = row) -> str:
            header = columns.get(name)
            value = row.get(header) if header else None
            return str(value).strip() if value is not None else ""

        if not any(str(v or "").strip() for v in row.values()):
            continue  # a blank line
        name = " ".join(cell("organisation_name").split())
        if not name:
            problems.append(RowProblem(number, "No organisation name."))
            continue
        try:
            year = _year(cell("statement_year"))
            period_start, period_end = _date(cell("period_start")), _date(cell("period_end"))
            approved_on = _date(cell("approved_on"))
        except ValueError as error:
            problems.append(RowProblem(number, f"{name}: {error}."))
            continue
        if period_start and period_end and period_end < period_start:
            problems.append(RowProblem(number, f"{name}: the statement period ends before it starts."))
            continue
        areas = set()
        unreadable = []
        for area in AREAS:
            if area not in columns:
                continue
            flag = _flag(cell(area))
            if flag is None:
                unreadable.append(area.replace("_", " "))
            elif flag:
                areas.add(area)
        if unreadable:
            problems.append(RowProblem(number, f"{name}: cannot tell whether it covers {', '.join(unreadable)} "
                                               "(expected Yes or No)."))
            continue
        raw_number = cell("company_number")
        company_number = normalise_company_number(raw_number)
        details = {key: cell(key) for key in DETAIL_HEADERS if cell(key)}
        if raw_number and not company_number:
            details["company_number_as_given"] = raw_number
        records.append(StatementRecord(
            row_number=number, statement_year=year, organisation_name=name[:300],
            normalised_name=normalise_name(name)[:300], company_number=company_number,
            sector=cell("sector")[:500], turnover_band=cell("turnover_band")[:100], statement_url=_url(cell("statement_url")),
            period_start=period_start, period_end=period_end, approved_by=cell("approved_by")[:300],
            approved_on=approved_on, areas=frozenset(areas), details=details,
        ))
    return ParseResult(records=records, problems=problems, columns=columns)


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV file's bytes (UTF-8, with or without BOM, or Windows-1252)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise RegistryFileError("This is not a CSV file (it contains binary data).")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        headers = [h.strip() for h in header]
        # Blank lines stay as empty rows, so that row numbers are those of the file (1: the first data row).
        rows = [dict(zip(headers, values, strict=False)) if values else {} for values in reader]
    except csv.Error as error:
        raise RegistryFileError(f"The CSV cannot be read: {error}.") from error
    return [h for h in headers if h], rows
