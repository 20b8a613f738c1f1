"""A meeting's page and the pages that run it: agenda, attendance, what was discussed, the lifecycle moves."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.pages import form_page
from lantern.governance import meeting_workflow, selectors, services
from lantern.governance.forms import AttendanceForm, GuestForm, ItemForm, ItemRecordForm
from lantern.governance.models import AttendanceStatus, MeetingStatus
from lantern.governance.views._common import meeting_crumbs, meeting_for_view, meeting_url


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = meeting_for_view(request, meeting_id)
    show_agenda = selectors.agenda_visible(user, meeting)
    agenda = selectors.agenda_for(user, meeting) if show_agenda else []
    actions = selectors.meeting_actions_for(user, meeting)
    audit_read(user=user, record=meeting, action="meeting.view",
               details={"cases": [v.item.case.reference for v in agenda if v.item.case_id and v.detail]})  # type: ignore[union-attr]
    can_manage = selectors.may_manage(user)
    moves = meeting_workflow.meeting_moves_from(meeting.status) if can_manage else set()
    minutes, versions, minutes_withheld = selectors.minutes_for(user, meeting, agenda if show_agenda else None)
    return render(request, "governance/meeting_detail.html", {
        "meeting": meeting, "agenda": agenda, "show_agenda": show_agenda,
        "restricted": sum(1 for v in agenda if not v.detail),
        "attendees": list(selectors.members_for_attendance(meeting)), "actions": actions,
        "minutes": minutes, "versions": versions, "minutes_withheld": minutes_withheld,
        "can_manage": can_manage, "moves": moves,
        "agenda_editable": can_manage and meeting.status in meeting_workflow.AGENDA_EDITABLE,
        "details_editable": can_manage and meeting.status in meeting_workflow.DETAILS_EDITABLE,
        "recording_open": can_manage and meeting.status in meeting_workflow.RECORDING_OPEN,
        "to_approve": selectors.meetings_waiting_for_approval_at(meeting) if can_manage else [],
        "started": meeting.starts_at <= timezone.now(), "today": timezone.localdate(),
        "AttendanceStatus": AttendanceStatus, "MeetingStatus": MeetingStatus,
        "crumbs": meeting_crumbs(meeting),
    })


def _post_move(request: HttpRequest, meeting_id: int, move: Callable[..., Any], done: str) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    try:
        move(meeting=meeting, acting_user=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(meeting_url(meeting))


@login_required
@require_POST
def meeting_publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _post_move(request, meeting_id, services.meeting_publish_agenda, "Agenda published to the members.")


@login_required
@require_POST
def meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _post_move(request, meeting_id, services.meeting_mark_held, "Meeting marked as held.")


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _post_move(request, meeting_id, services.meeting_cancel,
                      "Meeting cancelled. Everyone invited who uses Lantern has been told.")


@login_required
@require_POST
def agenda_add_cases(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    try:
        added = services.agenda_add_flagged_cases(meeting=meeting, acting_user=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{len(added)} flagged case{'s' if len(added) != 1 else ''} added to the agenda."
                         if added else "No other cases are flagged for SHOP.")
    return redirect(meeting_url(meeting))


@login_required
def agenda_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)

    def save(form: ItemForm) -> Any:
        return services.agenda_add_item(meeting=meeting, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=ItemForm, save=save, template="form_page.html",
                     context={"heading": "Add an agenda item", "caption": meeting.title,
                              "crumbs": meeting_crumbs(meeting, "Add an agenda item")},
                     success_url=meeting_url(meeting), success_message="Item added to the agenda.")


@login_required
def agenda_item_record(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    item = services.item_get_for_manager(user=user, meeting=meeting, item_id=item_id)

    def save(form: ItemRecordForm) -> Any:
        return services.item_record(item=item, acting_user=user, **form.cleaned_data)

    label = f"case {item.case.reference}" if item.case_id else item.title  # type: ignore[union-attr]
    return form_page(request, form_class=ItemRecordForm, save=save, template="form_page.html",
                     form_kwargs={"initial": {"discussion": item.discussion, "decision": item.decision}},
                     context={"heading": f"Item {item.position}: {label}", "caption": meeting.title,
                              "lede": "A case's timeline shows that it was discussed and whether a decision was "
                                      "recorded; what was said stays with the meeting." if item.case_id else "",
                              "crumbs": meeting_crumbs(meeting, f"Item {item.position}")},
                     success_url=meeting_url(meeting), success_message="Discussion recorded.")


@login_required
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    attendees = list(selectors.members_for_attendance(meeting))

    def save(form: AttendanceForm) -> Any:
        return services.attendance_record(meeting=meeting, acting_user=user,
                                          attended=form.chosen(AttendanceStatus.ATTENDED),
                                          apologies=form.chosen(AttendanceStatus.APOLOGIES))

    return form_page(request, form_class=AttendanceForm, save=save, template="form_page.html",
                     form_kwargs={"attendees": attendees},
                     context={"heading": "Attendance and apologies", "caption": meeting.title,
                              "crumbs": meeting_crumbs(meeting, "Attendance")},
                     success_url=meeting_url(meeting), success_message="Attendance saved.")


@login_required
def guest_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)

    def save(form: GuestForm) -> Any:
        return services.attendee_add(meeting=meeting, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=GuestForm, save=save, template="form_page.html",
                     context={"heading": "Add a guest from a partner agency", "caption": meeting.title,
                              "crumbs": meeting_crumbs(meeting, "Add a guest")},
                     success_url=meeting_url(meeting), success_message="Guest added.")
