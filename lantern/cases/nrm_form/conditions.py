"""Whether the form asks a question of a case: the codes its conditions test, and its show-when logic."""

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from lantern.cases.models import (
    FormExploitation,
    ListKind,
    PhoneAnswer,
    ReferralKind,
    Route,
    WhereExploited,
)
from lantern.cases.nrm_form.facts import Facts
from lantern.cases.nrm_form.form import DTN_IDENTIFYING_PAGES, Row
from lantern.core.reference import ExploitationType

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


def ticked_checks(f: Facts) -> list[str] | None:
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
    "modern-slavery-indicators": lambda f: ("yes" if f.indicators_found else "no") if f.indicators_asked else "",
    "evidence-of-dishonesty": lambda f: f.q.dishonesty,
    "are-others-involved": lambda f: f.q.others_involved or ("yes" if f.others_held else ""),
    "where-exploitation-happened": _where_code,
    "exploiters-location": _exploiters_location_code,
    "are-exploiters-in-the-uk": _exploiters_in_uk_code,
    "types-of-exploitation-other": lambda f: "ticked" if FormExploitation.OTHER in (ticked_checks(f) or []) else "",
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
