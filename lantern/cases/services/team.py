"""The case team: who works the case."""

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import notifications, selectors
from lantern.cases.models import Case, CaseMember
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import event
from lantern.partnership import selectors as partnership_selectors


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
        notifications.tell_team_members_added(case=case, users=[user], acting_user=acting_user)
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


def case_add_childrens_services(*, case: Case, acting_user: User) -> list[User]:
    """Put the partnership's children's services lead (or, with no lead set, its children's services
    case workers) on the team of a child or age-uncertain case, so children's services always see it.

    Called inside the transaction that opens the case or moves it onto the child route; the case's
    access was checked by that service. Returns who joined.
    """
    if not case.is_child:
        return []
    joined = []
    for user in partnership_selectors.childrens_services_team():
        _member, created = CaseMember.objects.get_or_create(
            case=case, user=user, defaults={"role_in_case": "Children's services"})
        if created:
            joined.append(user)
            event(case, acting_user, "team.add",
                  f"{user.full_name} ({user.agency}) joined the case team for children's services")
    if joined:
        notifications.tell_team_members_added(case=case, users=joined, acting_user=acting_user)
        audit_record(actor=acting_user, action="case.add_childrens_services", kind=AuditAction.UPDATE, target=case,
                     changes={"members": [user.pk for user in joined]})
    return joined
