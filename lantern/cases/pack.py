"""The referral pack: every question of the Home Office online NRM / Duty to Notify
form, in its page order, with the answer Lantern holds or a prompt to ask.

The question list is the form's own (lantern/cases/data/nrm_form_fields.csv,
from the Home Office's published form source, MIT licence). Pages the form
shows only for referrals (not Duty to Notify) or only for children are
filtered by the case's route and the pack's kind.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lantern.cases.models import Case, Concern, ConsentRecord, Route
from lantern.cases.selectors import concerns_of_case
from lantern.core.reference import ExploitationType
from lantern.core.reference.indicators import indicator_set

FIELDS_CSV = Path(__file__).parent / "data" / "nrm_form_fields.csv"
NOT_HELD = "Not recorded in Lantern – ask or complete on the form"


@dataclass
class PackQuestion:
    label: str
    answer: str
    held: bool


@dataclass
class PackPage:
    heading: str
    questions: list[PackQuestion] = field(default_factory=list)


@lru_cache(maxsize=1)
def _form_rows() -> list[dict[str, str]]:
    with FIELDS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["step_in_journey"] == "true" and row["step"]]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _answers(case: Case, user: Any, consent: ConsentRecord | None) -> dict[str, Callable[[], str]]:
    person = case.person
    types = {row.type for row in case.exploitation.all()}
    screening = case.screenings.first()
    concerns = list(concerns_of_case(case)) if screening is None else []
    police = case.referrals.filter(kind="nrm").first()
    return {
        "reference": lambda: case.reference,
        "user-organisation": lambda: str(case.lead_agency.first_responder_code or case.lead_agency),
        "fr-location": lambda: "England",
        "pv-under-age": lambda: {Route.ADULT: "No", Route.CHILD: "Yes", Route.AGE_UNCERTAIN: "Not sure"}[Route(case.route)],
        # Today's route answers "under 18?"; whether they were a child when exploited is kept apart, so
        # someone exploited as a child and now 18 is still referred as such.
        "pv-under-age-at-time-of-exploitation": lambda: _yes_no(case.child_at_exploitation),
        "pv-name-first-name": lambda: person.given_name,
        "pv-name-last-name": lambda: person.family_name,
        "pv-name-nickname": lambda: person.known_as,
        "pv-dob": lambda: person.date_of_birth.strftime("%-d %B %Y") if person.date_of_birth else "",
        "pv-gender": lambda: person.get_gender_display() if person.gender != "unknown" else "Unknown",
        "pv-nationality": lambda: person.nationality,
        "pv-nationality-second": lambda: person.second_nationality,
        "pv-interpreter-requirements": lambda: _yes_no(person.interpreter_needed),
        "pv-interpreter-requirements-language": lambda: person.language if person.interpreter_needed else "",
        "pv-phone-number-yes": lambda: person.phone,
        "pv-contact-details-email-input": lambda: person.email,
        "pv-contact-details-street": lambda: person.address,
        "pv-want-to-submit-nrm": lambda: _yes_no(consent.given) if consent else "",
        "refuse-nrm": lambda: consent.refusal_reason if consent and not consent.given else "",
        "where-exploitation-happened": lambda: case.get_where_exploited_display() if case.where_exploited != "unknown" else "",
        "modern-slavery-indicators": lambda: "Yes" if _indicators_found(screening, concerns) else "",
        "modern-slavery-indicators-details": lambda: (_indicator_text(screening) if screening
                                                      else _first_responder_text(concerns)),
        "professional-insight": lambda: screening.judgement if screening else "",
        "types-of-exploitation-forced-to-work": lambda: _yes_no(ExploitationType.LABOUR in types) if types else "",
        "types-of-exploitation-forced-to-commit-crime": lambda: _yes_no(ExploitationType.CRIMINAL in types) if types else "",
        "types-of-exploitation-prostitution": lambda: _yes_no(ExploitationType.SEXUAL in types) if types else "",
        "types-of-exploitation-organs-removed": lambda: _yes_no(ExploitationType.ORGAN_HARVESTING in types) if types else "",
        "types-of-exploitation-unpaid-household-work": lambda: (
            _yes_no(ExploitationType.DOMESTIC_SERVITUDE in types) if types else ""),
        "fr-details-first-name": lambda: user.full_name.split(" ")[0],
        "fr-details-last-name": lambda: " ".join(user.full_name.split(" ")[1:]),
        "fr-details-role": lambda: user.job_title,
        "pv-ho-reference-type": lambda: police.external_reference if police else "",
    }


def _indicator_text(screening: Any) -> str:
    if not screening:
        return ""
    lines = [f"{label}: {evidence}" if evidence else label for label, evidence in screening.findings()]
    return "; ".join(lines) + (f". {screening.evidence}" if screening.evidence else "")


def _indicators_found(screening: Any, concerns: list[Concern]) -> bool:
    """Indicators found: by the screening once there is one, before that by the first responders."""
    if screening is not None:
        return bool(screening.indicators)
    return any(concern.indicators for concern in concerns)


def _first_responder_text(concerns: list[Concern]) -> str:
    """Before a screening: the signs the first responders ticked and what they saw, for the case worker to check."""
    parts = []
    for concern in concerns:
        labels = [indicator_set(concern.indicator_set_version).label(code) for code in concern.indicators]
        when = concern.seen_on or (concern.submitted_at.date() if concern.submitted_at else None)
        seen = f"Seen by a first responder{f' on {when:%-d %B %Y}' if when else ''}"
        if labels:
            parts.append(f"{seen}: " + "; ".join(labels) + ".")
        if concern.what_seen.strip():
            parts.append(f"What they saw or were told: {concern.what_seen.strip()}")
    return "\n".join(parts)


DTN_IDENTIFYING_PAGES = ("/pv-name-dtn", "/pv-contact-details-dtn")


def _shown(row: dict[str, str], *, kind: str, is_child: bool, share_details: bool = True) -> bool:
    step = row["step"]
    if kind == "dtn" and not share_details and step in DTN_IDENTIFYING_PAGES:
        return False  # an anonymous Duty to Notify carries no name or contact details
    if kind == "dtn" and (step.endswith("-referral") or step in ("/does-pv-need-support", "/pv-phone-number",
                                                                  "/pv-dob", "/does-pv-have-children")):
        return False
    if kind == "nrm" and step.endswith("-dtn"):
        return False
    if step in ("/pv-want-to-submit-nrm", "/refuse-nrm") and is_child:
        return False
    condition = row["page_shown_when"]
    if "pv-under-age != no" in condition and not is_child:
        return False
    return not ("pv-under-age = no" in condition and is_child)


def referral_pack_sections(*, case: Case, kind: str, user: Any, consent: ConsentRecord | None) -> list[PackPage]:
    """The pack's pages; ``consent`` is the case's latest consent record (selectors.latest_consent)."""
    answers = _answers(case, user, consent)
    share_details = bool(consent and not consent.given and consent.share_details_for_dtn)
    pages: dict[str, PackPage] = {}
    for row in _form_rows():
        if not _shown(row, kind=kind, is_child=case.is_child, share_details=share_details):
            continue
        heading = row["page_heading"] or row["label"]
        page = pages.setdefault(row["step"], PackPage(heading=heading))
        getter = answers.get(row["field"])
        value = getter() if getter else ""
        page.questions.append(PackQuestion(label=row["summary_label"] or row["label"], answer=value or NOT_HELD,
                                           held=bool(value)))
    return list(pages.values())
