"""A questionnaire's lifecycle: the moves the table allows, those it refuses, the database's own
refusals, expiry, and next year's round."""

import copy
import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.supply_chain import questionnaire_workflow, questionnaires
from lantern.supply_chain.models import Questionnaire, QuestionnaireStatus
from lantern.supply_chain.services import due_diligence as services
from lantern.supply_chain.tests.factories_diligence import (
    SupplierFactory,
    officer,
    questionnaire_sent,
    questionnaire_submitted,
    worst_answers,
)
from tests.support import verified_client

pytestmark = pytest.mark.django_db
S = QuestionnaireStatus


def test_every_status_can_be_reached_and_the_table_names_real_services():
    reached = {move.target for move in questionnaire_workflow.MOVES} | {S.DRAFT}
    assert reached == set(S)
    for move in questionnaire_workflow.MOVES:
        assert callable(getattr(services, move.by)), move.by


def test_the_happy_path_moves_draft_sent_in_progress_submitted_acknowledged():
    by = officer()
    draft = services.questionnaire_create(supplier=SupplierFactory(), contact_name="A", contact_email="a@x.example",
                                          acting_user=by)
    assert draft.status == S.DRAFT and draft.round == 1 and draft.reference.startswith("DQ-")
    sent, _ = services.questionnaire_send(questionnaire=draft, acting_user=by)
    assert sent.status == S.SENT and sent.link_expires_at > timezone.now() + datetime.timedelta(days=59)
    progressing = services.questionnaire_answers_save(questionnaire=sent, answers={"kpis": "some"})
    assert progressing.status == S.IN_PROGRESS
    services.questionnaire_answers_save(questionnaire=progressing, answers=worst_answers())
    submitted = services.questionnaire_submit(questionnaire=progressing, name="A", role="B")
    assert submitted.status == S.SUBMITTED
    done = services.questionnaire_acknowledge(questionnaire=submitted, name="A", role="B")
    assert done.status == S.ACKNOWLEDGED


@pytest.mark.parametrize(("setup", "move"), [
    ("draft", lambda q, u: services.questionnaire_submit(questionnaire=q, name="A", role="B")),
    ("draft", lambda q, u: services.questionnaire_acknowledge(questionnaire=q, name="A", role="B")),
    ("sent", lambda q, u: services.questionnaire_send(questionnaire=q, acting_user=u)),
    ("sent", lambda q, u: services.questionnaire_acknowledge(questionnaire=q, name="A", role="B")),
    ("submitted", lambda q, u: services.questionnaire_withdraw(questionnaire=q, acting_user=u, reason="x")),
    ("submitted", lambda q, u: services.questionnaire_expire(questionnaire=q)),
    ("submitted", lambda q, u: services.questionnaire_answers_save(questionnaire=q, answers={"kpis": "no"})),
    ("withdrawn", lambda q, u: services.questionnaire_send(questionnaire=q, acting_user=u)),
])
def test_moves_outside_the_table_are_refused_and_change_nothing(setup, move):
    by = officer()
    if setup == "draft":
        questionnaire = services.questionnaire_create(supplier=SupplierFactory(), contact_name="A",
                                                      contact_email="a@x.example", acting_user=by)
    elif setup == "sent":
        questionnaire, _ = questionnaire_sent(by=by)
    elif setup == "submitted":
        questionnaire = questionnaire_submitted(by=by)
    else:
        questionnaire, _ = questionnaire_sent(by=by)
        services.questionnaire_withdraw(questionnaire=questionnaire, acting_user=by, reason="Supplier closed")
    before = Questionnaire.objects.get(pk=questionnaire.pk).status
    with pytest.raises(ValidationError):
        move(Questionnaire.objects.get(pk=questionnaire.pk), by)
    assert Questionnaire.objects.get(pk=questionnaire.pk).status == before


def test_submitting_with_unanswered_questions_is_refused():
    questionnaire, _ = questionnaire_sent()
    services.questionnaire_answers_save(questionnaire=questionnaire, answers={"kpis": "no"})
    with pytest.raises(ValidationError) as refused:
        services.questionnaire_submit(questionnaire=questionnaire, name="A", role="B")
    assert "documents" in refused.value.message_dict
    assert Questionnaire.objects.get(pk=questionnaire.pk).status == S.IN_PROGRESS


