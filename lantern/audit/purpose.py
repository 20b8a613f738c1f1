"""The purpose-of-access question: a sensitive record outside the user's caseload asks why first.

Record pages call ``access_purpose_redirect`` before showing the record; the
page it sends the user to (``audit:access-purpose``) writes the reason to the
audit trail, and the session remembers the entry (never the reason) for an hour.
"""

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core import signing
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

PURPOSE_SESSION_KEY = "lantern_access_purposes"
PURPOSE_VALID_SECONDS = 60 * 60
PURPOSE_SALT = "lantern.core.access.purpose"  # unchanged since the helpers lived in core: old links stay valid


def access_purpose_redirect(request: HttpRequest, record: models.Model, *, on_caseload: bool) -> HttpResponse | None:
    """None when the user may go on; otherwise a redirect to the 'why are you opening this' page."""
    if on_caseload or access_purpose_given(request, record) is not None:
        return None
    query = urlencode({"record": record_token(record, user=request.user), "next": request.get_full_path()})
    return redirect(f"{reverse('audit:access-purpose')}?{query}")


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
