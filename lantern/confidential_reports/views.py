"""The reporting team's pages: the queue, a report, replies, triage outcomes, identity custody."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.confidential_reports import forms as report_forms
from lantern.confidential_reports import selectors, services
from lantern.confidential_reports.models import (
    IdentityMode,
    IntelligenceRecord,
    Report,
    ReportOutcome,
    ReportStatus,
)
from lantern.confidential_reports.signs import indicators_for
from lantern.core.access import not_found, require_capability
from lantern.core.access import signed_in_user as _user
from lantern.core.breadcrumbs import crumbs
from lantern.core.files import file_response
from lantern.core.forms import raise_as_form_errors
from lantern.core.pages import form_page

PAGE_SIZE = 25


def _report_crumbs(report: Report, label: str | None = None) -> list[dict[str, Any]]:
    parts: list[tuple[str, str | None]] = [("Reports", reverse("confidential_reports:team-queue"))]
    if label:
        parts += [(report.reference, reverse("confidential_reports:team-detail", args=[report.reference])), (label, None)]
    else:
        parts.append((report.reference, None))
    return crumbs(*parts)


def _form_page_context(report: Report, heading: str, lede: str = "") -> dict[str, Any]:
    return {"heading": heading, "caption": f"Report {report.reference}", "lede": lede,
            "crumbs": _report_crumbs(report, heading)}


def _to_report(report: Report, message: str, request: HttpRequest) -> HttpResponse:
    messages.success(request, message)
    return redirect("confidential_reports:team-detail", reference=report.reference)


def report_form_page(
    request: HttpRequest, report: Report, *, heading: str, form_class: type[forms.Form], save: Callable[[Any], Any],
    success: str | Callable[[Any], str], form_kwargs: Mapping[str, Any] | None = None, lede: str = "",
    shows_report: bool = False,
) -> HttpResponse:
    """A form page on a report the user may see: ``save(form)`` calls the service; success returns to the report.

    ``success`` is the message, or a function of what ``save`` returned giving it. ``shows_report``: the form
    starts with what the report says, so opening it is audited like opening the report. An invalid form is
    shown again with the status 400.
    """
    if shows_report and request.method != "POST":
        audit_read(user=request.user, record=report, label=report.reference, request=request)
    return form_page(
        request, form_class=form_class, form_kwargs=form_kwargs, save=save, template="form_page.html",
        context=_form_page_context(report, heading, lede),
        success_url=reverse("confidential_reports:team-detail", args=[report.reference]), success_message=success,
        invalid_status=400,
    )


@login_required
def team_queue(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_REPORTS)
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    queue = selectors.report_queue(user=request.user, status=status or None)
    if not status:
        queue = queue.exclude(status=ReportStatus.CLOSED)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.report_status_counts(request.user)
    tabs = [{"value": "", "label": "Open", "count": sum(n for s, n in counts.items() if s != ReportStatus.CLOSED)}]
    tabs += [{"value": value, "label": label, "count": counts[value]} for value, label in ReportStatus.choices]
    return render(request, "confidential_reports/team/queue.html", {
        "page": page, "tabs": tabs, "status": status, "filters": {"status": status} if status else {},
        "status_label": ReportStatus(status).label if status else "",
        "crumbs": crumbs(("Reports", None)),
    })


def _detail_context(report: Report, reply_form: report_forms.ReplyForm | None = None) -> dict[str, Any]:
    reply_form = reply_form or report_forms.ReplyForm()
    reply_form.helper.form_action = reverse("confidential_reports:team-reply", args=[report.reference])
    return {"report": report, **vars(selectors.report_page(report)), "reply_form": reply_form,
            "crumbs": _report_crumbs(report)}


@login_required
def team_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    audit_read(user=request.user, record=report, label=report.reference, request=request)
    return render(request, "confidential_reports/team/detail.html", _detail_context(report))


@login_required
@require_POST
def team_start_triage(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    try:
        services.report_start_triage(report=report, acting_user=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("confidential_reports:team-detail", reference=report.reference)
    return _to_report(report, "The report is in triage and assigned to you.", request)


@login_required
@require_POST
def team_reply(request: HttpRequest, reference: str) -> HttpResponse:
    """The reply form sits on the report page, so an invalid reply shows the report page again with its errors."""
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    form = report_forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.report_reply(report=report, acting_user=_user(request), body=form.cleaned_data["body"],
                                  asks_for_information=form.cleaned_data["asks_for_information"])
        except ValidationError as exc:
            raise_as_form_errors(form, exc)
        else:
            return _to_report(report, "Your message is waiting for the reporter.", request)
    return render(request, "confidential_reports/team/detail.html", _detail_context(report, form), status=400)


@login_required
def team_open_concern(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    user = _user(request)
    initial = {
        "what_seen": report.what_happened, "address": report.location, "area": report.area,
        "premises_type": report.premises_type, "person_description": report.people,
        "age_uncertain": report.children_involved == "yes",
        "indicator_codes": indicators_for(report.signs),
    }

    def save(form: report_forms.OpenConcernForm) -> ReportOutcome:
        data = form.cleaned_data
        return services.report_open_concern(
            report=report, acting_user=user, immediate_danger=data["immediate_danger"] == "yes",
            what_seen=data["what_seen"], address=data["address"], area=data["area"],
            premises_type=data["premises_type"], person_description=data["person_description"],
            age_uncertain=data["age_uncertain"], indicator_codes=data["indicator_codes"], note=data["note"],
            supplier=data["supplier"],
        )

    def saved(outcome: ReportOutcome) -> str:
        return f"Concern {outcome.concern.reference if outcome.concern else ''} is waiting for triage."

    return report_form_page(
        request, report, heading="Open a concern", form_class=report_forms.OpenConcernForm,
        form_kwargs={"initial": initial}, save=save, success=saved, shows_report=True,
        lede="The concern goes to the triage team with a link to this report. The boxes start with the reporter's "
             "own words: keep only what the triage team needs, and remove anything that could show who made the "
             "report (how they know, where they work or live). The reporter's name and contact details are never "
             "copied.")


@login_required
def team_pass_on(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    user = _user(request)

    def save(form: report_forms.PassOnForm) -> None:
        services.report_pass_on(report=report, acting_user=user, **form.cleaned_data)

    return report_form_page(
        request, report, heading="Pass to police or another agency", form_class=report_forms.PassOnForm, save=save,
        success="Recorded that the report was passed on.",
        lede="Record where the report went, so the trail is complete.")


@login_required
def team_intelligence(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    user = _user(request)
    initial = {"name": report.business_name, "address": report.location, "area": report.area,
               "premises_type": report.premises_type,
               "subject": "business" if report.business_name else "premises"}

    def save(form: report_forms.IntelligenceForm) -> IntelligenceRecord:
        return services.report_record_intelligence(report=report, acting_user=user, **form.cleaned_data)

    def saved(record: IntelligenceRecord) -> str:
        return f"Intelligence {record.reference} recorded."

    return report_form_page(
        request, report, heading="Record as intelligence", form_class=report_forms.IntelligenceForm,
        form_kwargs={"initial": initial}, save=save, success=saved, shows_report=True,
        lede="Intelligence about premises or a business is kept for disruption work, apart from the report.")


@login_required
def team_close(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    user = _user(request)

    def save(form: report_forms.CloseForm) -> None:
        services.report_close(report=report, acting_user=user, **form.cleaned_data)

    return report_form_page(
        request, report, heading="Close the report", form_class=report_forms.CloseForm, save=save,
        success="The report is closed.",
        lede="The reporter can still read messages, but cannot add to a closed report. "
             "The retention period starts when it is closed.")


@login_required
def team_reopen(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    user = _user(request)

    def save(form: report_forms.ReasonForm) -> None:
        services.report_reopen(report=report, acting_user=user, reason=form.cleaned_data["reason"])

    return report_form_page(
        request, report, heading="Reopen the report", form_class=report_forms.ReasonForm,
        form_kwargs={"label": "Why are you reopening the report?", "submit_label": "Reopen the report"},
        save=save, success="The report is open again.")


@login_required
def team_legal_hold(request: HttpRequest, reference: str, hold: bool) -> HttpResponse:
    """Put on (hold=True) or lift (hold=False) a legal hold: two addresses, so the form says which."""
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    if request.method != "POST" and report.legal_hold == hold:
        return _to_report(report, "The report is already on legal hold." if hold
                          else "The report is not on legal hold.", request)
    user = _user(request)

    def save(form: report_forms.ReasonForm) -> None:
        services.report_set_legal_hold(report=report, acting_user=user, hold=hold, reason=form.cleaned_data["reason"])

    return report_form_page(
        request, report, heading="Put the report on legal hold" if hold else "Lift the legal hold",
        form_class=report_forms.ReasonForm, save=save,
        form_kwargs={
            "label": "Why must the report be kept?" if hold else "Why can the hold be lifted?",
            "help_text": "For example, the case number of proceedings that need it." if hold else "",
            "submit_label": "Put on legal hold" if hold else "Lift the legal hold",
        },
        success="The report is on legal hold." if hold else "The legal hold is lifted.",
        lede="A report on legal hold is not anonymised when its retention period ends." if hold else "")


@login_required
def team_assign(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    user = _user(request)

    def save(form: report_forms.AssignForm) -> None:
        services.report_assign(report=report, acting_user=user, assignee=form.cleaned_data["assignee"])

    return report_form_page(
        request, report, heading="Assign the report", form_class=report_forms.AssignForm,
        form_kwargs={"initial": {"assignee": report.assigned_to}}, save=save, success="The report is assigned.")


@login_required
def team_identity(request: HttpRequest, reference: str) -> HttpResponse:
    """Who made the report: a stated reason first, then the identity, once, for this request only.

    Not a ``report_form_page``: a valid reason shows the identity on this response rather than redirecting.
    """
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    if not selectors.report_has_identity(report):
        raise not_found()
    confidential = report.identity_mode == IdentityMode.CONFIDENTIAL
    form = report_forms.ReasonForm(
        request.POST if request.method == "POST" else None,
        label="Why do you need to know who made this report?",
        help_text=("The reporter asked for their identity to stay with the reporting team. Your reason is kept in "
                   "the audit trail and the data protection officer is told you looked." if confidential else
                   "The reporter agreed to be named. Viewing their details is still recorded."),
        submit_label="Show who made the report",
    )
    if form.is_valid():
        identity = services.reporter_identity_view(report=report, acting_user=_user(request),
                                                   reason=form.cleaned_data["reason"])
        return render(request, "confidential_reports/team/identity.html", {
            "report": report, "identity": identity, "confidential": confidential,
            "crumbs": _report_crumbs(report, "Reporter"),
        })
    return render(request, "form_page.html", {**_form_page_context(report, "See who made the report"), "form": form},
                  status=400 if form.is_bound else 200)


@login_required
def team_attachment(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, reference=reference)
    attachment = selectors.report_attachment_get(report=report, attachment_id=attachment_id)
    audit_read(user=request.user, record=report, label=report.reference, action="report.attachment_download",
               export=True, details={"attachment": attachment.pk})
    # The reporter's file name may say who they are: the download is named by reference only.
    return file_response(attachment, name=f"{report.reference}-file-{attachment.pk}")


@login_required
def intelligence_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_REPORTS)
    page = Paginator(selectors.intelligence_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "confidential_reports/team/intelligence_list.html", {
        "page": page, "filters": {},
        "crumbs": crumbs(("Reports", reverse("confidential_reports:team-queue")), ("Intelligence", None)),
    })


@login_required
def intelligence_detail(request: HttpRequest, reference: str) -> HttpResponse:
    record = selectors.intelligence_get_for_user(user=request.user, reference=reference)
    audit_read(user=request.user, record=record, label=record.reference, request=request)
    return render(request, "confidential_reports/team/intelligence_detail.html", {
        "record": record,
        "crumbs": crumbs(("Reports", reverse("confidential_reports:team-queue")),
                         ("Intelligence", reverse("confidential_reports:intelligence-list")), (record.reference, None)),
    })
