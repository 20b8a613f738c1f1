"""The access layer's shared pieces: capability checks and the purpose of access.

Each app's ``selectors.py`` decides which records a user may see, using these
helpers; a record the user may not see is reported as missing (404), so its
existence leaks nothing.
"""

from typing import Any

from django.apps import apps
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone

PURPOSE_SESSION_KEY = "lantern_access_purposes"
PURPOSE_VALID_SECONDS = 60 * 60


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


# --- Purpose of access ----------------------------------------------------------
# Opening a sensitive record that is not on one's own caseload (a manager or
# the DPO looking in) asks for a reason first; the reason is written to the
# audit trail (the page and ``access_purpose_redirect`` are in the audit app).
# Viewing one's own records asks nothing.

PURPOSE_SALT = "lantern.core.access.purpose"


def record_token(record: models.Model, *, user: Any) -> str:
    """An opaque, signed pointer to a record, for the purpose page's address.

    It is made only after the record's selector let ``user`` see the record, and it
    names that user: a copied link is no use to anyone else (their purpose page is
    not found, and nothing is written to the audit trail in their name).
    """
    return signing.dumps([record._meta.label_lower, str(record.pk), user.pk], salt=PURPOSE_SALT, compress=True)


def record_from_token(token: str, *, user: Any) -> models.Model | None:
    """The record ``token`` points to, if it was made for ``user`` within the last hour."""
    try:
        label, pk, user_pk = signing.loads(token, salt=PURPOSE_SALT, max_age=PURPOSE_VALID_SECONDS)
        model = apps.get_model(label)
    except (signing.BadSignature, LookupError, ValueError, TypeError):
        return None
    if user_pk != user.pk:
        return None
    return model._default_manager.filter(pk=pk).first()
