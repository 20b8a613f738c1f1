"""Demo training: the default catalogue and matrix, and a year of sessions with attendance for demo
users and for people who are not Lantern users. Idempotent: a second run adds nothing."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Agency, User
from lantern.core.plugins import DemoSeeded
from lantern.core.references import save_with_reference
from lantern.training.compliance import add_months
from lantern.training.defaults import matrix_default_seed
from lantern.training.demo_campaigns import seed_campaigns_demo
from lantern.training.demo_evaluation import seed_evaluation_demo
from lantern.training.matching import name_key
from lantern.training.models import (
    Attendance,
    AttendanceSource,
    Course,
    CourseVersion,
    Delivery,
    JobType,
    Outcome,
    Session,
    SessionStatus,
    Trainee,
)
from lantern.training.services.catalogue import version_on
from lantern.training.services.sessions import SESSION_PREFIX, valid_until

# People who are not Lantern users: (name, agency or organisation, job type)
PEOPLE = [
    ("Aisha Rahman", "Sandwell Council – Housing", "Housing officer"),
    ("Ben Carter", "Sandwell Council – Housing", "Housing officer"),
    ("Chloe Edwards", "Sandwell Council – Housing", "Housing officer"),
    ("Dev Patel", "Sandwell Council – Housing", "Housing officer"),
    ("Ella Thompson", "Sandwell Council – Housing", "Housing officer"),
    ("Farhan Ali", "Sandwell Council – Housing", "Housing officer"),
    ("Gemma Walsh", "Sandwell Council – Housing", "Housing officer"),
    ("Harpreet Kaur", "Sandwell Council – Housing", "Housing officer"),
    ("Ian Morris", "Sandwell Council – Licensing", "Licensing officer"),
    ("Jas Dhillon", "Sandwell Council – Licensing", "Licensing officer"),
    ("Kate Nowak", "Sandwell Council – Licensing", "Licensing officer"),
    ("Liam O'Connor", "Sandwell Council – Adult Social Care", "Social worker"),
    ("Maya Green", "Sandwell Council – Adult Social Care", "Social worker"),
    ("Nadia Popescu", "Sandwell Children's Trust", "Social worker"),
    ("Owen Price", "Sandwell Children's Trust", "Social worker"),
    ("Pooja Mistry", "Sandwell Children's Trust", "Social worker"),
    ("Rory Byrne", "Sandwell Council – Procurement", "Procurement officer"),
    ("Sana Hussain", "Sandwell Council – Procurement", "Procurement officer"),
    ("Tariq Mahmood", "The Salvation Army", ""),
    ("Uma Begum", "Black Country Healthcare NHS Foundation Trust", ""),
    ("Victor Adeyemi", "West Midlands Police", ""),
    ("Wendy Clarke", "Sandwell Council – Housing", "Housing officer"),
]
TRAINERS = ["Megan Doyle", "DC Laura Evans", "Unseen UK trainer", "Barnardo's ICTG trainer"]
VENUES = ["Sandwell Council House, Oldbury", "West Bromwich Town Hall", "Smethwick Council House"]


@transaction.atomic
def seed_demo() -> DemoSeeded:
    """The catalogue, matrix, a year of sessions, then campaigns and module attempts."""
    courses = _seed_courses()
    evaluation = seed_evaluation_demo()
    return DemoSeeded(summary=[*courses.summary, *evaluation.summary, *seed_campaigns_demo()],
                      notes=[*courses.notes, *evaluation.notes])


def _seed_courses() -> DemoSeeded:
    made = matrix_default_seed()
    first_responder = Course.objects.get(code="first-responder")
    if first_responder.versions.count() == 1:
        CourseVersion.objects.create(
            course=first_responder, number=2, delivery=Delivery.FACE_TO_FACE, duration_minutes=180,
            validity_months=24, effective_from=datetime.date(2025, 9, 1),
            change_summary="Updated for the revised statutory guidance and the Duty to Notify form.",
            learning_outcomes="Identify potential victims\nMake an NRM referral or a Duty to Notify\n"
                              "Explain consent and the child route\nUse Lantern to record a referral")
    if Session.objects.exists():
        return DemoSeeded(summary=[f"Training: catalogue and matrix present ({made['requirements']} matrix lines "
                                   "added); sessions already seeded."])
    people = _people()
    sessions = _sessions(people)
    return DemoSeeded(summary=[f"Training: {Course.objects.count()} courses, {sessions} sessions, "
                               f"{Attendance.objects.count()} attendance records for {len(people)} people."])


def _people() -> list[Trainee]:
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    job_types = {job.name: job for job in JobType.objects.all()}
    today = timezone.localdate()
    trainees = []
    for number, (name, organisation, job) in enumerate(PEOPLE):
        agency = agencies.get(organisation)
        trainee, _ = Trainee.objects.get_or_create(
            name_key=name_key(name), agency=agency, agency_name="" if agency else organisation,
            defaults={"full_name": name, "job_type": job_types.get(job),
                      "email": f"{name_key(name).replace(' ', '.')}@{'partner' if not agency else 'sandwell'}.example",
                      "started_on": today - datetime.timedelta(days=90 + 97 * number)})
        trainees.append(trainee)
    for user in User.objects.filter(email__endswith="@sandwell.example", is_active=True).exclude(
            role_assignments__isnull=True):
        trainee, _ = Trainee.objects.get_or_create(user=user, defaults={
            "full_name": user.full_name, "name_key": name_key(user.full_name), "email": user.email,
            "agency": user.agency, "started_on": timezone.localdate(user.date_joined) - datetime.timedelta(days=400)})
        if "housing" in user.job_title.lower():
            trainee.job_type = job_types.get("Housing officer")
            trainee.save(update_fields=["job_type"])
        trainees.append(trainee)
    return trainees


def _sessions(people: list[Trainee]) -> int:
    rng = random.Random(17)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    courses = list(Course.objects.prefetch_related("versions").exclude(code="awareness"))
    by_email = {t.email: t for t in people}
    count = 0
    for months_ago in range(12, -2, -1):
        for course in rng.sample(courses, 2):
            day = add_months(today, -months_ago).replace(day=rng.choice([5, 12, 19, 26]))
            version = version_on(list(course.versions.all()), day)
            past = day < today
            session = Session(course=course, course_version=version, date=day, trainer_name=rng.choice(TRAINERS),
                              venue=rng.choice(VENUES) if version.delivery != Delivery.ONLINE else "",
                              link="https://meet.example/sandwell-training" if version.delivery == Delivery.ONLINE
                              else "", capacity=20, status=SessionStatus.HELD if past else SessionStatus.SCHEDULED)
            save_with_reference(session, prefix=SESSION_PREFIX)
            count += 1
            for trainee in rng.sample(people, rng.randint(4, 9)):
                outcome = (Outcome.ATTENDED if rng.random() < 0.88 else Outcome.ABSENT) if past else Outcome.BOOKED
                Attendance.objects.get_or_create(session=session, trainee=trainee, defaults={
                    "course_version": version, "course": course, "outcome": outcome, "completed_on": day,
                    "source": AttendanceSource.PAGE, "valid_until": valid_until(version, day, outcome)})
    # Earlier completions from the learning platform, so some refreshers fall due (and one is overdue).
    awareness = Course.objects.get(code="awareness")
    first_responder = Course.objects.get(code="first-responder")
    history = [("first.responder@sandwell.example", first_responder, 23), ("aisha.rahman@sandwell.example",
               first_responder, 26), ("ben.carter@sandwell.example", awareness, 30),
               ("shop.coordinator@sandwell.example", first_responder, 20),
               ("reporting.team@sandwell.example", awareness, 34)]
    for email, course, months_ago in history:
        holder = by_email.get(email)
        if holder is None:
            continue
        day = add_months(today, -months_ago)
        version = version_on(list(course.versions.all()), day)
        Attendance.objects.get_or_create(trainee=holder, course_version=version, completed_on=day, session=None,
                                         defaults={"course": course, "outcome": Outcome.ATTENDED,
                                                   "source": AttendanceSource.IMPORT,
                                                   "valid_until": valid_until(version, day, Outcome.ATTENDED)})
    return count
