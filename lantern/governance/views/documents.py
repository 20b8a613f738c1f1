"""A meeting's pack to print (HTML) or download (PDF), and its calendar entry (ICS)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.pdf import render_pdf
from lantern.governance import documents, selectors
from lantern.governance.views._common import meeting_for_view


def _audit_pack(request: HttpRequest, meeting_id: int, action: str, export: bool) -> tuple[object, str]:
    user = signed_in_user(request)
    meeting = meeting_for_view(request, meeting_id)
    agenda = selectors.agenda_for(user, meeting) if selectors.agenda_visible(user, meeting) else []
    audit_read(user=user, record=meeting, action=action, export=export,
               details={"cases": [v.item.case.reference for v in agenda if v.item.case_id and v.detail]})  # type: ignore[union-attr]
    return meeting, documents.render_pack_html(user, meeting)


@login_required
def meeting_print(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _meeting, html = _audit_pack(request, meeting_id, "meeting.print", export=True)
    return HttpResponse(html)


@login_required
def meeting_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, html = _audit_pack(request, meeting_id, "meeting.pdf", export=True)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}-pack.pdf"'  # type: ignore[attr-defined]
    return response


@login_required
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id)
    response = HttpResponse(documents.calendar_entry(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
