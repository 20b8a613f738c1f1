"""The Home Office NRM / Duty to Notify form, question by question: where Lantern holds each answer.

The single source of truth for the referral pack, the completeness panel of the
case page, ``manage.py nrm_coverage`` and the API's completeness figures. For each
row of the form's field list (lantern/cases/data/nrm_form_fields.csv, the form's
own source, MIT licence) ``SOURCES`` names:

- ``held_in``: the model field or selector that answers it;
- ``step``: the page of the case where a worker captures it (a URL name, with
  arguments), so an unanswered question links to where it is answered;
- ``answer``: the answer as the form wants it, from ``Facts`` (objects already
  loaded: reading answers makes no query).

Whether a question applies to a case is the form's own logic (``shown_when`` and
``page_shown_when``), evaluated on the answers' codes, with three rules of
Lantern's own: the pack's kind (NRM or Duty to Notify) answers "do they consent";
a Duty to Notify carries the person's name and contact details only when they
agreed to their details being shared (the consent step), whatever the
cooperation answer; and the form's numbered slots of a list (towns 2 to 10,
countries 2 to 10) apply only when the list has that many entries.

An unasked question is "not answered", never "No": every yes/no here is
nullable or blank until someone asks.
"""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from django.urls import reverse

from lantern.cases.models import (
    Case,
    CaseAttachment,
    Concern,
    ConsentRecord,
    FormExploitation,
    Gender,
    LastContact,
    ListKind,
    NrmListEntry,
    PhoneAnswer,
    Referral,
    ReferralKind,
    ReferralQuestions,
    Route,
    Screening,
    SupportService,
    WhereExploited,
)
from lantern.core.reference import ExploitationType, label
from lantern.core.reference.indicators import indicator_set

FIELDS_CSV = Path(__file__).parent / "data" / "nrm_form_fields.csv"

# Where each kind of answer is captured (URL names of the case's steps; LIST takes a list kind too).
PERSON = "cases:case-person"
QUESTIONS = "cases:case-referral-questions"
SCREENING = "cases:case-screening"
CONSENT = "cases:case-consent"
REFERRAL = "cases:case-referral"
DOCUMENTS = "cases:case-attachment"
LIST = "cases:case-nrm-list"
PROFILE = "accounts:profile"
PARTNERSHIP = "partnership:edit"
CASE_PAGE = "cases:case-detail"

STEP_NAMES = {
    PERSON: "Person's details", QUESTIONS: "Referral questions", SCREENING: "Screening", CONSENT: "Consent",
    REFERRAL: "Record the referral", DOCUMENTS: "Documents", LIST: "Referral questions: lists",
    PROFILE: "Your profile", PARTNERSHIP: "Partnership settings", CASE_PAGE: "Case page",
}

SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("About the referral", ("/reference", "/organisation", "/fr-location", "/pv-under-age",
                            "/local-authority-contacted-about-child", "/pv-under-age-at-time-of-exploitation")),
    ("What happened", ("/what-happened", "/what-is-their-background", "/potential-victim-exploitative-situation-multiple",
                       "/when-did-the-exploitation-take-place", "/when-did-the-exploitation-take-place-multiple",
                       "/more-than-one-exploitation-situation", "/how-did-the-exploitation-start",
                       "/were-they-taken-somewhere-by-their-exploiter", "/how-they-were-treated")),
    ("The situation now", ("/is-the-potential-victim-still-in-an-exploitative-situation",
                           "/reasons-preventing-potential-victim-from-leaving", "/how-why-did-they-leave-the-situation",
                           "", "/when-last-contact", "/details-last-contact")),
    ("Reporting and assessment", ("/is-this-the-first-chance-to-report", "/why-report-now", "/modern-slavery-indicators",
                                  "/where-how-interview-carried-out", "/professional-insight",
                                  "/evidence-of-dishonesty", "/are-others-involved")),
    ("Where and who", ("/where-exploitation-happened", "/where-exploitation-happened-uk",
                       "/where-exploitation-happened-overseas", "/current-pv-location", "/who-exploited-pv",
                       "/exploiters-location", "/are-exploiters-in-the-uk", "/exploiters-current-location-details")),
    ("Exploitation and risk", ("/types-of-exploitation", "/any-other-pvs", "/future-exploitation",
                               "/concerns-future-exploitation")),
    ("Police and consent", ("/reported-to-police", "/authorities-cooperation", "/pv-want-to-submit-nrm", "/refuse-nrm")),
    ("About the person", ("/pv-gender-dtn", "/pv-nationality-dtn", "/pv-name-dtn", "/does-pv-need-support",
                          "/pv-phone-number", "/pv-name-referral", "/pv-dob", "/pv-gender-referral",
                          "/does-pv-have-children", "/pv-nationality-referral", "/pv-interpreter-requirements",
                          "/pv-other-help-with-communication", "/pv-ho-reference")),
    ("Contact and the decision letter", ("/pv-contact-details-dtn", "/who-contact", "/someone-else",
                                         "/pv-contact-details-referral")),
    ("First responder and evidence", ("/fr-details", "/fr-alternative-contact", "/upload-evidence",
                                      "/what-evidence-you-will-submit", "/why-are-you-making-the-referral")),
]
SECTION_OF_STEP = {step: title for title, steps in SECTIONS for step in steps}
DTN_IDENTIFYING_PAGES = ("/pv-name-dtn", "/pv-contact-details-dtn")


