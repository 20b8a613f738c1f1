"""Evaluation results through HTTP: means per course and period, suppression, free text only for
those who manage training and never beside names, the chart with its table, and the API."""

import datetime

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.training.tests import factories_evaluation as f
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.LANTERN_SUPPRESSION_THRESHOLD = 5


def _course_with_answers(people: int = 6, *, before: int = 2, after: int = 4, day=datetime.date(2026, 6, 10),
                         comments: bool = True):
    course = f.course("Housing officers: spot the signs")
    session = f.session(course, day)
    for n, attendance in enumerate(f.attendees(session, people)):
        f.answer(attendance, "before", before, comments=f"Before note {n}" if comments else "")
        f.answer(attendance, "after", after, comments=f"After note {n}" if comments else "")
    return course, session


def test_a_coordinator_reads_means_before_and_after_the_change_and_the_counts():
    course, _session = _course_with_answers(6, before=2, after=4)
    client = verified_client(make_user(Role.TRAINING_COORDINATOR))
    listing = client.get("/training/evaluation/?period=FY2026-27")
    assert listing.status_code == 200
    assert "Housing officers: spot the signs" in listing.content.decode()
    page = client.get(f"/training/evaluation/courses/{course.pk}/?period=2026-Q2")
    text = page.content.decode()
    assert page.status_code == 200
    assert "How well do you know the signs" in text
    assert "2.0" in text and "4.0" in text and "2.0" in text
    assert "<svg" in text and "Figures:" in text  # the chart and its data table, no JavaScript needed
    assert AuditEntry.objects.filter(action="training.evaluation.course_results").exists()


def test_a_period_outside_the_sessions_has_no_results_and_a_bad_period_says_how_to_write_one():
    course, _session = _course_with_answers(6)
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    outside = client.get(f"/training/evaluation/courses/{course.pk}/?period=2026-Q3").content.decode()
    assert "No one has answered an evaluation for this course in this period" in outside
    bad = client.get("/training/evaluation/?period=next-year").content.decode()
    assert "Enter a period as a month" in bad


def test_small_groups_are_suppressed_on_the_page_and_their_free_text_is_not_shown():
    course, _session = _course_with_answers(3, before=1, after=5)
    page = verified_client(make_user(Role.TRAINING_COORDINATOR)).get(
        f"/training/evaluation/courses/{course.pk}/?period=2026-06").content.decode()
    assert "[c]" in page
    assert "5.0" not in page and "+4" not in page
    assert "Before note" not in page and "After note" not in page
    assert "Written answers are shown only when at least 5 people" in page


def test_free_text_is_shown_to_those_who_manage_training_without_names_or_agencies():
    course, session = _course_with_answers(6)
    names = list(session.attendances.values_list("trainee__full_name", flat=True))
    page = verified_client(make_user(Role.TRAINING_COORDINATOR)).get(
        f"/training/evaluation/courses/{course.pk}/?period=2026-06").content.decode()
    assert "Before note 0" in page and "After note 5" in page
    for name in names:
        assert name not in page
    assert "Sandwell Housing" not in page and session.reference not in page


def test_readers_of_aggregates_see_the_figures_but_never_free_text():
    course, _session = _course_with_answers(6)
    board = verified_client(make_user(Role.BOARD_VIEWER))
    page = board.get(f"/training/evaluation/courses/{course.pk}/?period=2026-06")
    assert page.status_code == 200
    text = page.content.decode()
    assert "4.0" in text and "Before note" not in text and "What people wrote" not in text


def test_the_api_gives_aggregates_with_suppression_and_no_free_text_or_identities():
    course, session = _course_with_answers(6, before=2, after=4)
    small, _ = _course_with_answers(2, before=1, after=5)
    client = verified_client(make_user(Role.TRAINING_COORDINATOR))
    response = client.get("/api/v1/training/evaluation/results/?period=2026-06")
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2026-06" and body["rules"]["threshold"] == 5
    by_id = {c["course_id"]: c for c in body["courses"]}
    line = by_id[course.pk]["versions"][0]["questions"][0]
    assert line["before"] == {"value": 2.0, "suppressed": False}
    assert line["change"] == {"value": 2.0, "suppressed": False}
    assert line["answered_after"] == {"value": 6, "suppressed": False}
    tiny = by_id[small.pk]
    assert tiny["people"] == {"value": None, "suppressed": True}
    assert tiny["versions"][0]["questions"][0]["after"] == {"value": None, "suppressed": True}
    raw = response.content.decode()
    assert "note" not in raw and "Sandwell" not in raw and session.reference not in raw
    for name in session.attendances.values_list("trainee__full_name", flat=True):
        assert name not in raw
    one = client.get(f"/api/v1/training/evaluation/results/?period=2026-06&course={course.pk}").json()
    assert [c["course_id"] for c in one["courses"]] == [course.pk]
    assert client.get("/api/v1/training/evaluation/results/?period=soon").status_code == 400


