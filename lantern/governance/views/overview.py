"""The governance overview (boards, their next meeting and open actions), a board's meetings, scheduling."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.governance import selectors, services
from lantern.governance.forms import MeetingForm
from lantern.governance.home_plan import home_links_plan
from lantern.governance.home_pledge import pledge_home_links
from lantern.governance.models import Meeting


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.may_use_governance(user):
        raise PermissionDenied
    mine = selectors.my_actions(user)
    today = timezone.localdate()
    return render(request, "governance/overview.html", {
        "boards": selectors.overview_for(user), "my_open": len(mine),
        "my_overdue": sum(1 for a in mine if selectors.is_overdue(a, today)),
        "can_manage": selectors.may_manage(user), "crumbs": crumbs(("Governance", None)),
        "other_links": [*home_links_plan(user), *pledge_home_links(user)],
    })


@login_required
def board_detail(request: HttpRequest, board_id: int) -> HttpResponse:
    user = signed_in_user(request)
    board = selectors.board_get_for_user(user=user, board_id=board_id)
    now = timezone.now()
    meetings = selectors.board_meetings(board)
    return render(request, "governance/board_detail.html", {
        "board": board, "upcoming": [m for m in meetings if m.starts_at >= now][::-1],
        "past": [m for m in meetings if m.starts_at < now], "can_manage": selectors.may_manage(user),
        "crumbs": crumbs(("Governance", reverse("governance:overview")), (str(board), None)),
    })


@login_required
def meeting_schedule(request: HttpRequest, board_id: int) -> HttpResponse:
    user = signed_in_user(request)
    board = selectors.board_get_for_user(user=user, board_id=board_id)
    require_capability(user, Capability.MANAGE_GOVERNANCE)

    def save(form: MeetingForm) -> Meeting:
        data = form.cleaned_data
        return services.meeting_schedule(board=board, acting_user=user, title=data["title"],
                                         starts_at=data["starts_at"], ends_at=data["ends_at"],
                                         location=data["location"], link=data["link"],
                                         reviews_cases=data["reviews_cases"])

    board_url = reverse("governance:board-detail", args=[board.pk])
    return form_page(request, form_class=MeetingForm, save=save, template="form_page.html",
                     form_kwargs={"initial": {"title": f"{board} meeting",
                                              "reviews_cases": board.short_name == "SHOP"}},
                     context={"heading": "Schedule a meeting", "caption": str(board),
                              "crumbs": crumbs(("Governance", reverse("governance:overview")),
                                               (str(board), board_url), ("Schedule a meeting", None))},
                     success_url=lambda m: reverse("governance:meeting-detail", args=[m.pk]),
                     success_message="Meeting scheduled. Its members are invited.")
