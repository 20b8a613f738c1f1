"""Where Lantern holds each question's answer (``SOURCES``), and the answer as the form wants it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from lantern.cases.models import (
    Case,
    FormExploitation,
    Gender,
    LastContact,
    ListKind,
    ReferralKind,
)
from lantern.cases.nrm_form.conditions import CODES, ticked_checks
from lantern.cases.nrm_form.facts import Facts, choice_label, joined, yes_no
from lantern.cases.nrm_form.form import (
    CASE_PAGE,
    CONSENT,
    DOCUMENTS,
    LIST,
    PARTNERSHIP,
    PERSON,
    PROFILE,
    QUESTIONS,
    REFERRAL,
    SCREENING,
)
from lantern.core.reference import label
from lantern.core.reference.indicators import indicator_set

# --- Answers ---------------------------------------------------------------------------------






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
    return joined(c.what_seen.strip() for c in f.concerns)


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
    return joined(f"{name(e)}: {e.details}" for e in f.listed(kind) if e.details)


def _exploiters(f: Facts) -> str:
    return joined(e.details for e in f.listed(ListKind.EXPLOITER))


def _exploiters_location(f: Facts) -> str:
    return joined(e.location for e in f.listed(ListKind.EXPLOITER) if e.location_known and e.location)


def _check(code: str) -> Callable[[Facts], str]:
    def answer(f: Facts) -> str:
        checks = ticked_checks(f)
        return "" if checks is None else ("Yes" if code in checks else "No")
    return answer


def _journey(f: Facts) -> str:
    stages = f.listed(ListKind.JOURNEY)
    return joined(f"{n}. {e.details}" for n, e in enumerate(stages, 1))


def _other_victims(f: Facts) -> str:
    return joined(e.details for e in f.listed(ListKind.OTHER_VICTIM))


def _children(f: Facts) -> str:
    children = f.listed(ListKind.CHILD)
    if not children:
        return ""
    return joined([str(len(children)), *(e.details for e in children)], sep="\n")


def _others_involved(f: Facts) -> str:
    if f.q.others_involved_details:
        return f.q.others_involved_details
    return joined(f.others_held)




def _documents(f: Facts) -> str:
    if not f.attachments:
        return "No documents on the case"
    return joined(a.description or a.original_name or f"Document {a.pk}" for a in f.attachments)


def _evidence(f: Facts) -> str:
    return f.q.evidence_to_submit or joined(a.description or a.original_name or f"Document {a.pk}" for a in f.attachments)


def _methods(values: list[str] | None) -> str:
    return joined((m.capitalize() for m in values or []), sep=", ") if values is not None else ""


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
    return Source(f"ReferralQuestions.{name}", QUESTIONS, lambda f: choice_label(getattr(f.q, name), pairs))


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
        lambda f: choice_label(f.case.under_18_during_exploitation, YES_NO_NOT_SURE)),
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
                                lambda f: choice_label(f.q.last_contact, LastContact.choices)),
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
                                    lambda f: yes_no(f.consent.given) if f.consent else ""),
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
    "pv-contact-details-email-check": Source("Person.email_safe", PERSON, lambda f: yes_no(f.person.email_safe)),
    "pv-contact-details-street": Source("Person.address_street", PERSON, lambda f: f.person.address_street),
    "pv-contact-details-town": Source("Person.address_town", PERSON, lambda f: f.person.address_town),
    "pv-contact-details-county": Source("Person.address_county", PERSON, lambda f: f.person.address_county),
    "pv-contact-details-postcode": Source("Person.address_postcode", PERSON, lambda f: f.person.address_postcode),
    "pv-contact-details-post-check": Source("Person.post_safe", PERSON, lambda f: yes_no(f.person.post_safe)),
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
                                            lambda f: yes_no(f.q.someone_else_permission)),
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
