"""The public side of the confidential channel: no account, no tracking, works without JavaScript.

These views never read the sender's address or browser (ReporterPrivacyMiddleware
removes them before any view runs) and keep nothing in the session except, after a
correct receipt, which report is open, until the browser closes.
"""

import functools
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lantern.confidential_reports import abuse, selectors, services
from lantern.confidential_reports.forms import MAX_FILES, PublicReportForm, ReceiptForm, ReporterMessageForm
from lantern.confidential_reports.middleware import PUBLIC_PREFIX
from lantern.confidential_reports.models import ReportStatus
from lantern.confidential_reports.receipts import receipt_format, receipt_normalise
from lantern.core import files
from lantern.core.access import not_found
from lantern.core.forms import raise_as_form_errors

logger = logging.getLogger(__name__)

FOLLOW_UP_KEY = "lantern_report_follow_up"

NOT_SAVED = ("Sorry, there is a problem with the service and your report has not been sent yet. "
             "Press ‘Send report’ again. Your answers are still here. If someone is in immediate danger, call 999.")
NOT_SENT_YET = ("This report is still being sent. Wait a minute, then press ‘Send report’ again to check "
                "it arrived. Your answers are still here.")

REPORTER_STATUS = {
    ReportStatus.NEW: ("Received", "Your report has arrived and is waiting to be read by the reporting team."),
    ReportStatus.IN_TRIAGE: ("Being looked at", "The reporting team is looking at your report."),
    ReportStatus.MORE_INFO: ("We have asked you a question", "Please read the team's message and reply below."),
    ReportStatus.PASSED_ON: ("Passed on", "Your report has been passed to the people who can act on it."),
    ReportStatus.CLOSED: ("Closed", "The reporting team has finished with this report."),
}


IDENTITY_HINTS = {
    "anonymous": "We do not ask who you are and keep nothing that identifies you. We can still reply through your "
                 "receipt code.",
    "confidential": "Only the partnership's reporting team can see who you are. They will not share it without your "
                    "agreement, unless the law requires it.",
    "open": "You are happy for the people who act on your report, such as the police, to know who you are.",
}


# The static files the reporting pages load, served again under /report/static/ so that every request
# a reporter's browser makes falls under the proxy's one rule: no access log for /report/ (see
# docs/security.md). The stylesheet and lantern.mjs refer to their images and modules by relative
# addresses, so from here they ask for them here too.
REPORT_ASSETS = frozenset({
    "build/lantern.css", "build/govuk-frontend.min.js", "build/moj-frontend.min.js",
    "js/lantern.mjs", "js/report-form.mjs", "js/favicon.svg",
})
REPORT_ASSET_FOLDERS = ("moj/assets/images/",)  # what the stylesheet's url()s point to
_CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                  ".mjs": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}


def _is_report_asset(path: str) -> bool:
    if path in REPORT_ASSETS:
        return True
    return (path.startswith(REPORT_ASSET_FOLDERS) and ".." not in path.split("/")
            and Path(path).suffix in (".svg", ".png"))


@functools.cache
def _asset(path: str) -> tuple[bytes, str]:
    """A static file's content and a version for its address (from the finders, or the collected files)."""
    found = finders.find(path)
    if found:
        content = Path(str(found)).read_bytes()
    elif staticfiles_storage.exists(path):  # a deployment that ships only collected files
        with staticfiles_storage.open(path) as handle:
            content = handle.read()
    else:
        raise ImproperlyConfigured(f"{path} is missing from the static files")
    return content, hashlib.sha256(content).hexdigest()[:12]


def _asset_url(path: str) -> str:
    return f"{reverse('confidential_reports:asset', args=[path])}?v={_asset(path)[1]}"


