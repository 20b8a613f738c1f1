"""Compliance against the matrix: the rules, their boundaries, and the pages people read them on."""

import datetime

import pytest
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.training.compliance import Completions, Rule, Status, add_months, rules_for, status_for
from lantern.training.models import CourseVersion, Delivery, JobType, Trainee
from lantern.training.services.catalogue import course_version_add
from lantern.training.tests.conftest import complete
from tests.support import make_user, verified_client

TODAY = datetime.date(2026, 6, 15)
RULE = Rule(course_id=1, role="first_responder", job_type_id=None, due_within_months=3, refresher_months=24)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 6, 15), 24) == datetime.date(2026, 6, 15)
    assert add_months(datetime.date(2024, 11, 30), -11) == datetime.date(2023, 12, 30)


@pytest.mark.parametrize(("completed", "expected"), [
    (datetime.date(2024, 6, 15), Status.DUE_SOON),  # the refresher is due today: still in date today
    (datetime.date(2024, 6, 14), Status.OVERDUE),  # it was due yesterday
    (add_months(TODAY, -24) + datetime.timedelta(days=60), Status.DUE_SOON),  # 60 days to go
    (add_months(TODAY, -24) + datetime.timedelta(days=61), Status.IN_DATE),
])
def test_refresher_boundaries(completed, expected):
    result = status_for(RULE, Completions(completed, None, False), started_on=None, today=TODAY)
    assert result.status == expected
    assert result.due_on == add_months(completed, 24)


def test_never_trained_is_due_within_months_of_starting():
    result = status_for(RULE, None, started_on=datetime.date(2026, 5, 1), today=TODAY)
    assert (result.status, result.due_on) == (Status.NEVER_TRAINED, datetime.date(2026, 8, 1))


def test_without_a_matrix_refresher_the_version_validity_decides():
    rule = Rule(1, "first_responder", None, 3, None)
    lapsed = status_for(rule, Completions(datetime.date(2020, 1, 1), datetime.date(2026, 6, 1), False),
                        started_on=None, today=TODAY)
    assert lapsed.status == Status.OVERDUE
    forever = status_for(rule, Completions(datetime.date(2020, 1, 1), None, True), started_on=None, today=TODAY)
    assert (forever.status, forever.due_on) == (Status.IN_DATE, None)


def test_the_strictest_of_several_requirements_applies():
    rules = [Rule(1, "first_responder", None, 3, 24), Rule(1, "", 7, 6, 12), Rule(2, "", 8, 6, 12)]
    chosen = rules_for(rules, roles=["first_responder"], job_type_id=7)
    assert list(chosen) == [1]
    assert (chosen[1].due_within_months, chosen[1].refresher_months) == (3, 12)


@pytest.mark.django_db
def test_a_course_version_change_keeps_older_completions_until_they_expire(catalogue, coordinator):
    """Version 1 was valid 24 months; version 2 only 12. Someone trained on version 1 eighteen months
    ago is still in date; someone trained on version 2 is valid 12 months from their course."""
    course = catalogue["child-exploitation"]
    job = JobType.objects.get(name="Social worker")
    today = timezone.localdate()
    course_version_add(course=course, acting_user=coordinator, change_summary="New guidance",
                       effective_from=add_months(today, -3), delivery=Delivery.FACE_TO_FACE, duration_minutes=240,
                       learning_outcomes="Outcomes", validity_months=12)
    old = Trainee.objects.create(full_name="Liam O'Connor", name_key="liam oconnor", job_type=job)
    new = Trainee.objects.create(full_name="Maya Green", name_key="maya green", job_type=job)
    complete(old, course, add_months(today, -18))
    complete(new, course, add_months(today, -2))
    assert old.attendances.get().course_version.number == 1
    assert new.attendances.get().course_version.number == 2
    assert CourseVersion.objects.filter(course=course).count() == 2
    client = verified_client(coordinator)
    old_page = client.get(f"/training/people/{old.pk}/").content.decode()
    assert "In date" in old_page and add_months(add_months(today, -18), 24).strftime("%-d %B %Y") in old_page
    new_page = client.get(f"/training/people/{new.pk}/").content.decode()
    # The matrix sets a 24-month refresher for social workers, so the matrix decides, not the version.
    assert add_months(add_months(today, -2), 24).strftime("%-d %B %Y") in new_page


def housing_officers(catalogue, housing, *, never_trained: str) -> JobType:
    """Three housing officers: Aisha Rahman in date, Ben Carter overdue, and ``never_trained``; their job type."""
    today = timezone.localdate()
    job = JobType.objects.get(name="Housing officer")
    in_date = Trainee.objects.create(full_name="Aisha Rahman", name_key="aisha rahman", agency=housing, job_type=job)
    overdue = Trainee.objects.create(full_name="Ben Carter", name_key="ben carter", agency=housing, job_type=job)
    Trainee.objects.create(full_name=never_trained, name_key=never_trained.lower(), agency=housing, job_type=job)
    for course in ("awareness", "first-responder"):
        complete(in_date, catalogue[course], today - datetime.timedelta(days=30))
    complete(overdue, catalogue["awareness"], add_months(today, -37))
    return job


