"""Changing a meeting (title, time, place, link) and its agenda items (what they are, their order) before it is
held."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lantern.accounts.models import User
from lantern.core.access import signed_in_user
from lantern.core.pages import form_page
from lantern.governance import meeting_workflow, services
from lantern.governance.forms import ItemChangeForm, MeetingChangeForm
from lantern.governance.models import AgendaItem, Meeting, MeetingStatus
from lantern.governance.views._common import meeting_crumbs, meeting_for_view, meeting_url


def _no_longer(request: HttpRequest, meeting: Meeting, what: str) -> HttpResponse:
    """The page for a meeting that can no longer change (held, minutes taken or cancelled): 400."""
    return render(request, "form_page.html", {
        "heading": f"{what} can no longer be changed", "caption": meeting.title,
        "lede": f"The meeting is '{MeetingStatus(meeting.status).label.lower()}': a meeting and its agenda can be "
                "changed only until it is held.",
        "crumbs": meeting_crumbs(meeting, "Change"),
    }, status=400)


@login_required
def meeting_change(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    if request.method != "POST" and meeting.status not in meeting_workflow.DETAILS_EDITABLE:
        return _no_longer(request, meeting, "The meeting")

    def save(form: MeetingChangeForm) -> Meeting:
        data = form.cleaned_data
        return services.meeting_update(meeting=meeting, acting_user=user, title=data["title"],
                                       starts_at=data["starts_at"], ends_at=data["ends_at"],
                                       location=data["location"], link=data["link"])

    published = meeting.status == MeetingStatus.AGENDA_PUBLISHED
    return form_page(request, form_class=MeetingChangeForm, save=save, template="form_page.html",
                     form_kwargs={"initial": MeetingChangeForm.initial_for(meeting)}, invalid_status=400,
                     context={"heading": "Change the meeting", "caption": str(meeting.board),
                              "lede": "The members were sent the agenda: if the time or place changes, each is told "
                                      "in Lantern." if published else "",
                              "crumbs": meeting_crumbs(meeting, "Change the meeting")},
                     success_url=meeting_url(meeting),
                     success_message="Meeting changed. Calendar entries downloaded again replace the old one.")


@login_required
def agenda_item_change(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    item = services.item_get_for_manager(user=user, meeting=meeting, item_id=item_id)
    if request.method != "POST" and meeting.status not in meeting_workflow.AGENDA_EDITABLE:
        return _no_longer(request, meeting, "The agenda")

    def save(form: ItemChangeForm) -> Any:
        return services.agenda_item_update(item=item, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=ItemChangeForm, save=save, template="form_page.html",
                     form_kwargs={"initial": {"kind": item.kind, "title": item.title}}, invalid_status=400,
                     context={"heading": f"Change item {item.position}", "caption": meeting.title,
                              "crumbs": meeting_crumbs(meeting, f"Item {item.position}")},
                     success_url=meeting_url(meeting), success_message="Agenda item changed.")


def _item_button(request: HttpRequest, meeting_id: int, item_id: int,
                 act: Callable[[AgendaItem, User], str]) -> HttpResponse:
    """A button beside an agenda item (a plain form: no script needed): ``act`` makes the change and says what
    it did; a change refused is said instead. Back to the meeting either way."""
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    item = services.item_get_for_manager(user=user, meeting=meeting, item_id=item_id)
    try:
        done = act(item, user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(meeting_url(meeting))


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    def remove(item: AgendaItem, user: User) -> str:
        services.agenda_item_remove(item=item, acting_user=user)
        return "Item removed from the agenda." + (" The case stays flagged for SHOP." if item.case_id else "")

    return _item_button(request, meeting_id, item_id, remove)


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Move an item one place up or down."""
    direction = request.POST.get("direction", "")

    def move(item: AgendaItem, user: User) -> str:
        moved = services.agenda_item_move(item=item, acting_user=user, direction=direction)
        return f"Item moved {direction} to number {moved.position} on the agenda."

    return _item_button(request, meeting_id, item_id, move)
