"""The case team: who works the case."""

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import selectors
from lantern.cases.models import Case, CaseMember
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import event


@transaction.atomic
def case_add_member(*, case: Case, acting_user: User, user: User, role_in_case: str = "") -> CaseMember:
    ensure_can_work_case(acting_user, case)
    if not selectors.case_team_candidates().filter(pk=user.pk).exists():
        raise ValidationError({"user": "Only active case workers can join a case team"})
    member, created = CaseMember.objects.get_or_create(case=case, user=user, defaults={"role_in_case": role_in_case})
    if created:
        event(case, acting_user, "team.add", f"{user.full_name} ({user.agency}) joined the case team")
        audit_record(actor=acting_user, action="case.add_member", kind=AuditAction.UPDATE, target=case,
                     changes={"member": user.pk})
    return member


@transaction.atomic
def case_remove_member(*, case: Case, acting_user: User, user: User) -> None:
    ensure_can_work_case(acting_user, case)
    if user.pk == case.lead_worker_id:
        raise ValidationError("The lead worker cannot leave the team: choose a new lead worker first.")
    CaseMember.objects.filter(case=case, user=user).delete()
    event(case, acting_user, "team.remove", f"{user.full_name} left the case team")
    audit_record(actor=acting_user, action="case.remove_member", kind=AuditAction.UPDATE, target=case,
                 changes={"member": user.pk})
