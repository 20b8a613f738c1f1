"""The fields of an attendance file and one row read into an ``AttendanceRow``.

Plain Python, no Django. Two imports share these fields: a session's sign-in sheet
(``ATTENDANCE_SPEC``: who came) and a learning platform's export (``COMPLETION_SPEC``: who
completed which course on which day). ``make_row_reader`` is given the partnership's agencies,
roles, job types and courses as look-ups (loaded by the pipeline), so the check's per-row report
already says which rows name an unknown course (not imported) or an agency that is not a partner
(imported, the organisation kept as written). A reason names the column, never the cell's value.
"""

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lantern.core.imports.mapping import ImportSpec, TargetField
from lantern.core.imports.reading import Cell
from lantern.core.imports.report import RowProblem
from lantern.training.matching import email_key, name_key, tidy_name

ATTENDED_WORDS = frozenset({"", "yes", "y", "attended", "present", "completed", "complete", "passed", "pass",
                            "true", "1", "x", "tick", "signed"})
ABSENT_WORDS = frozenset({"no", "n", "absent", "did not attend", "dna", "no show", "not attended", "failed",
                          "incomplete", "not completed", "false", "0", "cancelled"})
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")


def parse_date(value: Cell) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        if match := _ISO.fullmatch(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY.fullmatch(text):
            year = int(match[3])
            return datetime.date(year + 2000 if year < 100 else year, int(match[2]), int(match[1]))  # noqa: PLR2004
    except ValueError:
        return None
    return None


def looks_like_date(value: Cell) -> bool:
    return parse_date(value) is not None


def looks_like_email(value: Cell) -> bool:
    return bool(email_key(str(value)))


def _key(value: Cell) -> str:
    return " ".join(str(value).strip().lower().replace("&", "and").split())


NAME = TargetField("full_name", "Name", ("name", "full name", "attendee", "delegate", "learner", "learner name",
                                          "participant", "attendee name", "delegate name"), required=True,
                   personal=True)
EMAIL = TargetField("email", "Email address", ("email", "email address", "e mail", "work email", "learner email"),
                    recogniser=looks_like_email, personal=True,
                    hint="Used to recognise the same person across sessions and imports.")
AGENCY = TargetField("agency", "Organisation", ("agency", "organisation", "organisation name", "employer",
                                                "service", "department", "company"),
                     hint="A partner agency's name; any other organisation is kept as written.")
ROLE = TargetField("role", "Role or job type", ("role", "job type", "job title", "job role", "position"),
                   hint="A Lantern role (First responder...) or a job type (Housing officer...).")
OUTCOME = TargetField("outcome", "Attended", ("attended", "attendance", "present", "status", "outcome",
                                              "completion status", "result"),
                      hint="Yes, attended or completed; no, absent or did not attend. Empty counts as attended.")
COURSE = TargetField("course", "Course", ("course", "course title", "course name", "module", "training",
                                          "course code"), required=True,
                     hint="The course's title or short code, as in the catalogue.")
DATE = TargetField("completed_on", "Date completed", ("date", "completed", "completion date", "date completed",
                                                      "completed on", "session date"),
                   recogniser=looks_like_date, required=True)

ATTENDANCE_SPEC = ImportSpec("training.attendance", (NAME, EMAIL, AGENCY, ROLE, OUTCOME))
COMPLETION_SPEC = ImportSpec("training.completions", (NAME, EMAIL, AGENCY, ROLE, COURSE, DATE, OUTCOME))


@dataclass(frozen=True, slots=True)
class Lookups:
    """The partnership's names, by their folded form (``_key``)."""

    agencies: Mapping[str, int]
    roles: Mapping[str, str]  # a role's label or value -> the role
    job_types: Mapping[str, int]
    courses: Mapping[str, int]  # a course's title or code -> its id


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    number: int
    full_name: str
    name_key: str
    email: str
    agency_id: int | None
    agency_name: str  # as written, when it is not a partner agency
    role: str
    job_type_id: int | None
    attended: bool
    course_id: int | None = None
    completed_on: datetime.date | None = None


def make_row_reader(lookups: Lookups, *, with_course: bool) -> Callable[
        [dict[str, int], list[str]], Callable[[int, list[Cell]], tuple[AttendanceRow | None, list[RowProblem]]]]:
    def factory(indexes: dict[str, int], headers: list[str]) -> Callable[
            [int, list[Cell]], tuple[AttendanceRow | None, list[RowProblem]]]:
        def cell(cells: list[Cell], field: str) -> Cell:
            index = indexes.get(field)
            return cells[index] if index is not None and index < len(cells) else ""

        def heading(field: str) -> str:
            return headers[indexes[field]]

        def read(number: int, cells: list[Cell]) -> tuple[AttendanceRow | None, list[RowProblem]]:
            problems: list[RowProblem] = []
            full_name = tidy_name(str(cell(cells, "full_name")))
            key = name_key(full_name)
            if not key:
                return None, [RowProblem(number, heading("full_name"), "has no name", rejected=True)]
            raw_email = str(cell(cells, "email")).strip()
            email = email_key(raw_email)
            if raw_email and not email:
                problems.append(RowProblem(number, heading("email"), "is not an email address", rejected=False))
            agency_text = " ".join(str(cell(cells, "agency")).split())[:200]
            agency_id = lookups.agencies.get(_key(agency_text)) if agency_text else None
            if agency_text and agency_id is None:
                problems.append(RowProblem(number, heading("agency"), "is not a partner agency: kept as written",
                                           rejected=False))
            role_text = _key(cell(cells, "role"))
            role = lookups.roles.get(role_text, "") if role_text else ""
            job_type_id = lookups.job_types.get(role_text) if role_text and not role else None
            if role_text and not role and job_type_id is None:
                problems.append(RowProblem(number, heading("role"), "is not a Lantern role or job type: left out",
                                           rejected=False))
            outcome = _key(cell(cells, "outcome"))
            if outcome not in ATTENDED_WORDS and outcome not in ABSENT_WORDS:
                return None, [*problems, RowProblem(number, heading("outcome"),
                                                    "is not yes or no (attended or absent)", rejected=True)]
            course_id = None
            completed_on = None
            if with_course:
                course_text = _key(cell(cells, "course"))
                course_id = lookups.courses.get(course_text)
                if course_id is None:
                    reason = "is empty" if not course_text else "is not a course in the catalogue"
                    return None, [*problems, RowProblem(number, heading("course"), reason, rejected=True)]
                completed_on = parse_date(cell(cells, "completed_on"))
                if completed_on is None:
                    return None, [*problems, RowProblem(number, heading("completed_on"), "is not a date",
                                                        rejected=True)]
            return AttendanceRow(number, full_name, key, email, agency_id, "" if agency_id else agency_text, role,
                                 job_type_id, outcome in ATTENDED_WORDS, course_id, completed_on), problems

        return read

    return factory


def folded(value: str) -> str:
    """A name as the look-ups hold it."""
    return _key(value)
