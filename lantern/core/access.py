"""The access layer's shared pieces: capability checks and the purpose of access.

Each app's ``selectors.py`` decides which records a user may see, using these
helpers; a record the user may not see is reported as missing (404), so its
existence leaks nothing.
"""

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.capabilities import Capability

PURPOSE_SESSION_KEY = "lantern_access_purposes"
PURPOSE_VALID_SECONDS = 60 * 60


def signed_in_user(request: HttpRequest) -> Any:
    """The request's user, for views behind login_required (typed as Lantern's User by callers)."""
    return request.user


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


# --- Purpose of access ----------------------------------------------------------
# Opening a sensitive record that is not on one's own caseload (a manager or
# the DPO looking in) asks for a reason first; the reason is written to the
# audit trail. Viewing one's own records asks nothing.

PURPOSE_SALT = "lantern.core.access.purpose"


def record_token(record: models.Model) -> str:
    """An opaque, signed pointer to a record, for the purpose page's address."""
    return signing.dumps([record._meta.label_lower, str(record.pk)], salt=PURPOSE_SALT, compress=True)


def record_from_token(token: str) -> models.Model | None:
    try:
        label, pk = signing.loads(token, salt=PURPOSE_SALT, max_age=PURPOSE_VALID_SECONDS)
        model = apps.get_model(label)
    except (signing.BadSignature, LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=pk).first()


def access_purpose_redirect(request: HttpRequest, record: models.Model, *, on_caseload: bool) -> HttpResponse | None:
    """None when the user may go on; otherwise a redirect to the 'why are you opening this' page."""
    if on_caseload or access_purpose_given(request, record) is not None:
        return None
    query = urlencode({"record": record_token(record), "next": request.get_full_path()})
    return redirect(f"{reverse('core:access-purpose')}?{query}")


def audit_view(*, user: Any, record: models.Model, label: str, request: HttpRequest | None = None) -> None:
    """Log a view of a sensitive record (page, API or download), linked to the reason given if any."""
    from lantern.audit.models import AuditAction
    from lantern.audit.services import audit_record

    purpose_entry = access_purpose_given(request, record) if request is not None else None
    audit_record(
        actor=user,
        action=f"{record._meta.model_name}.view",
        kind=AuditAction.READ,
        target=record,
        target_label=label,
        changes={"purpose_entry": purpose_entry} if purpose_entry else {},
    )


def can_see_child_records(user: Any) -> bool:
    """Children's records: need the capability, and, where the partnership restricts
    them (LANTERN_RESTRICT_CHILD_RECORDS), membership of a children's services agency."""
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CHILD_CASES):
        return False
    if not settings.LANTERN_RESTRICT_CHILD_RECORDS:
        return True
    agency = getattr(user, "agency", None)
    return bool(agency and agency.is_childrens_services)
