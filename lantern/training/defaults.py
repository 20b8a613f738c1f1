"""The catalogue and matrix Lantern ships: tiered as partnerships usually train (DOMAIN.md §11).

Awareness for everyone, first responder training for those who refer (identification, NRM and Duty
to Notify, consent, the child route), specialist courses (children's exploitation, procurement,
licensing and regulatory visits), and a leadership briefing. ``matrix_default_seed`` adds what is
missing and changes nothing the partnership has edited.
"""

import datetime

from django.db import transaction

from lantern.accounts.capabilities import Role
from lantern.training.models import Course, CourseLevel, CourseVersion, Delivery, JobType, MatrixRequirement

START = datetime.date(2024, 4, 1)

# (code, title, audience, level, delivery, minutes, validity months, outcomes)
COURSES = [
    ("awareness", "Modern slavery awareness", "All staff and volunteers of partner agencies", CourseLevel.AWARENESS,
     Delivery.MODULE, 30, 36,
     "Say what modern slavery is and the forms it takes\nSpot the signs\nKnow how to report a concern"),
    ("first-responder", "First responder training", "Staff who may refer to the National Referral Mechanism",
     CourseLevel.FIRST_RESPONDER, Delivery.FACE_TO_FACE, 180, 24,
     "Identify potential victims\nMake an NRM referral or a Duty to Notify\nExplain consent and the child route"),
    ("child-exploitation", "Child exploitation and the child route", "Children's services and those who work "
     "with children", CourseLevel.SPECIALIST, Delivery.FACE_TO_FACE, 240, 24,
     "Recognise criminal and sexual exploitation of children\nRefer a child (no consent needed)\n"
     "Work with Independent Child Trafficking Guardians"),
    ("procurement", "Modern slavery in procurement", "Procurement and contract managers", CourseLevel.SPECIALIST,
     Delivery.ONLINE, 90, 36,
     "Assess supplier risk\nUse contract clauses and due diligence\nRespond to a concern in a supply chain"),
    ("licensing", "Licensing and regulatory visits", "Licensing, trading standards and environmental health "
     "officers", CourseLevel.SPECIALIST, Delivery.EXTERNAL, 120, 36,
     "Spot the signs on a visit (nail bars, car washes, HMOs, takeaways)\nKnow when to involve the police "
     "or the GLAA"),
    ("leadership", "Leadership briefing", "Senior leaders and board members", CourseLevel.LEADERSHIP,
     Delivery.FACE_TO_FACE, 60, None,
     "Describe the council's duties\nLead the partnership's response\nRead the statistics critically"),
]

JOB_TYPES = [
    ("Housing officer", "Tenancy, homelessness and housing options staff."),
    ("Licensing officer", "Taxi, premises and HMO licensing."),
    ("Social worker", "Adults' and children's social workers."),
    ("Procurement officer", "Buyers and contract managers."),
]

# (course, role, job type, due within months, refresher months)
MATRIX = [
    ("first-responder", Role.FIRST_RESPONDER, None, 3, 24),
    ("first-responder", Role.CASE_WORKER, None, 3, 24),
    ("first-responder", Role.SHOP_COORDINATOR, None, 3, 24),
    ("awareness", Role.REPORTING_TEAM, None, 1, 36),
    ("procurement", Role.PROCUREMENT_OFFICER, None, 6, 36),
    ("leadership", Role.PROGRAMME_MANAGER, None, 6, None),
    ("leadership", Role.BOARD_VIEWER, None, 6, None),
    ("awareness", None, "Housing officer", 3, 36),
    ("first-responder", None, "Housing officer", 6, 24),
    ("licensing", None, "Licensing officer", 6, 36),
    ("child-exploitation", None, "Social worker", 6, 24),
    ("procurement", None, "Procurement officer", 6, 36),
]


MODULE_COURSE = "awareness"  # the default course the built-in "spot the signs" module delivers


def _course_default(spec: tuple) -> tuple[Course, bool]:
    code, title, audience, level, delivery, minutes, validity, outcomes = spec
    course, created = Course.objects.get_or_create(code=code, defaults={
        "title": title, "audience": audience, "level": level})
    if created:
        CourseVersion.objects.create(course=course, number=1, delivery=delivery, duration_minutes=minutes,
                                     validity_months=validity, learning_outcomes=outcomes, effective_from=START)
    return course, created


@transaction.atomic
def module_course() -> Course:
    """The catalogue's course that the built-in module delivers: the first active course whose current version
    is delivered by the module, else Lantern's default awareness course (added to the catalogue if missing)."""
    for course in (Course.objects.filter(is_active=True, versions__delivery=Delivery.MODULE).distinct()
                   .order_by("pk").prefetch_related("versions")):
        current = max(course.versions.all(), key=lambda version: version.number)
        if current.delivery == Delivery.MODULE:
            return course
    return _course_default(next(spec for spec in COURSES if spec[0] == MODULE_COURSE))[0]


@transaction.atomic
def matrix_default_seed() -> dict[str, int]:
    """The default catalogue, job types and matrix; what exists already is left as it is."""
    made = {"courses": 0, "job_types": 0, "requirements": 0}
    for spec in COURSES:
        made["courses"] += _course_default(spec)[1]
    job_types = {}
    for name, description in JOB_TYPES:
        job_types[name], created = JobType.objects.get_or_create(name=name, defaults={"description": description})
        made["job_types"] += created
    courses = {course.code: course for course in Course.objects.all()}
    for code, role, job_type, within, refresher in MATRIX:
        lookup = {"course": courses[code], "role": role or "", "job_type": job_types[job_type] if job_type else None}
        _, created = MatrixRequirement.objects.get_or_create(
            **lookup, defaults={"due_within_months": within, "refresher_months": refresher})
        made["requirements"] += created
    return made