@pytest.mark.django_db
def test_compliance_page_counts_people_by_agency_role_and_status(catalogue, housing, manager_client):
    housing_officers(catalogue, housing, never_trained="Chloe Edwards")
    make_user(Role.FIRST_RESPONDER, agency=housing, full_name="Amira Khan")  # a user with nothing recorded
    page = manager_client.get(f"/training/compliance/?agency={housing.pk}").content.decode()
    assert "Training compliance: Sandwell Council – Housing" in page
    assert "Amira Khan (no training recorded)" in page
    row = page.split("<td class=\"govuk-table__cell\">Housing officer</td>", 1)[1].split("</tr>", 1)[0]
    numbers = [int(n) for n in __import__("re").findall(r">(\d+)</td>", row)]
    assert numbers == [1, 1, 0, 1]  # overdue, never trained, due soon, in date
    only_overdue = manager_client.get(f"/training/compliance/?agency={housing.pk}&status=overdue").content.decode()
    assert "Ben Carter" in only_overdue and "Aisha Rahman</a>" not in only_overdue


def _csv(response) -> list[list[str]]:
    import csv
    import io

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="lantern-training-compliance-')
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_compliance_downloads_as_csv_what_the_page_shows_for_its_filters(catalogue, housing, manager_client):
    from lantern.accounts.models import Agency
    from lantern.audit.models import AuditAction, AuditEntry

    job = housing_officers(catalogue, housing, never_trained="=HYPERLINK(\"http://evil.example\")")
    other = Agency.objects.create(name="West Midlands Police", short_name="Police")
    Trainee.objects.create(full_name="Dev Patel", name_key="dev patel", agency=other, job_type=job)

    page = manager_client.get(f"/training/compliance/?agency={housing.pk}&status=overdue").content.decode()
    assert f'href="/training/compliance/people.csv?agency={housing.pk}&amp;status=overdue"' in page
    assert f'href="/training/compliance/summary.csv?agency={housing.pk}&amp;status=overdue"' in page
    assert "Download the list of people (overdue) as CSV" in page

    people = _csv(manager_client.get(f"/training/compliance/people.csv?agency={housing.pk}&status=overdue"))
    assert people == [["Name", "Agency", "Status", "Training recorded"], ["Ben Carter", housing.name, "Overdue", "Yes"]]
    everyone = _csv(manager_client.get(f"/training/compliance/people.csv?agency={housing.pk}"))
    assert sorted(row[0] for row in everyone[1:]) == ['\'=HYPERLINK("http://evil.example")', "Aisha Rahman",
                                                     "Ben Carter"]  # a formula is shown as text
    assert "Dev Patel" not in {row[0] for row in everyone}  # another agency's people stay out, as on the page

    summary = _csv(manager_client.get(f"/training/compliance/summary.csv?agency={housing.pk}"))
    assert summary == [["Agency", "Role or job type", "Overdue", "Never trained", "Due soon", "In date"],
                       [housing.name, "Housing officer", "1", "1", "0", "1"]]  # the page's table, as it shows it
    all_agencies = _csv(manager_client.get("/training/compliance/summary.csv"))
    assert {row[0] for row in all_agencies[1:]} >= {housing.name, other.name}

    exports = AuditEntry.objects.filter(action="training.compliance.export").order_by("sequence")
    assert [e.kind for e in exports] == [AuditAction.EXPORT] * 4
    assert exports[0].changes == {"table": "people", "agency": housing.pk, "status": "overdue", "rows": 1}
    assert exports[2].changes == {"table": "summary", "agency": housing.pk, "status": "", "rows": 1}
    assert "Ben Carter" not in str([(e.target_label, e.changes) for e in exports])


@pytest.mark.django_db
def test_compliance_csv_ignores_a_filter_the_page_would_ignore(catalogue, manager_client):
    response = manager_client.get("/training/compliance/people.csv?agency=999999&status=nonsense")
    assert _csv(response)[0] == ["Name", "Agency", "Status", "Training recorded"]


@pytest.mark.django_db
def test_my_training_shows_a_users_own_record(catalogue):
    user = make_user(Role.FIRST_RESPONDER, full_name="Amira Khan")
    page = verified_client(user).get("/training/my/").content.decode()
    assert "First responder training" in page and "Never trained" in page
    trainee = Trainee.objects.create(full_name=user.full_name, name_key="amira khan", user=user, email=user.email)
    complete(trainee, catalogue["first-responder"], timezone.localdate())
    page = verified_client(user).get("/training/my/").content.decode()
    assert "In date" in page and "Never trained" not in page


@pytest.mark.django_db
def test_a_first_responder_not_in_date_is_prompted_on_the_concern_page_never_blocked(catalogue):
    user = make_user(Role.FIRST_RESPONDER)
    client = verified_client(user)
    page = client.get("/concerns/new/").content.decode()
    assert 'id="training-prompt"' in page and "You can still raise this concern now" in page
    assert client.post("/concerns/new/").status_code == 302  # the concern starts all the same
    trainee = Trainee.objects.create(full_name=user.full_name, name_key="x", user=user, email=user.email)
    complete(trainee, catalogue["first-responder"], timezone.localdate())
    assert 'id="training-prompt"' not in client.get("/concerns/new/").content.decode()
    case_worker = verified_client(make_user(Role.CASE_WORKER))
    assert 'id="training-prompt"' not in case_worker.get("/concerns/new/").content.decode()
