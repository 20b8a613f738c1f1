"""Reads of the pledge register: the staff register (governance viewers), the contact details
(the programme manager only) and the public list (approved signatories who agreed to be listed)."""

from typing import Any

from django.db.models import QuerySet

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found
from lantern.governance.models import PledgeSignatory, PledgeStatus


def can_view_register(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_GOVERNANCE))


def can_manage_pledge(user: Any) -> bool:
    """Decide requests, record follow-up, withdraw, and see the signatories' names and contact details."""
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_PLEDGE))


def signatories_visible_to(user: Any) -> QuerySet[PledgeSignatory]:
    if not (can_view_register(user) or can_manage_pledge(user)):
        return PledgeSignatory.objects.none()
    return PledgeSignatory.objects.all()


def signatories_filtered(user: Any, *, status: str = "", sector: str = "") -> QuerySet[PledgeSignatory]:
    qs = signatories_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


def signatory_get_for_user(*, user: Any, reference: str) -> PledgeSignatory:
    """The signatory with this reference, if the user may see the register (404 otherwise)."""
    found = signatories_visible_to(user).filter(reference=str(reference).strip().upper()).first()
    if found is None:
        raise not_found()
    return found


def signatories_public() -> QuerySet[PledgeSignatory]:
    """Who the public page lists: signed (not withdrawn) and agreed to be listed. Callers show only
    ``PUBLISHED_FIELDS``; ``only()`` keeps the rest from even being read."""
    return (PledgeSignatory.objects.filter(status=PledgeStatus.APPROVED, listed_publicly=True)
            .only("pk", "organisation", "sector", "signed_on", "commitments").order_by("organisation", "pk"))


def register_counts(user: Any) -> dict[str, int]:
    qs = signatories_visible_to(user)
    return {status: qs.filter(status=status).count() for status in PledgeStatus.values}