_SLOT = re.compile(r"-(city|country)-(\d+)$")


@dataclass(frozen=True)
class Row:
    """One question of the form (a row of nrm_form_fields.csv)."""

    step: str
    in_journey: bool
    page_heading: str
    field: str
    label: str
    hint: str
    summary_label: str
    field_type: str
    required: bool
    options: tuple[tuple[str, str], ...]
    shown_when: str
    page_shown_when: str

    @property
    def section(self) -> str:
        return SECTION_OF_STEP[self.step]

    @cached_property
    def slot(self) -> tuple[str, int] | None:
        """For the form's numbered list slots (towns 1-10, countries 1-10): the list and the number."""
        match = _SLOT.search(self.field)
        if match is None:
            return None
        return (ListKind.UK_PLACE if match.group(1) == "city" else ListKind.OVERSEAS_PLACE), int(match.group(2))

    @property
    def question(self) -> str:
        return self.summary_label or self.label


@lru_cache(maxsize=1)
def form_rows() -> tuple[Row, ...]:
    """Every question of the form, in the form's page order (the four not on its pages included)."""
    with FIELDS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return tuple(Row(
            step=r["step"], in_journey=r["step_in_journey"] == "true", page_heading=r["page_heading"],
            field=r["field"], label=r["label"], hint=r["hint"], summary_label=r["summary_label"], field_type=r["field_type"],
            required=r["required"] == "true",
            options=tuple(zip(r["options"].split("|"), r["option_labels"].split("|"), strict=True)) if r["options"] else (),
            shown_when=r["shown_when"], page_shown_when=r["page_shown_when"],
        ) for r in csv.DictReader(handle))


@dataclass
class Facts:
    """What Lantern holds about a case, already loaded; ``kind`` is the form being filled (nrm or dtn)."""

    case: Case
    kind: str
    questions: ReferralQuestions | None
    entries: list[NrmListEntry]
    consent: ConsentRecord | None
    screening: Screening | None
    concerns: list[Concern]
    referrals: list[Referral]
    attachments: list[CaseAttachment]
    support: list[SupportService]
    types: set[str]
    first_responder: Any
    country: str
    q: ReferralQuestions = field(init=False, repr=False)  # the referral questions, or all unanswered

    def __post_init__(self) -> None:
        self.q = self.questions or ReferralQuestions(case=self.case)

    @property
    def person(self) -> Any:
        return self.case.person

    def listed(self, kind: str) -> list[NrmListEntry]:
        return [entry for entry in self.entries if entry.kind == kind]

    @property
    def nrm_referral(self) -> Referral | None:
        return next((r for r in self.referrals if r.kind == ReferralKind.NRM), None)

    @property
    def form_referral(self) -> Referral | None:
        """The NRM referral or Duty to Notify this form is (or will be) made as, once recorded."""
        wanted = ReferralKind.NRM if self.kind == "nrm" else ReferralKind.DUTY_TO_NOTIFY
        return next((r for r in self.referrals if r.kind == wanted), None)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _choice(value: str, choices: Iterable[tuple[str, str]]) -> str:
    return dict(choices).get(value, value) if value else ""


def _joined(parts: Iterable[str], sep: str = "\n") -> str:
    return sep.join(p for p in parts if p)


# --- The codes the form's conditions test ------------------------------------------------------


def _under_age_code(f: Facts) -> str:
    return {Route.ADULT: "no", Route.CHILD: "yes", Route.AGE_UNCERTAIN: "not-sure"}[Route(f.case.route)]


def _where_code(f: Facts) -> str:
    where = f.case.where_exploited
    if where == WhereExploited.UNKNOWN:
        uk, overseas = bool(f.listed(ListKind.UK_PLACE)), bool(f.listed(ListKind.OVERSEAS_PLACE))
        where = {(True, False): "uk", (False, True): "overseas", (True, True): "uk_and_overseas"}.get((uk, overseas), "")
    return {"uk": "uk", "overseas": "overseas", "uk_and_overseas": "uk-and-overseas"}.get(where, "")


def _exploiters_location_code(f: Facts) -> str:
    known = [e.location_known for e in f.listed(ListKind.EXPLOITER) if e.location_known is not None]
    return "" if not known else ("yes" if any(known) else "no")


def _exploiters_in_uk_code(f: Facts) -> str:
    in_uk = [e.in_uk for e in f.listed(ListKind.EXPLOITER) if e.location_known and e.in_uk is not None]
    return "" if not in_uk else ("yes" if any(in_uk) else "no")


