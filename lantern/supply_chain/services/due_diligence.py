"""Writes of due diligence: questionnaires and their link, the code of conduct, audits, findings,
corrective actions and the contract register. Each is audited in its own transaction.

A questionnaire's status moves only through ``questionnaire_workflow.advance`` and a corrective
action's through ``action_workflow.advance``, each under a row lock. The supplier acts through its
link, without an account: the audit trail names it "supplier (link of DQ-...)".
"""

import datetime
import json
import secrets
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import User
from lantern.accounts.services import notification_send
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.core import crypto, files
from lantern.core.notify import notify_on_commit
from lantern.core.references import save_with_reference
from lantern.supply_chain import action_workflow, questionnaire_workflow, questionnaires, tasks
from lantern.supply_chain.models import (
    ActionStatus,
    AuditFinding,
    CodeOfConductAcknowledgement,
    CodeOfConductVersion,
    Contract,
    CorrectiveAction,
    CorrectiveActionEvidence,
    CorrectiveActionUpdate,
    Questionnaire,
    QuestionnaireStatus,
    QuestionSetVersion,
    Supplier,
    SupplierAudit,
)
from lantern.supply_chain.selectors.due_diligence import ensure_can_manage, token_hash

S = QuestionnaireStatus
CODE_DIR = Path(__file__).resolve().parent.parent / "data" / "code_of_conduct"


# --- Shipped data, copied into the database on first use ---------------------------------------


def question_set_current(key: str = "") -> QuestionSetVersion:
    """The current question set (``questionnaires.CURRENT_KEY`` unless ``key`` names another), copied
    from its file the first time it is asked for."""
    key = key or questionnaires.CURRENT_KEY
    existing = QuestionSetVersion.objects.filter(key=key).first()
    if existing is not None:
        return existing
    data = questionnaires.load_file(key)
    version, _ = QuestionSetVersion.objects.get_or_create(key=key, defaults={"title": data["title"], "content": data})
    return version


def question_set_of(questionnaire: Questionnaire) -> questionnaires.QuestionSet:
    return questionnaires.parse(questionnaire.question_set.content)


def code_of_conduct_current() -> CodeOfConductVersion:
    """The newest version of the code of conduct shipped in ``data/code_of_conduct``, copied on first use."""
    versions = json.loads((CODE_DIR / "versions.json").read_text(encoding="utf-8"))
    newest = max(versions, key=lambda v: (v["published_on"], v["version"]))
    existing = CodeOfConductVersion.objects.filter(version=newest["version"]).first()
    if existing is not None:
        return existing
    version, _ = CodeOfConductVersion.objects.get_or_create(version=newest["version"], defaults={
        "title": newest["title"], "text": (CODE_DIR / newest["file"]).read_text(encoding="utf-8"),
        "published_on": datetime.date.fromisoformat(newest["published_on"])})
    return version


# --- Questionnaires: the officer's side --------------------------------------------------------


