"""Emails about the Slavery Free Pledge to people outside Lantern: the requester's contact is told
when the programme manager approves their organisation's signature.

Sent by a Celery task queued on commit (``tasks_pledge``), like the supplier questionnaire's link
(notifications, ADR 17). The email names the organisation, the partnership and the public page;
nothing about any other signatory.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from lantern.governance.models import PledgeSignatory, PledgeStatus
from lantern.partnership.selectors import partnership_get


def send_pledge_approved(signatory_id: int) -> int:
    """Tell the contact their organisation has signed, if it still has (a withdrawal made since the
    task was queued sends nothing). Returns the number of emails sent."""
    signatory = PledgeSignatory.objects.filter(pk=signatory_id, status=PledgeStatus.APPROVED).first()
    if signatory is None or not signatory.contact_email or signatory.signed_on is None:
        return 0
    partnership = partnership_get().name
    public_page = f"{settings.LANTERN_SITE_URL}{reverse('pledge:index')}"
    listing = (f"As you asked, {signatory.organisation} is now listed on the pledge page: {public_page}"
               if signatory.listed_publicly else
               f"As you asked, {signatory.organisation} is not named on the public pledge page ({public_page}).")
    commitments = "\n".join(f"- {label}" for label in signatory.commitment_labels)
    return send_mail(
        f"{partnership}: {signatory.organisation} has signed the Slavery Free Pledge",
        f"Dear {signatory.signatory_name},\n\n"
        f"Thank you. {partnership} has accepted {signatory.organisation}'s signature of the Slavery Free "
        f"Pledge, signed on {signatory.signed_on:%-d %B %Y} (reference {signatory.reference}).\n\n"
        f"Your organisation has adopted these commitments:\n{commitments}\n\n{listing}\n\n"
        "The partnership's programme manager will be in touch about what comes next, such as training "
        "for your staff and publishing a modern slavery statement. If you have questions, reply to this "
        "email.\n",
        None,
        [signatory.contact_email],
    )