def _checks(f: Facts) -> list[str] | None:
    """The form's what-happened checkboxes: as the worker ticked them, else what the case's types say for sure.

    Sexual exploitation is not mapped for an adult (prostitution, taken somewhere and forced into sex or other:
    the worker says which); for a child it is child sexual exploitation.
    """
    if f.questions is not None and f.questions.exploitation_checks is not None:
        return list(f.questions.exploitation_checks)
    if not f.types:
        return None
    mapped: dict[str, str] = {ExploitationType.LABOUR: FormExploitation.FORCED_TO_WORK, ExploitationType.CRIMINAL: FormExploitation.CRIME,
              ExploitationType.DOMESTIC_SERVITUDE: FormExploitation.HOUSEHOLD,
              ExploitationType.ORGAN_HARVESTING: FormExploitation.ORGANS}
    if f.case.is_child:
        mapped[ExploitationType.SEXUAL] = FormExploitation.CHILD_EXPLOITATION
    if any(t not in mapped for t in f.types):
        return None  # a type only the worker can place on the form's list
    return sorted({mapped[t] for t in f.types})


def _other_victims_code(f: Facts) -> str:
    if f.listed(ListKind.OTHER_VICTIM):
        return "yes"
    return {"yes": "yes", "no": "no", "not_sure": "not-sure"}.get(f.q.any_other_victims, "")


def _children_code(f: Facts) -> str:
    return "yes" if f.listed(ListKind.CHILD) else f.q.has_children


def _phone_code(f: Facts) -> str:
    if f.person.phone:
        return "yes"
    codes: dict[str, str] = {PhoneAnswer.ALTERNATIVE: "pv-alternative-number", PhoneAnswer.NONE: "no"}
    return codes.get(f.q.phone_answer, "")


def _support_code(f: Facts) -> str:
    if f.q.support_wanted:
        return f.q.support_wanted
    return "yes" if any(r.kind == ReferralKind.VICTIM_CARE for r in f.referrals) else ""


def _reported_code(f: Facts) -> str:
    if f.case.police_force or f.case.crime_reference:
        return "yes"
    return _yes_no_code(f.case.reported_to_police)