def test_the_database_refuses_two_open_questionnaires_for_one_supplier_and_states_without_dates():
    questionnaire, _ = questionnaire_sent()
    twin = Questionnaire(supplier=questionnaire.supplier, question_set=questionnaire.question_set, round=2,
                         status=S.DRAFT, contact_name="B", contact_email="b@x.example", reference="DQ-TEST-22")
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Questionnaire.objects.filter(pk=questionnaire.pk).update(status=S.ACKNOWLEDGED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Questionnaire.objects.filter(pk=questionnaire.pk).update(status=S.WITHDRAWN)  # a live link while withdrawn


def test_the_service_refuses_a_second_open_questionnaire_with_a_message():
    by = officer()
    questionnaire, _ = questionnaire_sent(by=by)
    with pytest.raises(ValidationError, match="not finished"):
        services.questionnaire_create(supplier=questionnaire.supplier, contact_name="B", contact_email="b@x.example",
                                      acting_user=by)


def test_links_that_ran_out_expire_daily_and_can_be_sent_again_with_a_new_link():
    by = officer()
    expiring, _ = questionnaire_sent(by=by)
    fresh, _ = questionnaire_sent(by=by)
    Questionnaire.objects.filter(pk=expiring.pk).update(link_expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert services.questionnaires_expire_due() == 1
    expiring.refresh_from_db()
    assert expiring.status == S.EXPIRED and expiring.token_hash is None
    assert Questionnaire.objects.get(pk=fresh.pk).status == S.SENT
    again, token = services.questionnaire_send(questionnaire=expiring, acting_user=by)
    assert again.status == S.SENT and again.token_hash and token


def test_next_years_round_keeps_the_history_and_is_refused_while_one_is_open():
    by = officer()
    supplier = SupplierFactory()
    first = questionnaire_submitted(supplier, by=by)
    services.questionnaire_acknowledge(questionnaire=first, name="A", role="B")
    client = verified_client(by)
    response = client.post(f"/supply-chain/questionnaires/{first.reference}/new-round/", follow=True)
    assert "A new round has been saved as a draft" in response.content.decode()
    second = supplier.questionnaires.get(round=2)
    assert second.status == S.DRAFT and second.contact_email == first.contact_email
    assert Questionnaire.objects.get(pk=first.pk).status == S.ACKNOWLEDGED  # kept, unchanged
    page = client.get(f"/supply-chain/questionnaires/{second.reference}/").content.decode()
    assert first.reference in page and "round 1" in page
    response = client.post(f"/supply-chain/questionnaires/{first.reference}/new-round/", follow=True)
    assert "not finished" in response.content.decode()
    assert supplier.questionnaires.count() == 2


def test_withdrawing_needs_a_reason_and_stops_the_link():
    by = officer()
    questionnaire, token = questionnaire_sent(by=by)
    client = verified_client(by)
    url = f"/supply-chain/questionnaires/{questionnaire.reference}/withdraw/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Enter why it is being withdrawn" in response.content.decode()
    client.post(url, {"reason": "Contract ended early"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == S.WITHDRAWN and questionnaire.withdrawn_reason == "Contract ended early"
    from django.test import Client
    assert Client().get(f"/supplier-questionnaire/s/{token}/").status_code == 404


def test_a_new_version_of_the_question_set_is_sent_from_then_on_and_answered_ones_keep_theirs(tmp_path, monkeypatch):
    answered = questionnaire_submitted()
    scores, first_text = list(answered.scores), services.question_set_of(answered).themes[0].questions[0].text
    revised = copy.deepcopy(questionnaires.load_file("msat_v1"))
    revised["key"], revised["version"] = "msat_v2", 2
    revised["themes"][0]["questions"][0]["text"] = "Is your modern slavery policy published on your website?"
    (tmp_path / "msat_v2.json").write_text(json.dumps(revised), encoding="utf-8")
    monkeypatch.setattr(questionnaires, "DATA_DIR", tmp_path)
    monkeypatch.setattr(questionnaires, "CURRENT_KEY", "msat_v2")
    sent, _token = questionnaire_sent()
    assert sent.question_set.key == "msat_v2"
    assert services.question_set_of(sent).themes[0].questions[0].text.startswith("Is your modern slavery policy")
    answered = Questionnaire.objects.get(pk=answered.pk)
    assert answered.question_set.key == "msat_v1" and answered.scores == scores
    assert services.question_set_of(answered).themes[0].questions[0].text == first_text
