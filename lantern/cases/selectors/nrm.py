"""What the Home Office NRM form needs of a case: its referral questions, its lists, and the facts behind the pack."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from lantern.cases import nrm_form
from lantern.cases.models import Case, NrmListEntry, ReferralQuestions
from lantern.cases.selectors.case_page import latest_consent
from lantern.cases.selectors.concerns import concerns_of_case
from lantern.cases.selectors.exploitation import exploitation_type_codes
from lantern.core.access import not_found
from lantern.partnership.selectors import partnership_get


def referral_questions_of(case: Case) -> ReferralQuestions | None:
    """The case's referral questions, if any were answered (read with the case by case_get_for_user)."""
    try:
        return case.referral_questions
    except ObjectDoesNotExist:
        return None


def nrm_entries_of(case: Case) -> list[NrmListEntry]:
    """Every entry of the form's lists on ``case`` (access already checked), in the order they were added."""
    return list(case.nrm_entries.order_by("id"))


def nrm_entry_get_on_case(*, case: Case, entry_id: int) -> NrmListEntry:
    """An entry of ``case``'s lists (``case`` from case_get_for_user); 404 for any other."""
    entry = case.nrm_entries.filter(pk=entry_id).first()
    if entry is None:
        raise not_found()
    entry.case = case
    return entry


def nrm_facts(*, case: Case, user: Any, kind: str | None = None, page: Any = None) -> nrm_form.Facts:
    """What Lantern holds that the form asks, for ``case`` (from case_get_for_user: access checked).

    ``user`` is the first responder filling the form. With ``page`` (selectors.case_page), the records
    it already read are used, so the case page's completeness panel costs one more query (the lists: their
    entries, encrypted and of any number, cannot be read with the case as its fixed annotations are).
    """
    if page is not None:
        consent, screening, referrals = page.consent, page.screening, page.referrals
        attachments, support = list(page.attachments), list(page.support)
        concerns = [account.concern for account in page.accounts]
        types = set(page.type_codes)
    else:
        consent = None if case.is_child else latest_consent(case)
        screening = case.screenings.first()
        referrals = list(case.referrals.select_related("made_by_agency"))
        attachments, support = list(case.attachments.all()), list(case.support.all())
        concerns = list(concerns_of_case(case))
        types = set(exploitation_type_codes(case))
    return nrm_form.Facts(
        case=case, kind=kind or nrm_form.kind_for(case, consent, referrals), questions=referral_questions_of(case),
        entries=nrm_entries_of(case), consent=consent, screening=screening, concerns=concerns, referrals=referrals,
        attachments=attachments, support=support, types=types, first_responder=user,
        country=partnership_get().get_country_display(),
    )


def nrm_completeness(*, case: Case, user: Any, kind: str | None = None, page: Any = None) -> list[nrm_form.Section]:
    """The form's questions that apply to ``case``, section by section, answered or not."""
    return nrm_form.form_sections(nrm_facts(case=case, user=user, kind=kind, page=page))