def _yes_no_code(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _first_chance_code(f: Facts) -> str:
    return {"yes": "yes", "no": "no", "not_sure": "not-sure"}.get(f.q.first_chance_to_report, "")


def _multiple_code(f: Facts) -> str:
    return {"yes": "yes", "no": "no", "dont_know": "i-dont-know"}.get(f.q.multiple_situations, "")


def _under_age_at_exploitation_code(f: Facts) -> str:
    return {"yes": "yes", "no": "no", "not_sure": "not-sure"}.get(f.case.under_18_during_exploitation, "")


def _contact_code(f: Facts) -> list[str]:
    return list(f.person.contact_methods or [])


CODES: dict[str, Callable[[Facts], Any]] = {
    "pv-under-age": _under_age_code,
    "pv-under-age-at-time-of-exploitation": _under_age_at_exploitation_code,
    "potential-victim-exploitative-situation-multiple": _multiple_code,
    "were-they-taken-somewhere-by-their-exploiter": lambda f: "yes" if f.listed(ListKind.JOURNEY) else f.q.taken_somewhere,
    "still-in-exploitative-situation": lambda f: f.q.still_in_situation,
    "is-this-the-first-chance-to-report": _first_chance_code,
    "modern-slavery-indicators": lambda f: ("yes" if _indicators_found(f) else "no") if _indicators_asked(f) else "",
    "evidence-of-dishonesty": lambda f: f.q.dishonesty,
    "are-others-involved": lambda f: f.q.others_involved or ("yes" if _others_held(f) else ""),
    "where-exploitation-happened": _where_code,
    "exploiters-location": _exploiters_location_code,
    "are-exploiters-in-the-uk": _exploiters_in_uk_code,
    "types-of-exploitation-other": lambda f: "ticked" if FormExploitation.OTHER in (_checks(f) or []) else "",
    "any-other-pvs": _other_victims_code,
    "future-exploitation-concerns": lambda f: f.q.future_exploitation,
    "reported-to-police": _reported_code,
    "authorities-cooperation": lambda f: f.q.cooperating,
    "pv-want-to-submit-nrm": lambda f: "yes" if f.kind == "nrm" else "no",
    "automatic-referral": lambda f: f.case.is_child,
    "does-pv-need-support": _support_code,
    "pv-phone-number": _phone_code,
    "does-pv-have-children": _children_code,
    "pv-interpreter-requirements": lambda f: _yes_no_code(f.person.interpreter_needed),
    "pv-other-help-with-communication": lambda f: _yes_no_code(f.person.communication_aid_needed),
    "pv-ho-reference": lambda f: _yes_no_code(f.person.ho_reference_held),
    "who-contact": lambda f: f.q.letter_recipient,
    "someone-else": lambda f: list(f.q.someone_else_methods or []),
    "pv-contact-details": _contact_code,
    "files": lambda f: bool(f.attachments),
}


_ATOM = re.compile(r"^(not )?([a-z0-9-.]+?)(?: (=|!=|includes|is ticked|> 0)(?: (.+))?)?$")
Atom = tuple[bool, str, str | None, str | None]


@cache
def _parse(condition: str) -> tuple[tuple[Atom, ...], ...]:
    """A condition of the form's field list as alternatives of atoms (parsed once per condition)."""
    alternatives = []
    for alternative in re.split(r" OR ", condition):
        atoms: list[Atom] = []
        for part in re.split(r" and ", alternative):
            text = part.strip().strip("()").strip()
            if text == "files.length > 0":
                atoms.append((False, "files", None, None))
                continue
            match = _ATOM.match(text)
            if match is None:
                raise ValueError(f"Unknown condition in the form's field list: {text!r}")
            negate, name, op, value = match.groups()
            atoms.append((bool(negate), name, op, value))
        alternatives.append(tuple(atoms))
    return tuple(alternatives)


def _atom(atom: Atom, f: Facts, permissive: bool) -> bool:
    negate, name, op, value = atom
    code = CODES[name](f)
    if permissive and op is not None and not code:
        return True  # not answered yet: the question may yet apply
    if op is None:
        result = bool(code)
    elif op == "=":
        result = code == value
    elif op == "!=":
        result = code != value
    elif op == "includes":
        result = value in (code or [])
    else:  # is ticked
        result = code == "ticked"
    return not result if negate else result


def condition_holds(condition: str, f: Facts, *, permissive: bool = False) -> bool:
    """The form's show-when logic: ``A and B``, ``(A) OR (B)``; an empty condition always holds.

    ``permissive``: a condition on a question not answered yet holds (the question may yet apply).
    """
    if not condition:
        return True
    return any(all(_atom(atom, f, permissive) for atom in alternative) for alternative in _parse(condition))


def applies(row: Row, f: Facts, *, permissive: bool = False) -> bool:
    """Whether the form asks ``row`` of this case (see the module's note for Lantern's own rules).

    ``permissive``: whether it may yet ask it, once the questions it depends on are answered.
    """
    step = row.step
    if f.kind == "dtn" and step in DTN_IDENTIFYING_PAGES:
        return bool(f.consent and not f.consent.given and f.consent.share_details_for_dtn)
    if f.case.is_child and step in ("/pv-want-to-submit-nrm", "/refuse-nrm"):
        return False  # children are never asked for consent
    if step in ("/more-than-one-exploitation-situation",):
        multiple = CODES["potential-victim-exploitative-situation-multiple"](f)
        return multiple == "yes" or (permissive and not multiple)
    if step == "" and row.field == "why-they-stayed":
        return f.q.still_in_situation == "no" or (permissive and not f.q.still_in_situation)
    slot = row.slot
    if slot is not None and slot[1] > 1 and slot[1] > len(f.listed(slot[0])):
        return False
    condition = row.page_shown_when
    if step in DTN_IDENTIFYING_PAGES:
        condition = "pv-want-to-submit-nrm = no"  # the cooperation answer is replaced by the consent step's
    return (condition_holds(condition, f, permissive=permissive)
            and condition_holds(row.shown_when, f, permissive=permissive))


# --- Answers ---------------------------------------------------------------------------------


def _indicators_asked(f: Facts) -> bool:
    return f.screening is not None or any(c.indicators for c in f.concerns)


def _indicators_found(f: Facts) -> bool:
    if f.screening is not None:
        return bool(f.screening.indicators)
    return any(concern.indicators for concern in f.concerns)


def _indicator_text(f: Facts) -> str:
    if f.screening is not None:
        lines = [f"{lab}: {evidence}" if evidence else lab for lab, evidence in f.screening.findings()]
        return "; ".join(lines) + (f". {f.screening.evidence}" if f.screening.evidence else "")
    parts = []
    for concern in f.concerns:
        labels = [indicator_set(concern.indicator_set_version).label(code) for code in concern.indicators]
        when = concern.seen_on or (concern.submitted_at.date() if concern.submitted_at else None)
        seen = f"Seen by a first responder{f' on {when:%-d %B %Y}' if when else ''}"
        if labels:
            parts.append(f"{seen}: " + "; ".join(labels) + ".")
        if concern.what_seen.strip():
            parts.append(f"What they saw or were told: {concern.what_seen.strip()}")
    return "\n".join(parts)


def _gender(f: Facts) -> str:
    """The form's options: Female, Male, They do not identify as male or female. "Not known" is not an answer."""
    return {Gender.FEMALE: "Female", Gender.MALE: "Male",
            Gender.OTHER: "They do not identify as male or female"}.get(f.person.gender, "")


def _what_happened(f: Facts) -> str:
    if f.q.what_happened:
        return f.q.what_happened
    return _joined(c.what_seen.strip() for c in f.concerns)


def _organisation(f: Facts) -> str:
    """The referring organisation, as the form lists it: the referral's, else the first responder's agency's."""
    referral = f.form_referral
    if referral is not None and referral.first_responder_organisation:
        return referral.first_responder_organisation
    agency = getattr(f.first_responder, "agency", None)
    if agency is not None and agency.is_first_responder and agency.first_responder_code:
        return str(agency.first_responder_code)
    return ""


def _local_authority(f: Facts) -> str:
    if f.q.local_authority:
        return label("uk_local_authorities", f.q.local_authority)
    return next((r.to_organisation for r in f.referrals
                 if r.kind == ReferralKind.CHILDRENS_SOCIAL_CARE and r.to_organisation), "")


def _slot(kind: str, n: int, f: Facts) -> str:
    entries = f.listed(kind)
    if len(entries) < n:
        return ""
    entry = entries[n - 1]
    return entry.town if kind == ListKind.UK_PLACE else label("countries", entry.country)


def _slot_answer(kind: str, n: int) -> Callable[[Facts], str]:
    return lambda f: _slot(kind, n, f)


def _places_details(kind: str, f: Facts) -> str:
    name = (lambda e: e.town) if kind == ListKind.UK_PLACE else (lambda e: label("countries", e.country))
    return _joined(f"{name(e)}: {e.details}" for e in f.listed(kind) if e.details)


def _exploiters(f: Facts) -> str:
    return _joined(e.details for e in f.listed(ListKind.EXPLOITER))


def _exploiters_location(f: Facts) -> str:
    return _joined(e.location for e in f.listed(ListKind.EXPLOITER) if e.location_known and e.location)


def _check(code: str) -> Callable[[Facts], str]:
    def answer(f: Facts) -> str:
        checks = _checks(f)
        return "" if checks is None else ("Yes" if code in checks else "No")
    return answer


def _journey(f: Facts) -> str:
    stages = f.listed(ListKind.JOURNEY)
    return _joined(f"{n}. {e.details}" for n, e in enumerate(stages, 1))


def _other_victims(f: Facts) -> str:
    return _joined(e.details for e in f.listed(ListKind.OTHER_VICTIM))


def _children(f: Facts) -> str:
    children = f.listed(ListKind.CHILD)
    if not children:
        return ""
    return _joined([str(len(children)), *(e.details for e in children)], sep="\n")


def _others_involved(f: Facts) -> str:
    if f.q.others_involved_details:
        return f.q.others_involved_details
    return _joined(_others_held(f))


def _others_held(f: Facts) -> list[str]:
    """Other organisations the case already involves: its other referrals and its support."""
    held = [f"{r.get_kind_display()}{f': {r.to_organisation}' if r.to_organisation else ''}"
            for r in f.referrals if r.kind not in (ReferralKind.NRM, ReferralKind.DUTY_TO_NOTIFY)]
    held += [f"{s.get_kind_display()}: {s.provider}" for s in f.support]
    return held


def _documents(f: Facts) -> str:
    if not f.attachments:
        return "No documents on the case"
    return _joined(a.description or a.original_name or f"Document {a.pk}" for a in f.attachments)


def _evidence(f: Facts) -> str:
    return f.q.evidence_to_submit or _joined(a.description or a.original_name or f"Document {a.pk}" for a in f.attachments)


def _methods(values: list[str] | None) -> str:
    return _joined((m.capitalize() for m in values or []), sep=", ") if values is not None else ""


def _name_part(full_name: str, first: bool) -> str:
    parts = full_name.split(" ")
    return parts[0] if first else " ".join(parts[1:])


def _ho_references(f: Facts) -> str:
    return f.person.ho_references


def _current_town(f: Facts) -> str:
    return f.person.address_town


def _why_referring(f: Facts) -> str:
    if f.q.why_referring:
        return f.q.why_referring
    return f.screening.judgement if f.screening is not None else ""


@dataclass(frozen=True)
class Source:
    """Where Lantern holds a question's answer: the field, the step that captures it, and the answer."""

    held_in: str
    step: str
    answer: Callable[[Facts], str]
    list_kind: str = ""

    def url(self, case: Case) -> str:
        if self.step == LIST:
            return reverse(LIST, args=[case.reference, self.list_kind])
        if self.step in (PROFILE, PARTNERSHIP):
            return reverse(self.step)
        if self.step == REFERRAL:
            return reverse(REFERRAL, args=[case.reference]) + "?kind=nrm"
        return reverse(self.step, args=[case.reference])


def _q(name: str) -> Source:
    """A field of the referral questions step, answered as held."""
    return Source(f"ReferralQuestions.{name}", QUESTIONS, lambda f: str(getattr(f.q, name)))


def _qc(name: str, choices: Iterable[tuple[str, str]]) -> Source:
    pairs = tuple(choices)
    return Source(f"ReferralQuestions.{name}", QUESTIONS, lambda f: _choice(getattr(f.q, name), pairs))


YES_NO = (("yes", "Yes"), ("no", "No"))
YES_NO_NOT_SURE = (("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure"), ("not-sure", "Not sure"))


def _code_answer(code: str, choices: Iterable[tuple[str, str]]) -> Callable[[Facts], str]:
    pairs = dict(choices)
    return lambda f: pairs.get(CODES[code](f), "")


SOURCES: dict[str, Source] = {
    "reference": Source("Case.reference", CASE_PAGE, lambda f: f.case.reference),
    "user-organisation": Source("Referral.first_responder_organisation (else the agency's form code)", REFERRAL,
                                _organisation),
    "fr-location": Source("Partnership.country", PARTNERSHIP, lambda f: f.country),
    "pv-under-age": Source("Case.route", CASE_PAGE,
                           _code_answer("pv-under-age", (("yes", "Yes"), ("no", "No"), ("not-sure", "Not sure")))),
    "local-authority-contacted-about-child-local-authority-name": Source(
        "ReferralQuestions.local_authority (else the children's social care referral)", QUESTIONS, _local_authority),
    "local-authority-contacted-about-child-local-authority-phone": _q("local_authority_phone"),
    "local-authority-contacted-about-child-local-authority-email": _q("local_authority_email"),
    "local-authority-contacted-about-child-local-authority-first-name": _q("local_authority_first_name"),
    "local-authority-contacted-about-child-local-authority-last-name": _q("local_authority_last_name"),
    "pv-under-age-at-time-of-exploitation": Source(
        "Case.under_18_during_exploitation", QUESTIONS,
        lambda f: _choice(f.case.under_18_during_exploitation, YES_NO_NOT_SURE)),
    "what-happened": Source("ReferralQuestions.what_happened (else the concerns' accounts)", QUESTIONS, _what_happened),
    "birthplace": _q("birthplace"),
    "family": _q("family"),
    "education": _q("education"),
    "employment-history": _q("employment_history"),
    "potential-victim-exploitative-situation-multiple": Source(
        "ReferralQuestions.multiple_situations", QUESTIONS,
        _code_answer("potential-victim-exploitative-situation-multiple",
                     (("yes", "Yes"), ("no", "No"), ("i-dont-know", "I don't know")))),
    "when-did-the-exploitation-take-place": _q("when_exploited"),
    "when-did-the-exploitation-take-place-multiple": _q("when_exploited"),
    "more-than-one-exploitation-situation": _q("situations_details"),
    "how-did-the-exploitation-start": _q("how_started"),
    "were-they-taken-somewhere-by-their-exploiter": Source(
        "NrmListEntry (journey) or ReferralQuestions.taken_somewhere", QUESTIONS,
        _code_answer("were-they-taken-somewhere-by-their-exploiter", YES_NO)),
    "were-they-taken-somewhere-by-their-exploiter-journey-details": Source(
        "NrmListEntry (journey)", LIST, _journey, ListKind.JOURNEY),
    "what-were-they-required-to-do": _q("required_to_do"),
    "living-conditions": _q("living_conditions"),
    "how-they-were-treated": _q("treatment"),
    "still-in-exploitative-situation": _qc("still_in_situation", YES_NO),
    "what-is-keeping-them-in-situation": _q("what_keeps_them"),
    "how-why-did-they-leave-the-situation": _q("how_they_left"),
    "why-they-stayed": _q("why_they_stayed"),
    "when-last-contact": Source("ReferralQuestions.last_contact", QUESTIONS,
                                lambda f: _choice(f.q.last_contact, LastContact.choices)),
    "details-last-contact": _q("last_contact_details"),
    "is-this-the-first-chance-to-report": _qc("first_chance_to_report", YES_NO_NOT_SURE),
    "yes-the-first-chance-to-report": _q("first_chance_details"),
    "not-sure-the-first-chance-to-report": _q("first_chance_details"),
    "why-report-now": _q("why_report_now"),
    "modern-slavery-indicators": Source("Screening.indicators (else the concerns' signs)", SCREENING,
                                        _code_answer("modern-slavery-indicators", YES_NO)),
    "modern-slavery-indicators-details": Source("Screening.findings (else the concerns' accounts)", SCREENING,
                                                _indicator_text),
    "where-how-interview-carried-out": _q("interview_details"),
    "professional-insight": Source("Screening.judgement", SCREENING,
                                   lambda f: f.screening.judgement if f.screening else ""),
    "evidence-of-dishonesty": _qc("dishonesty", YES_NO),
    "evidence-of-dishonesty-details": _q("dishonesty_details"),
    "are-others-involved": Source("ReferralQuestions.others_involved (else the case's referrals and support)",
                                  QUESTIONS, _code_answer("are-others-involved", YES_NO)),
    "are-others-involved-details": Source(
        "ReferralQuestions.others_involved_details (else the case's referrals and support)", QUESTIONS,
        _others_involved),
    "where-exploitation-happened": Source(
        "Case.where_exploited (else the places listed)", LIST,
        _code_answer("where-exploitation-happened",
                     (("uk", "UK"), ("overseas", "Overseas"), ("uk-and-overseas", "UK and overseas"))),
        ListKind.UK_PLACE),
    **{f"where-exploitation-happened-uk-city-{n}": Source(
        f"NrmListEntry (UK place {n}).town", LIST, _slot_answer(ListKind.UK_PLACE, n), ListKind.UK_PLACE)
       for n in range(1, 11)},
    "where-exploitation-happened-other-uk-other-location": Source(
        "NrmListEntry (UK places).details", LIST, lambda f: _places_details(ListKind.UK_PLACE, f), ListKind.UK_PLACE),
    **{f"where-exploitation-happened-overseas-country-{n}": Source(
        f"NrmListEntry (overseas place {n}).country", LIST, _slot_answer(ListKind.OVERSEAS_PLACE, n),
        ListKind.OVERSEAS_PLACE) for n in range(1, 11)},
    "where-exploitation-happened-other-overseas-other-location": Source(
        "NrmListEntry (overseas places).details", LIST, lambda f: _places_details(ListKind.OVERSEAS_PLACE, f),
        ListKind.OVERSEAS_PLACE),
    "current-pv-location-uk-city": Source("Person.address_town", PERSON, _current_town),
    "current-pv-location-uk-region": Source("ReferralQuestions.current_region", QUESTIONS,
                                            lambda f: label("uk_regions", f.q.current_region) if f.q.current_region else ""),
    "who-exploited-pv": Source("NrmListEntry (exploiters).details", LIST, _exploiters, ListKind.EXPLOITER),
    "exploiters-location": Source("NrmListEntry (exploiters).location_known", LIST,
                                  _code_answer("exploiters-location", YES_NO), ListKind.EXPLOITER),
    "are-exploiters-in-the-uk": Source("NrmListEntry (exploiters).in_uk", LIST,
                                       _code_answer("are-exploiters-in-the-uk", YES_NO), ListKind.EXPLOITER),
    "exploiters-current-location-details": Source("NrmListEntry (exploiters).location", LIST, _exploiters_location,
                                                  ListKind.EXPLOITER),
    **{f"types-of-exploitation-{code}": Source(
        "ReferralQuestions.exploitation_checks (else the case's exploitation types)", QUESTIONS, _check(code))
       for code in FormExploitation.values},
    "other-exploitation-details": _q("other_exploitation_details"),
    "any-other-pvs": Source("NrmListEntry (other potential victims) or ReferralQuestions.any_other_victims", QUESTIONS,
                            _code_answer("any-other-pvs", (("yes", "Yes"), ("no", "No"), ("not-sure", "Not sure")))),
    "other-potential-victims-yes-details": Source("NrmListEntry (other potential victims).details", LIST,
                                                  _other_victims, ListKind.OTHER_VICTIM),
    "other-potential-victims-not-sure-details": _q("other_victims_not_sure_details"),
    "future-exploitation-concerns": _qc("future_exploitation", YES_NO),
    "future-exploitation-reasons": _q("future_exploitation_reasons"),
    "reported-to-police": Source("Case.reported_to_police (or a police force given)", QUESTIONS,
                                 _code_answer("reported-to-police", YES_NO)),
    "reported-to-police-police-forces": Source("Case.police_force", QUESTIONS,
                                               lambda f: label("uk_police_forces", f.case.police_force)
                                               if f.case.police_force else ""),
    "reported-to-police-crime-reference": Source("Case.crime_reference", QUESTIONS, lambda f: f.case.crime_reference),
    "authorities-cooperation": _qc("cooperating", YES_NO),
    "authorities-cooperation-details": _q("cooperation_details"),
    "pv-want-to-submit-nrm": Source("ConsentRecord.given", CONSENT,
                                    lambda f: _yes_no(f.consent.given) if f.consent else ""),
    "refuse-nrm": Source("ConsentRecord.refusal_reason", CONSENT,
                         lambda f: f.consent.refusal_reason if f.consent and not f.consent.given else ""),
    "pv-gender": Source("Person.gender", PERSON, _gender),
    "pv-nationality": Source("Person.nationality", PERSON, lambda f: f.person.nationality),
    "pv-nationality-second": Source("Person.second_nationality", PERSON, lambda f: f.person.second_nationality),
    "pv-name-first-name": Source("Person.given_name", PERSON, lambda f: f.person.given_name),
    "pv-name-last-name": Source("Person.family_name", PERSON, lambda f: f.person.family_name),
    "pv-name-nickname": Source("Person.known_as", PERSON, lambda f: f.person.known_as),
    "pv-contact-details": Source("Person.contact_methods", PERSON, lambda f: _methods(f.person.contact_methods)),
    "pv-contact-details-email-input": Source("Person.email", PERSON, lambda f: f.person.email),
    "pv-contact-details-email-check": Source("Person.email_safe", PERSON, lambda f: _yes_no(f.person.email_safe)),
    "pv-contact-details-street": Source("Person.address_street", PERSON, lambda f: f.person.address_street),
    "pv-contact-details-town": Source("Person.address_town", PERSON, lambda f: f.person.address_town),
    "pv-contact-details-county": Source("Person.address_county", PERSON, lambda f: f.person.address_county),
    "pv-contact-details-postcode": Source("Person.address_postcode", PERSON, lambda f: f.person.address_postcode),
    "pv-contact-details-post-check": Source("Person.post_safe", PERSON, lambda f: _yes_no(f.person.post_safe)),
    "does-pv-need-support": Source("ReferralQuestions.support_wanted (else a victim care referral)", QUESTIONS,
                                   _code_answer("does-pv-need-support", YES_NO)),
    "pv-phone-number": Source("Person.phone or ReferralQuestions.phone_answer", QUESTIONS, _code_answer(
        "pv-phone-number", (("yes", "Their own number"), ("pv-alternative-number", "Alternative telephone number"),
                            ("no", "Cannot provide contact details")))),
    "pv-phone-number-yes": Source("Person.phone", PERSON, lambda f: f.person.phone),
    "pv-phone-number-alternative": _q("alternative_phone"),
    "alternative-number-relation-to-pv": _q("alternative_phone_relation"),
    "no-contact-details": _q("no_contact_details"),
    "pv-dob": Source("Person.date_of_birth", PERSON,
                     lambda f: f.person.date_of_birth.strftime("%-d %B %Y") if f.person.date_of_birth else ""),
    "does-pv-have-children": Source("NrmListEntry (children) or ReferralQuestions.has_children", QUESTIONS,
                                    _code_answer("does-pv-have-children", YES_NO)),
    "does-pv-have-children-yes-amount": Source("NrmListEntry (children)", LIST, _children, ListKind.CHILD),
    "pv-interpreter-requirements": Source("Person.interpreter_needed", PERSON,
                                          _code_answer("pv-interpreter-requirements", YES_NO)),
    "pv-interpreter-requirements-language": Source("Person.language", PERSON, lambda f: f.person.language),
    "pv-other-help-with-communication": Source("Person.communication_aid_needed", PERSON,
                                               _code_answer("pv-other-help-with-communication", YES_NO)),
    "pv-other-help-with-communication-aid": Source("Person.communication_aid", PERSON,
                                                   lambda f: f.person.communication_aid),
    "pv-ho-reference": Source("Person.ho_reference_held", PERSON, _code_answer("pv-ho-reference", YES_NO)),
    "pv-ho-reference-type": Source("Person.ho_references", PERSON, _ho_references),
    "who-contact": Source("ReferralQuestions.letter_recipient", QUESTIONS, _code_answer(
        "who-contact", (("potential-victim", "The person themselves"), ("someone-else", "Someone else")))),
    "someone-else": Source("ReferralQuestions.someone_else_methods", QUESTIONS,
                           lambda f: _methods(f.q.someone_else_methods)),
    "someone-else-first-name": _q("someone_else_first_name"),
    "someone-else-last-name": _q("someone_else_last_name"),
    "someone-else-email-input": _q("someone_else_email"),
    "someone-else-street": _q("someone_else_street"),
    "someone-else-town": _q("someone_else_town"),
    "someone-else-county": _q("someone_else_county"),
    "someone-else-postcode": _q("someone_else_postcode"),
    "someone-else-permission-check": Source("ReferralQuestions.someone_else_permission", QUESTIONS,
                                            lambda f: _yes_no(f.q.someone_else_permission)),
    "fr-details-first-name": Source("User.full_name (the first responder)", PROFILE,
                                    lambda f: _name_part(f.first_responder.full_name, True)),
    "fr-details-last-name": Source("User.full_name (the first responder)", PROFILE,
                                   lambda f: _name_part(f.first_responder.full_name, False)),
    "fr-details-role": Source("User.job_title", PROFILE, lambda f: f.first_responder.job_title),
    "fr-details-phone": Source("User.phone", PROFILE, lambda f: f.first_responder.phone),
    "fr-alternative-contact": Source("User.alternative_contact", PROFILE,
                                     lambda f: f.first_responder.alternative_contact),
    "upload-file": Source("CaseAttachment (named, not embedded)", DOCUMENTS, _documents),
    "what-evidence-you-will-submit": Source("ReferralQuestions.evidence_to_submit (else the documents)", QUESTIONS,
                                            _evidence),
    "why-are-you-making-the-referral": Source("ReferralQuestions.why_referring (else the screening's judgement)",
                                              QUESTIONS, _why_referring),
}


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
