"""Triage of a submitted concern by the SHOP coordinator: open a case, link, signpost or no further action."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import services
from lantern.cases.models import Case, CaseMember, CaseStage, Concern, ConcernStatus, Person, Route
from lantern.cases.tests.factories import (
    CaseFactory,
    ConcernFactory,
    PersonFactory,
    child_case,
    date_fields,
    days_ago,
    today,
    worker,
)
from lantern.core import crypto
from lantern.core.references import reference_is_valid
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

DOB = datetime.date(1994, 5, 17)


@pytest.fixture
def concern():
    return ConcernFactory(exploitation_types=["labour", "criminal"])


def open_case(client, concern, lead, **extra):
    data = {"outcome": "open_case", "lead_worker": lead.pk, "given_name": "Andrei", "family_name": "Popescu",
            **date_fields("date_of_birth", DOB)}
    data.update(extra)
    return client.post(f"/concerns/{concern.reference}/", data)


def test_triage_page_shows_what_was_reported_and_is_audited(shop, coordinator, concern):
    html = shop.get(f"/concerns/{concern.reference}/").content.decode()
    assert "Six men collected by minibus" in html and "Andrei Popescu" in html
    assert "Retention of identity documents" in html
    assert "Record triage decision" in html
    view = AuditEntry.objects.get(action="concern.view")
    assert view.actor == coordinator and view.target_label == concern.reference


def test_waiting_concerns_are_listed_for_triage(shop, concern):
    draft = ConcernFactory(status=ConcernStatus.DRAFT, submitted_at=None)
    done = ConcernFactory(status=ConcernStatus.NO_FURTHER_ACTION)
    html = shop.get("/concerns/").content.decode()
    waiting = html.split("Concerns you raised")[0]
    assert concern.reference in waiting
    assert draft.reference not in html and done.reference not in waiting


def test_opening_a_case_copies_the_person_encrypts_the_name_and_sets_the_route(shop, coordinator, concern, lead):
    response = open_case(shop, concern, lead)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.reference}/"
    assert reference_is_valid(case.reference, prefix="MSC")

    assert case.route == Route.ADULT and case.stage == CaseStage.SCREENING and case.status == "open"
    assert case.lead_worker == lead and case.lead_agency == lead.agency and case.opened_on == today()
    assert CaseMember.objects.filter(case=case, user=lead).exists()
    assert sorted(case.exploitation.values_list("type", flat=True)) == ["criminal", "labour"]

    person = case.person
    assert (person.given_name, person.family_name, person.date_of_birth) == ("Andrei", "Popescu", DOB)
    assert person.approximate_age == 30 and person.gender == "male" and person.nationality == "Romanian"
    assert person.name_index == crypto.blind_index("Andrei Popescu")
    assert person.name_dob_index == crypto.blind_index("Andrei Popescu", "1994-05-17")
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, date_of_birth FROM cases_person WHERE id = %s", [person.pk])
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "Andrei" not in raw and "Popescu" not in raw and "1994" not in raw
    assert "popescu" not in raw.lower()

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CASE_OPENED and concern.case == case
    assert concern.triaged_by == coordinator and concern.triaged_at is not None
    assert case.events.get(kind="case.open").summary == f"Case opened from concern {concern.reference} (Adult route)"
    opened = AuditEntry.objects.get(action="case.open")
    assert opened.actor == coordinator and opened.changes["route"] == "adult"
    # Nothing identifying in the audit trail.
    for entry in AuditEntry.objects.all():
        assert "Popescu" not in str(entry.changes) and "Popescu" not in entry.target_label

    # The lead worker finds it on their caseload.
    assert verified_client(lead).get(f"/cases/{case.reference}/").status_code == 200


@pytest.mark.parametrize(
    ("concern_fields", "date_of_birth", "route"),
    [
        ({"approximate_age": 15}, None, Route.CHILD),
        ({"approximate_age": 35}, None, Route.ADULT),
        ({"approximate_age": None, "age_uncertain": True}, None, Route.AGE_UNCERTAIN),
        ({"approximate_age": 25}, "16 years ago", Route.CHILD),  # the date of birth is better evidence
        ({"approximate_age": 16}, "30 years ago", Route.ADULT),
    ],
)
def test_the_route_is_set_by_age(shop, lead, concern_fields, date_of_birth, route):
    concern = ConcernFactory(**concern_fields)
    # The lead is not from children's services: a child's case needs the reason (ignored for an adult's).
    extra = {"given_name": "", "family_name": "", "childrens_lead_reason": "The MASH asked the council to lead"}
    if date_of_birth:
        years = int(date_of_birth.split()[0])
        extra.update(date_fields("date_of_birth", days_ago(years * 365 + 10)))
    else:
        extra.update({"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""})
    response = open_case(shop, concern, lead, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.route == route
    # Without a name at triage, the name the first responder gave is kept as 'known as'.
    assert case.person.known_as == "Andrei Popescu" and case.person.given_name == ""
    assert case.person.name_index == ""


def test_the_lead_worker_must_be_a_case_worker_with_an_agency(shop, coordinator, concern, lead):
    html = shop.post(f"/concerns/{concern.reference}/", {"outcome": "open_case"}).content.decode()
    assert "Choose the lead worker for the new case" in html
    responder = worker(Role.FIRST_RESPONDER)
    html = open_case(shop, concern, responder).content.decode()
    assert "govuk-error-summary" in html and "Select a valid choice" in html

    homeless = make_user(Role.CASE_WORKER)
    homeless.agency = None
    homeless.save()
    html = open_case(shop, concern, homeless).content.decode()
    assert "The lead worker must be a case worker with an agency" in html
    assert not Case.objects.exists() and not Person.objects.exists()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        (lambda: today() + datetime.timedelta(days=1), "The date must be today or in the past"),
        (lambda: datetime.date(1890, 1, 1), "Enter a real date of birth"),
    ],
)
def test_an_impossible_date_of_birth_is_refused(shop, concern, lead, dob, message):
    html = open_case(shop, concern, lead, **date_fields("date_of_birth", dob())).content.decode()
    assert "govuk-error-summary" in html and message in html
    assert 'value="Andrei"' in html  # what was typed is kept
    assert not Case.objects.exists() and not Person.objects.exists()


def test_linking_to_an_existing_case(shop, coordinator, concern):
    existing = CaseFactory()
    response = shop.post(f"/concerns/{concern.reference}/",
                         {"outcome": "link_case", "case_reference": f" {existing.reference.lower()} "})
    assert response["Location"] == f"/cases/{existing.reference}/"
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.LINKED and concern.case == existing and concern.triaged_by == coordinator
    assert existing.events.get(kind="concern.link").summary == f"Concern {concern.reference} linked to this case"
    assert Case.objects.count() == 1


def test_linking_needs_a_case_the_coordinator_can_see(shop, concern, settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True
    hidden = child_case()  # a child's case, and the coordinator is not in children's services
    html = shop.post(f"/concerns/{concern.reference}/", {"outcome": "link_case"}).content.decode()
    assert "Enter the reference of the case to link to" in html
    for reference in ("MSC-2222-22A", hidden.reference):
        html = shop.post(f"/concerns/{concern.reference}/",
                         {"outcome": "link_case", "case_reference": reference}).content.decode()
        assert "No case you can see has this reference" in html
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED and concern.case is None


def test_the_link_service_itself_refuses_a_case_the_triager_cannot_see(coordinator, concern, settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True
    hidden = child_case()  # a restricted child's case: the coordinator is not in children's services
    with pytest.raises(Http404):
        services.concern_link_case(concern=concern, acting_user=coordinator, case=hidden)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED and concern.case is None
    assert not hidden.events.filter(kind="concern.link").exists()
    assert not AuditEntry.objects.filter(action="concern.triage").exists()


@pytest.mark.parametrize("outcome", [ConcernStatus.NO_FURTHER_ACTION, ConcernStatus.SIGNPOSTED])
def test_no_further_action_and_signposting_need_a_reason(shop, coordinator, concern, outcome):
    html = shop.post(f"/concerns/{concern.reference}/", {"outcome": outcome, "reason": "  "}).content.decode()
    assert "Enter the reason for your decision" in html
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED

    response = shop.post(f"/concerns/{concern.reference}/",
                         {"outcome": outcome, "reason": "Referred to the Salvation Army outreach team"})
    assert response["Location"] == "/concerns/"
    concern.refresh_from_db()
    assert concern.status == outcome and concern.triaged_by == coordinator
    assert concern.triage_reason == "Referred to the Salvation Army outreach team"
    with connection.cursor() as cursor:
        cursor.execute("SELECT triage_reason FROM cases_concern WHERE id = %s", [concern.pk])
        assert "Salvation" not in cursor.fetchone()[0]
    assert not Case.objects.exists()
    with pytest.raises(ValidationError, match="Enter the reason"):
        services.concern_close(concern=ConcernFactory(), acting_user=coordinator, outcome=outcome, reason="")


def test_a_concern_is_triaged_only_once(shop, coordinator, concern, lead):
    open_case(shop, concern, lead)
    case = Case.objects.get()
    page = shop.get(f"/concerns/{concern.reference}/").content.decode()
    assert "Record triage decision" not in page and case.reference in page

    again = open_case(shop, concern, lead)
    assert again.status_code == 200
    closing = shop.post(f"/concerns/{concern.reference}/", {"outcome": "no_further_action", "reason": "Duplicate"})
    assert closing.status_code == 200
    assert Case.objects.count() == 1
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CASE_OPENED and concern.case == case

    with pytest.raises(ValidationError, match="Only a concern waiting for triage can become a case"):
        services.concern_open_case(concern=concern, acting_user=coordinator, lead_worker=lead)
    with pytest.raises(ValidationError, match="Only a concern waiting for triage can be linked"):
        services.concern_link_case(concern=concern, acting_user=coordinator, case=case)
    with pytest.raises(ValidationError, match="Only a concern waiting for triage can be closed"):
        services.concern_close(concern=concern, acting_user=coordinator, outcome="signposted", reason="x")


def test_a_draft_cannot_be_triaged(coordinator, lead):
    draft = ConcernFactory(status=ConcernStatus.DRAFT, submitted_at=None)
    with pytest.raises(ValidationError):
        services.concern_open_case(concern=draft, acting_user=coordinator, lead_worker=lead)


def test_programme_managers_may_triage_too(concern, lead):
    manager = verified_client(worker(Role.PROGRAMME_MANAGER))
    assert open_case(manager, concern, lead).status_code == 302
    assert Case.objects.count() == 1


def test_first_responders_and_others_cannot_triage(concern, lead):
    raiser = verified_client(concern.raised_by)
    response = open_case(raiser, concern, lead)
    assert response.status_code == 200 and "Record triage decision" not in response.content.decode()
    for role in (Role.BOARD_VIEWER, Role.CASE_WORKER, Role.PROCUREMENT_OFFICER, Role.DATA_PROTECTION_OFFICER,
                 Role.SYSTEM_ADMINISTRATOR, Role.FIRST_RESPONDER, Role.REPORTING_TEAM):
        client = verified_client(make_user(role))
        assert client.get(f"/concerns/{concern.reference}/").status_code == 404, role
        assert open_case(client, concern, lead).status_code == 404, role
    assert not Case.objects.exists()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED
    for user in (concern.raised_by, make_user(Role.BOARD_VIEWER), make_user(Role.REPORTING_TEAM), lead):
        with pytest.raises(PermissionDenied):
            services.concern_open_case(concern=concern, acting_user=user, lead_worker=lead)
        with pytest.raises(PermissionDenied):
            services.concern_close(concern=concern, acting_user=user, outcome="signposted", reason="x")


def test_triage_warns_of_a_person_already_on_a_case(shop):
    earlier = CaseFactory(person=PersonFactory(given_name="Andrei", family_name="Popescu"))
    concern = ConcernFactory(person_name="andrei  POPESCU")
    html = shop.get(f"/concerns/{concern.reference}/").content.decode()
    assert "Possible match" in html and earlier.reference in html
    assert Concern.objects.count() == 1
