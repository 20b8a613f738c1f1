"""The fields of the Modern Slavery Statement Registry's yearly CSV, and one row read into a statement.

Plain Python, no Django. ``STATEMENT_SPEC`` tells the import pipeline (lantern.core.imports,
ADR 19) the header wordings and value shapes of each field: the registry has renamed its
columns between years ("StatementYear", "Statement year", "Year"), so each field lists the
wordings it is known by and the pipeline proposes the mapping (and asks when unsure).
``row_reader`` turns a row's cells into a ``StatementRecord`` or the reasons it cannot be
imported; like every import's report, a reason names the column, never the cell's value.
"""

import datetime
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lantern.core.imports.mapping import ImportSpec, TargetField
from lantern.core.imports.report import RowProblem
from lantern.supply_chain.names import normalise_name
from lantern.supply_chain.spend import parsing
from lantern.supply_chain.spend.parsing import Cell, CellError

# The six areas the statutory guidance recommends a statement covers, in the model's order.
AREAS = ("structure", "policies", "due_diligence", "risk_assessment", "kpis", "training")

TRUE_WORDS = frozenset({"yes", "y", "true", "1", "covered", "included"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "not covered", "not included", ""})
_YEAR = re.compile(r"(\d{4})(?:\s*[-/]\s*\d{2,4})?")  # "2023" or "2023-24"
_URL = re.compile(r"^https?://", re.IGNORECASE)
_BARE_URL = re.compile(r"^[\w.-]+\.[a-z]{2,}(/|$)", re.IGNORECASE)


def _flag(value: Cell) -> bool | None:
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = text.strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def looks_like_flag(value: Cell) -> bool:
    return _flag(value) is not None


def parse_year(value: Cell) -> int:
    text = str(int(value)) if isinstance(value, int | float) and float(value).is_integer() else str(value).strip()
    match = _YEAR.fullmatch(text)
    if not match or not 2015 <= int(match.group(1)) <= 2100:  # noqa: PLR2004  (the Act's first statements)
        raise CellError("is not a year from 2015 (for example 2023 or 2023-24)")
    return int(match.group(1))


def looks_like_year(value: Cell) -> bool:
    try:
        parse_year(value)
    except CellError:
        return False
    return True


def _url(value: Cell) -> str:
    text = _text(value, 1000)
    if text and not _URL.match(text):
        text = "https://" + text if _BARE_URL.match(text) else ""
    return text[:1000]


def _area(name: str, label: str, *wordings: str) -> TargetField:
    return TargetField(name, label, wordings, recogniser=looks_like_flag, hint="Yes or No.")


def _detail(name: str, label: str, *wordings: str) -> TargetField:
    return TargetField(name, label, wordings)


def _risk(number: int) -> tuple[TargetField, ...]:
    n = str(number)
    return (
        _detail(f"risk_{n}", f"Risk {n}", f"risk{n}", f"risk {n}", f"risk{n}description", f"risk {n} description"),
        _detail(f"risk_{n}_area", f"Risk {n}: area", f"risk{n}area", f"risk {n} area"),
        _detail(f"risk_{n}_tier", f"Risk {n}: supply chain tier", f"risk{n}supplychaintier", f"risk{n}tier",
                f"risk {n} tier", f"risk {n} supply chain tier"),
        _detail(f"risk_{n}_location", f"Risk {n}: location", f"risk{n}location", f"risk {n} location"),
        _detail(f"risk_{n}_mitigation", f"Risk {n}: mitigation", f"risk{n}mitigation", f"risk {n} mitigation"),
    )


# Synonyms are written as ``header_words`` reads a heading: lower case, no punctuation, so the
# registry's run-together headings ("StatementYear") are listed as one word.
STATEMENT_SPEC = ImportSpec(name="supply_chain.statements", fields=(
    TargetField("statement_year", "Statement year", (
        "statementyear", "statement year", "year", "registry year", "reportingyear", "reporting year"),
        recogniser=looks_like_year, required=True, hint="The registry year, e.g. 2023 or 2023-24."),
    TargetField("organisation_name", "Organisation name", (
        "organisationname", "organisation name", "organisation", "company name", "companyname", "name"),
        recogniser=parsing.looks_like_name, required=True),
    TargetField("company_number", "Company number", (
        "companynumber", "company number", "companies house number", "companyregistrationnumber",
        "company registration number"),
        recogniser=parsing.looks_like_company_number, hint="A Companies House number: statements are matched "
        "to suppliers by it first, then by name."),
    TargetField("sector", "Sector", ("sectordescription", "sector description", "sector", "sectors")),
    TargetField("turnover_band", "Turnover band", (
        "turnover", "turnoverband", "turnover band", "annual turnover")),
    TargetField("statement_url", "Statement address (URL)", (
        "statementurl", "statement url", "url", "link to statement")),
    TargetField("period_start", "Period start", (
        "statementstartdate", "startdate", "statement start date", "start date", "period start", "periodstart"),
        recogniser=parsing.looks_like_date),
    TargetField("period_end", "Period end", (
        "statementenddate", "enddate", "statement end date", "end date", "period end", "periodend"),
        recogniser=parsing.looks_like_date),
    TargetField("approved_by", "Approved by", (
        "approvingperson", "approving person", "approver", "approvedby", "approved by", "statement approved by"),
        personal=True, hint="The director who approved it."),
    TargetField("approved_on", "Date approved", (
        "dateapproved", "date approved", "approvaldate", "approval date", "approved on"),
        recogniser=parsing.looks_like_date),
    _area("structure", "Covers organisation structure and supply chains",
          "includesstructure", "organisationstructure", "structure", "organisation structure", "covers structure"),
    _area("policies", "Covers policies", "includespolicies", "policies", "covers policies"),
    _area("due_diligence", "Covers due diligence",
          "includesduediligence", "duediligence", "due diligence", "covers due diligence"),
    _area("risk_assessment", "Covers risk assessment",
          "includesriskassessment", "riskassessment", "risk assessment", "risks", "covers risk assessment"),
    _area("kpis", "Covers effectiveness measured by KPIs",
          "includesgoals", "includeskpis", "goals", "kpis", "goals and kpis", "effectiveness", "covers kpis"),
    _area("training", "Covers training", "includestraining", "training", "training about modern slavery",
          "covers training"),
    _detail("policies_detail", "Policies (details)", "statementpolicies", "policytypes", "policy types",
            "policies details", "other policies"),
    _detail("training_detail", "Training (details)", "statementtraining", "trainingtypes", "training types",
            "training details", "other training"),
    _detail("social_audits", "Social audits", "socialaudits", "social audits", "includessocialaudits"),
    _detail("grievance_mechanisms", "Grievance mechanisms", "grievancemechanisms", "grievance mechanisms"),
    *_risk(1), *_risk(2), *_risk(3),
    _detail("ilo_indicators", "ILO indicators", "iloindicators", "ilo indicators", "forcedlabourindicators",
            "forced labour indicators"),
    _detail("demonstrating_progress", "Demonstrating progress", "demonstratingprogress", "demonstrating progress",
            "progress"),
    _detail("group_submission", "Group submission", "groupsubmission", "group submission"),
    _detail("parent_name", "Parent organisation", "parentname", "parent name", "parent organisation"),
))

