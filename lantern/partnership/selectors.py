from typing import Any

from asgiref.local import Local
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import users_with_capability
from lantern.partnership.models import Area, Board, Partnership

# The partnership row, read at most once per request (every page's header reads it, and
# some pages again for a setting such as the ICTG service). Kept only from the start to the
# end of one request, never across requests or outside one (background jobs read it afresh),
# and forgotten as soon as the row is saved.
_request = Local()


def _request_began(**kwargs: Any) -> None:
    _request.partnership = None
    _request.active = True


def _request_ended(**kwargs: Any) -> None:
    _request.partnership = None
    _request.active = False


def _partnership_changed(**kwargs: Any) -> None:
    _request.partnership = None


request_started.connect(_request_began, dispatch_uid="partnership-per-request-began")
request_finished.connect(_request_ended, dispatch_uid="partnership-per-request-ended")
post_save.connect(_partnership_changed, sender=Partnership, dispatch_uid="partnership-per-request-saved")
post_delete.connect(_partnership_changed, sender=Partnership, dispatch_uid="partnership-per-request-deleted")


def partnership_get() -> Partnership:
    """The configured partnership, or an unsaved placeholder carrying the fallback name.

    Read once per request (see above); outside a request, read every time.
    """
    in_request = getattr(_request, "active", False)
    cached = getattr(_request, "partnership", None) if in_request else None
    if cached is not None:
        return cached
    partnership = Partnership.objects.first()
    if partnership is None:
        partnership = Partnership(name=settings.LANTERN_PARTNERSHIP_FALLBACK_NAME)
    if in_request:
        _request.partnership = partnership
    return partnership


def areas_active() -> QuerySet[Area]:
    """The partnership's wards and areas in use, by name (the choices wherever a record takes an area)."""
    return Area.objects.filter(is_active=True).order_by("name")


def boards_with_parents() -> list[Board]:
    return list(Board.objects.select_related("parent").order_by("parent__name", "name"))


def on_board_seeing_childrens_cases(user: Any) -> bool:
    """Whether ``user`` sits on an active board whose members see children's cases (the Child Exploitation Board)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Board.objects.filter(is_active=True, sees_childrens_cases=True, members=user).exists()


def childrens_services_lead_candidates() -> QuerySet[Any]:
    """Who may be the partnership's children's services lead: active case workers of a children's services agency."""
    return users_with_capability(Capability.WORK_CASES).filter(agency__is_childrens_services=True)


def childrens_services_team() -> list[Any]:
    """Who joins every child or age-uncertain case: the configured lead if they still qualify,
    otherwise every active case worker of a children's services agency."""
    partnership = Partnership.objects.select_related("childrens_services_lead").first()
    candidates = childrens_services_lead_candidates()
    lead = partnership.childrens_services_lead if partnership is not None else None
    if lead is not None and candidates.filter(pk=lead.pk).exists():
        return [lead]
    return list(candidates)


def ictg_available() -> bool:
    """Whether the partnership's area has an Independent Child Trafficking Guardian service."""
    return bool(partnership_get().ictg_available)
