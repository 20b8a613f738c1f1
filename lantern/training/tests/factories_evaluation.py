"""Records for the evaluation tests: a course with a version, sessions, people at them, links."""

import datetime
import itertools
from typing import Any

from django.test import Client

from lantern.accounts.models import Agency, AgencyType
from lantern.training.models import (
    Attendance,
    Course,
    CourseLevel,
    CourseVersion,
    Delivery,
    Outcome,
    Session,
    SessionStatus,
    Trainee,
)
from lantern.training.services import evaluation as services

_counter = itertools.count(1)


def course(title: str = "First responder training", code: str = "") -> Course:
    """A course evaluated with the default question set. The set is made here, not taken from the
    migration that adds it: a transactional test run earlier in the same process empties the tables."""
    services.question_set_ensure_default()
    n = next(_counter)
    made = Course.objects.create(code=code or f"course-{n}", title=title, audience="First responders",
                                 level=CourseLevel.FIRST_RESPONDER)
    CourseVersion.objects.create(course=made, number=1, delivery=Delivery.FACE_TO_FACE, duration_minutes=180,
                                 learning_outcomes="Spot the signs", effective_from=datetime.date(2026, 1, 1))
    return made


def session(of: Course, day: datetime.date = datetime.date(2026, 6, 10), status: str = SessionStatus.HELD) -> Session:
    return Session.objects.create(reference=f"TS-{next(_counter):04d}", course_version=of.versions.get(), course=of,
                                  date=day, trainer_name="Sam Trainer", venue="Council House", status=status)


def agency(name: str = "Sandwell Housing") -> Agency:
    found, _ = Agency.objects.get_or_create(name=name, defaults={"agency_type": AgencyType.COUNCIL_SERVICE})
    return found


def attendee(at: Session, name: str = "", *, user: Any = None, outcome: str = Outcome.ATTENDED,
             agency_name: str = "Sandwell Housing") -> Attendance:
    n = next(_counter)
    full_name = name or f"Person Number{n}"
    trainee = Trainee.objects.create(full_name=full_name, name_key=full_name.lower(), email=f"p{n}@example.org",
                                     user=user, agency=agency(agency_name))
    return Attendance.objects.create(trainee=trainee, session=at, course_version=at.course_version, course=at.course,
                                     outcome=outcome, completed_on=at.date)


def attendees(at: Session, count: int) -> list[Attendance]:
    return [attendee(at) for _ in range(count)]


def answers(value: int, keys: list[str] | None = None) -> dict[str, int]:
    from lantern.training.selectors import evaluation as selectors

    question_set = services.question_set_ensure_default()
    spec = selectors.spec_of(question_set.current_version)  # type: ignore[arg-type]
    return {key: value for key in (keys or spec.keys)}


def answer(attendance: Attendance, phase: str, value: int, comments: str = "") -> None:
    services.evaluation_answer(attendance=attendance, phase=phase, answers=answers(value), comments=comments,
                               channel="link")


def open_link(client: Client, token: str) -> Any:
    return client.get(f"/evaluate/t/{token}/")


def form_data(value: int | None, comments: str = "", skip: tuple[str, ...] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in answers(value or 1).items() if k not in skip}
    if value is None:
        data = {k: "" for k in data}
    data["comments"] = comments
    return data
