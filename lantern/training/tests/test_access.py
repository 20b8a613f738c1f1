"""Who may open each training page and API endpoint: every role, allowed and refused."""

import datetime

import pytest

from lantern.accounts.capabilities import Role
from lantern.training.models import Certificate, CertificateSource, MatchReview, Trainee
from lantern.training.services.certificates import certificate_issue
from lantern.training.services.sessions import session_create
from lantern.training.tests.conftest import complete
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user

pytestmark = pytest.mark.django_db

MANAGERS = {Role.TRAINING_COORDINATOR, Role.PROGRAMME_MANAGER}
EVERYONE = set(Role.values)
API_READERS = MANAGERS  # both have USE_API


@pytest.fixture
def records(catalogue, coordinator):
    session = session_create(acting_user=coordinator, course=catalogue["first-responder"],
                             date=datetime.date(2026, 3, 12))
    trainee = Trainee.objects.create(full_name="Aisha Rahman", name_key="aisha rahman")
    other = Trainee.objects.create(full_name="Aisha Rahmen", name_key="aisha rahmen")
    review = MatchReview.objects.create(trainee=other, candidate=trainee, score=95)
    attendance = complete(trainee, catalogue["first-responder"], datetime.date(2026, 3, 12))
    certificate = certificate_issue(holder_name="Aisha Rahman", course=catalogue["first-responder"], trainee=trainee,
                                    source=CertificateSource.MODULE)
    return {"session": session, "trainee": trainee, "review": review, "attendance": attendance,
            "certificate": certificate, "course": catalogue["first-responder"]}


@pytest.mark.parametrize("url", ["/training/my/", "/training/courses/", "/training/courses/{course}/"])
def test_pages_for_every_signed_in_user(records, url):
    assert_access(url.format(course=records["course"].pk), allowed=EVERYONE)


@pytest.mark.parametrize("url", [
    "/training/", "/training/compliance/", "/training/compliance/summary.csv", "/training/compliance/people.csv",
    "/training/sessions/", "/training/sessions/{session}/",
    "/training/people/{trainee}/", "/training/matrix/", "/training/certificates/{code}/certificate.pdf",
])
def test_records_for_training_coordinators_and_programme_managers(records, url):
    assert_access(url.format(session=records["session"].pk, trainee=records["trainee"].pk,
                             code=records["certificate"].code), allowed=MANAGERS,
                  refused=NOT_FOUND if "{trainee}" in url or "{session}" in url or "{code}" in url else FORBIDDEN)


@pytest.mark.parametrize("url", [
    "/training/courses/new/", "/training/courses/{course}/change/", "/training/courses/{course}/versions/new/",
    "/training/matrix/new/", "/training/job-types/new/", "/training/sessions/new/",
    "/training/sessions/{session}/change/", "/training/sessions/{session}/people/new/",
    "/training/sessions/{session}/sign-in-sheet/", "/training/completions/upload/", "/training/matches/",
    "/training/people/{trainee}/change/",
])
def test_writing_pages_for_those_who_manage_training(records, url):
    refused = NOT_FOUND if "{session}" in url or "{trainee}" in url else FORBIDDEN
    assert_access(url.format(course=records["course"].pk, session=records["session"].pk,
                             trainee=records["trainee"].pk), allowed=MANAGERS, refused=refused)


@pytest.mark.parametrize(("url", "data"), [
    ("/training/sessions/{session}/attendance/", {}),
    ("/training/attendance/{attendance}/certificate/", {}),
    ("/training/matches/{review}/decide/", {"decision": "different"}),
])
def test_actions_for_those_who_manage_training(records, url, data):
    target = url.format(session=records["session"].pk, attendance=records["attendance"].pk,
                        review=records["review"].pk)
    refused = NOT_FOUND if "/sessions/" in url or "/matches/" in url else FORBIDDEN

    def reopen(user):
        MatchReview.objects.filter(pk=records["review"].pk).update(status="open")

    assert_access(target, allowed=MANAGERS, method="post", data=data, refused=refused, setup=reopen)


@pytest.mark.parametrize("url", [
    "/api/v1/training/courses/", "/api/v1/training/sessions/", "/api/v1/training/sessions/{session}/",
    "/api/v1/training/sessions/{session}/attendance/", "/api/v1/training/compliance/",
])
def test_api_for_training_coordinators_and_programme_managers(records, url):
    assert_access(url.format(session=records["session"].pk), allowed=API_READERS, refused=FORBIDDEN)


def test_the_certificate_check_is_public(records, client):
    assert client.get("/learn/certificates/verify/").status_code == 200
    assert client.get("/training/").status_code == 302  # staff pages need a sign-in


def test_another_persons_certificate_is_not_found_for_a_first_responder(records):
    from tests.support import verified_client

    client = verified_client(make_user(Role.FIRST_RESPONDER))
    assert client.get(f"/training/certificates/{records['certificate'].code}/certificate.pdf").status_code == 404
    assert Certificate.objects.count() == 1