_TEXT_LIMITS = {"sector": 500, "turnover_band": 100, "approved_by": 300}
_DATES = ("period_start", "period_end", "approved_on")
_MAIN = frozenset({"statement_year", "organisation_name", "company_number", "statement_url", *_TEXT_LIMITS, *_DATES,
                   *AREAS})
DETAILS = tuple(target.name for target in STATEMENT_SPEC.fields if target.name not in _MAIN)  # kept as they come


def _text(value: Cell, limit: int) -> str:
    try:
        return parsing.text_value(value, limit=limit)
    except CellError:  # a spreadsheet's date where text was expected
        return ""


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


RowResult = tuple[StatementRecord | None, list[RowProblem]]


def row_reader(columns: dict[str, int], headers: list[str]) -> Callable[[int, list[Cell]], RowResult]:
    """A reader of rows laid out as ``columns`` says (``{field: column index}``).

    A row is rejected when its year or organisation name cannot be read, when one of the six
    areas is neither Yes nor No, or when its period ends before it starts; a date or company
    number that cannot be read is left out and reported, and the row is imported.
    """
    year_at, name_at = columns["statement_year"], columns["organisation_name"]
    areas = [(area, columns[area], headers[columns[area]]) for area in AREAS if area in columns]
    dates = [(name, columns[name], headers[columns[name]]) for name in _DATES if name in columns]
    details = [(name, columns[name]) for name in DETAILS if name in columns]
    texts = [(name, columns[name], limit) for name, limit in _TEXT_LIMITS.items() if name in columns]
    number_at, url_at = columns.get("company_number"), columns.get("statement_url")

    def read(number: int, cells: list[Cell]) -> RowResult:
        problems: list[RowProblem] = []
        try:
            year = parse_year(cells[year_at])
        except CellError as error:
            problems.append(RowProblem(number, headers[year_at], f"Statement year {error}", True))
        name = _text(cells[name_at], 300)
        normalised = normalise_name(name)[:300] if name else ""
        if not normalised:
            problems.append(RowProblem(number, headers[name_at], "Organisation name is empty" if not name
                                       else "Organisation name has no letters or digits", True))
        covered = set()
        for area, at, header in areas:
            flag = _flag(cells[at])
            if flag is None:
                problems.append(RowProblem(number, header, "The answer is neither Yes nor No", True))
            elif flag:
                covered.add(area)
        found: dict[str, datetime.date | None] = {}
        for name_of_date, at, header in dates:
            if cells[at] == "":
                found[name_of_date] = None
                continue
            try:
                found[name_of_date] = parsing.parse_date(cells[at])
            except CellError as error:
                found[name_of_date] = None
                problems.append(RowProblem(number, header, f"The date {error}", False))
        start, end = found.get("period_start"), found.get("period_end")
        if start and end and end < start:
            problems.append(RowProblem(number, headers[columns["period_end"]],
                                       "The statement period ends before it starts", True))
        company_number = ""
        if number_at is not None:
            try:
                company_number = parsing.parse_company_number(cells[number_at])
            except CellError as error:
                problems.append(RowProblem(number, headers[number_at], f"Company number {error}", False))
        if any(problem.rejected for problem in problems):
            return None, problems
        values = {name_of_text: _text(cells[at], limit) for name_of_text, at, limit in texts}
        kept = {name_of_detail: text for name_of_detail, at in details
                if (text := _text(cells[at], 2000))}
        return StatementRecord(
            row_number=number, statement_year=year, organisation_name=name, normalised_name=normalised,
            company_number=company_number, statement_url=_url(cells[url_at]) if url_at is not None else "",
            period_start=start, period_end=end, approved_on=found.get("approved_on"), areas=frozenset(covered),
            details=kept, **values,
        ), problems

    return read
