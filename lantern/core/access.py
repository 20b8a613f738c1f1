"""The access layer's shared pieces: capability checks and one answer for missing and forbidden.

Each app's ``selectors.py`` decides which records a user may see, using these
helpers; a record the user may not see is reported as missing (404), so its
existence leaks nothing.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest


def signed_in_user(request: HttpRequest) -> Any:
    """The request's user, for views behind login_required (typed as Lantern's User by callers)."""
    return request.user


def require_capability(user: Any, capability: str) -> None:
    """Refuse (403) an action the user's roles do not allow (``capability``: a capability's value)."""
    if not getattr(user, "is_authenticated", False) or not user.can(capability):
        raise PermissionDenied


def not_found() -> Http404:
    """The one answer for both 'missing' and 'forbidden'."""
    return Http404("No record matches the address.")


