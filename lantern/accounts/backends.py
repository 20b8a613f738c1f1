from typing import Any

from django.contrib.auth.backends import ModelBackend

from lantern.accounts.models import User


class LanternModelBackend(ModelBackend):
    """Django's backend, loading the signed-in user with their agency in one query (every page shows it)."""

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("agency").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
