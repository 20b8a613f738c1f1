"""API authentication: a two-factor-verified session, or a personal API token."""

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import ApiToken, User


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session (CSRF enforced). Whether it passed 2FA is checked by the permission."""


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer lnt_…``. Tokens are made from a verified session, so they count as 2FA."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2 or not header[1].startswith("lnt_"):
            raise exceptions.AuthenticationFailed("The Authorization header must be 'Bearer <token>'.")
        digest = ApiToken.digest_for(header[1])
        token = ApiToken.objects.select_related("user").filter(digest=digest).first()
        if token is None or not token.is_usable or not token.user.can(Capability.USE_API):
            raise exceptions.AuthenticationFailed("The token is not valid, has expired or was revoked.")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsTwoFactorVerified(permissions.BasePermission):
    message = "Sign in with two-factor authentication, or use an API token."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if isinstance(request.auth, ApiToken):
            return True
        is_verified = getattr(user, "is_verified", None)
        return bool(is_verified and is_verified())


def capability_permission(capability: Any) -> type[permissions.BasePermission]:
    """A DRF permission class requiring 2FA and one capability."""

    class HasCapability(IsTwoFactorVerified):
        def has_permission(self, request: Request, view: Any) -> bool:
            return super().has_permission(request, view) and request.user.can(capability)  # type: ignore[union-attr]

    HasCapability.__name__ = f"Has_{capability.name}"
    return HasCapability
