"""The form's questions (its field list), its pages and sections, and the case step that captures each kind of answer."""

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from lantern.cases.models import (
    ListKind,
)

FIELDS_CSV = Path(__file__).parent.parent / "data" / "nrm_form_fields.csv"

# Where each kind of answer is captured (URL names of the case's steps; LIST takes a list kind too).
PERSON = "cases:case-person"
QUESTIONS = "cases:case-referral-questions"
QUESTIONS_SECTION = "cases:case-referral-questions-section"  # one section's questions of that step
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


def section_slug(title: str) -> str:
    """A section's part of an address: "Where and who" -> "where-and-who"."""
    return re.sub(r"[^a-z]+", "-", title.lower()).strip("-")


SECTION_TITLES = {section_slug(title): title for title, _steps in SECTIONS}
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
