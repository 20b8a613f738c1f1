"""'My actions' across every board, an action's page with its updates, and recording an action at a meeting."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from lantern.audit.services import audit_read
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.forms import raise_as_form_errors
from lantern.core.pages import form_page
from lantern.governance import selectors, services
from lantern.governance.forms import ActionForm, ActionUpdateForm
from lantern.governance.views._common import meeting_crumbs, meeting_for_view, meeting_url


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.may_use_governance(user):
        raise PermissionDenied
    today = timezone.localdate()
    actions = selectors.my_actions(user, today=today)
    return render(request, "governance/my_actions.html", {
        "actions": [(a, selectors.is_overdue(a, today)) for a in actions], "today": today,
        "crumbs": crumbs(("Governance", reverse("governance:overview")), ("My actions", None)),
    })


@login_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    may_update = services.may_update(user, action)
    form = None
    if may_update:
        posted = request.method == "POST"
        form = ActionUpdateForm(request.POST if posted else None, current=action.status)
        if posted and form.is_valid():
            try:
                services.action_update(action=action, acting_user=user, **form.cleaned_data)
            except ValidationError as error:
                raise_as_form_errors(form, error)
            else:
                messages.success(request, "Action updated.")
                return redirect(reverse("governance:action-detail", args=[action.pk]))
    elif request.method == "POST":
        raise PermissionDenied
    audit_read(user=user, record=action, action="meeting_action.view")
    return render(request, "governance/action_detail.html", {
        "action": action, "form": form, "overdue": selectors.is_overdue(action),
        "updates": list(action.updates.select_related("created_by")),
        "crumbs": meeting_crumbs(action.meeting, f"Action {action.pk}"),
    }, status=400 if form is not None and form.errors else 200)


@login_required
def action_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_view(request, meeting_id, manage=True)
    user = signed_in_user(request)
    items = [view.item for view in selectors.agenda_for(user, meeting) if view.detail]

    def save(form: ActionForm) -> Any:
        return services.action_add(meeting=meeting, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=ActionForm, save=save, template="form_page.html",
                     form_kwargs={"items": items},
                     context={"heading": "Record an action", "caption": meeting.title,
                              "crumbs": meeting_crumbs(meeting, "Record an action")},
                     success_url=meeting_url(meeting), success_message="Action recorded.")
