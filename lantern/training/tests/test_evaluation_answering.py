"""Answering an evaluation through HTTP: a person's own link (no account), before and after, once per
phase; bad input keeps the answers; the signed-in person's training record; the audit trail."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.training.models import EvaluationLink, EvaluationResponse, Outcome, SessionStatus
from lantern.training.services import evaluation as services
from lantern.training.tests import factories_evaluation as f
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _links_page(session, names=("Amira Khan", "Tom Price")) -> str:
    """The page of links a coordinator makes for a session's people (the tokens are in it, shown once)."""
    for name in names:
        f.attendee(session, name)
    client = verified_client(make_user(Role.TRAINING_COORDINATOR))
    response = client.post(f"/training/evaluation/sessions/{session.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _token_for(session, name):
    coordinator = make_user(Role.TRAINING_COORDINATOR)
    made = services.evaluation_links_make(session=session, acting_user=coordinator)
    return next(token for attendance, token in made if attendance.trainee.full_name == name)


def test_a_coordinator_makes_links_shown_once_and_only_their_hashes_are_kept():
    session = f.session(f.course())
    page = _links_page(session)
    assert "Amira Khan" in page and page.count("/evaluate/t/") == 2
    tokens = [part.split("/")[0] for part in page.split("/evaluate/t/")[1:]]
    assert all(len(t) >= 43 for t in tokens)
    stored = list(EvaluationLink.objects.values_list("token_hash", flat=True))
    assert len(stored) == 2 and not set(tokens) & set(stored)
    assert not AuditEntry.objects.filter(changes__icontains=tokens[0]).exists()
    # Making links again replaces them: the old link stops working.
    services.evaluation_links_make(session=session, acting_user=make_user(Role.TRAINING_COORDINATOR))
    assert f.open_link(Client(), tokens[0]).status_code == 404


def test_a_person_answers_before_and_after_through_their_link_without_an_account():
    session = f.session(f.course())
    amira = f.attendee(session, "Amira Khan")
    token = _token_for(session, "Amira Khan")
    client = Client()
    response = f.open_link(client, token)
    assert response.status_code == 302 and response["Location"] == "/evaluate/"
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get("/evaluate/")
    assert page.status_code == 200 and "First responder training" in page.content.decode()
    assert "Amira" not in page.content.decode()
    form = client.get("/evaluate/before/")
    assert form.status_code == 200 and 'type="radio"' in form.content.decode()
    response = client.post("/evaluate/before/", f.form_data(2, "Not sure who to tell."))
    assert response.status_code == 302 and response["Location"] == "/evaluate/"
    response = client.post("/evaluate/after/", f.form_data(5), follow=True)
    assert "You have answered everything" in response.content.decode()
    before, after = (EvaluationResponse.objects.get(attendance=amira, phase=p) for p in ("before", "after"))
    assert set(before.answers.values()) == {2} and set(after.answers.values()) == {5}
    assert before.comments == "Not sure who to tell." and before.channel == "link"
    assert before.set_version == after.set_version
    # No address the person visited carries the token or anything about them, after the first.
    assert token not in response.request["PATH_INFO"]


def test_each_phase_is_answered_once_and_before_closes_once_after_is_answered():
    session = f.session(f.course())
    f.attendee(session, "Amira Khan")
    client = Client()
    f.open_link(client, _token_for(session, "Amira Khan"))
    assert client.post("/evaluate/after/", f.form_data(4)).status_code == 302
    again = client.post("/evaluate/after/", f.form_data(1), follow=True)
    assert "already answered" in again.content.decode()
    late_before = client.post("/evaluate/before/", f.form_data(1), follow=True)
    assert "already answered" in late_before.content.decode()
    assert EvaluationResponse.objects.count() == 1
    assert set(EvaluationResponse.objects.get().answers.values()) == {4}


def test_a_missing_answer_is_shown_as_an_error_and_every_answer_given_is_kept():
    session = f.session(f.course())
    f.attendee(session, "Amira Khan")
    client = Client()
    f.open_link(client, _token_for(session, "Amira Khan"))
    data = f.form_data(3, "My own words stay here", skip=("know_nrm",))
    data["confident_spot"] = "9"
    response = client.post("/evaluate/before/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and page.count("Select a number from 1 to 5") >= 2
    assert "My own words stay here" in page
    checked = re.findall(r'name="(\w+)"[^>]*value="(\d)"\s*checked', page)
    assert ("know_forms", "3") in checked and ("confident_act", "3") in checked
    assert 'href="#id_know_nrm"' in page and 'href="#id_confident_spot"' in page
    assert EvaluationResponse.objects.count() == 0


def test_a_wrong_link_and_a_link_for_someone_marked_absent_are_the_same_not_found():
    session = f.session(f.course())
    f.attendee(session, "Amira Khan", outcome=Outcome.ABSENT)
    f.attendee(session, "Tom Price")
    made = services.evaluation_links_make(session=session, acting_user=make_user(Role.TRAINING_COORDINATOR))
    assert [a.trainee.full_name for a, _t in made] == ["Tom Price"]  # no link for someone absent
    wrong = f.open_link(Client(), "x" * 43)
    assert wrong.status_code == 404 and "This link does not work" in wrong.content.decode()
    assert Client().get("/evaluate/").status_code == 404
    assert Client().get("/evaluate/before/").status_code == 404
    session.status = SessionStatus.CANCELLED
    session.save()
    assert f.open_link(Client(), made[0][1]).status_code == 404


def test_tries_at_links_are_rate_limited(settings):
    settings.LANTERN_EVALUATION_LINK_RATE = "3/m"
    client = Client()
    statuses = [f.open_link(client, f"wrong-{n}" + "x" * 40).status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_answering_through_a_link_is_audited_without_personal_data():
    session = f.session(f.course())
    f.attendee(session, "Amira Khan")
    token = _token_for(session, "Amira Khan")
    client = Client()
    f.open_link(client, token)
    client.post("/evaluate/before/", f.form_data(2, "Private words"))
    entry = AuditEntry.objects.get(action="training.evaluation.answer")
    assert entry.actor is None and entry.actor_label == services.LINK_ACTOR
    text = f"{entry.target_label} {entry.changes} {entry.actor_label}"
    for personal in ("Amira", "Khan", "@example.org", token, "Private words", "Sandwell"):
        assert personal not in text
    assert entry.changes["phase"] == "before" and entry.changes["free_text"] is True


def test_a_signed_in_person_answers_from_their_own_training_record_and_not_for_anyone_else():
    session = f.session(f.course())
    worker = make_user(Role.FIRST_RESPONDER)
    own = f.attendee(session, "Worker Own", user=worker)
    other = f.attendee(session, "Someone Else")
    client = verified_client(worker)
    page = client.get("/training/evaluation/mine/")
    assert page.status_code == 200 and "First responder training" in page.content.decode()
    assert client.get(f"/training/evaluation/mine/{own.pk}/before/").status_code == 200
    response = client.post(f"/training/evaluation/mine/{own.pk}/before/", f.form_data(3))
    assert response.status_code == 302
    saved = EvaluationResponse.objects.get(attendance=own)
    assert saved.channel == "record"
    assert AuditEntry.objects.filter(action="training.evaluation.answer", actor=worker).exists()
    assert client.get(f"/training/evaluation/mine/{other.pk}/before/").status_code == 404
    assert client.post(f"/training/evaluation/mine/{other.pk}/after/", f.form_data(3)).status_code == 404
    assert client.get(f"/training/evaluation/mine/{own.pk}/during/").status_code == 404
    assert not EvaluationResponse.objects.filter(attendance=other).exists()


def test_after_answers_the_version_before_did_even_when_the_set_has_changed_since():
    session = f.session(f.course())
    amira = f.attendee(session, "Amira Khan")
    f.answer(amira, "before", 2)
    question_set = services.question_set_ensure_default()
    v1 = question_set.current_version
    coordinator = make_user(Role.TRAINING_COORDINATOR)
    questions = [*v1.questions, {"key": "know_report", "kind": "knowledge", "text": "How well do you know how "
                                                                                  "to report?"}]
    services.question_set_revise(question_set=question_set, title=question_set.title, description="",
                                 questions=questions, free_text=v1.free_text, change_summary="One more",
                                 acting_user=coordinator)
    client = Client()
    f.open_link(client, _token_for(session, "Amira Khan"))
    page = client.get("/evaluate/after/").content.decode()
    assert "know_report" not in page
    assert client.post("/evaluate/after/", f.form_data(4)).status_code == 302
    assert EvaluationResponse.objects.get(attendance=amira, phase="after").set_version == v1
    # Someone starting now answers the new version.
    tom = f.attendee(session, "Tom Price")
    client = Client()
    f.open_link(client, _token_for(session, "Tom Price"))
    assert "know_report" in client.get("/evaluate/before/").content.decode()
    assert tom.evaluation_responses.count() == 0
