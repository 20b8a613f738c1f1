"""Every write to the pledge register: a request from the public form, the programme manager's
decision, follow-up and withdrawal. Each runs in a transaction, locks the row it moves, and writes
its audit entry in the same transaction; emails go after the commit (``notify_on_commit``).

The audit trail names the signatory by reference only: never the signatory's name or the contact
details, nor the organisation (a sole trader's business may carry a person's name, and an organisation
that was declined or asked not to be listed never agreed to be named).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.accounts.selectors import users_with_capability
from lantern.accounts.services import notification_send
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.notify import notify_on_commit
from lantern.core.references import save_with_reference
from lantern.governance import pledge_workflow, tasks_pledge
from lantern.governance.models import (
    FollowUpKind,
    PledgeCommitment,
    PledgeFollowUp,
    PledgeSector,
    PledgeSignatory,
    PledgeSource,
    PledgeStatus,
)
from lantern.governance.models.pledge import REFERENCE_PREFIX
from lantern.governance.selectors_pledge import can_manage_pledge

PUBLIC_FORM_ACTOR = "public pledge form"


def ensure_can_manage(user: Any) -> None:
    if not can_manage_pledge(user):
        raise PermissionDenied


def _ordered_commitments(keys: list[str]) -> list[str]:
    unknown = set(keys) - set(PledgeCommitment.values)
    if unknown:
        raise ValidationError({"commitments": "Choose commitments from the pledge's list"})
    if not keys:
        raise ValidationError({"commitments": "Select at least one of the pledge's commitments"})
    return [key for key in PledgeCommitment.values if key in keys]


def _check_date(value: datetime.date, *, field: str, not_before: datetime.date | None = None,
                what: str = "The date") -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})
    if not_before is not None and value < not_before:
        raise ValidationError({field: f"{what} must be on or after {not_before:%-d %B %Y}"})


@transaction.atomic
def pledge_request_submit(*, organisation: str, sector: str, signatory_name: str, signatory_role: str,
                          contact_email: str, contact_phone: str = "", commitments: list[str],
                          listed_publicly: bool, acting_user: User | None = None) -> PledgeSignatory:
    """An organisation asks to sign (from the public form, with no account; or a member of staff
    records a request given another way). The programme managers are told, by reference only."""
    if sector not in PledgeSector.values:
        raise ValidationError({"sector": "Select the kind of organisation"})
    from_staff = acting_user is not None and getattr(acting_user, "is_authenticated", False)
    if from_staff:
        ensure_can_manage(acting_user)
    signatory = PledgeSignatory(
        organisation=organisation.strip(), sector=sector, signatory_name=signatory_name.strip(),
        signatory_role=signatory_role.strip(), contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(), commitments=_ordered_commitments(list(commitments)),
        listed_publicly=listed_publicly, status=PledgeStatus.REQUESTED,
        source=PledgeSource.STAFF if from_staff else PledgeSource.PUBLIC_FORM,
        created_by=acting_user if from_staff else None,
    )
    signatory.full_clean(exclude=["reference"])
    save_with_reference(signatory, prefix=REFERENCE_PREFIX)
    audit_record(actor=acting_user, actor_label=PUBLIC_FORM_ACTOR, action="pledge.request",
                 kind=AuditAction.CREATE, target=signatory, target_label=signatory.reference,
                 changes={"sector": sector, "commitments": signatory.commitments,
                          "listed_publicly": listed_publicly, "source": signatory.source})
    notification_send(
        users=users_with_capability(Capability.MANAGE_PLEDGE), kind="governance.pledge_requested",
        message=f"A request to sign the Slavery Free Pledge is waiting for a decision ({signatory.reference})",
        reference=signatory.reference, link=reverse("governance:pledge-detail", args=[signatory.reference]))
    return signatory


def _locked(signatory: PledgeSignatory) -> PledgeSignatory:
    return PledgeSignatory.objects.select_for_update().get(pk=signatory.pk)


@transaction.atomic
def pledge_approve(*, signatory: PledgeSignatory, acting_user: User,
                   signed_on: datetime.date | None = None) -> PledgeSignatory:
    """The programme manager accepts a request: the organisation has signed, on ``signed_on`` (today
    by default). Its contact is emailed to say so."""
    ensure_can_manage(acting_user)
    signatory = _locked(signatory)
    pledge_workflow.advance(signatory, to=PledgeStatus.APPROVED)
    signed_on = signed_on or timezone.localdate()
    _check_date(signed_on, field="signed_on", not_before=timezone.localdate(signatory.created_at),
                what="The date signed")
    signatory.signed_on = signed_on
    signatory.decided_at = timezone.now()
    signatory.decided_by = acting_user
    signatory.save(update_fields=["status", "signed_on", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=acting_user, action="pledge.approve", kind=AuditAction.UPDATE, target=signatory,
                 target_label=signatory.reference,
                 changes={"status": [PledgeStatus.REQUESTED, PledgeStatus.APPROVED],
                          "signed_on": signed_on.isoformat()})
    notify_on_commit(tasks_pledge.send_pledge_approved, signatory.pk)
    return signatory


@transaction.atomic
def pledge_decline(*, signatory: PledgeSignatory, acting_user: User, reason: str) -> PledgeSignatory:
    """The programme manager turns a request down, saying why (kept for the register, not emailed)."""
    ensure_can_manage(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the request is declined"})
    signatory = _locked(signatory)
    pledge_workflow.advance(signatory, to=PledgeStatus.DECLINED)
    signatory.decline_reason = reason.strip()
    signatory.decided_at = timezone.now()
    signatory.decided_by = acting_user
    signatory.save(update_fields=["status", "decline_reason", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=acting_user, action="pledge.decline", kind=AuditAction.UPDATE, target=signatory,
                 target_label=signatory.reference,
                 changes={"status": [PledgeStatus.REQUESTED, PledgeStatus.DECLINED], "reason": True})
    return signatory


@transaction.atomic
def pledge_withdraw(*, signatory: PledgeSignatory, acting_user: User, reason: str,
                    withdrawn_on: datetime.date | None = None) -> PledgeSignatory:
    """A signatory leaves the pledge (it asked to, or the partnership withdrew it). It leaves the public
    page at once; its record and follow-up stay in the register."""
    ensure_can_manage(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the signatory is withdrawn"})
    signatory = _locked(signatory)
    pledge_workflow.advance(signatory, to=PledgeStatus.WITHDRAWN)
    withdrawn_on = withdrawn_on or timezone.localdate()
    _check_date(withdrawn_on, field="withdrawn_on", not_before=signatory.signed_on, what="The date withdrawn")
    signatory.withdrawn_on = withdrawn_on
    signatory.withdrawal_reason = reason.strip()
    signatory.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "updated_at"])
    audit_record(actor=acting_user, action="pledge.withdraw", kind=AuditAction.UPDATE, target=signatory,
                 target_label=signatory.reference,
                 changes={"status": [PledgeStatus.APPROVED, PledgeStatus.WITHDRAWN],
                          "withdrawn_on": withdrawn_on.isoformat(), "reason": True})
    return signatory


@transaction.atomic
def pledge_follow_up_record(*, signatory: PledgeSignatory, acting_user: User, kind: str,
                            happened_on: datetime.date, link: str = "", note: str = "") -> PledgeFollowUp:
    """What a signatory did after signing. A published statement (with its link) and training done
    also update the signatory's current record of them."""
    ensure_can_manage(acting_user)
    signatory = _locked(signatory)
    if signatory.status != PledgeStatus.APPROVED:
        raise ValidationError("Follow-up can be recorded only for an organisation that has signed.")
    if kind not in FollowUpKind.values:
        raise ValidationError({"kind": "Select what the signatory did"})
    if kind == FollowUpKind.STATEMENT and not link.strip():
        raise ValidationError({"link": "Enter the web address of the published statement"})
    if kind == FollowUpKind.NOTE and not note.strip():
        raise ValidationError({"note": "Enter what the signatory did"})
    _check_date(happened_on, field="happened_on", what="The date")
    follow_up = PledgeFollowUp(signatory=signatory, kind=kind, happened_on=happened_on, link=link.strip(),
                               note=note.strip(), created_by=acting_user)
    follow_up.full_clean()
    follow_up.save()
    changed = []
    if kind == FollowUpKind.STATEMENT and (signatory.statement_published_on or datetime.date.min) <= happened_on:
        signatory.statement_url, signatory.statement_published_on = follow_up.link, happened_on
        changed = ["statement_url", "statement_published_on"]
    elif kind == FollowUpKind.TRAINING and (signatory.training_done_on or datetime.date.min) <= happened_on:
        signatory.training_done_on = happened_on
        changed = ["training_done_on"]
    if changed:
        signatory.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=acting_user, action="pledge.follow_up", kind=AuditAction.CREATE, target=signatory,
                 target_label=signatory.reference,
                 changes={"kind": kind, "happened_on": happened_on.isoformat(), "link": follow_up.link,
                          "note": bool(follow_up.note)})
    return follow_up
