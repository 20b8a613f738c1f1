"""Reading the campaign register: only for MANAGE_TRAINING; anything else is 404 (missing or forbidden)."""

import datetime
from typing import Any

from django.db.models import QuerySet, Sum

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found
from lantern.training.models import Campaign, CampaignMaterial, Channel, ReachMeasure


def may_manage_campaigns(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_TRAINING))


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    if not may_manage_campaigns(user):
        return Campaign.objects.none()
    return Campaign.objects.prefetch_related("partner_agencies")


def campaign_get_for_user(*, user: Any, reference: str) -> Campaign:
    campaign = campaigns_visible_to(user).filter(reference=(reference or "").strip().upper()).first()
    if campaign is None:
        raise not_found()
    return campaign


def material_get_for_user(*, user: Any, campaign: Campaign, material_id: int) -> CampaignMaterial:
    material = CampaignMaterial.objects.filter(campaign=campaign, pk=material_id).first()
    if material is None or not may_manage_campaigns(user):
        raise not_found()
    return material


def campaigns_overlapping(start: datetime.date, end: datetime.date) -> QuerySet[Campaign]:
    """Campaigns running on any day from ``start`` to ``end`` (both included)."""
    return Campaign.objects.filter(starts_on__lte=end, ends_on__gte=start).order_by("starts_on", "pk")


def reach_totals(campaign: Campaign) -> list[dict[str, Any]]:
    """The campaign's reach added up by channel and measure, in the lists' order."""
    rows = campaign.reach.order_by().values("channel", "measure").annotate(total=Sum("count"))
    channels, measures = dict(Channel.choices), dict(ReachMeasure.choices)
    order = {c: i for i, c in enumerate(Channel.values)}
    return sorted(({"channel": channels.get(r["channel"], r["channel"]), "channel_code": r["channel"],
                    "measure": measures.get(r["measure"], r["measure"]), "measure_code": r["measure"],
                    "total": r["total"]} for r in rows),
                  key=lambda r: (order.get(r["channel_code"], 99), r["measure"]))


def reach_total(campaign: Campaign) -> int:
    return int(campaign.reach.aggregate(n=Sum("count"))["n"] or 0)
