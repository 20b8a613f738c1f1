"""Fixtures of the training tests: the default catalogue and matrix, a coordinator and a manager."""

import datetime

import pytest

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType
from lantern.training.defaults import matrix_default_seed
from lantern.training.models import Attendance, AttendanceSource, Course, Outcome, Trainee
from lantern.training.services.catalogue import version_on
from lantern.training.services.sessions import valid_until
from tests.support import make_user, verified_client


@pytest.fixture
def catalogue(db):
    matrix_default_seed()
    return {course.code: course for course in Course.objects.all()}


@pytest.fixture
def housing(db):
    return Agency.objects.get_or_create(name="Sandwell Council – Housing", defaults={
        "short_name": "Housing", "agency_type": AgencyType.COUNCIL_SERVICE})[0]


@pytest.fixture
def coordinator(db):
    return make_user(Role.TRAINING_COORDINATOR, full_name="Megan Doyle")


@pytest.fixture
def coordinator_client(coordinator):
    return verified_client(coordinator)


@pytest.fixture
def manager_client(db):
    return verified_client(make_user(Role.PROGRAMME_MANAGER, full_name="Tom Whitehouse"))


def complete(trainee: Trainee, course: Course, day: datetime.date) -> Attendance:
    """A completion without a session (as a learning platform's export records it)."""
    version = version_on(list(course.versions.all()), day)
    return Attendance.objects.create(trainee=trainee, course=course, course_version=version, completed_on=day,
                                     outcome=Outcome.ATTENDED, source=AttendanceSource.IMPORT,
                                     valid_until=valid_until(version, day, Outcome.ATTENDED))
