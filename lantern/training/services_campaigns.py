"""Writes of the campaign register: campaigns, their reach figures and their materials.

Each runs in a transaction, takes the acting user (who needs MANAGE_TRAINING) and writes its audit
entry in the same transaction.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core import files
from lantern.core.references import save_with_reference
from lantern.training.models import Campaign, CampaignMaterial, CampaignReach, Channel, ReachMeasure

CAMPAIGN_PREFIX = "AC"  # awareness campaign: AC-7K3Q-9XC
EDITABLE = ("title", "aim", "audience", "channels", "starts_on", "ends_on")


def ensure_can_manage_campaigns(user: Any) -> None:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.MANAGE_TRAINING):
        raise PermissionDenied


def _check(*, channels: Iterable[str], starts_on: datetime.date, ends_on: datetime.date) -> list[str]:
    chosen = list(dict.fromkeys(channels))
    if not chosen:
        raise ValidationError({"channels": "Select at least one channel"})
    unknown = [c for c in chosen if c not in Channel.values]
    if unknown:
        raise ValidationError({"channels": "Select channels from the list"})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be the same as or after the start date"})
    return [c for c in Channel.values if c in chosen]  # in the list's order


@transaction.atomic
def campaign_create(*, acting_user: Any, title: str, aim: str, audience: str, channels: Iterable[str],
                    starts_on: datetime.date, ends_on: datetime.date,
                    partner_agencies: Iterable[Agency] = ()) -> Campaign:
    ensure_can_manage_campaigns(acting_user)
    campaign = Campaign(title=title, aim=aim, audience=audience,
                        channels=_check(channels=channels, starts_on=starts_on, ends_on=ends_on),
                        starts_on=starts_on, ends_on=ends_on, created_by=acting_user)
    campaign.full_clean(exclude=["reference"])
    save_with_reference(campaign, prefix=CAMPAIGN_PREFIX)
    agencies = list(partner_agencies)
    campaign.partner_agencies.set(agencies)
    audit_record(actor=acting_user, action="campaign.create", kind=AuditAction.CREATE, target=campaign,
                 changes={"title": title, "channels": campaign.channels, "starts_on": str(starts_on),
                          "ends_on": str(ends_on), "partner_agencies": sorted(a.pk for a in agencies)})
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, acting_user: Any, partner_agencies: Iterable[Agency] | None = None,
                    **fields: Any) -> Campaign:
    ensure_can_manage_campaigns(acting_user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))}.")
    starts = fields.get("starts_on", campaign.starts_on)
    ends = fields.get("ends_on", campaign.ends_on)
    if "channels" in fields or "starts_on" in fields or "ends_on" in fields:
        fields["channels"] = _check(channels=fields.get("channels", campaign.channels), starts_on=starts, ends_on=ends)
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if getattr(campaign, name) != value:
            changes[name] = str(value) if isinstance(value, datetime.date) else value
            setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    if partner_agencies is not None:
        new = sorted(a.pk for a in partner_agencies)
        if new != sorted(campaign.partner_agencies.values_list("pk", flat=True)):
            campaign.partner_agencies.set(new)
            changes["partner_agencies"] = new
    audit_record(actor=acting_user, action="campaign.update", kind=AuditAction.UPDATE, target=campaign,
                 changes=changes)
    return campaign


@transaction.atomic
def campaign_reach_add(*, campaign: Campaign, acting_user: Any, channel: str, measure: str, count: int,
                       recorded_on: datetime.date, note: str = "") -> CampaignReach:
    ensure_can_manage_campaigns(acting_user)
    if channel not in Channel.values:
        raise ValidationError({"channel": "Select a channel from the list"})
    if measure not in ReachMeasure.values:
        raise ValidationError({"measure": "Select what was counted"})
    if count < 0:
        raise ValidationError({"count": "The number must be 0 or more"})
    reach = CampaignReach(campaign=campaign, channel=channel, measure=measure, count=count, recorded_on=recorded_on,
                          note=note, created_by=acting_user)
    reach.full_clean()
    reach.save()
    audit_record(actor=acting_user, action="campaign.reach_add", kind=AuditAction.CREATE, target=campaign,
                 changes={"reach": reach.pk, "channel": channel, "measure": measure, "count": count,
                          "recorded_on": str(recorded_on)})
    return reach


def campaign_material_add(*, campaign: Campaign, acting_user: Any, upload: Any, title: str, language: str = "English",
                          version: str = "1") -> CampaignMaterial:
    """Check, scan and store a material encrypted (lantern.core.files), then record it."""
    ensure_can_manage_campaigns(acting_user)
    if CampaignMaterial.objects.filter(campaign=campaign, title=title, language=language, version=version).exists():
        raise ValidationError({"version": "This campaign already has this version of this material in this language"})
    try:
        checked = files.check_upload(upload)
        result = files.scan_or_refuse(checked.content)
    except files.InfectedFile as exc:
        audit_record(actor=acting_user, action="campaign.material_refused", kind=AuditAction.SECURITY,
                     target=campaign, changes={"reason": "virus scanner"})
        raise ValidationError({"file": exc.messages}) from exc
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    stored = files.store(checked, scan_result=result, folder=f"training/campaigns/{campaign.pk}")
    with transaction.atomic():
        material = CampaignMaterial.objects.create(campaign=campaign, title=title, language=language, version=version,
                                                   uploaded_by=acting_user, **stored)
        audit_record(actor=acting_user, action="campaign.material_add", kind=AuditAction.CREATE, target=campaign,
                     changes={"material": material.pk, "language": language, "version": version,
                              "size": material.size})
    return material
