"""Sessions, their attendance (marked in the page or imported), and the import's pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.core.access import not_found, require_capability, signed_in_user
from lantern.core.forms import ImportMappingForm
from lantern.core.imports import registry
from lantern.core.imports.report import report_csv
from lantern.core.models import ImportStatus
from lantern.core.pages import form_page
from lantern.training import forms
from lantern.training.models import Attendance, Outcome, SessionStatus
from lantern.training.selectors import records
from lantern.training.services import certificates, imports, sessions
from lantern.training.views.catalogue import require_records, training_crumbs

PAGE_SIZE = 50
PROBLEMS_SHOWN = 200


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_records(user)
    page = Paginator(records.sessions_visible_to(user).order_by("-date", "reference"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "training/session_list.html", {
        "page": page, "may_manage": records.may_manage(user), "filters": {},
        "crumbs": training_crumbs(("Sessions", None))})


def _session_crumbs(session: Any, last: str | None = None) -> list[dict[str, str | None]]:
    items: list[tuple[str, str | None]] = [("Sessions", reverse("training:session-list"))]
    items.append((session.reference, reverse("training:session-detail", args=[session.pk]) if last else None))
    if last:
        items.append((last, None))
    return training_crumbs(*items)


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    return form_page(
        request, form_class=forms.SessionForm, template="form_page.html",
        save=lambda form: sessions.session_create(acting_user=user, **form.cleaned_data),
        success_url=lambda session: reverse("training:session-detail", args=[session.pk]),
        success_message=lambda session: f"Session {session.reference} added.",
        context={"heading": "Add a session", "crumbs": training_crumbs(
            ("Sessions", reverse("training:session-list")), ("Add", None))})


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = records.session_get(user=user, session_id=session_id)
    require_capability(user, Capability.MANAGE_TRAINING)
    initial = {"course": session.course, "date": session.date, "trainer_name": session.trainer_name,
               "venue": session.venue, "link": session.link, "capacity": session.capacity}

    def save(form: forms.SessionForm) -> Any:
        data = dict(form.cleaned_data)
        if data.pop("course") != session.course:
            raise ValidationError({"course": "A session's course cannot change: cancel it and add another"})
        return sessions.session_update(session=session, acting_user=user, **data)

    return form_page(request, form_class=forms.SessionForm, template="form_page.html",
                     form_kwargs={"initial": initial}, save=save, success_message="Session saved.",
                     success_url=reverse("training:session-detail", args=[session.pk]),
                     context={"heading": f"Change session {session.reference}",
                              "crumbs": _session_crumbs(session, "Change")})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = records.session_get(user=user, session_id=session_id)
    attendance = session.attendances.select_related("trainee__agency", "trainee__job_type").order_by(
        "trainee__full_name")
    audit_read(user=user, record=session, label=session.reference, request=request)
    return render(request, "training/session_detail.html", {
        "session": session, "attendance": attendance, "may_manage": records.may_manage(user),
        "form": forms.AttendeeForm(), "uploads": session.imports.select_related("import_file").order_by("-created_at"),
        "cancelled": session.status == SessionStatus.CANCELLED, "crumbs": _session_crumbs(session)})


@login_required
def attendee_add(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = records.session_get(user=user, session_id=session_id)
    require_capability(user, Capability.MANAGE_TRAINING)

    def save(form: forms.AttendeeForm) -> Any:
        data = form.cleaned_data
        return sessions.attendance_add(
            session=session, acting_user=user, full_name=data["full_name"], email=data["email"],
            agency_id=data["agency"].pk if data["agency"] else None, agency_name=data["agency_name"],
            role=data["role"], job_type_id=data["job_type"].pk if data["job_type"] else None,
            outcome=data["outcome"])

    return form_page(request, form_class=forms.AttendeeForm, template="form_page.html", save=save,
                     success_url=reverse("training:session-detail", args=[session.pk]),
                     success_message="Added to the session.",
                     context={"heading": "Add a person to the session", "caption": str(session),
                              "crumbs": _session_crumbs(session, "Add a person")})


@login_required
@require_POST
def attendance_mark(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = records.session_get(user=user, session_id=session_id)
    require_capability(user, Capability.MANAGE_TRAINING)
    present = [int(value) for value in request.POST.getlist("attended") if value.isdigit()]
    try:
        changed = sessions.attendance_mark(session=session, acting_user=user, attended=present)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:session-detail", session_id=session.pk)
    messages.success(request, f"Attendance saved ({changed} changed).")
    return redirect("training:session-detail", session_id=session.pk)


@login_required
@require_POST
def certificate_for_attendance(request: HttpRequest, attendance_id: int) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.MANAGE_TRAINING)
    attendance = Attendance.objects.select_related("trainee", "course", "course_version", "session").filter(
        pk=attendance_id, outcome=Outcome.ATTENDED).first()
    if attendance is None:
        raise not_found()
    certificate = certificates.certificate_for_attendance(attendance=attendance, acting_user=user)
    return redirect("training:certificate-pdf", code=certificate.code)


def _upload(request: HttpRequest, *, kind: str, session: Any, heading: str, crumbs_: Any) -> HttpResponse:
    user = signed_in_user(request)
    return form_page(
        request, form_class=forms.UploadForm, template="form_page.html",
        save=lambda form: imports.attendance_upload(kind=kind, upload=form.cleaned_data["upload"],
                                                    source=form.cleaned_data["source"], acting_user=user,
                                                    session=session),
        success_url=lambda upload: registry.get(kind).page_url(upload),
        context={"heading": heading, "crumbs": crumbs_,
                 "lede": "Lantern reads the columns, you confirm them, and every row is checked before anything "
                         "is imported. Importing the same file again changes nothing."})


@login_required
def session_upload(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = records.session_get(user=user, session_id=session_id)
    require_capability(user, Capability.MANAGE_TRAINING)
    return _upload(request, kind=imports.ATTENDANCE, session=session, heading="Upload the sign-in sheet",
                   crumbs_=_session_crumbs(session, "Upload the sign-in sheet"))


@login_required
def completions_upload(request: HttpRequest) -> HttpResponse:
    require_capability(signed_in_user(request), Capability.MANAGE_TRAINING)
    return _upload(request, kind=imports.COMPLETIONS, session=None,
                   heading="Upload completions from a learning platform",
                   crumbs_=training_crumbs(("Upload completions", None)))


def _upload_urls(upload: Any) -> dict[str, str]:
    record = upload.attendance_import if hasattr(upload, "attendance_import") else None
    section = (reverse("training:session-detail", args=[record.session_id]) if record and record.session_id
               else reverse("training:overview"))
    return {"mapping": reverse("training:upload-mapping", args=[upload.pk]),
            "import": reverse("training:upload-import", args=[upload.pk]),
            "report_csv": reverse("training:upload-report-csv", args=[upload.pk]),
            "section": section, "section_label": "Back to the session" if record and record.session_id
            else "Training"}


def _with_record(upload: Any) -> Any:
    from lantern.training.models import AttendanceImport

    upload.attendance_import = AttendanceImport.objects.filter(import_file=upload).first()
    return upload


@login_required
def upload_mapping(request: HttpRequest, upload_id: Any) -> HttpResponse:
    user = signed_in_user(request)
    upload = _with_record(records.upload_get(user=user, upload_id=upload_id))
    if upload.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        return redirect("training:upload-report", upload_id=upload.pk)
    spec = registry.get(upload.kind).spec
    proposal = upload.proposal
    unsure = [item for item in proposal.get("fields", []) if item.get("column") is not None and not item.get("sure")]
    missing = [spec.field(item["field"]).label for item in proposal.get("fields", [])
               if item.get("column") is None and spec.field(item["field"]).required]
    return form_page(
        request, form_class=ImportMappingForm, template="core/imports/upload_mapping.html",
        save=lambda form: imports.attendance_upload_map(import_file=upload, columns=form.columns(), acting_user=user),
        form_kwargs={"spec": spec, "headers": upload.headers, "proposal": proposal, "current": upload.mapping},
        success_url=lambda job: reverse("core:job-detail", args=[job.pk]),
        context={"upload": upload, "unsure": len(unsure), "missing": missing,
                 "remembered": proposal.get("remembered", False), "crumbs": training_crumbs(("Columns", None))})


@login_required
def upload_report(request: HttpRequest, upload_id: Any) -> HttpResponse:
    user = signed_in_user(request)
    upload = _with_record(records.upload_get(user=user, upload_id=upload_id))
    return render(request, "core/imports/upload_report.html", {
        "upload": upload, "counts": upload.counts, "problems": upload.problems[:PROBLEMS_SHOWN],
        "more_problems": max(0, len(upload.problems) - PROBLEMS_SHOWN), "may_manage": True,
        "urls": _upload_urls(upload), "crumbs": training_crumbs(("Check", None))})


@login_required
@require_POST
def upload_import(request: HttpRequest, upload_id: Any) -> HttpResponse:
    user = signed_in_user(request)
    upload = records.upload_get(user=user, upload_id=upload_id)
    try:
        job = imports.attendance_upload_import(import_file=upload, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:upload-report", upload_id=upload.pk)
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def upload_report_csv(request: HttpRequest, upload_id: Any) -> HttpResponse:
    user = signed_in_user(request)
    upload = records.upload_get(user=user, upload_id=upload_id)
    audit_read(user=user, record=upload, action="training_upload.report_download", export=True,
               details={"problems": len(upload.problems)})
    response = HttpResponse(report_csv(upload.problems), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-report-{str(upload.pk)[:8]}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
