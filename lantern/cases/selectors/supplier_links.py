"""How many concerns and cases name a council supplier: counts for the supplier's page, never records.

Registered with lantern.supply_chain.links in the cases app's ready(). A procurement officer
or the programme manager learns that concerns exist and when the latest was; nothing that
leads to a person (no reference, no name, no date of an individual event beyond the latest).
"""

from typing import Any

from django.db.models import Count, Max

from lantern.accounts.capabilities import Capability
from lantern.cases.models import Case, Concern, ConcernStatus
from lantern.supply_chain.links import LinkCount


def _allowed(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_SUPPLY_CHAIN))


def concerns_naming_supplier(supplier_id: int, user: Any) -> LinkCount | None:
    if not _allowed(user):
        return None
    found = (Concern.objects.filter(business_supplier_id=supplier_id).exclude(status=ConcernStatus.DRAFT)
             .aggregate(count=Count("pk"), latest=Max("submitted_at")))
    latest = found["latest"]
    return LinkCount("concerns", found["count"], latest.date() if latest else None)


def cases_naming_supplier(supplier_id: int, user: Any) -> LinkCount | None:
    if not _allowed(user):
        return None
    found = Case.objects.filter(business_supplier_id=supplier_id).aggregate(count=Count("pk"), latest=Max("opened_on"))
    return LinkCount("cases", found["count"], found["latest"])
