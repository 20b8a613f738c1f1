"""The training API: courses, sessions and attendance, and compliance, with a token as a script would."""

import datetime

import pytest
from rest_framework.test import APIClient

from lantern.accounts.capabilities import Role
from lantern.accounts.services import api_token_create
from lantern.audit.models import AuditEntry
from lantern.training.models import JobType, Session, Trainee
from lantern.training.tests.conftest import complete
from tests.support import make_user

pytestmark = pytest.mark.django_db


def token_client(role: str) -> APIClient:
    _token, raw = api_token_create(user=make_user(role), name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_courses_sessions_and_attendance_through_the_api(catalogue, housing):
    client = token_client(Role.TRAINING_COORDINATOR)
    courses = client.get("/api/v1/training/courses/").json()["results"]
    assert {c["code"] for c in courses} >= {"awareness", "first-responder"}
    made = client.post("/api/v1/training/courses/", {
        "code": "cuckooing", "title": "Cuckooing and county lines", "audience": "Housing staff",
        "level": "specialist", "delivery": "online", "duration_minutes": 60, "learning_outcomes": "Spot cuckooing",
        "validity_months": 24, "effective_from": "2026-01-01"}, format="json")
    assert made.status_code == 201 and made.json()["versions"][0]["number"] == 1
    assert client.post("/api/v1/training/courses/", {**made.json(), "code": "cuckooing", "delivery": "online",
                                                     "duration_minutes": 60, "learning_outcomes": "x",
                                                     "effective_from": "2026-01-01"},
                       format="json").status_code == 400  # the short name is taken
    session = client.post("/api/v1/training/sessions/", {"course": "cuckooing", "date": "2026-02-03",
                                                          "capacity": 12}, format="json")
    assert session.status_code == 201, session.json()
    body = session.json()
    assert body["reference"].startswith("TS-") and body["course_version"] == 1
    added = client.post(f"/api/v1/training/sessions/{body['id']}/attendance/", {
        "full_name": "Aisha Rahman", "email": "aisha@sandwell.example", "agency": housing.pk}, format="json")
    assert added.status_code == 201 and added.json()["valid_until"] == "2028-02-03"
    listed = client.get(f"/api/v1/training/sessions/{body['id']}/attendance/").json()
    assert [row["full_name"] for row in listed] == ["Aisha Rahman"]
    assert Session.objects.get().attendances.count() == 1


def test_compliance_through_the_api_is_audited(catalogue, housing):
    job = JobType.objects.get(name="Housing officer")
    trainee = Trainee.objects.create(full_name="Ben Carter", name_key="ben carter", agency=housing, job_type=job)
    complete(trainee, catalogue["awareness"], datetime.date(2020, 1, 1))
    client = token_client(Role.PROGRAMME_MANAGER)
    answer = client.get(f"/api/v1/training/compliance/?agency={housing.pk}").json()
    people = answer["results"]
    assert people == [{"trainee": trainee.pk, "name": "Ben Carter", "organisation": housing.name,
                       "status": "overdue", "results": people[0]["results"]}]
    assert answer["next"] is None and answer["previous"] is None
    assert {r["status"] for r in people[0]["results"]} == {"overdue", "never_trained"}
    assert client.get("/api/v1/training/compliance/?status=in_date").json() == {
        "next": None, "previous": None, "results": []}
    assert AuditEntry.objects.filter(action="training.compliance.view").count() == 2


def test_compliance_through_the_api_comes_in_cursor_pages_that_keep_the_filters(catalogue, housing):
    from lantern.training.api import CompliancePagination

    job = JobType.objects.get(name="Housing officer")
    size = CompliancePagination.page_size
    made = Trainee.objects.bulk_create([
        Trainee(full_name=f"Trainee {n}", name_key=f"trainee {n}", agency=housing, job_type=job)
        for n in range(size + 5)])
    Trainee.objects.create(full_name="Elsewhere", name_key="elsewhere", job_type=job)  # not in the agency
    client = token_client(Role.TRAINING_COORDINATOR)
    first = client.get(f"/api/v1/training/compliance/?agency={housing.pk}&status=never_trained")
    assert first.status_code == 200
    body = first.json()
    assert len(body["results"]) == size and body["previous"] is None
    assert "agency=" in body["next"] and "status=never_trained" in body["next"]
    assert "Trainee" not in body["next"]  # the cursor carries ids, never names
    second = client.get(body["next"]).json()
    assert second["next"] is None and len(second["results"]) == 5
    listed = [person["trainee"] for person in body["results"] + second["results"]]
    assert listed == sorted(trainee.pk for trainee in made)  # every person once, in a stable order
    back = client.get(second["previous"]).json()
    assert [person["trainee"] for person in back["results"]] == listed[:size]
    assert AuditEntry.objects.filter(action="training.compliance.view").latest("sequence").changes == {
        "people": size + 5, "listed": size, "api": True}

    assert client.get("/api/v1/training/compliance/?cursor=cD1Bbm5h").status_code == 404  # p=Anna: not a place


def test_paging_through_compliance_computes_it_once_until_something_changes(catalogue, housing, monkeypatch):
    from lantern.training.api import CompliancePagination
    from lantern.training.selectors import compliance as compliance_selectors

    job = JobType.objects.get(name="Housing officer")
    Trainee.objects.bulk_create([
        Trainee(full_name=f"Trainee {n}", name_key=f"trainee {n}", agency=housing, job_type=job)
        for n in range(CompliancePagination.page_size + 5)])
    computed = []
    original = compliance_selectors.compliance

    def counting(**kwargs):
        computed.append(kwargs.get("agency_id"))
        return original(**kwargs)

    monkeypatch.setattr(compliance_selectors, "compliance", counting)
    client = token_client(Role.TRAINING_COORDINATOR)
    first = client.get("/api/v1/training/compliance/").json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) + len(second["results"]) == CompliancePagination.page_size + 5
    assert computed == [None]  # the second page came from the first one's result
    Trainee.objects.create(full_name="New starter", name_key="new starter", agency=housing, job_type=job)
    assert len(client.get("/api/v1/training/compliance/?status=never_trained").json()["results"]) == \
        CompliancePagination.page_size
    assert computed == [None, None]  # a new person: computed again


def test_a_programme_manager_may_read_but_writes_need_the_training_role(catalogue):
    client = token_client(Role.PROGRAMME_MANAGER)
    assert client.get("/api/v1/training/sessions/").status_code == 200
    created = client.post("/api/v1/training/sessions/", {"course": "awareness", "date": "2026-02-03"}, format="json")
    assert created.status_code == 201  # programme managers manage training too
    refused = token_client(Role.CASE_WORKER).post("/api/v1/training/sessions/", {"course": "awareness",
                                                                                  "date": "2026-02-03"}, format="json")
    assert refused.status_code == 403
