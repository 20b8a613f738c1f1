"""The module's quiz and certificate through HTTP, as the public and as a signed-in member of staff."""

import re

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.core.references import reference_is_valid
from lantern.training import quiz as quizzes
from lantern.training.models import Attendance, Certificate, CertificateSource, LearnAttempt
from lantern.training.selectors_learning import module_completions_for
from lantern.training.services.certificates import PREFIX as CERTIFICATE_PREFIX
from lantern.training.tests.helpers_learn import answers, form_token, take_quiz
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def get_certificate(client: Client, result_url: str, name: str = "Amira Khan"):
    token = form_token(client, result_url)
    return client.post(f"{result_url}certificate/", {"holder_name": name, "form_token": token})


def test_a_pass_shows_the_score_and_offers_a_certificate(client):
    quiz = quizzes.current_quiz()
    response = client.post("/learn/quiz/", {**answers(), "form_token": form_token(client, "/learn/quiz/")})
    assert response.status_code == 302 and not response.cookies
    page = client.get(response["Location"]).content.decode()
    assert "You passed" in page and f"You got {len(quiz.questions)} out of {len(quiz.questions)} right" in page
    assert "Get your certificate" in page
    attempt = LearnAttempt.objects.get()
    assert attempt.passed and attempt.user is None and attempt.certificate is None
    assert attempt.quiz_version == quizzes.CURRENT_VERSION


def test_a_fail_says_so_explains_and_offers_no_certificate(client):
    quiz = quizzes.current_quiz()
    page = client.get(take_quiz(client, right=quiz.pass_mark - 1)).content.decode()
    assert "You did not pass this time" in page and "Get your certificate" not in page
    assert "Try the quiz again" in page
    for question in quiz.questions:
        assert question.explanation.replace("'", "&#x27;") in page
    result_url = take_quiz(client, right=quiz.pass_mark - 1)
    refused = client.post(f"{result_url}certificate/", {"holder_name": "A Person", "form_token": "x"})
    assert refused.status_code == 302
    assert not LearnAttempt.objects.exclude(certificate=None).exists() and not Certificate.objects.exists()


def test_a_pass_at_exactly_the_pass_mark(client):
    page = client.get(take_quiz(client, right=quizzes.current_quiz().pass_mark)).content.decode()
    assert "You passed" in page


def test_unanswered_questions_come_back_with_errors_without_javascript(client):
    data = answers()
    skipped = quizzes.current_quiz().questions[1]
    del data[skipped.code]
    response = client.post("/learn/quiz/", {**data, "form_token": form_token(client, "/learn/quiz/")})
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert f'href="#id_{skipped.code}-0"' in page and "Answer question 2" in page
    # The answers given are still ticked, and nothing was kept.
    first = quizzes.current_quiz().questions[0]
    assert f'value="{sorted(first.correct)[0]}" checked' in page
    assert not LearnAttempt.objects.exists() and not response.cookies


def test_a_post_without_the_pages_token_is_refused_and_nothing_kept(client):
    response = client.post("/learn/quiz/", {**answers(), "form_token": "forged"})
    assert response.status_code == 400 and "was not sent from this website" in response.content.decode()
    assert not LearnAttempt.objects.exists()


