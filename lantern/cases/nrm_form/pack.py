"""The form as it applies to one case: its sections and pages with Lantern's answers, and what is still to ask."""

import re
from dataclasses import dataclass, field

from lantern.cases.models import (
    Case,
    ConsentRecord,
    Referral,
    ReferralKind,
)
from lantern.cases.nrm_form.answers import SOURCES
from lantern.cases.nrm_form.conditions import applies
from lantern.cases.nrm_form.facts import Facts
from lantern.cases.nrm_form.form import QUESTIONS, SECTIONS, STEP_NAMES, Row, form_rows

# --- The pack and completeness ----------------------------------------------------------------


@dataclass
class Answer:
    row: Row
    answer: str
    url: str
    step_name: str

    @property
    def answered(self) -> bool:
        return bool(self.answer)

    @property
    def question(self) -> str:
        return self.row.question


@dataclass
class Page:
    heading: str
    step: str
    answers: list[Answer] = field(default_factory=list)


@dataclass
class Section:
    title: str
    pages: list[Page] = field(default_factory=list)

    @property
    def answers(self) -> list[Answer]:
        return [a for page in self.pages for a in page.answers]

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def answered(self) -> int:
        return sum(a.answered for a in self.answers)

    @property
    def unanswered(self) -> list[Answer]:
        return [a for a in self.answers if not a.answered]

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z]+", "-", self.title.lower()).strip("-")


def form_sections(f: Facts) -> list[Section]:
    """The questions the form asks of this case, section by section, with Lantern's answers."""
    sections = {title: Section(title) for title, _steps in SECTIONS}
    pages: dict[str, Page] = {}
    urls: dict[tuple[str, str], str] = {}  # each step's address, worked out once
    for row in form_rows():
        if not applies(row, f):
            continue
        source = SOURCES[row.field]
        page = pages.get(row.step)
        if page is None:
            page = pages[row.step] = Page(heading=row.page_heading or row.label, step=row.step)
            sections[row.section].pages.append(page)
        key = (source.step, source.list_kind)
        if key not in urls:
            urls[key] = source.url(f.case)
        page.answers.append(Answer(row=row, answer=source.answer(f).strip(), url=urls[key],
                                   step_name=STEP_NAMES[source.step]))
    return [s for s in sections.values() if s.pages]


def totals(sections: list[Section]) -> tuple[int, int]:
    """(answered, asked) over all sections."""
    return sum(s.answered for s in sections), sum(s.total for s in sections)


_HELD_IN = re.compile(r"\b(ReferralQuestions|Case)\.(\w+)")


def step_questions() -> dict[str, list[Row]]:
    """The referral questions step's fields (of ReferralQuestions or the case), each with the rows it answers."""
    fields: dict[str, list[Row]] = {}
    for row in form_rows():
        source = SOURCES[row.field]
        if source.step == QUESTIONS:
            for _model, name in _HELD_IN.findall(source.held_in):
                fields.setdefault(name, []).append(row)
    return fields


def still_to_ask(f: Facts) -> set[str]:
    """The step's fields to ask: any row they answer may apply and is not answered from elsewhere,
    or they hold an answer already (so it can be changed)."""
    wanted = set()
    for name, rows in step_questions().items():
        held = getattr(f.case if name in CASE_ANSWERS else f.q, name)
        if held not in ("", None):
            wanted.add(name)
            continue
        if any(applies(row, f, permissive=True) and not SOURCES[row.field].answer(f).strip() for row in rows):
            wanted.add(name)
    return wanted


CASE_ANSWERS = ("under_18_during_exploitation", "reported_to_police", "police_force", "crime_reference")


def unmapped_fields() -> list[str]:
    """Fields of the form with no source in Lantern (the proof test wants none)."""
    return sorted({row.field for row in form_rows()} - set(SOURCES))


def kind_for(case: Case, consent: ConsentRecord | None, referrals: list[Referral]) -> str:
    """Which form a case's completeness is measured against: a Duty to Notify once consent is refused."""
    if any(r.kind == ReferralKind.DUTY_TO_NOTIFY for r in referrals):
        return "dtn"
    if not case.is_child and consent is not None and not consent.given:
        return "dtn"
    return "nrm"