def asset(request: HttpRequest, path: str) -> HttpResponse:
    """A static file the reporting pages use, at /report/static/<path>."""
    if not _is_report_asset(path):
        raise not_found()
    try:
        content, version = _asset(path)
    except ImproperlyConfigured:
        raise not_found() from None
    response = HttpResponse(content, content_type=_CONTENT_TYPES.get(Path(path).suffix, "application/octet-stream"))
    given = request.GET.get("v")
    if given == version:  # the address changes with the file: cache it for good
        response["Cache-Control"] = "public, max-age=31536000, immutable"
        response.lantern_cacheable = True  # type: ignore[attr-defined]  # see core.middleware.NoStoreMiddleware
    elif given is None:  # asked for by relative address from the stylesheet or lantern.mjs: kept an hour
        response["Cache-Control"] = "public, max-age=3600"
        response.lantern_cacheable = True  # type: ignore[attr-defined]
    # An old version is not cached, so a browser never keeps a stale file.
    return response


def _context(**extra: Any) -> dict[str, Any]:
    return {
        "report_assets": {"stylesheet": _asset_url("build/lantern.css"), "favicon": _asset_url("js/favicon.svg"),
                          "script": _asset_url("js/lantern.mjs")},
        "report_script_url": _asset_url("js/report-form.mjs"),
        "helpline_number": settings.LANTERN_HELPLINE_NUMBER,
        "exit_url": settings.LANTERN_EXIT_URL,
        "max_files": MAX_FILES,
        "max_file_size": files.size_label(settings.LANTERN_MAX_UPLOAD_BYTES),
        "retention_days": settings.LANTERN_REPORT_RETENTION_DAYS,
        "identity_hints": IDENTITY_HINTS,
        **extra,
    }


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "confidential_reports/public/start.html", _context())


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "confidential_reports/public/privacy.html", _context())


def _check_files(form: Any, uploads: list[Any], already_held: list[int], *,
                 allowed: Callable[[int], int] | None = None) -> list[int]:
    """Check each new file; keep the good ones (encrypted) and explain the rest. Returns every held id.

    Nothing is read from a file that could not be kept: beyond MAX_FILES, or beyond what
    ``allowed`` (given how many files would be checked) permits.
    """
    held = list(already_held)
    deadline = files.upload_deadline()  # the files of one request share one time budget
    room = max(0, MAX_FILES - len(held))
    permitted = allowed(min(room, len(uploads))) if allowed else room
    for index, upload in enumerate(uploads):
        if index >= room:
            form.add_error("uploads", f"You can add up to {MAX_FILES} files. {upload.name} was not added.")
            continue
        if index >= permitted:
            form.add_error("uploads", f"This form has had a lot of files added. {upload.name} was not added: "
                                      "send your report, then add it from the follow-up page.")
            continue
        try:
            held.append(services.attachment_hold(files.check_upload(upload, deadline=deadline)).pk)
        except ValidationError as exc:  # wrong type or size, unreadable, or flagged by the virus scanner
            form.add_error("uploads", f"{upload.name}: {' '.join(exc.messages)}")
    return held


def _render_form(request: HttpRequest, form: PublicReportForm, *, challenge: str, pow_number: str = "",
                 held: list[int] | None = None, status: int = 200, problem: str = "") -> HttpResponse:
    held = held or []
    return render(request, "confidential_reports/public/report_form.html", _context(
        form=form, challenge=challenge, pow_number=pow_number, held_files=selectors.attachments_held(held),
        held_token=PublicReportForm.held_token(held), problem=problem,
        show_honeypot=bool(form.is_bound and form.data.get("website")),
    ), status=status)