def test_naming_the_certificate_gives_a_verification_code(client):
    result_url = take_quiz(client)
    response = get_certificate(client, result_url, "  Amira   Khan ")
    assert response.status_code == 302 and response["Location"] == f"{result_url}certificate/"
    assert "Amira" not in response["Location"] and not response.cookies
    page = client.get(response["Location"]).content.decode()
    attempt = LearnAttempt.objects.select_related("certificate__course").get()
    certificate = attempt.certificate
    assert certificate.holder_name == "Amira Khan" and certificate.source == CertificateSource.MODULE
    assert certificate.course.code == "awareness" and certificate.trainee is None  # the built-in module's course
    assert reference_is_valid(certificate.code, prefix=CERTIFICATE_PREFIX)
    assert "Amira Khan" in page and certificate.code in page
    entry = AuditEntry.objects.get(action="learn.certificate_issue")
    assert "Amira" not in str(entry.changes) and entry.actor_label == "public learner"
    # The one public check knows it, and the learner can download it as a PDF.
    checked = client.get("/learn/certificates/verify/", {"code": certificate.code}).content.decode()
    assert "Amira Khan" in checked and "entered by the learner" in checked
    pdf = client.get(f"{result_url}certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_certificate_is_named_once_only(client):
    result_url = take_quiz(client)
    get_certificate(client, result_url, "Amira Khan")
    code = LearnAttempt.objects.get().certificate.code
    again = client.post(f"{result_url}certificate/", {"holder_name": "Someone Else", "form_token": "x"})
    assert again.status_code == 302
    attempt = LearnAttempt.objects.get()
    assert attempt.certificate.holder_name == "Amira Khan" and attempt.certificate.code == code
    assert Certificate.objects.count() == 1


def test_a_certificate_needs_a_name(client):
    result_url = take_quiz(client)
    response = get_certificate(client, result_url, "   ")
    assert response.status_code == 400 and "Enter the name to put on the certificate" in response.content.decode()
    assert LearnAttempt.objects.get().certificate is None


def test_the_certificate_page_before_naming_goes_back_to_the_result(client):
    result_url = take_quiz(client)
    assert client.get(f"{result_url}certificate/")["Location"] == result_url


def test_an_unknown_result_is_not_found(client):
    assert client.get("/learn/quiz/result/4b0d0f3e-2c2a-4f6b-9d61-2f5c1f0c9a11/").status_code == 404
    assert client.get("/learn/quiz/result/not-a-uuid/").status_code == 404


def test_a_staff_members_pass_is_recorded_against_them_and_only_they_see_it():
    user = make_user(Role.FIRST_RESPONDER)
    client = verified_client(user)
    result_url = take_quiz(client)
    attempt = LearnAttempt.objects.get()
    assert attempt.user == user and list(module_completions_for(user)) == [attempt]
    assert "counts on your Lantern training record" in client.get(result_url).content.decode()
    # It counts on their training record: a completion of the module's course, today.
    completion = Attendance.objects.select_related("trainee", "course").get()
    assert completion.trainee.user == user and completion.course.code == "awareness"
    assert "Modern slavery awareness" in client.get("/training/my/").content.decode()
    assert Client().get(result_url).status_code == 404
    assert verified_client(make_user(Role.CASE_WORKER)).get(result_url).status_code == 404


def test_a_staff_members_post_needs_the_csrf_token():
    user = make_user(Role.FIRST_RESPONDER)
    client = verified_client(user, Client(enforce_csrf_checks=True))
    token = form_token(client, "/learn/quiz/")
    assert client.post("/learn/quiz/", {**answers(), "form_token": token}).status_code == 403
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/learn/quiz/").content.decode())
    assert csrf
    response = client.post("/learn/quiz/", {**answers(), "form_token": token, "csrfmiddlewaretoken": csrf.group(1)})
    assert response.status_code == 302


def test_the_public_needs_no_csrf_cookie():
    client = Client(enforce_csrf_checks=True)
    result_url = take_quiz(client)
    assert get_certificate(client, result_url).status_code == 302
    assert not client.cookies


def test_recording_an_attempt_is_audited_without_personal_data(client):
    take_quiz(client)
    entry = AuditEntry.objects.get(action="learn.attempt")
    assert entry.actor is None and entry.changes["passed"] is True


def test_a_flood_of_answers_from_one_network_is_turned_away_and_the_answers_kept(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.LANTERN_LEARN_RATE = "2/m"
    take_quiz(client)
    take_quiz(client)
    response = client.post("/learn/quiz/", {**answers(), "form_token": form_token(client, "/learn/quiz/")})
    assert response.status_code == 429 and "Wait a minute" in response.content.decode()
    assert LearnAttempt.objects.count() == 2
    cache.clear()
