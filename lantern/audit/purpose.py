"""The purpose-of-access question: a sensitive record outside the user's caseload asks why first.

Record pages call ``access_purpose_redirect`` before showing the record; the
page it sends the user to (``audit:access-purpose``) writes the reason to the
audit trail. The session helpers it builds on are in ``lantern.core.access``.
"""

from urllib.parse import urlencode

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from lantern.core.access import access_purpose_given, record_token


def access_purpose_redirect(request: HttpRequest, record: models.Model, *, on_caseload: bool) -> HttpResponse | None:
    """None when the user may go on; otherwise a redirect to the 'why are you opening this' page."""
    if on_caseload or access_purpose_given(request, record) is not None:
        return None
    query = urlencode({"record": record_token(record, user=request.user), "next": request.get_full_path()})
    return redirect(f"{reverse('audit:access-purpose')}?{query}")
