"""Session lifetime and mandatory two-factor authentication for every staff page."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

SESSION_STARTED_KEY = "lantern_signed_in_at"

# Paths a signed-in user who has not yet passed the second factor may still use.
# The API is not here: DRF answers 401/403 itself (see api_auth.IsTwoFactorVerified).
TWO_FACTOR_EXEMPT_PREFIXES = (
    "/sign-in/",
    "/sign-out/",
    "/two-factor/",
    "/password-reset/",
    "/static/",
    "/healthz",
    "/api/",
    "/report/",
)


class SessionLifetimeMiddleware:
    """End a session at its absolute lifetime, however active it has been, and renew its idle expiry.

    Idle expiry is SESSION_COOKIE_AGE after the last request: the session is saved, which renews it,
    when it changed or when its stored expiry is a minute or more behind (lantern.accounts.sessions).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if not session.is_empty():
            needs_refresh = getattr(session, "needs_idle_refresh", None)
            if needs_refresh is None or needs_refresh():
                session.modified = True
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = timezone.now().timestamp()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - float(started) > settings.LANTERN_SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to continue.")
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """A signed-in user who has not passed the second factor can do nothing else.

    Users with a confirmed authenticator are sent to enter a code; users
    without one are sent to set one up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            from lantern.accounts.services import user_has_confirmed_device

            if user_has_confirmed_device(user):
                return redirect("accounts:two-factor-verify")
            return redirect("accounts:two-factor-enrol")
        return self.get_response(request)
