"""The access layer's shared pieces: capability checks and the purpose of access.

Each app's ``selectors.py`` decides which records a user may see, using these
helpers; a record the user may not see is reported as missing (404), so its
existence leaks nothing.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone

from lantern.accounts.capabilities import Capability

PURPOSE_SESSION_KEY = "lantern_access_purposes"
PURPOSE_VALID_SECONDS = 60 * 60


def require_capability(user: Any, capability: Capability) -> None:
    """Refuse (403) an action the user's roles do not allow."""
    if not getattr(user, "is_authenticated", False) or not user.can(capability):
        raise PermissionDenied


def not_found() -> Http404:
    """The one answer for both 'missing' and 'forbidden'."""
    return Http404("No record matches the address.")


def _purpose_key(record: models.Model) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def access_purpose_given(request: HttpRequest, record: models.Model) -> int | None:
    """The audit entry recording why this user opened ``record`` this session, if still fresh.

    The session keeps only the entry's sequence number: the reason itself is
    personal data and lives, encrypted, in the audit trail.
    """
    stored = request.session.get(PURPOSE_SESSION_KEY, {}).get(_purpose_key(record))
    if not stored:
        return None
    if timezone.now().timestamp() - stored["at"] > PURPOSE_VALID_SECONDS:
        return None
    return int(stored["entry"])


def access_purpose_remember(request: HttpRequest, record: models.Model, entry_sequence: int) -> None:
    purposes = request.session.get(PURPOSE_SESSION_KEY, {})
    purposes[_purpose_key(record)] = {"entry": entry_sequence, "at": timezone.now().timestamp()}
    request.session[PURPOSE_SESSION_KEY] = purposes
