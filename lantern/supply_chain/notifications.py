"""Telling people about due diligence: the supplier's questionnaire link by email, and reminders to
the owners of corrective actions (notifications, ADR 17).

References and dates only in what staff are told; the supplier's email names the supplier and the
partnership, never anything about other suppliers.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.services import notification_send
from lantern.core import crypto
from lantern.partnership.selectors import partnership_get
from lantern.supply_chain.models import CorrectiveAction, Questionnaire
from lantern.supply_chain.models.due_diligence import LINK_STATUSES
from lantern.supply_chain.selectors.due_diligence import due_soon_actions_q, overdue_actions_q, token_hash


def questionnaire_link_path(token: str) -> str:
    return reverse("supply_chain_public:start", args=[token])


def send_questionnaire_link(questionnaire_id: int, encrypted_token: str) -> int:
    """Email the link, if it is still the questionnaire's live link (a link renewed or revoked since
    the task was queued is not sent)."""
    token = crypto.decrypt(encrypted_token)
    questionnaire = Questionnaire.objects.select_related("supplier").filter(pk=questionnaire_id).first()
    if (questionnaire is None or questionnaire.token_hash != token_hash(token)
            or questionnaire.status not in LINK_STATUSES or questionnaire.link_expires_at is None):
        return 0
    partnership = partnership_get().name
    expires = timezone.localtime(questionnaire.link_expires_at)
    return send_mail(
        f"{partnership}: modern slavery questionnaire for {questionnaire.supplier.name}",
        f"Dear {questionnaire.contact_name},\n\n"
        f"{partnership} asks its suppliers about the steps they take against modern slavery in their "
        f"operations and supply chains. Please answer our questionnaire for {questionnaire.supplier.name} "
        f"(reference {questionnaire.reference}).\n\n"
        f"Open it here: {settings.LANTERN_SITE_URL}{questionnaire_link_path(token)}\n\n"
        f"You do not need an account. You can save your answers and come back later with the same link, "
        f"until {expires:%-d %B %Y}. When you submit, you will see a score for each theme and "
        f"recommendations to acknowledge.\n\n"
        "This link is for your organisation only: do not forward it outside it.\n",
        None,
        [questionnaire.contact_email],
    )


def remind_corrective_actions(today: datetime.date | None = None) -> int:
    """Tell the owner of each corrective action due within a week or overdue. Each owner is told once
    per action and kind (due soon, overdue) and due date; a new due date is told again. Returns the
    number of notifications made."""
    today = today or timezone.localdate()
    made = 0
    actions = (CorrectiveAction.objects.filter(overdue_actions_q(today) | due_soon_actions_q(today))
               .filter(owner__is_active=True).select_related("owner", "finding__audit__supplier").order_by("pk"))
    for action in actions.iterator(chunk_size=500):
        overdue = action.due_on < today
        audit = action.finding.audit
        message = (f"A corrective action from audit {audit.reference} ({audit.supplier.reference}) "
                   + (f"is overdue: it was due {action.due_on:%-d %B %Y}" if overdue
                      else f"is due {action.due_on:%-d %B %Y}"))
        kind = "action_overdue" if overdue else "action_due_soon"
        made += len(notification_send(
            users=[action.owner], kind=f"supply_chain.{kind}", message=message, reference=audit.reference,
            link=reverse("supply_chain:action-detail", args=[action.pk]),
            key=f"supply_chain.{kind}:{action.pk}:{action.due_on.isoformat()}"))
    return made