def test_the_schema_documents_the_results_endpoint():
    client = verified_client(make_user(Role.TRAINING_COORDINATOR))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/training/evaluation/results/" in schema and "EvaluationResults" in schema


def test_a_question_set_changed_in_substance_makes_a_new_version_through_the_pages():
    client = verified_client(make_user(Role.TRAINING_COORDINATOR))
    response = client.post("/training/evaluation/question-sets/new/", {
        "key": "licensing", "title": "Licensing evaluation", "description": "",
        "questions": "know_signs | knowledge | Signs in licensed premises?\nact | confidence | Confident to act?",
        "free_text": "Anything else?"})
    assert response.status_code == 302
    detail = response["Location"]
    edit = detail + "change/"
    same = {"title": "Licensing evaluation (taxis)", "description": "", "free_text": "Anything else?",
            "questions": "know_signs | knowledge | Signs in licensed premises?\nact | confidence | Confident to act?",
            "change_summary": ""}
    follow = client.post(edit, same, follow=True).content.decode()
    assert "The questions did not change" in follow and "Version 2" not in follow
    changed = {**same, "questions": same["questions"] + "\nreport | knowledge | How to report?"}
    missing_summary = client.post(edit, changed)
    assert missing_summary.status_code == 200 and "Say what changed" in missing_summary.content.decode()
    assert "How to report?" in missing_summary.content.decode()  # what was typed is kept
    follow = client.post(edit, {**changed, "change_summary": "Added reporting"}, follow=True).content.decode()
    assert "Saved as version 2" in follow and "Version 1" in follow and "How to report?" in follow
    bad = client.post(edit, {**changed, "questions": "oops"})
    assert "Line 1" in bad.content.decode()


def test_a_course_uses_a_chosen_set_and_responses_keep_theirs():
    from lantern.training.models import QuestionSet
    from lantern.training.services import evaluation as services

    course, session = _course_with_answers(5)
    coordinator = make_user(Role.TRAINING_COORDINATOR)
    chosen = services.question_set_create(key="short", title="Short set", acting_user=coordinator,
                                          questions=[{"key": "q", "kind": "confidence", "text": "Confident?"}],
                                          free_text="Else?")
    client = verified_client(coordinator)
    response = client.post(f"/training/evaluation/courses/{course.pk}/question-set/", {"question_set": chosen.pk})
    assert response.status_code == 302
    new_person = f.attendee(session)
    from lantern.training.selectors import evaluation as selectors
    assert selectors.version_to_answer(new_person, "before").question_set == chosen
    page = client.get(f"/training/evaluation/courses/{course.pk}/?period=2026-06").content.decode()
    assert QuestionSet.objects.get(is_default=True).title in page  # earlier answers keep the default set


def test_the_demo_adds_evaluations_once():
    from lantern.training.demo_evaluation import seed_evaluation_demo
    from lantern.training.models import EvaluationResponse

    course = f.course()
    f.attendees(f.session(course, datetime.date(2026, 3, 2)), 12)
    first = seed_evaluation_demo()
    count = EvaluationResponse.objects.count()
    assert count > 10 and first.summary
    assert seed_evaluation_demo().summary == [] and EvaluationResponse.objects.count() == count


def test_results_are_for_whole_periods_only_so_one_sessions_answers_never_stand_out():
    course, _session = _course_with_answers(6)
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    page = client.get(f"/training/evaluation/courses/{course.pk}/?period=2026-01-01..2026-06-10").content.decode()
    assert "whole periods only" in page
    api = client.get("/api/v1/training/evaluation/results/", {"period": "2026-01-01..2026-06-10"})
    assert api.status_code == 400
