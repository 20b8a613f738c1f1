"""Reads of the audit trail: for the data protection officer only."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lantern.audit.capabilities import VIEW_AUDIT
from lantern.audit.models import AuditEntry
from lantern.core.access import not_found, require_capability


def audit_entry_get(*, acting_user: object, sequence: int) -> AuditEntry:
    """One entry of the trail, for those who may read it (403 for others; 404 if there is none)."""
    require_capability(acting_user, VIEW_AUDIT)
    entry = AuditEntry.objects.filter(sequence=sequence).select_related("actor").first()
    if entry is None:
        raise not_found()
    return entry


def audit_entries_search(
    *,
    acting_user: object,
    actor_id: int | None = None,
    target_type: str = "",
    target_id: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    require_capability(acting_user, VIEW_AUDIT)
    qs = AuditEntry.objects.all()
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if action:
        qs = qs.filter(action__startswith=action)
    # Whole local days, as ranges so the occurred_at index is used.
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(occurred_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz))
    if date_to:
        next_day = date_to + datetime.timedelta(days=1)
        qs = qs.filter(occurred_at__lt=datetime.datetime.combine(next_day, datetime.time.min, tzinfo=tz))
    return qs.order_by("-sequence")


def audit_target_types() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("target_type", flat=True).distinct())
