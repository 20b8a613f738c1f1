"""The public "spot the signs" module at /learn/: no account, works without JavaScript, no lasting cookie.

As on the confidential reporting pages (ADR 10), nothing here sets a cookie for the public: the pages
are read with GET, and the two forms (the quiz, the certificate's name) are exempt from Django's CSRF
cookie and carry instead a signed token from the page that served them. A forged cross-site post
could only record a quiz result, which anyone can do by taking the quiz. For a signed-in member of
staff, whose result counts on their training record, the usual CSRF check is made.
After each post the browser is sent on (POST, then redirect) to the result's page, addressed by the
attempt's random id: never a name or an answer in an address.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from lantern.core.access import not_found
from lantern.core.forms import raise_as_form_errors
from lantern.training import learn_content, selectors_learning, services_learning
from lantern.training.forms_learning import CertificateForm, QuizForm
from lantern.training.models import LearnAttempt
from lantern.training.quiz import current_quiz, mark, quiz
from lantern.training.services import certificates

BUSY = ("Many answers have been sent from your network in the last minute. Wait a minute, then send yours again: "
        "your answers are still on this page.")
EXPIRED = "This page was open too long, or was not sent from this website. Check your answers and send them again."


def _too_many(request: HttpRequest, group: str) -> bool:
    """Each network's sends (quiz answers, certificates, PDFs) within ``LANTERN_LEARN_RATE``: a flood of attempts
    or PDF renders from one place is turned away before anything is written or drawn."""
    return bool(is_ratelimited(request, group=f"learn.{group}", key="ip", rate=settings.LANTERN_LEARN_RATE,
                               increment=True))


def _csrf_refusal(request: HttpRequest) -> HttpResponse | None:
    """Django's CSRF check, for a signed-in user only (see the module's docstring)."""
    if not request.user.is_authenticated:
        return None
    return CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})  # type: ignore[arg-type]


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "training/learn/start.html", {"pages": learn_content.PAGES, "quiz": current_quiz()})


@require_GET
def module_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = learn_content.page(slug)
    if page is None:
        raise not_found()
    previous, following = learn_content.neighbours(slug)
    return render(request, page.template, {
        "page": page, "pages": learn_content.PAGES, "previous": previous, "next": following,
        "position": learn_content.PAGES.index(page) + 1,
        "forms_of_exploitation": learn_content.forms_of_exploitation(),
        "signs": learn_content.signs(), "spot_the_signs": learn_content.spot_the_signs(),
        "helpline_number": settings.LANTERN_HELPLINE_NUMBER,
    })


@csrf_exempt  # see the module's docstring: a signed form token instead of a cookie
@require_http_methods(["GET", "POST"])
def quiz_page(request: HttpRequest) -> HttpResponse:
    current = current_quiz()
    if request.method != "POST":
        return render(request, "training/learn/quiz.html", {"form": QuizForm(quiz=current), "quiz": current})
    refusal = _csrf_refusal(request)
    if refusal is not None:
        return refusal
    form = QuizForm(request.POST, quiz=current)
    if form.is_valid() and not form.token_ok:
        form.add_error(None, EXPIRED)
    if form.is_valid() and _too_many(request, "quiz"):
        form.add_error(None, BUSY)
        return render(request, "training/learn/quiz.html", {"form": form, "quiz": current}, status=429)
    if not form.is_valid():
        return render(request, "training/learn/quiz.html", {"form": form, "quiz": current}, status=400)
    attempt = services_learning.learn_attempt_record(answers=form.answers(), user=request.user)
    return redirect("learn:result", attempt_id=attempt.pk)


def _result_context(attempt: LearnAttempt) -> dict[str, object]:
    answered = quiz(attempt.quiz_version)
    return {"attempt": attempt, "quiz": answered, "marked": mark(answered, attempt.answers)}


@require_GET
def result(request: HttpRequest, attempt_id: uuid.UUID) -> HttpResponse:
    attempt = selectors_learning.learn_attempt_get(attempt_id=attempt_id, user=request.user)
    form = None
    if attempt.passed and not attempt.certificate_id:
        form = CertificateForm(purpose=f"certificate:{attempt.pk}")
    return render(request, "training/learn/result.html", {**_result_context(attempt), "form": form})


@csrf_exempt  # see the module's docstring
@require_http_methods(["GET", "POST"])
def certificate(request: HttpRequest, attempt_id: uuid.UUID) -> HttpResponse:
    attempt = selectors_learning.learn_attempt_get(attempt_id=attempt_id, user=request.user)
    if request.method != "POST":
        if not attempt.certificate_id:
            return redirect("learn:result", attempt_id=attempt.pk)
        return render(request, "training/learn/certificate.html", {"attempt": attempt})
    refusal = _csrf_refusal(request)
    if refusal is not None:
        return refusal
    if not attempt.passed or attempt.certificate_id:
        return redirect(reverse("learn:certificate" if attempt.certificate_id else "learn:result",
                                kwargs={"attempt_id": attempt.pk}))
    form = CertificateForm(request.POST, purpose=f"certificate:{attempt.pk}")
    if form.is_valid() and not form.token_ok:
        form.add_error(None, EXPIRED)
    if form.is_valid() and _too_many(request, "certificate"):
        form.add_error(None, BUSY)
        return render(request, "training/learn/result.html", {**_result_context(attempt), "form": form}, status=429)
    if form.is_valid():
        try:
            services_learning.issue_module_certificate(attempt, form.cleaned_data["holder_name"])
        except ValidationError as error:
            raise_as_form_errors(form, error)
        else:
            return redirect("learn:certificate", attempt_id=attempt.pk)
    return render(request, "training/learn/result.html", {**_result_context(attempt), "form": form}, status=400)


@require_GET
def certificate_pdf(request: HttpRequest, attempt_id: uuid.UUID) -> HttpResponse:
    """The certificate of a pass as a PDF, for whoever holds the attempt's address (the learner's browser)."""
    attempt = selectors_learning.learn_attempt_get(attempt_id=attempt_id, user=request.user)
    certificate = attempt.certificate
    if certificate is None:
        return redirect("learn:result", attempt_id=attempt.pk)
    if _too_many(request, "pdf"):
        return HttpResponse("Too many certificates were downloaded from your network in the last minute. "
                            "Wait a minute and try again.", status=429, content_type="text/plain; charset=utf-8")
    response = HttpResponse(certificates.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    add_never_cache_headers(response)
    return response
