"""The minutes: drafting, approval at the board's next meeting, and corrections as new versions."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from lantern.core.access import not_found, signed_in_user
from lantern.core.pages import form_page
from lantern.governance import selectors, services
from lantern.governance.forms import ApproveForm, CorrectionForm, MinutesForm
from lantern.governance.views._common import meeting_crumbs, meeting_for_view, meeting_url


@login_required
def minutes_draft(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    current = selectors.minutes_current(meeting)

    def save(form: MinutesForm) -> Any:
        return services.minutes_draft(meeting=meeting, acting_user=user, body=form.cleaned_data["body"])

    return form_page(request, form_class=MinutesForm, save=save, template="form_page.html",
                     form_kwargs={"initial": {"body": current.body if current else ""}},
                     context={"heading": "Draft the minutes", "caption": meeting.title,
                              "lede": "The minutes are approved at the board's next meeting, then locked.",
                              "crumbs": meeting_crumbs(meeting, "Minutes")},
                     success_url=meeting_url(meeting), success_message="Draft minutes saved.")


@login_required
def minutes_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """At this meeting (``meeting_id``), approve the drafted minutes of the board's previous meeting."""
    at_meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    waiting = selectors.meetings_waiting_for_approval_at(at_meeting)
    if not waiting:
        raise not_found()

    def save(form: ApproveForm) -> Any:
        chosen = next(m for m in waiting if m.pk == form.cleaned_data["meeting"])
        return services.minutes_approve(meeting=chosen, acting_user=user, at_meeting=at_meeting)

    return form_page(request, form_class=ApproveForm, save=save, template="form_page.html",
                     form_kwargs={"choices": waiting},
                     context={"heading": "Approve the minutes of the last meeting", "caption": at_meeting.title,
                              "lede": "Once approved, the minutes are locked: a later correction is a new version.",
                              "crumbs": meeting_crumbs(at_meeting, "Approve minutes")},
                     success_url=lambda m: meeting_url(m), success_message="Minutes approved and locked.")


@login_required
def minutes_correct(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    current = selectors.minutes_current(meeting)

    def save(form: CorrectionForm) -> Any:
        return services.minutes_correct(meeting=meeting, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=CorrectionForm, save=save, template="form_page.html",
                     form_kwargs={"initial": {"body": current.body if current else ""}},
                     context={"heading": "Correct the approved minutes", "caption": meeting.title,
                              "lede": "The correction is saved as a new version with its reason; earlier "
                                      "versions are kept.",
                              "crumbs": meeting_crumbs(meeting, "Correct minutes")},
                     success_url=meeting_url(meeting), success_message="Corrected minutes saved as a new version.")
