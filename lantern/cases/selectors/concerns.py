"""Concerns: the drafts and accounts of those who raised them, and the triage queue."""

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from lantern.cases import rules
from lantern.cases.models import Case, Concern, ConcernStatus
from lantern.cases.selectors.access import concerns_visible_to
from lantern.core.access import not_found
from lantern.core.reference import ExploitationType, indicators


def concerns_of_case(case: Case) -> QuerySet[Concern]:
    """The concerns a case was opened from or linked to, oldest first: the first responders' accounts.

    ``case`` must come from case_get_for_user (access already checked).
    """
    return (Concern.objects.filter(case=case).select_related("raised_by", "raised_by_agency", "area")
            .order_by("submitted_at", "id"))


@dataclass
class FirstResponderAccount:
    """A concern on a case as its team reads it: what was seen, where and when, and the signs ticked."""

    concern: Concern
    signs: list[str]
    exploitation: list[str]


def first_responder_accounts(case: Case) -> list[FirstResponderAccount]:
    """The accounts of the concerns ``case`` came from (access already checked, as for concerns_of_case)."""
    return [FirstResponderAccount(
        concern=concern,
        signs=[indicators.indicator_set(concern.indicator_set_version).label(code) for code in concern.indicators],
        exploitation=[ExploitationType(t).label for t in concern.exploitation_types if t in ExploitationType.values],
    ) for concern in concerns_of_case(case)]


def concern_drafts_of(user: Any) -> QuerySet[Concern]:
    return Concern.objects.filter(raised_by=user, status=ConcernStatus.DRAFT).order_by("-updated_at")


def concerns_raised_by(user: Any) -> QuerySet[Concern]:
    return Concern.objects.filter(raised_by=user).select_related("area").order_by("-created_at")


def child_concern_q() -> Q:
    """Concerns about a child or someone whose age is not known: rules.is_child_concern, as a filter."""
    return Q(age_uncertain=True) | Q(approximate_age__isnull=True) | Q(approximate_age__lt=rules.ADULT_AGE)


def concerns_waiting_for_triage(user: Any) -> QuerySet[Concern]:
    """Submitted concerns the user may triage: those in immediate danger first, then children's, then the
    longest waiting. Each carries ``is_child_concern``: a child's concern is never shown as routine."""
    return (concerns_visible_to(user).filter(status=ConcernStatus.SUBMITTED)
            .select_related("raised_by_agency", "area")
            .annotate(is_child_concern=ExpressionWrapper(child_concern_q(), output_field=BooleanField()))
            .order_by(F("immediate_danger").desc(nulls_last=True), F("is_child_concern").desc(), "submitted_at"))


def concern_get_own_draft(*, user: Any, reference: str) -> Concern:
    """A draft concern, for the person who is writing it (404 for anyone else, or once submitted)."""
    concern = concern_get_for_user(user=user, reference=reference)
    if concern.raised_by_id != user.pk or concern.status != ConcernStatus.DRAFT:
        raise not_found()
    return concern


def concern_missing_answers(concern: Concern) -> list[str]:
    """What the raiser still has to answer before the concern can be submitted."""
    missing = []
    if concern.immediate_danger is None:
        missing.append("whether anyone is in immediate danger")
    if not concern.what_seen.strip():
        missing.append("what you saw or were told")
    if not concern.person_name.strip() and not concern.person_description.strip():
        missing.append("a name or a description of the person")
    if concern.approximate_age is None and not concern.age_uncertain:
        missing.append("their approximate age, or that it is not known")
    return missing


def concern_get_for_user(*, user: Any, reference: str) -> Concern:
    concern = concerns_visible_to(user).select_related("raised_by", "raised_by_agency", "area", "case").filter(
        reference=reference.upper()
    ).first()
    if concern is None:
        raise not_found()
    return concern
