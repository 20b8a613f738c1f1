"""The referral questions step and the form's lists: what the Home Office NRM form asks that no other step holds."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.cases import selectors
from lantern.cases.models import (
    Case,
    ContactMethod,
    FormExploitation,
    ListKind,
    NrmListEntry,
    ReferralQuestions,
    YesNoNotSure,
)
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock
from lantern.core.reference import countries, local_authorities, police_forces, uk_regions

# Fields of the case itself that the referral questions step asks.
CASE_FIELDS = ("under_18_during_exploitation", "reported_to_police", "police_force", "crime_reference")
QUESTION_FIELDS = tuple(
    f.name for f in ReferralQuestions._meta.get_fields()
    if getattr(f, "concrete", False) and f.name not in ("id", "case", "created_at", "updated_at")
)
UNDER_18_FLAG = {YesNoNotSure.YES: True, YesNoNotSure.NO: False, YesNoNotSure.NOT_SURE: None, "": None}


def _in_list(value: str, choices: Any, field: str, what: str) -> None:
    if value and value not in dict(choices):
        raise ValidationError({field: f"Choose {what} from the list"})


def _check_questions(fields: dict[str, Any]) -> None:
    _in_list(fields.get("police_force", ""), police_forces(), "police_force", "a police force")
    _in_list(fields.get("local_authority", ""), local_authorities(), "local_authority", "a local authority")
    _in_list(fields.get("current_region", ""), uk_regions(), "current_region", "a region")
    checks = fields.get("exploitation_checks")
    if checks is not None and (not isinstance(checks, list) or set(checks) - set(FormExploitation.values)):
        raise ValidationError({"exploitation_checks": "Choose what happened from the form's list"})
    methods = fields.get("someone_else_methods")
    if methods is not None and (not isinstance(methods, list) or set(methods) - set(ContactMethod.values)):
        raise ValidationError({"someone_else_methods": "Choose email, post or both"})
    if fields.get("crime_reference") and fields.get("reported_to_police") is False:
        raise ValidationError({"crime_reference": "A crime reference is given only when it was reported to the police"})


@transaction.atomic
def referral_questions_save(*, case: Case, acting_user: User, **fields: Any) -> ReferralQuestions:
    """Save answers of the referral questions step (any subset: what is not given is kept).

    Case fields (under 18 during the exploitation, police) are saved on the case; the flag the
    statistics use (child_at_exploitation) follows the under-18 answer, so the two never disagree.
    """
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    unknown = set(fields) - set(CASE_FIELDS) - set(QUESTION_FIELDS)
    if unknown:
        raise ValidationError(f"Not a referral question: {', '.join(sorted(unknown))}")
    _check_questions(fields)
    questions = selectors.referral_questions_of(case)
    if questions is None:
        questions = ReferralQuestions(case=case)
    question_fields = {k: v for k, v in fields.items() if k in QUESTION_FIELDS}
    case_fields = {k: v for k, v in fields.items() if k in CASE_FIELDS}
    before = {name: getattr(questions, name) for name in question_fields}
    for name, value in question_fields.items():
        setattr(questions, name, value)
    questions.full_clean()
    questions.save()
    case.referral_questions = questions
    if case_fields:
        case_before = {name: getattr(case, name) for name in case_fields}
        for name, value in case_fields.items():
            setattr(case, name, value)
        if "under_18_during_exploitation" in case_fields:
            case.child_at_exploitation = UNDER_18_FLAG[case.under_18_during_exploitation]
        case.full_clean(exclude=["person", "lead_worker", "lead_agency", "area"])
        case.save(update_fields=[*case_fields, "child_at_exploitation", "updated_at"])
        audit_record(actor=acting_user, action="case.referral_questions", kind=AuditAction.UPDATE, target=case,
                     changes=describe_changes(instance=case, fields=case_fields, before=case_before))
    event(case, acting_user, "referral_questions.update", "Referral questions answered")
    audit_record(actor=acting_user, action="referral_questions.update", kind=AuditAction.UPDATE, target=questions,
                 changes=describe_changes(instance=questions, fields=question_fields, before=before))
    return questions


ENTRY_FIELDS = {
    ListKind.UK_PLACE: ("town", "details"),
    ListKind.OVERSEAS_PLACE: ("country", "details"),
    ListKind.JOURNEY: ("details",),
    ListKind.EXPLOITER: ("details", "location_known", "in_uk", "location"),
    ListKind.OTHER_VICTIM: ("details",),
    ListKind.CHILD: ("details",),
}
REQUIRED = {ListKind.UK_PLACE: "town", ListKind.OVERSEAS_PLACE: "country"}


@transaction.atomic
def nrm_entry_add(*, case: Case, acting_user: User, kind: str, **fields: Any) -> NrmListEntry:
    """Add an entry to one of the form's lists on ``case`` (a place, part of the journey, an exploiter...)."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    if kind not in ListKind.values:
        raise ValidationError("Not one of the form's lists")
    allowed = ENTRY_FIELDS[ListKind(kind)]
    extra = set(fields) - set(allowed)
    if extra:
        raise ValidationError(f"Not asked for this list: {', '.join(sorted(extra))}")
    needed = REQUIRED.get(ListKind(kind), "details")
    if not fields.get(needed):
        message = {"town": "Enter the town or city", "country": "Choose the country"}.get(needed, "Enter the details")
        raise ValidationError({needed: message})
    if kind == ListKind.OVERSEAS_PLACE:
        _in_list(fields["country"], countries(), "country", "a country")
        if fields["country"] == "GB":
            raise ValidationError({"country": "A place in the UK is listed with the UK places"})
    if kind == ListKind.EXPLOITER and not fields.get("location_known"):
        if fields.get("in_uk") is not None or fields.get("location"):
            raise ValidationError({"location": "Say where they are only when it is known"})
    entry = NrmListEntry(case=case, kind=kind, **fields)
    entry.full_clean()
    entry.save()
    event(case, acting_user, "nrm_list.add", f"{ListKind(kind).label} added to the referral questions")
    audit_record(actor=acting_user, action="nrm_list.add", kind=AuditAction.CREATE, target=case,
                 changes={"list": kind, "entry": entry.pk})
    return entry


@transaction.atomic
def nrm_entry_remove(*, entry: NrmListEntry, acting_user: User) -> None:
    """Remove an entry (from selectors.nrm_entry_get_on_case) from its list."""
    case = entry.case
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    kind, pk = entry.kind, entry.pk
    entry.delete()
    event(case, acting_user, "nrm_list.remove", f"{ListKind(kind).label} removed from the referral questions")
    audit_record(actor=acting_user, action="nrm_list.remove", kind=AuditAction.DELETE, target=case,
                 changes={"list": kind, "entry": pk})