@csrf_exempt  # see ADR 10: the signed, one-use puzzle protects the form; no cookie is needed to report
def report_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, PublicReportForm(), challenge=abuse.challenge_issue())
    form = PublicReportForm(request.POST, request.FILES)
    challenge_json = request.POST.get("challenge", "")
    pow_number = request.POST.get("pow_number", "").strip()
    held = form.held_ids()
    uploads = request.FILES.getlist("uploads")

    # 1. May this sending go on at all? (abuse.py decides; nothing of the form is read yet.)
    gate = abuse.report_form_gate(request, challenge_json=challenge_json, pow_number=pow_number,
                                  honeypot=request.POST.get("website", ""), with_files=bool(uploads))
    if gate.refusal is not None:
        refusal = gate.refusal
        if refusal.already_sent:
            return render(request, "confidential_reports/public/already_sent.html", _context(), status=refusal.status)
        if refusal.fresh_challenge:
            return _render_form(request, form, challenge=abuse.challenge_issue(), held=held, status=refusal.status,
                                problem=refusal.problem)
        return _render_form(request, form, challenge=challenge_json, pow_number=pow_number, held=held,
                            status=refusal.status, problem=refusal.problem)

    # 2. Validate the answers and check the files.
    key = gate.check.key
    valid = form.is_valid()
    held = _check_files(form, uploads, held, allowed=lambda wanted: abuse.challenge_files_allowed(key, wanted))
    if not valid or form.errors:
        return _render_form(request, form, challenge=challenge_json, pow_number=pow_number, held=held, status=400)
    # 3. Record the report. Sent twice at once (a double click), only one sending saves it; the form
    # is spent only when the report's transaction commits, so a save that fails can be sent again.
    claim = abuse.challenge_claim(key)
    if claim == "spent":
        return render(request, "confidential_reports/public/already_sent.html", _context(), status=409)
    if claim == "busy":
        return _render_form(request, form, challenge=challenge_json, pow_number=pow_number, held=held, status=409,
                            problem=NOT_SENT_YET)
    try:
        with transaction.atomic():
            submitted = services.report_submit(answers=form.answers(), identity=form.identity(),
                                               attachment_ids=held, proof_of_work=gate.check.solved)
            transaction.on_commit(functools.partial(abuse.challenge_spend, key))
    except ValidationError as exc:
        raise_as_form_errors(form, exc)
        return _render_form(request, form, challenge=abuse.challenge_issue(), held=held, status=400)
    except DatabaseError as exc:  # a stalled or unavailable database: nothing was saved
        logger.warning("A report could not be saved (%s); the reporter was asked to send it again",
                       type(exc).__name__)
        return _render_form(request, form, challenge=challenge_json, pow_number=pow_number, held=held, status=503,
                            problem=NOT_SAVED)
    finally:
        abuse.challenge_release(key)
    # The receipt is shown once, on this response (never stored, so no redirect).
    return render(request, "confidential_reports/public/confirmation.html", _context(
        receipt=receipt_format(submitted.receipt), identity_mode=submitted.report.identity_mode,
        files_not_sent=submitted.files_not_sent))


# --- Errors under /report/ ------------------------------------------------------------

ERROR_PAGES = {
    400: ("There is a problem with what was sent", (
        "Nothing was sent. The web address or the form held something that cannot be accepted, such as a "
        "hidden character copied from another document.",
        "Go back to the page: your answers may still be there. Type again any text you pasted in, then send it.")),
    403: ("Your form could not be sent", (
        "This can happen when a page has been open for a long time or the browser was closed. Nothing was sent.",
        "Go back, reload the page and try again. If you were following up a report, enter your receipt code "
        "again.")),
    404: ("Page not found", ("If you typed the web address, check it is correct.",)),
    500: ("Sorry, there is a problem with the service", (
        "Nothing was sent. Try again later.",)),
}


def error_page(request: HttpRequest, status: int) -> HttpResponse | None:
    """The reporting pages' own error page, for an error under /report/ (None elsewhere): their files,
    header and links, so the shared page's /static/ files and staff links never show to a reporter."""
    if not request.path_info.startswith(PUBLIC_PREFIX) or status not in ERROR_PAGES:
        return None
    heading, paragraphs = ERROR_PAGES[status]
    try:
        return render(request, "confidential_reports/public/error.html",
                      _context(heading=heading, paragraphs=paragraphs), status=status)
    except Exception as exc:  # noqa: BLE001 - an error page must not fail: the shared one is the fallback
        # The type only: a traceback or message from a reporter's request could quote what they sent.
        logger.error("The reporting pages' error page could not be shown: %s", type(exc).__name__)
        return None


