"""What the case pages share: finding the case for a page, and the case form page."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from lantern.accounts.models import User
from lantern.audit.purpose import access_purpose_redirect
from lantern.audit.services import audit_read
from lantern.cases import selectors
from lantern.cases.models import Case
from lantern.core.access import signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page

__all__ = ["case_crumbs", "case_for_view", "case_form_page", "case_to_work"]


def case_for_view(request: HttpRequest, reference: str) -> tuple[Case, bool, HttpResponse | None]:
    """The case (404 if hidden), whether it is on the user's caseload, and a redirect to the purpose page if needed."""
    user = signed_in_user(request)
    case = selectors.case_get_for_user(user=user, reference=reference)
    on_caseload = selectors.is_on_caseload(user, case)
    return case, on_caseload, access_purpose_redirect(request, case, on_caseload=on_caseload)


def case_to_work(request: HttpRequest, reference: str) -> tuple[Case, HttpResponse | None]:
    """The case for a page that works on it: 404 if hidden, a redirect to the purpose page if a reason
    must be given first, 403 for someone who may see the case but not work it."""
    user = signed_in_user(request)
    case, on_caseload, purpose = case_for_view(request, reference)
    if purpose is None and not selectors.may_work_case(user, case, on_caseload=on_caseload):
        raise PermissionDenied
    return case, purpose


def case_crumbs(case: Case, heading: str) -> list[dict[str, str | None]]:
    return crumbs(("Cases", reverse("cases:case-list")),
                  (case.reference, reverse("cases:case-detail", args=[case.reference])), (heading, None))


def case_form_page(
    request: HttpRequest, reference: str, *, heading: str, form_class: type[forms.Form],
    save: Callable[[Case, User, Any], object], success: str,
    form_kwargs: Mapping[str, Any] | Callable[[Case], Mapping[str, Any]] | None = None, lede: str = "", template: str = "form_page.html",
    not_for: Callable[[Case], str] | None = None, extra_context: Callable[[Case], Mapping[str, Any]] | None = None,
    success_url: Callable[[Case], str] | None = None,
) -> HttpResponse:
    """A form page on a case for someone who may work it: ``save(case, user, form)`` calls the service.

    ``form_kwargs`` are the form's keyword arguments, or a function of the case giving them.
    ``not_for(case)``, if given, says why the page does not apply to this case ("" when it does):
    the user is sent back to the case page with that message.

    ``extra_context(case)`` adds to the page's context (called after ``form_kwargs``).

    Opening the page is audited like opening the case; success returns to the case page, or to
    ``success_url(case)``.
    """
    user = signed_in_user(request)
    case, purpose = case_to_work(request, reference)
    if purpose is not None:
        return purpose
    reason = not_for(case) if not_for is not None else ""
    if reason:
        messages.info(request, reason)
        return redirect("cases:case-detail", reference=case.reference)
    if request.method == "GET":
        audit_read(user=user, record=case, label=case.reference, request=request)

    def save_on_case(form: Any) -> None:
        save(case, user, form)

    kwargs = form_kwargs(case) if callable(form_kwargs) else form_kwargs
    return form_page(
        request, form_class=form_class, form_kwargs=kwargs, save=save_on_case, template=template,
        success_url=success_url(case) if success_url else reverse("cases:case-detail", args=[case.reference]),
        success_message=success,
        context={"heading": heading, "lede": lede, "caption": f"Case {case.reference}",
                 "crumbs": case_crumbs(case, heading), **(extra_context(case) if extra_context else {})},
    )
