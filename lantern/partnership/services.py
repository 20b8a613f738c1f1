"""Writes to the partnership's configuration. Each is audited."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.core.access import require_capability
from lantern.partnership.models import Area, Board, Partnership
from lantern.partnership.selectors import childrens_services_lead_candidates


@transaction.atomic
def partnership_update(*, acting_user: Any, **fields: Any) -> Partnership:
    require_capability(acting_user, Capability.CONFIGURE_PARTNERSHIP)
    partnership = Partnership.objects.select_for_update().first() or Partnership()
    lead = fields.get("childrens_services_lead")
    if lead is not None and not childrens_services_lead_candidates().filter(pk=lead.pk).exists():
        raise ValidationError({"childrens_services_lead": "Choose an active case worker from a children's services agency"})
    before = {name: getattr(partnership, getattr(Partnership._meta.get_field(name), "attname", name)) for name in fields}
    for name, value in fields.items():
        setattr(partnership, name, value)
    partnership.full_clean()
    partnership.save()
    audit_record(
        actor=acting_user, action="partnership.update", kind=AuditAction.UPDATE, target=partnership,
        changes=describe_changes(instance=partnership, fields=fields.keys(), before=before),
    )
    return partnership


@transaction.atomic
def partnership_record_save(
    *, acting_user: Any, instance: Area | Board, fields: dict[str, Any]
) -> Area | Board:
    """Create or update an area or a board."""
    require_capability(acting_user, Capability.CONFIGURE_PARTNERSHIP)
    creating = instance.pk is None
    fields = dict(fields)
    members = fields.pop("members", None)  # a board's members: a many-to-many, set once the board is saved
    stored = None if creating else type(instance)._default_manager.get(pk=instance.pk)
    before = {name: getattr(stored, name, None) for name in fields}
    members_before = set() if creating or members is None else set(instance.members.values_list("pk", flat=True))  # type: ignore[union-attr]
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    changes = describe_changes(instance=instance, fields=fields.keys(), before=None if creating else before)
    if members is not None and isinstance(instance, Board):
        instance.members.set(members)
        members_after = {user.pk for user in members}
        if members_after != members_before:
            changes = {**(changes or {}), "members": sorted(members_after)}
    noun = instance._meta.model_name
    audit_record(
        actor=acting_user,
        action=f"{noun}.{'create' if creating else 'update'}",
        kind=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=instance,
        changes=changes,
    )
    return instance
