"""The training overview, compliance, a person's record, match reviews, "My training" and certificates."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency, User
from lantern.audit.services import audit_read
from lantern.core.access import not_found, require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page
from lantern.training import exports, forms
from lantern.training.compliance import STATUS_LABELS, STATUS_ORDER, Status
from lantern.training.models import Certificate, Course, Session, SessionStatus, Trainee
from lantern.training.selectors import compliance as compliance_selectors
from lantern.training.selectors import records
from lantern.training.services import certificates, people
from lantern.training.views.catalogue import require_records, training_crumbs

PAGE_SIZE = 50


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_records(user)
    upcoming = (records.sessions_visible_to(user).filter(status=SessionStatus.SCHEDULED)
                .order_by("date", "reference")[:5])
    return render(request, "training/overview.html", {
        "upcoming": upcoming, "may_manage": records.may_manage(user),
        "courses": Course.objects.filter(is_active=True).count(),
        "sessions": Session.objects.count(), "reviews": records.reviews_open(user).count(),
        "crumbs": crumbs(("Training", None))})


def _results_table(results: list[Any]) -> list[dict[str, Any]]:
    titles = dict(Course.objects.values_list("pk", "title"))
    return [{"course": titles.get(r.course_id, ""), "status": r.status, "label": STATUS_LABELS[r.status],
             "due_on": r.due_on, "completed_on": r.completed_on} for r in results]


def _compliance_filters(request: HttpRequest) -> tuple[list[tuple[int, str]], int | None, str]:
    """The agencies to choose from, and the agency and status chosen (None and "" for all)."""
    agencies = list(Agency.objects.filter(is_active=True).values_list("pk", "name"))
    agency_id = request.GET.get("agency", "")
    agency = int(agency_id) if agency_id.isdigit() and int(agency_id) in dict(agencies) else None
    status = request.GET.get("status", "")
    return agencies, agency, status if status in Status.__members__.values() else ""


def _listed(result: compliance_selectors.CompliancePage, status: str) -> list[compliance_selectors.PageRow]:
    return [row for row in result.rows if not status or row[3] == status]


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_records(user)
    agencies, agency, status = _compliance_filters(request)
    result = compliance_selectors.compliance_cached(agency_id=agency)
    listed = _listed(result, status)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [(pk, name, organisation, STATUS_LABELS[Status(worst)])
                        for pk, name, organisation, worst in page.object_list]
    audit_read(user=user, label="Training compliance", request=request, action="training.compliance.view",
               details={"agency": agency, "status": status, "people": len(listed)})
    filters = {"agency": agency or "", "status": status}
    return render(request, "training/compliance.html", {
        "summary": result.summary, "statuses": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER], "page": page,
        "totals": list(zip([STATUS_LABELS[s] for s in STATUS_ORDER], result.totals, strict=True)),
        "agencies": agencies,
        "agency": agency, "status": status, "filters": filters,
        "download_query": urlencode({key: value for key, value in filters.items() if value}),
        "agency_name": dict(agencies).get(agency or 0, ""),
        "crumbs": training_crumbs(("Compliance", None))})


@login_required
@require_GET
def compliance_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One of the compliance page's tables as a CSV file, for the page's filters: the summary by agency and
    role (filtered by agency, as on the page), or every person listed (by agency and status). Audited as an
    export, with the filters and the number of rows (never a name)."""
    user = signed_in_user(request)
    require_records(user)
    if table not in ("summary", "people"):
        raise not_found()
    _agencies, agency, status = _compliance_filters(request)
    result = compliance_selectors.compliance_cached(agency_id=agency)
    if table == "summary":
        content, rows = exports.summary_csv(result.summary), len(result.summary)
    else:
        listed = _listed(result, status)
        content, rows = exports.people_csv(listed), len(listed)
    audit_read(user=user, label="Training compliance", request=request, action="training.compliance.export",
               export=True, details={"table": table, "agency": agency, "status": status if table == "people" else "",
                                     "rows": rows})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lantern-training-compliance-{table}-{stamp}.csv"'
    add_never_cache_headers(response)
    return response


@login_required
def trainee_detail(request: HttpRequest, trainee_id: int) -> HttpResponse:
    user = signed_in_user(request)
    trainee = records.trainee_get(user=user, trainee_id=trainee_id)
    audit_read(user=user, record=trainee, label=f"Training record {trainee.pk}", request=request)
    return render(request, "training/trainee_detail.html", _record_context(trainee, user) | {
        "may_manage": records.may_manage(user),
        "crumbs": training_crumbs(("Compliance", reverse("training:compliance")), (trainee.full_name, None))})