# --- Following up with a receipt -----------------------------------------------------


def _render_follow_up(request: HttpRequest, form: ReceiptForm, *, status: int = 200,
                      problem: str = "") -> HttpResponse:
    # Every try needs a puzzle of its own, so each page carries a fresh one.
    return render(request, "confidential_reports/public/follow_up.html", _context(
        form=form, problem=problem, challenge=abuse.challenge_issue(abuse.RECEIPT_TRY)), status=status)


def follow_up(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    if request.method != "POST":
        return _render_follow_up(request, form)
    refusal = abuse.receipt_try_gate(request, challenge_json=request.POST.get("challenge", ""),
                                     pow_number=request.POST.get("pow_number", "").strip())
    if refusal is not None:
        form.is_valid()
        return _render_follow_up(request, form, status=refusal.status, problem=refusal.problem)
    if form.is_valid():
        if receipt_normalise(form.cleaned_data["receipt"]) is None:
            form.add_error("receipt", "Enter the 16 digits of your receipt code, for example 4821 0937 5512 6604")
        else:
            report = selectors.report_find_by_receipt(form.cleaned_data["receipt"])
            if report is not None:
                # A new, empty session: nothing else (such as a staff member's sign-in) may
                # sit beside the report in the session store and link them to it.
                request.session.flush()
                request.session[FOLLOW_UP_KEY] = report.pk
                request.session.set_expiry(0)  # ends when the browser closes
                return redirect("confidential_reports:follow-up-messages")
            form.add_error("receipt", "We could not find a report with that receipt code. Check the digits "
                                      "and try again.")
    abuse.receipt_failure_record(request)
    return _render_follow_up(request, form, status=400)


def follow_up_messages(request: HttpRequest) -> HttpResponse:
    report = selectors.report_followed(request.session.get(FOLLOW_UP_KEY))
    if report is None:
        return redirect("confidential_reports:follow-up")
    form = ReporterMessageForm(request.POST or None, request.FILES or None)
    status = 200
    held = form.held_ids() if request.method == "POST" else []
    if request.method == "POST":
        if not report.accepts_messages:
            form.is_valid()
            form.add_error(None, "This report is closed. If you have something new to tell us, make a new report.")
            status = 400
        elif abuse.reporter_message_over_limit(request, report_id=report.pk):
            form.is_valid()
            form.add_error(None, "You have sent a lot of messages. Wait a while, then send this one again.")
            status = 429
        else:
            valid = form.is_valid()
            held = _check_files(form, request.FILES.getlist("uploads"), held)
            if valid and not form.errors:
                try:
                    services.reporter_message_add(report=report, body=form.cleaned_data["body"], attachment_ids=held)
                except ValidationError as exc:
                    raise_as_form_errors(form, exc)
                else:
                    return redirect(reverse("confidential_reports:follow-up-messages") + "?sent=1")
            status = 400
    label, explanation = REPORTER_STATUS[ReportStatus(report.status)]
    thread = selectors.report_thread(report)
    return render(request, "confidential_reports/public/messages.html", _context(
        report=report, thread=thread, form=form, status_label=label, status_explanation=explanation,
        held_files=selectors.attachments_held(held), held_token=ReporterMessageForm.held_token(held),
        received_on=timezone.localtime(report.created_at), sent=request.GET.get("sent") == "1",
    ), status=status)


def forget_report_on_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Signing in keeps the session's data: drop the open report first, so no session holds
    both a staff member's sign-in and a report they followed up (connected in apps.py)."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(FOLLOW_UP_KEY, None)
        request.session.pop(abuse.RECEIPT_FAILURES_KEY, None)


@require_POST
def follow_up_leave(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return redirect("confidential_reports:start")
