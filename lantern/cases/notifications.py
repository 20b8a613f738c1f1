"""Emails about concerns and cases. Each is sent by a Celery task (lantern.cases.tasks), queued on commit.

References and dates only: never a name or a narrative, which email would spread.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import users_with_capability
from lantern.cases.models import Concern, ConcernStatus


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
