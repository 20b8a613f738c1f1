"""The form as it applies to one case: its sections and pages with Lantern's answers, and what is still to ask."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import reverse

from lantern.cases.models import (
    Case,
    ConsentRecord,
    Referral,
    ReferralKind,
)
from lantern.cases.nrm_form.answers import SOURCES
from lantern.cases.nrm_form.conditions import applies
from lantern.cases.nrm_form.facts import Facts
from lantern.cases.nrm_form.form import (
    QUESTIONS,
    QUESTIONS_SECTION,
    SECTIONS,
    STEP_NAMES,
    Row,
    form_rows,
    section_slug,
)

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
        return section_slug(self.title)


def form_sections(f: Facts) -> list[Section]:
    """The questions the form asks of this case, section by section, with Lantern's answers."""
    sections = {title: Section(title) for title, _steps in SECTIONS}
    pages: dict[str, Page] = {}
    urls: dict[tuple[str, str, str], str] = {}  # each step's address, worked out once
    for row in form_rows():
        if not applies(row, f):
            continue
        source = SOURCES[row.field]
        page = pages.get(row.step)
        if page is None:
            page = pages[row.step] = Page(heading=row.page_heading or row.label, step=row.step)
            sections[row.section].pages.append(page)
        # A question of the referral questions step links to the section of the step that asks it.
        asked_in = questions_section(source.held_in) if source.step == QUESTIONS else ""
        key = (source.step, source.list_kind, asked_in)
        if key not in urls:
            urls[key] = (reverse(QUESTIONS_SECTION, args=[f.case.reference, section_slug(asked_in)]) if asked_in
                         else source.url(f.case))
        page.answers.append(Answer(row=row, answer=source.answer(f).strip(), url=urls[key],
                                   step_name=STEP_NAMES[source.step]))
    return [s for s in sections.values() if s.pages]


def totals(sections: list[Section]) -> tuple[int, int]:
    """(answered, asked) over all sections."""
    return sum(s.answered for s in sections), sum(s.total for s in sections)


_HELD_IN = re.compile(r"\b(ReferralQuestions|Case)\.(\w+)")


@lru_cache(maxsize=1)
def step_questions() -> dict[str, list[Row]]:
    """The referral questions step's fields (of ReferralQuestions or the case), each with the rows it answers
    (the first row's section is the section of the step the field is asked in). Not to be changed."""
    fields: dict[str, list[Row]] = {}
    for row in form_rows():
        source = SOURCES[row.field]
        if source.step == QUESTIONS:
            for _model, name in _HELD_IN.findall(source.held_in):
                fields.setdefault(name, []).append(row)
    return fields


def field_section(name: str) -> str:
    """The section of the referral questions step that asks one of its fields."""
    return step_questions()[name][0].section


@lru_cache(maxsize=256)
def questions_section(held_in: str) -> str:
    """For a question answered in the referral questions step (``Source.held_in``): the section of the
    step that asks it ("" if none does)."""
    fields = step_questions()
    return next((field_section(name) for _model, name in _HELD_IN.findall(held_in) if name in fields), "")


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


def asked_by_section(f: Facts) -> dict[str, list[str]]:
    """The step's fields to ask of this case (``still_to_ask``), by the section that asks them, each
    section's in the form's order."""
    wanted = still_to_ask(f)
    asked: dict[str, list[str]] = {}
    for name in step_questions():
        if name in wanted:
            asked.setdefault(field_section(name), []).append(name)
    return asked


@dataclass(frozen=True)
class StepSection:
    """One section of the referral questions step: how many of the form's questions it asks are answered."""

    title: str
    answered: int
    total: int  # the form's questions that apply to the case and are answered in this section of the step

    @property
    def slug(self) -> str:
        return section_slug(self.title)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def step_sections(f: Facts, sections: list[Section]) -> list[StepSection]:
    """The sections of the referral questions step that have something to ask of this case, in the form's
    order, each with its count of answered questions (from ``form_sections(f)``)."""
    asked = asked_by_section(f)
    answers = [a for section in sections for a in section.answers]
    out = []
    for title, _steps in SECTIONS:
        if title not in asked:
            continue
        here = reverse(QUESTIONS_SECTION, args=[f.case.reference, section_slug(title)])
        mine = [a for a in answers if a.url == here]
        out.append(StepSection(title=title, answered=sum(a.answered for a in mine), total=len(mine)))
    return out


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
