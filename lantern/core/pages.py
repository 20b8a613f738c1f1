"""The one shape of a form page: show the form, validate it, call a service, redirect.

The view finds the record and checks access first; ``form_page`` does the
rest. A ValidationError raised by the service is shown beside the right field
(or at the top), exactly like the form's own errors.

    def save(form: ReasonForm) -> None:
        services.case_reopen(case=case, acting_user=user, reason=form.cleaned_data["reason"])

    return form_page(request, form_class=ReasonForm, form_kwargs={...}, save=save,
                     template="form_page.html", context={...}, success_url=detail_url,
                     success_message="Case reopened.")

When the message names what the service made, ``success_message`` is a named
function of what ``save`` returned:

    def save(form: IntelligenceForm) -> IntelligenceRecord:
        return services.report_record_intelligence(report=report, acting_user=user, **form.cleaned_data)

    def saved(record: IntelligenceRecord) -> str:
        return f"Intelligence {record.reference} recorded."

``success_url`` may likewise be a function of what ``save`` returned, when the
page to go to is the one for the record just made (a new account's page).
"""

from collections.abc import Callable, Mapping
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.core.forms import raise_as_form_errors


def form_page(
    request: HttpRequest,
    *,
    form_class: type[forms.BaseForm],  # a Form or a ModelForm
    save: Callable[[Any], Any],
    template: str,
    context: Mapping[str, Any],
    success_url: str | Callable[[Any], str],
    success_message: str | Callable[[Any], str] = "",
    form_kwargs: Mapping[str, Any] | None = None,
    invalid_status: int = 200,
) -> HttpResponse:
    """GET: the empty form. POST: if the form is valid, ``save(form)``; then the message and a redirect.

    ``save`` receives the valid, bound form and calls the service; a
    ValidationError it raises puts the page back with the errors shown, with
    the status ``invalid_status`` (as for any invalid form).
    ``success_message`` is the message, and ``success_url`` the address to go to, each
    either itself or a function of what ``save`` returned giving it.
    """
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, request.FILES if posted else None, **(form_kwargs or {}))
    if posted and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            raise_as_form_errors(cast(forms.Form, form), error)  # it uses only BaseForm's fields and add_error
        else:
            message = success_message(saved) if callable(success_message) else success_message
            if message:
                messages.success(request, message)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form}, status=invalid_status if posted else 200)
