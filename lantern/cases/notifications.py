"""Telling people about concerns and cases: in Lantern, and by email.

The triage team's email is sent by a Celery task (lantern.cases.tasks), queued on commit. The
events below are notifications (ADR 17), saved by ``accounts.services.notification_send`` in the
same transaction as the change and emailed after it to those who chose email as well; each
service that causes one calls one function here.

References and dates only: never a name or a narrative, which email would spread.
"""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import users_with_capability
from lantern.accounts.services import notification_send
from lantern.cases.models import Case, Concern, ConcernStatus


def notify_triage(concern_id: int) -> int:
    """Tell the triage team a concern is waiting. Returns the number of emails sent (0 or 1).

    A concern already triaged by the time the task runs (the demo data opens
    each case in the transaction that submits its concern) needs no email.
    """
    concern = Concern.objects.get(pk=concern_id)
    if concern.status != ConcernStatus.SUBMITTED:
        return 0
    recipients = list(
        users_with_capability(Capability.TRIAGE_CONCERN).values_list("email", flat=True)
    )
    if not recipients:
        return 0
    urgent = "URGENT: " if concern.immediate_danger else ""
    return send_mail(
        f"{urgent}New concern {concern.reference} waiting for triage",
        f"A concern has been raised and is waiting for triage: {concern.reference}.\n\n"
        f"Open it in Lantern: {settings.LANTERN_SITE_URL}{reverse('cases:concern-detail', args=[concern.reference])}\n",
        None,
        recipients,
    )


def tell_lead_worker(*, case: Case, acting_user: Any) -> None:
    """The lead worker is told they lead the case (unless they chose themselves)."""
    if case.lead_worker_id == acting_user.pk:
        return
    notification_send(
        users=[case.lead_worker], kind="cases.lead_assigned", reference=case.reference,
        message=f"You are now the lead worker on case {case.reference}",
        link=reverse("cases:case-detail", args=[case.reference]),
    )


def tell_team_members_added(*, case: Case, users: list[Any], acting_user: Any) -> None:
    """People put on a case's team are told (by reference only), unless they added themselves."""
    told = [user for user in users if user.pk != acting_user.pk]
    if told:
        notification_send(
            users=told, kind="cases.team_added", reference=case.reference,
            message=f"You have been added to the team of case {case.reference}",
            link=reverse("cases:case-detail", args=[case.reference]),
        )


TRIAGE_OUTCOMES = {
    ConcernStatus.CASE_OPENED: "a case was opened",
    ConcernStatus.LINKED: "it was added to a case already open",
    ConcernStatus.NO_FURTHER_ACTION: "no further action",
    ConcernStatus.SIGNPOSTED: "passed on to another service",
}


def tell_concern_raiser(*, concern: Concern, acting_user: Any) -> None:
    """The person who raised a concern is told what triage decided, by the concern's reference only.

    Not the case's reference, the reason or anything about the person: a first responder does not
    see the case, and their concern's page shows them no more than its status.
    """
    if concern.raised_by_id == acting_user.pk:
        return
    notification_send(
        users=[concern.raised_by], kind="cases.concern_triaged", reference=concern.reference,
        message=f"Your concern {concern.reference} has been triaged: {TRIAGE_OUTCOMES[ConcernStatus(concern.status)]}",
        link=reverse("cases:concern-detail", args=[concern.reference]),
    )


def tell_case_opened(*, case: Case, concern: Concern, acting_user: Any) -> None:
    """A case opened at triage: its lead worker, and the person who raised the concern, are told."""
    tell_lead_worker(case=case, acting_user=acting_user)
    tell_concern_raiser(concern=concern, acting_user=acting_user)