def _locked(questionnaire: Questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update().select_related("supplier", "question_set").get(
        pk=questionnaire.pk)


def _supplier_actor(questionnaire: Questionnaire) -> str:
    return f"supplier (link of {questionnaire.reference})"


@transaction.atomic
def questionnaire_create(*, supplier: Supplier, contact_name: str, contact_email: str, acting_user: User,
                         previous: Questionnaire | None = None) -> Questionnaire:
    """A draft questionnaire for ``supplier``: the next round, on the current question set."""
    ensure_can_manage(acting_user)
    Supplier.objects.select_for_update().get(pk=supplier.pk)  # one new round at a time per supplier
    if supplier.questionnaires.filter(status__in=[S.DRAFT, S.SENT, S.IN_PROGRESS]).exists():
        raise ValidationError("This supplier already has a questionnaire that is not finished: send, or withdraw, "
                              "that one first.", code="questionnaire_open")
    last_round = supplier.questionnaires.aggregate(last=Max("round"))["last"] or 0
    questionnaire = Questionnaire(
        supplier=supplier, question_set=question_set_current(), round=last_round + 1, status=S.DRAFT,
        contact_name=contact_name.strip(), contact_email=contact_email.strip(), created_by=acting_user)
    questionnaire.full_clean(exclude=["reference"], validate_constraints=False)
    save_with_reference(questionnaire, prefix="DQ")
    audit_record(actor=acting_user, action="questionnaire.create", kind=AuditAction.CREATE, target=questionnaire,
                 changes={"supplier": supplier.reference, "round": questionnaire.round,
                          "question_set": questionnaire.question_set.key,
                          "previous": previous.reference if previous else None,
                          **describe_changes(instance=questionnaire, fields=["contact_name", "contact_email"])})
    return questionnaire


def questionnaire_new_round(*, previous: Questionnaire, acting_user: User) -> Questionnaire:
    """Next year's questionnaire for the same supplier and contact (earlier rounds are kept)."""
    return questionnaire_create(supplier=previous.supplier, contact_name=previous.contact_name,
                                contact_email=previous.contact_email, acting_user=acting_user, previous=previous)


def _new_link(questionnaire: Questionnaire) -> tuple[str, datetime.datetime]:
    """A fresh token for the questionnaire's link (only its hash is kept), and when the link expires."""
    token = secrets.token_urlsafe(32)  # 256 bits
    expires = timezone.now() + datetime.timedelta(days=settings.LANTERN_SUPPLIER_LINK_DAYS)
    questionnaire.token_hash = token_hash(token)
    questionnaire.link_expires_at = expires
    questionnaire.link_revoked_at = None
    return token, expires


def _email_link(questionnaire: Questionnaire, token: str) -> None:
    # The token leaves this transaction only encrypted, and only once it has committed.
    notify_on_commit(tasks.send_questionnaire_link, questionnaire.pk, crypto.encrypt(token))


@transaction.atomic
def questionnaire_send(*, questionnaire: Questionnaire, acting_user: User) -> tuple[Questionnaire, str]:
    """Send a draft (or an expired questionnaire again) to the supplier's contact, with a new link.
    Returns the questionnaire and the link's token (which is emailed, never stored)."""
    ensure_can_manage(acting_user)
    questionnaire = _locked(questionnaire)
    before = questionnaire.status
    questionnaire_workflow.advance(questionnaire, to=S.SENT, by="questionnaire_send")
    token, expires = _new_link(questionnaire)
    questionnaire.sent_at = timezone.now()
    questionnaire.sent_by = acting_user
    questionnaire.save()
    audit_record(actor=acting_user, action="questionnaire.send", kind=AuditAction.UPDATE, target=questionnaire,
                 changes={"status": [before, questionnaire.status],
                          "link_expires_at": expires.isoformat()})
    _email_link(questionnaire, token)
    return questionnaire, token


@transaction.atomic
def questionnaire_link_renew(*, questionnaire: Questionnaire, acting_user: User) -> tuple[Questionnaire, str]:
    """A new link for a questionnaire already sent (the old link stops working), emailed again."""
    ensure_can_manage(acting_user)
    questionnaire = _locked(questionnaire)
    if questionnaire.status not in (S.SENT, S.IN_PROGRESS, S.SUBMITTED):
        raise ValidationError("Only a questionnaire that has been sent and not finished can have a new link.",
                              code="link_not_live")
    token, expires = _new_link(questionnaire)
    questionnaire.save(update_fields=["token_hash", "link_expires_at", "link_revoked_at", "updated_at"])
    audit_record(actor=acting_user, action="questionnaire.link_renew", kind=AuditAction.SECURITY,
                 target=questionnaire, changes={"link_expires_at": expires.isoformat()})
    _email_link(questionnaire, token)
    return questionnaire, token


@transaction.atomic
def questionnaire_link_revoke(*, questionnaire: Questionnaire, acting_user: User) -> Questionnaire:
    """Stop the link working at once (sent to the wrong person, or no longer wanted)."""
    ensure_can_manage(acting_user)
    questionnaire = _locked(questionnaire)
    if questionnaire.token_hash is None:
        raise ValidationError("This questionnaire has no working link.", code="no_link")
    questionnaire.token_hash = None
    questionnaire.link_revoked_at = timezone.now()
    questionnaire.save(update_fields=["token_hash", "link_revoked_at", "updated_at"])
    audit_record(actor=acting_user, action="questionnaire.link_revoke", kind=AuditAction.SECURITY,
                 target=questionnaire)
    return questionnaire


@transaction.atomic
def questionnaire_withdraw(*, questionnaire: Questionnaire, acting_user: User, reason: str) -> Questionnaire:
    ensure_can_manage(acting_user)
    questionnaire = _locked(questionnaire)
    before = questionnaire.status
    questionnaire_workflow.advance(questionnaire, to=S.WITHDRAWN, by="questionnaire_withdraw")
    questionnaire.token_hash = None
    questionnaire.withdrawn_reason = reason.strip()
    questionnaire.save()
    audit_record(actor=acting_user, action="questionnaire.withdraw", kind=AuditAction.UPDATE, target=questionnaire,
                 changes={"status": [before, questionnaire.status], "reason": questionnaire.withdrawn_reason})
    return questionnaire


@transaction.atomic
def questionnaire_expire(*, questionnaire: Questionnaire) -> Questionnaire:
    """A questionnaire sent but not submitted before its link expired (run by the daily task)."""
    questionnaire = _locked(questionnaire)
    before = questionnaire.status
    questionnaire_workflow.advance(questionnaire, to=S.EXPIRED, by="questionnaire_expire")
    questionnaire.token_hash = None
    questionnaire.save()
    audit_record(actor=None, action="questionnaire.expire", kind=AuditAction.UPDATE, target=questionnaire,
                 changes={"status": [before, questionnaire.status]})
    return questionnaire


def questionnaires_expire_due(now: datetime.datetime | None = None) -> int:
    """Expire every questionnaire whose link ran out before it was submitted. Returns how many."""
    now = now or timezone.now()
    due = Questionnaire.objects.filter(status__in=[S.SENT, S.IN_PROGRESS], link_expires_at__lte=now)
    count = 0
    for questionnaire in due.iterator():
        questionnaire_expire(questionnaire=questionnaire)
        count += 1
    return count


# --- Questionnaires: the supplier's side, through the link -------------------------------------


@transaction.atomic
def questionnaire_answers_save(*, questionnaire: Questionnaire, answers: dict[str, str]) -> Questionnaire:
    """Keep the supplier's answers so far (merged with those already saved); blank answers are left as
    they were. An answer that is not one of the question's options is refused, field by field."""
    questionnaire = _locked(questionnaire)
    if questionnaire.status not in (S.SENT, S.IN_PROGRESS):
        raise ValidationError("This questionnaire can no longer be changed.", code="questionnaire_closed")
    kept, errors = questionnaires.clean_answers(question_set_of(questionnaire), answers)
    if errors:
        raise ValidationError(errors)
    before = questionnaire.status
    if questionnaire.status == S.SENT:
        questionnaire_workflow.advance(questionnaire, to=S.IN_PROGRESS, by="questionnaire_answers_save")
    questionnaire.answers = {**questionnaire.answers, **kept}
    questionnaire.save(update_fields=["answers", "status", "updated_at"])
    audit_record(actor=None, actor_label=_supplier_actor(questionnaire), action="questionnaire.answers_save",
                 kind=AuditAction.UPDATE, target=questionnaire,
                 changes={"status": [before, questionnaire.status], "answered": len(questionnaire.answers)})
    return questionnaire


@transaction.atomic
def questionnaire_submit(*, questionnaire: Questionnaire, name: str, role: str) -> Questionnaire:
    """Submit every answer: score each theme and give the tailored recommendations."""
    questionnaire = _locked(questionnaire)
    question_set = question_set_of(questionnaire)
    missing = questionnaires.unanswered(question_set, questionnaire.answers)
    if missing and questionnaire.status in (S.SENT, S.IN_PROGRESS):
        raise ValidationError({question.key: "Select an answer" for question in missing}, code="unanswered")
    before = questionnaire.status
    questionnaire_workflow.advance(questionnaire, to=S.SUBMITTED, by="questionnaire_submit")
    scores = questionnaires.score(question_set, questionnaire.answers)
    questionnaire.scores = [asdict(s) for s in scores]
    questionnaire.recommendations = [asdict(r) for r in questionnaires.recommendations(question_set,
                                                                                       questionnaire.answers)]
    questionnaire.submitted_at = timezone.now()
    questionnaire.submitted_by_name = name.strip()
    questionnaire.submitted_by_role = role.strip()
    questionnaire.save()
    audit_record(actor=None, actor_label=_supplier_actor(questionnaire), action="questionnaire.submit",
                 kind=AuditAction.UPDATE, target=questionnaire,
                 changes={"status": [before, questionnaire.status],
                          "scores": {s.key: s.percent for s in scores},
                          "recommendations": len(questionnaire.recommendations)})
    return questionnaire


@transaction.atomic
def questionnaire_acknowledge(*, questionnaire: Questionnaire, name: str, role: str) -> Questionnaire:
    """The supplier acknowledges the recommendations: who, and when, are recorded."""
    questionnaire = _locked(questionnaire)
    before = questionnaire.status
    questionnaire_workflow.advance(questionnaire, to=S.ACKNOWLEDGED, by="questionnaire_acknowledge")
    questionnaire.acknowledged_at = timezone.now()
    questionnaire.acknowledged_by_name = name.strip()
    questionnaire.acknowledged_by_role = role.strip()
    questionnaire.save()
    audit_record(actor=None, actor_label=_supplier_actor(questionnaire), action="questionnaire.acknowledge",
                 kind=AuditAction.UPDATE, target=questionnaire, changes={"status": [before, questionnaire.status]})
    if questionnaire.sent_by is not None:
        notification_send(
            users=[questionnaire.sent_by], kind="supply_chain.questionnaire_acknowledged",
            reference=questionnaire.reference,
            message=f"{questionnaire.supplier.reference} acknowledged the recommendations of questionnaire "
                    f"{questionnaire.reference}",
            link=reverse("supply_chain:questionnaire-detail", args=[questionnaire.reference]))
    return questionnaire


# --- The code of conduct -----------------------------------------------------------------------


@transaction.atomic
def code_of_conduct_acknowledge(
    *, supplier: Supplier, version: CodeOfConductVersion, name: str, role: str = "",
    acknowledged_on: datetime.date | None = None, acting_user: User | None = None,
    questionnaire: Questionnaire | None = None,
) -> CodeOfConductAcknowledgement:
    """Record that someone at ``supplier`` acknowledged ``version`` of the code: recorded by an officer
    (``acting_user``), or given through the questionnaire link (``questionnaire``)."""
    if acting_user is not None:
        ensure_can_manage(acting_user)
    elif questionnaire is None or questionnaire.supplier_id != supplier.pk:
        raise ValueError("An acknowledgement is recorded by an officer or through the supplier's own link")
    Supplier.objects.select_for_update().get(pk=supplier.pk)
    if supplier.code_acknowledgements.filter(version=version).exists():
        raise ValidationError(f"{supplier.name} has already acknowledged version {version.version} of the code.",
                              code="already_acknowledged")
    ack = CodeOfConductAcknowledgement(
        supplier=supplier, version=version, acknowledged_by_name=name.strip(), acknowledged_by_role=role.strip(),
        acknowledged_on=acknowledged_on or timezone.localdate(),
        via=CodeOfConductAcknowledgement.Via.OFFICER if acting_user else CodeOfConductAcknowledgement.Via.LINK,
        recorded_by=acting_user, questionnaire=questionnaire if acting_user is None else None)
    if ack.acknowledged_on > timezone.localdate():
        raise ValidationError({"acknowledged_on": "The date must be today or in the past"})
    ack.save()
    audit_record(actor=acting_user, actor_label="" if acting_user else _supplier_actor(questionnaire),  # type: ignore[arg-type]
                 action="code_of_conduct.acknowledge", kind=AuditAction.CREATE, target=supplier,
                 changes={"version": version.version, "via": ack.via,
                          "acknowledged_on": ack.acknowledged_on.isoformat()})
    return ack


# --- Audits, findings and corrective actions ---------------------------------------------------


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date must be today or in the past"})


@transaction.atomic
def supplier_audit_create(*, supplier: Supplier, kind: str, carried_out_on: datetime.date, auditor: str,
                          scope: str, acting_user: User) -> SupplierAudit:
    ensure_can_manage(acting_user)
    _not_future(carried_out_on, "carried_out_on")
    audit = SupplierAudit(supplier=supplier, kind=kind, carried_out_on=carried_out_on, auditor=auditor.strip(),
                          scope=scope.strip(), created_by=acting_user)
    audit.full_clean(exclude=["reference"])
    save_with_reference(audit, prefix="AU")
    audit_record(actor=acting_user, action="supplier_audit.create", kind=AuditAction.CREATE, target=audit,
                 changes={"supplier": supplier.reference,
                          **describe_changes(instance=audit, fields=["kind", "carried_out_on", "auditor"])})
    return audit


@transaction.atomic
def audit_finding_add(*, audit: SupplierAudit, severity: str, description: str, acting_user: User) -> AuditFinding:
    ensure_can_manage(acting_user)
    finding = AuditFinding(audit=audit, severity=severity, description=description.strip(), created_by=acting_user)
    finding.full_clean()
    finding.save()
    audit_record(actor=acting_user, action="audit_finding.add", kind=AuditAction.CREATE, target=finding,
                 target_label=f"{audit.reference} finding {finding.pk}", changes={"severity": severity})
    return finding


@transaction.atomic
def corrective_action_add(*, finding: AuditFinding, action: str, owner: User, due_on: datetime.date,
                          acting_user: User) -> CorrectiveAction:
    ensure_can_manage(acting_user)
    if not owner.is_active or not owner.can("supply_chain.manage"):
        raise ValidationError({"owner": "The owner must be a procurement officer with an active account"})
    item = CorrectiveAction(finding=finding, action=action.strip(), owner=owner, due_on=due_on,
                            created_by=acting_user)
    item.full_clean()
    item.save()
    audit_record(actor=acting_user, action="corrective_action.add", kind=AuditAction.CREATE, target=item,
                 changes={"finding": finding.pk, "owner": owner.pk, "due_on": due_on.isoformat()})
    if owner.pk != acting_user.pk:
        notification_send(users=[owner], kind="supply_chain.action_assigned",
                          reference=finding.audit.reference,
                          message=f"You own a corrective action from audit {finding.audit.reference}, due "
                                  f"{due_on:%-d %B %Y}",
                          link=reverse("supply_chain:action-detail", args=[item.pk]))
    return item


@transaction.atomic
def corrective_action_update(*, action: CorrectiveAction, acting_user: User, status: str | None = None,
                             note: str = "") -> CorrectiveAction:
    """Move an action on (``status``, through ``action_workflow``) and/or add a note on its progress."""
    ensure_can_manage(acting_user)
    action = CorrectiveAction.objects.select_for_update().select_related("finding__audit").get(pk=action.pk)
    before = action.status
    if not status or status == before:
        if not note.strip():
            raise ValidationError({"note": "Enter a note, or choose a new status"})
        status = before
    else:
        action_workflow.advance(action, to=status)
        today = timezone.localdate()
        if status == ActionStatus.DONE:
            action.done_on = today
        elif status == ActionStatus.VERIFIED:
            action.verified_on = today
            action.verified_by = acting_user
        elif status == ActionStatus.IN_PROGRESS:
            action.done_on = None
        action.save()
    CorrectiveActionUpdate.objects.create(action=action, note=note.strip(), status_from=before, status_to=status,
                                          created_by=acting_user)
    audit_record(actor=acting_user, action="corrective_action.update", kind=AuditAction.UPDATE, target=action,
                 changes={"status": [before, status], "note": bool(note.strip())})
    return action


def corrective_action_evidence_add(*, action: CorrectiveAction, upload: Any, description: str,
                                   acting_user: User) -> CorrectiveActionEvidence:
    """A file of evidence on an action, checked, scanned and stored encrypted."""
    ensure_can_manage(acting_user)
    checked = files.check_upload(upload)
    try:
        result = files.scan_or_refuse(checked.content)
    except files.InfectedFile as exc:
        audit_record(actor=acting_user, action="corrective_action.evidence_refused", kind=AuditAction.SECURITY,
                     target=action, changes={"reason": "virus scanner"})
        raise ValidationError({"file": exc.messages}) from exc
    stored = files.store(checked, scan_result=result, folder=f"supply_chain/actions/{action.pk}")
    with transaction.atomic():
        evidence = CorrectiveActionEvidence.objects.create(action=action, description=description.strip(),
                                                           created_by=acting_user, **stored)
        audit_record(actor=acting_user, action="corrective_action.evidence_add", kind=AuditAction.CREATE,
                     target=action, changes={"evidence": evidence.pk, "size": evidence.size})
    return evidence


# --- Contracts ---------------------------------------------------------------------------------

CONTRACT_FIELDS = ["reference", "title", "supplier", "category", "value", "starts_on", "ends_on",
                   "modern_slavery_clauses"]


def _contract_checked(contract: Contract) -> None:
    if contract.starts_on and contract.ends_on and contract.ends_on < contract.starts_on:
        raise ValidationError({"ends_on": "The end date must be the same as or after the start date"})
    if contract.value is not None and Decimal(contract.value) < 0:
        raise ValidationError({"value": "The value must be £0 or more"})
    contract.full_clean()


@transaction.atomic
def contract_create(*, acting_user: User, **fields: Any) -> Contract:
    ensure_can_manage(acting_user)
    contract = Contract(created_by=acting_user, **{k: fields[k] for k in CONTRACT_FIELDS if k in fields})
    _contract_checked(contract)
    contract.save()
    audit_record(actor=acting_user, action="contract.create", kind=AuditAction.CREATE, target=contract,
                 changes=describe_changes(instance=contract, fields=CONTRACT_FIELDS))
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, acting_user: User, **fields: Any) -> Contract:
    ensure_can_manage(acting_user)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    before = {name: getattr(contract, "supplier_id" if name == "supplier" else name) for name in CONTRACT_FIELDS}
    for name in CONTRACT_FIELDS:
        if name in fields:
            setattr(contract, name, fields[name])
    _contract_checked(contract)
    contract.save()
    audit_record(actor=acting_user, action="contract.update", kind=AuditAction.UPDATE, target=contract,
                 changes=describe_changes(instance=contract, fields=CONTRACT_FIELDS, before=before))
    return contract


@transaction.atomic
def contract_delete(*, contract: Contract, acting_user: User) -> None:
    ensure_can_manage(acting_user)
    label = str(contract)
    audit_record(actor=acting_user, action="contract.delete", kind=AuditAction.DELETE, target=contract,
                 target_label=label)
    contract.delete()
