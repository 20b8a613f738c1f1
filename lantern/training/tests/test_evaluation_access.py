"""Who may open each evaluation page and endpoint: every role, allowed and refused, and anonymous."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Capability, Role, roles_with
from lantern.training.services import evaluation as services
from lantern.training.tests import factories_evaluation as f
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user

pytestmark = pytest.mark.django_db

MANAGE = roles_with(Capability.MANAGE_TRAINING)
RESULTS = (roles_with(Capability.MANAGE_TRAINING) | roles_with(Capability.VIEW_TRAINING_COMPLIANCE)
           | roles_with(Capability.VIEW_AGGREGATES))


@pytest.fixture
def records():
    course = f.course()
    session = f.session(course)
    attendance = f.attendee(session, "Amira Khan")
    question_set = services.question_set_ensure_default()
    return {"course": course, "session": session, "attendance": attendance, "set": question_set}


def test_the_roles_are_as_expected():
    assert {Role.TRAINING_COORDINATOR, Role.PROGRAMME_MANAGER} == MANAGE
    assert Role.BOARD_VIEWER in RESULTS and Role.FIRST_RESPONDER not in RESULTS


def test_results_pages_and_the_api_for_every_role(records):
    course = records["course"]
    assert_access("/training/evaluation/", allowed=RESULTS, refused=FORBIDDEN)
    assert_access(f"/training/evaluation/courses/{course.pk}/", allowed=RESULTS, refused=FORBIDDEN)
    assert_access("/api/v1/training/evaluation/results/", allowed=RESULTS, refused=FORBIDDEN)


def test_pages_that_run_evaluation_for_every_role(records):
    course, session, question_set = records["course"], records["session"], records["set"]
    for url in ("/training/evaluation/question-sets/", "/training/evaluation/question-sets/new/",
                f"/training/evaluation/question-sets/{question_set.pk}/",
                f"/training/evaluation/question-sets/{question_set.pk}/change/",
                f"/training/evaluation/courses/{course.pk}/question-set/",
                f"/training/evaluation/sessions/{session.pk}/"):
        assert_access(url, allowed=MANAGE, refused=FORBIDDEN)
    assert_access(f"/training/evaluation/sessions/{session.pk}/", method="post", allowed=MANAGE, refused=FORBIDDEN)


def test_a_persons_own_pages_for_every_role(records):
    attendance = records["attendance"]
    assert_access("/training/evaluation/mine/", allowed=set(Role.values))
    # Someone else's attendance is not found for every role, those who run training included.
    assert_access(f"/training/evaluation/mine/{attendance.pk}/before/", allowed=set(), refused=NOT_FOUND)
    assert_access(f"/training/evaluation/mine/{attendance.pk}/before/", method="post", data=f.form_data(3),
                  allowed=set(), refused=NOT_FOUND)


def test_missing_records_are_not_found(records):
    from tests.support import verified_client

    client = verified_client(make_user(Role.TRAINING_COORDINATOR))
    for url in ("/training/evaluation/courses/999999/", "/training/evaluation/courses/999999/question-set/",
                "/training/evaluation/question-sets/999999/", "/training/evaluation/sessions/999999/"):
        assert client.get(url).status_code == NOT_FOUND, url


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_refuses_them(records):
    client = Client()
    course, session, attendance = records["course"], records["session"], records["attendance"]
    for url in ("/training/evaluation/", f"/training/evaluation/courses/{course.pk}/",
                "/training/evaluation/question-sets/", f"/training/evaluation/sessions/{session.pk}/",
                "/training/evaluation/mine/", f"/training/evaluation/mine/{attendance.pk}/before/"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"], url
    assert client.get("/api/v1/training/evaluation/results/").status_code in (401, 403)
    # The public pages need a link: without one, nothing is found.
    for url in ("/evaluate/", "/evaluate/before/", "/evaluate/after/"):
        assert client.get(url).status_code == NOT_FOUND
