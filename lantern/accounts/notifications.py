"""Emails about accounts: what changed and a link, never case or report content."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from lantern.accounts.models import ApiToken, User


def notify_api_tokens_revoked(user_id: int, token_ids: list[int], because: str) -> int:
    """Tell a user which of their API tokens were revoked by an administrator's action."""
    from lantern.accounts.services import api_tokens_described

    user = User.objects.get(pk=user_id)
    tokens = ApiToken.objects.filter(pk__in=token_ids, user=user).order_by("created_at")
    if not tokens:
        return 0
    link = f"{settings.LANTERN_SITE_URL}{reverse('accounts:account')}"
    return send_mail(
        "Your Lantern API tokens have been revoked",
        f"Your API tokens have been revoked because {because}:\n\n{api_tokens_described(tokens)}\n\n"
        f"Scripts using them will stop working. If you still need one, create a new token: {link}\n\n"
        "If you did not expect this, tell your system administrator.\n",
        None,
        [user.email],
    )