def _record_context(trainee: Trainee | None, user: Any) -> dict[str, Any]:
    results = compliance_selectors.person_results(trainee=trainee, user=user if trainee is None else None)
    attendance = (trainee.attendances.select_related("course", "course_version", "session").order_by("-completed_on")
                  if trainee else [])
    held = (Certificate.objects.filter(trainee=trainee, revoked_at__isnull=True).select_related("course")
            if trainee else [])
    return {"trainee": trainee, "results": _results_table(results), "attendance": attendance, "certificates": held}


@login_required
def trainee_edit(request: HttpRequest, trainee_id: int) -> HttpResponse:
    user = signed_in_user(request)
    trainee = records.trainee_get(user=user, trainee_id=trainee_id)
    require_capability(user, Capability.MANAGE_TRAINING)
    initial = {"agency": trainee.agency, "agency_name": trainee.agency_name, "role": trainee.role,
               "job_type": trainee.job_type, "started_on": trainee.started_on,
               "manager_email": trainee.manager_email, "is_active": trainee.is_active}

    def save(form: forms.TraineeForm) -> Trainee:
        data = dict(form.cleaned_data)
        manager = User.objects.filter(email=data["manager_email"].lower()).first() if data["manager_email"] else None
        return people.trainee_update(trainee=trainee, acting_user=user, manager=manager, **data)

    return form_page(request, form_class=forms.TraineeForm, template="form_page.html", save=save,
                     form_kwargs={"initial": initial}, success_message="Record saved.",
                     success_url=reverse("training:trainee-detail", args=[trainee.pk]),
                     context={"heading": f"Change {trainee.full_name}'s details", "crumbs": training_crumbs(
                         (trainee.full_name, reverse("training:trainee-detail", args=[trainee.pk])),
                         ("Change", None))})


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    page = Paginator(records.reviews_open(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/reviews.html", {"page": page, "filters": {},
                                                     "crumbs": training_crumbs(("Matches to review", None))})


@login_required
@require_POST
def review_decide(request: HttpRequest, review_id: int) -> HttpResponse:
    user = signed_in_user(request)
    review = records.review_get(user=user, review_id=review_id)
    decision = request.POST.get("decision")
    if decision not in ("same", "different"):
        messages.error(request, "Choose whether they are the same person")
        return redirect("training:reviews")
    people.match_review_decide(review=review, same_person=decision == "same", acting_user=user)
    messages.success(request, "Records merged." if decision == "same" else "Kept as different people.")
    return redirect("training:reviews")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A signed-in user's own training record: what their role needs, and what they have done."""
    user = signed_in_user(request)
    trainee = Trainee.objects.filter(user=user).first()
    return render(request, "training/mine.html", _record_context(trainee, user) | {
        "crumbs": crumbs(("My training", None))})


@login_required
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """A certificate's PDF: for training coordinators and programme managers, and for its holder."""
    user = signed_in_user(request)
    certificate = Certificate.objects.select_related("course", "course_version", "trainee").filter(code=code).first()
    if certificate is None:
        raise not_found()
    own = certificate.trainee is not None and certificate.trainee.user_id == user.pk
    if not (own or records.may_read_records(user)):
        raise not_found() if not user.can(Capability.VIEW_TRAINING_COMPLIANCE) else PermissionDenied
    audit_read(user=user, record=certificate, label=f"Certificate {certificate.code}", request=request,
               action="training.certificate.download", export=True)
    response = HttpResponse(certificates.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    add_never_cache_headers(response)
    return response


@login_required
def certificate_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Withdraw a certificate issued in error, with the reason: for those who run training (403 for others)."""
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    certificate = (Certificate.objects.select_related("course", "trainee")
                   .filter(code=code, revoked_at__isnull=True).first())
    if certificate is None:
        raise not_found()
    trainee = certificate.trainee
    back = reverse("training:trainee-detail", args=[trainee.pk]) if trainee else reverse("training:overview")

    def save(form: forms.CertificateWithdrawForm) -> Certificate:
        return certificates.certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"],
                                               acting_user=user)

    return form_page(request, form_class=forms.CertificateWithdrawForm, template="form_page.html", save=save,
                     success_url=back, success_message="Certificate withdrawn: the public check now says so.",
                     context={"heading": f"Withdraw the {certificate.course.title} certificate",
                              "caption": f"Certificate {certificate.code}",
                              "crumbs": training_crumbs(*([(trainee.full_name, back)] if trainee else []),
                                                        ("Withdraw a certificate", None))})
