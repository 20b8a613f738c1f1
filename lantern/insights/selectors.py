"""Reading insight: the dashboard's readings and the open-data releases.

Everything here is aggregate and already suppressed; who may read it is decided by capability
(``VIEW_AGGREGATES``: programme manager, SHOP coordinator, board viewers). A release the user may
not see, or that does not exist, is a 404. The latest approved release is public.
"""

from typing import Any

from django.db.models import QuerySet

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found, require_capability
from lantern.core.kpis import kpis_for
from lantern.core.periods import Period
from lantern.insights.figures import Reading, dashboard_rules, publish
from lantern.insights.models import Release, ReleaseStatus


def dashboard_readings(*, user: Any, period: Period, objective: str | None = None) -> list[Reading]:
    """Each registered KPI (of ``objective``, if given) for ``period`` and the period before, as
    everyone on the dashboard sees them: small numbers suppressed, not rounded."""
    require_capability(user, Capability.VIEW_AGGREGATES)
    rules = dashboard_rules()
    previous = period.previous()
    return [
        Reading(current=publish(kpi, kpi.compute(period), rules), previous=publish(kpi, kpi.compute(previous), rules),
                period=period)
        for kpi in kpis_for(objective)
    ]


def releases_visible_to(user: Any) -> QuerySet[Release]:
    require_capability(user, Capability.VIEW_AGGREGATES)
    return Release.objects.select_related("built_by", "approved_by", "job")


def release_get_for_user(*, user: Any, release_id: int) -> Release:
    try:
        return releases_visible_to(user).get(pk=release_id)
    except Release.DoesNotExist:
        raise not_found() from None


def release_published_latest() -> Release | None:
    """The release the public statistics page shows: the one approved most recently."""
    return Release.objects.filter(status=ReleaseStatus.APPROVED).order_by("-approved_at", "-pk").first()
