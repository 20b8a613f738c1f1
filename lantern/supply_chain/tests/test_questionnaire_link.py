"""The supplier's link: sent by email, stored only as a hash, expiring, revocable, rate-limited; and the
supplier's journey through it (save and resume, validation, submission, acknowledgement)."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from lantern.audit.models import AuditEntry
from lantern.supply_chain.models import CodeOfConductAcknowledgement, Questionnaire, QuestionnaireStatus
from lantern.supply_chain.services import due_diligence as services
from lantern.supply_chain.tests.factories_diligence import (
    SupplierFactory,
    best_answers,
    link_in_last_email,
    officer,
    questionnaire_sent,
    worst_answers,
)
from tests.support import verified_client

pytestmark = pytest.mark.django_db
S = QuestionnaireStatus


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_officer_sends_a_questionnaire_and_the_contact_gets_a_link_stored_only_as_a_hash(
    django_capture_on_commit_callbacks,
):
    procurement = officer()
    client = verified_client(procurement)
    supplier = SupplierFactory(name="Brightway Cleaning Ltd")
    response = client.post(f"/supply-chain/suppliers/{supplier.pk}/questionnaires/new/",
                           {"contact_name": "Priya Shah", "contact_email": "priya@brightway.example"})
    questionnaire = Questionnaire.objects.get(supplier=supplier)
    assert response.status_code == 302 and questionnaire.status == S.DRAFT
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/supply-chain/questionnaires/{questionnaire.reference}/send/", follow=True)
    assert "Questionnaire sent" in response.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.status == S.SENT and questionnaire.sent_by == procurement
    assert [m.to for m in mail.outbox] == [["priya@brightway.example"]]
    assert "Brightway Cleaning Ltd" in mail.outbox[0].subject
    path = link_in_last_email()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43
    # Only the hash is kept, anywhere: the row, and the audit trail.
    assert questionnaire.token_hash != token and len(questionnaire.token_hash) == 64
    assert not AuditEntry.objects.filter(changes__icontains=token).exists()
    assert token not in str(list(Questionnaire.objects.values()))
    # The link in the email opens the questionnaire.
    assert Client().get(path).status_code == 302


def test_the_link_opens_the_questionnaire_and_the_token_leaves_the_address_at_once():
    questionnaire, token = questionnaire_sent(SupplierFactory(name="Oakfield Catering Ltd"))
    client = Client()
    response = client.get(f"/supplier-questionnaire/s/{token}/")
    assert response.status_code == 302 and response.url == "/supplier-questionnaire/"
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get("/supplier-questionnaire/")
    text = page.content.decode()
    assert page.status_code == 200 and "Oakfield Catering Ltd" in text and token not in text
    assert "Policies and governance" in text and "Not started" in text


def _not_found_body(client: Client, token: str) -> tuple[int, str]:
    response = client.get(f"/supplier-questionnaire/s/{token}/")
    return response.status_code, response.content.decode().replace(token, "TOKEN")


def test_wrong_expired_revoked_and_withdrawn_links_all_get_the_same_404():
    by = officer()
    expired, expired_token = questionnaire_sent(by=by)
    Questionnaire.objects.filter(pk=expired.pk).update(link_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    revoked, revoked_token = questionnaire_sent(by=by)
    services.questionnaire_link_revoke(questionnaire=revoked, acting_user=by)
    withdrawn, withdrawn_token = questionnaire_sent(by=by)
    services.questionnaire_withdraw(questionnaire=withdrawn, acting_user=by, reason="Contract ended")
    renewed, old_token = questionnaire_sent(by=by)
    services.questionnaire_link_renew(questionnaire=renewed, acting_user=by)

    client = Client()
    answers = {_not_found_body(client, t) for t in
               ("x" * 43, expired_token, revoked_token, withdrawn_token, old_token)}
    assert len(answers) == 1
    status, body = answers.pop()
    assert status == 404 and "This link does not work" in body


def test_a_session_whose_link_is_revoked_loses_the_questionnaire_at_once():
    by = officer()
    questionnaire, token = questionnaire_sent(by=by)
    client = Client()
    client.get(f"/supplier-questionnaire/s/{token}/")
    assert client.get("/supplier-questionnaire/").status_code == 200
    services.questionnaire_link_revoke(questionnaire=questionnaire, acting_user=by)
    response = client.get("/supplier-questionnaire/")
    assert response.status_code == 404 and "This link does not work" in response.content.decode()


def test_without_a_link_the_questionnaire_pages_are_not_found():
    client = Client()
    for path in ("/supplier-questionnaire/", "/supplier-questionnaire/themes/policies/",
                 "/supplier-questionnaire/check/", "/supplier-questionnaire/results/",
                 "/supplier-questionnaire/code-of-conduct/"):
        assert client.get(path).status_code == 404, path


@override_settings(LANTERN_SUPPLIER_LINK_RATE="3/m")
def test_tries_at_links_are_rate_limited_wrong_ones_included():
    _questionnaire, token = questionnaire_sent()
    client = Client()
    for n in range(3):
        assert client.get(f"/supplier-questionnaire/s/wrong-{n}-{'x' * 40}/").status_code == 404
    response = client.get(f"/supplier-questionnaire/s/{token}/")
    assert response.status_code == 429 and "Too many tries" in response.content.decode()


def _open(token: str) -> Client:
    client = Client()
    client.get(f"/supplier-questionnaire/s/{token}/")
    return client


def test_answers_are_saved_theme_by_theme_and_resumed_from_the_link_later():
    questionnaire, token = questionnaire_sent()
    client = _open(token)
    response = client.post("/supplier-questionnaire/themes/policies/",
                           {"policy_statement": "written", "responsible_person": "director", "then": "later"},
                           follow=True)
    assert "Your answers have been saved" in response.content.decode()
    assert "2 of 3 answered" in response.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.status == S.IN_PROGRESS
    assert questionnaire.answers == {"policy_statement": "written", "responsible_person": "director"}

    later = _open(token)  # another day, another browser: the same link
    page = later.get("/supplier-questionnaire/themes/policies/").content.decode()
    assert 'value="written" checked' in page or ('value="written"' in page and "checked" in page)
    response = later.post("/supplier-questionnaire/themes/policies/", {"statement": "registry", "then": "continue"})
    assert response.status_code == 302 and response.url == "/supplier-questionnaire/themes/mapping/"
    questionnaire.refresh_from_db()
    assert questionnaire.answers["policy_statement"] == "written" and questionnaire.answers["statement"] == "registry"


def test_an_answer_that_is_not_an_option_is_refused_clearly_and_nothing_is_lost():
    questionnaire, token = questionnaire_sent()
    client = _open(token)
    response = client.post("/supplier-questionnaire/themes/recruitment/",
                           {"recruitment_fees": "sometimes", "documents": "yes_policy", "then": "continue"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text and "Select one of the answers shown" in text
    assert "<title>Error:" in text
    questionnaire.refresh_from_db()
    assert questionnaire.answers == {}


def test_submitting_with_questions_unanswered_lists_them_with_links():
    _questionnaire, token = questionnaire_sent()
    client = _open(token)
    client.post("/supplier-questionnaire/themes/policies/",
                {"policy_statement": "written", "responsible_person": "director", "statement": "registry"})
    response = client.post("/supplier-questionnaire/check/", {"name": "Priya Shah", "role": "Compliance lead",
                                                              "confirm": "on"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Some questions have not been answered" in text
    assert 'href="/supplier-questionnaire/themes/mapping/#id_tier1_known_1"' in text


def test_submission_scores_each_theme_and_the_supplier_acknowledges_the_recommendations():
    by = officer()
    questionnaire, token = questionnaire_sent(by=by)
    services.questionnaire_answers_save(questionnaire=questionnaire, answers={**best_answers(),
                                                                             "recruitment_fees": "dont_know"})
    client = _open(token)
    response = client.post("/supplier-questionnaire/check/", {"name": "Priya Shah", "role": "Compliance lead"})
    assert response.status_code == 400 and "Confirm the statement to continue" in response.content.decode()
    response = client.post("/supplier-questionnaire/check/", {"name": "Priya Shah", "role": "Compliance lead",
                                                              "confirm": "on"}, follow=True)
    text = response.content.decode()
    assert "Your results and recommendations" in text
    assert "Recruitment practices" in text and "75%" in text  # 9 of 12 points
    assert "Employer Pays Principle" in text
    questionnaire.refresh_from_db()
    assert questionnaire.status == S.SUBMITTED and questionnaire.submitted_by_name == "Priya Shah"
    assert [r["question"] for r in questionnaire.recommendations] == ["recruitment_fees"]

    # Answers can no longer change.
    assert client.post("/supplier-questionnaire/themes/policies/",
                       {"policy_statement": "none"}).status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.answers["policy_statement"] == "board_approved"

    response = client.post("/supplier-questionnaire/results/", {"name": "Priya Shah", "role": "Compliance lead",
                                                                "confirm": "on"}, follow=True)
    assert "Your acknowledgement has been recorded" in response.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.status == S.ACKNOWLEDGED and questionnaire.acknowledged_at is not None
    assert questionnaire.acknowledged_by_name == "Priya Shah"
    entry = AuditEntry.objects.filter(action="questionnaire.acknowledge").get()
    assert entry.actor_label == f"supplier (link of {questionnaire.reference})"

    # The officer sees it: answers, scores, recommendations and who acknowledged them, and is told.
    page = verified_client(by).get(f"/supply-chain/questionnaires/{questionnaire.reference}/").content.decode()
    assert "Recommendations acknowledged" in page and "Priya Shah, Compliance lead" in page
    assert "We do not know" in page and "Employer Pays Principle" in page
    assert by.notifications.filter(kind="supply_chain.questionnaire_acknowledged").exists()


def test_the_supplier_acknowledges_the_code_of_conduct_through_the_link():
    questionnaire, token = questionnaire_sent()
    client = _open(token)
    page = client.get("/supplier-questionnaire/code-of-conduct/").content.decode()
    assert "No recruitment fees" in page and "Version 1" in page
    response = client.post("/supplier-questionnaire/code-of-conduct/",
                           {"name": "Priya Shah", "role": "Director", "confirm": "on"}, follow=True)
    assert "acknowledgement of the code of conduct has been recorded" in response.content.decode()
    ack = CodeOfConductAcknowledgement.objects.get(supplier=questionnaire.supplier)
    assert (ack.acknowledged_by_name, ack.via, ack.version.version) == ("Priya Shah", "link", "1")
    assert ack.questionnaire == questionnaire and ack.recorded_by is None
    assert "has acknowledged this version" in client.get("/supplier-questionnaire/code-of-conduct/").content.decode()


def test_contact_details_are_encrypted_at_rest():
    from django.db import connection

    questionnaire, _ = questionnaire_sent()
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_name, contact_email FROM supply_chain_questionnaire WHERE id = %s",
                       [questionnaire.pk])
        name, email = cursor.fetchone()
    assert "Priya" not in name and "supplier.example" not in email


def test_worst_answers_give_a_recommendation_for_every_question():
    questionnaire, _ = questionnaire_sent()
    services.questionnaire_answers_save(questionnaire=questionnaire, answers=worst_answers())
    questionnaire = services.questionnaire_submit(questionnaire=questionnaire, name="A", role="B")
    assert len(questionnaire.recommendations) == 23
    assert {s["band"] for s in questionnaire.scores} == {"weak"}
