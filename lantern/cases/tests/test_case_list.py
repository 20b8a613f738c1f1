"""The case list: filters, reference search, and person search through the blind index."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import services
from lantern.cases.models import CaseStage, CaseStatus, Route
from lantern.cases.tests.factories import CaseFactory, PersonFactory, child_case, days_ago, today, worker
from lantern.partnership.models import Partnership
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

DOB = datetime.date(1991, 8, 9)


@pytest.fixture
def me():
    return worker()


@pytest.fixture
def my_client(me):
    return verified_client(me)


@pytest.fixture
def cases(me):
    """Four cases on my team and one that is not."""
    waiting = CaseFactory(lead_worker=me, stage=CaseStage.REFERRED, nrm_referred_on=days_ago(20),
                          rg_expected_by=days_ago(13), types=["labour"],
                          person=PersonFactory(given_name="Zoë", family_name="Brontë-Smith", date_of_birth=DOB))
    child = child_case(team=[me], types=["criminal", "sexual"])
    closed = CaseFactory(lead_worker=me, types=["sexual"], stage=CaseStage.CG_POSITIVE)
    services.case_close(case=closed, acting_user=me, outcome="moved_on", closed_on=today())
    recovering = CaseFactory(lead_worker=me, stage=CaseStage.RECOVERY, types=["domestic_servitude"])
    hidden = CaseFactory(types=["labour"], person=PersonFactory(given_name="Zoë", family_name="Brontë-Smith",
                                                                 date_of_birth=DOB))
    return {"waiting": waiting, "child": child, "closed": closed, "recovering": recovering, "hidden": hidden}


def listed(response) -> set[str]:
    assert response.status_code == 200
    return set(re.findall(r'<a class="govuk-link" href="/cases/(MSC-[^/]+)/">', response.content.decode()))


def refs(cases, *names) -> set[str]:
    return {cases[n].reference for n in names}


def test_the_list_shows_only_cases_on_my_team(my_client, cases):
    html = my_client.get("/cases/").content.decode()
    assert listed(my_client.get("/cases/")) == refs(cases, "waiting", "child", "closed", "recovering")
    assert "Overdue" in html and "Closed" in html
    assert "Criminal, Sexual" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "closed"}, ["closed"]),
        ({"status": "open"}, ["waiting", "child", "recovering"]),
        ({"route": "child"}, ["child"]),
        ({"route": "adult"}, ["waiting", "closed", "recovering"]),
        ({"stage": "referred"}, ["waiting"]),
        ({"stage": "recovery"}, ["recovering"]),
        ({"exploitation": "sexual"}, ["child", "closed"]),
        ({"exploitation": "labour"}, ["waiting"]),
        ({"overdue": "1"}, ["waiting", "child"]),
        ({"route": "adult", "overdue": "1"}, ["waiting"]),
        ({"status": "nonsense", "route": "<script>"}, ["waiting", "child", "closed", "recovering"]),
    ],
)
def test_filters(my_client, cases, query, expected):
    assert listed(my_client.get("/cases/", query)) == refs(cases, *expected)


def test_filter_by_lead_agency(my_client, cases, me):
    assert listed(my_client.get("/cases/", {"agency": me.agency_id})) == refs(cases, "waiting", "closed", "recovering")


def test_the_filters_chosen_are_shown_chosen(my_client, cases, me):
    html = my_client.get("/cases/", {"status": "open", "route": "adult", "agency": me.agency_id,
                                      "worker": me.pk, "overdue": "1", "reference": "MSC-"}).content.decode()
    assert '<option value="open" selected>' in html
    assert '<option value="adult" selected>' in html
    assert f'<option value="{me.agency_id}" selected>' in html
    assert f'<option value="{me.pk}" selected>{me.full_name}</option>' in html
    assert 'value="1" checked>' in html
    assert 'name="reference" type="text" value="MSC-"' in html
    assert html.count(" selected>") == 4
    assert " selected>" not in my_client.get("/cases/").content.decode()


def test_reference_search_is_whole_or_part_and_audited(my_client, me, cases):
    reference = cases["waiting"].reference
    assert listed(my_client.get("/cases/", {"reference": f" {reference.lower()} "})) == {reference}
    assert listed(my_client.get("/cases/", {"reference": cases["hidden"].reference})) == set()
    assert listed(my_client.get("/cases/", {"reference": reference[4:10]})) == {reference}  # part of it
    search = AuditEntry.objects.filter(action="case.search").first()
    assert search.actor == me and search.changes["by"] == "reference"


@pytest.mark.parametrize("typed", ["Zoë Brontë-Smith", "zoe bronte smith", "  ZOË   BRONTË-SMITH ", "Zoe Bronte-Smith"])
def test_person_search_by_name_ignores_case_accents_and_spacing(my_client, cases, typed):
    response = my_client.post("/cases/", {"name": typed})
    assert listed(response) == refs(cases, "waiting")  # the other Zoë's case is not on my team


def test_person_search_with_date_of_birth(my_client, cases):
    assert listed(my_client.post("/cases/", {"name": "Zoe Bronte-Smith", "dob": "1991-08-09"})) == refs(cases, "waiting")
    assert listed(my_client.post("/cases/", {"name": "Zoe Bronte-Smith", "dob": "1991-08-10"})) == set()
    assert listed(my_client.post("/cases/", {"name": "Zoe Bronte"})) == refs(cases, "waiting")  # part of the name
    assert listed(my_client.post("/cases/", {"name": "Zoe Bronte-Smith", "dob": "not a date"})) == refs(cases, "waiting")


def test_the_name_never_appears_in_an_address_or_the_audit_trail(my_client, cases):
    response = my_client.post("/cases/", {"name": "Zoë Brontë-Smith", "dob": "1991-08-09"})
    html = response.content.decode()
    assert 'value="Zoë Brontë-Smith"' in html  # echoed in the form, so the user can refine it
    for href in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert "bront" not in href.lower() and "1991" not in href, href
    # A name in the address is ignored rather than searched.
    assert listed(my_client.get("/cases/", {"name": "Zoë Brontë-Smith"})) == refs(
        cases, "waiting", "child", "closed", "recovering")
    search = AuditEntry.objects.get(action="case.search")
    assert search.changes == {"by": "name", "results": 1}
    assert "Bront" not in str(search.changes) and "Bront" not in search.target_label


def test_oversight_lists_every_case_except_restricted_children_s_cases(settings, cases):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True
    coordinator = verified_client(worker(Role.SHOP_COORDINATOR))
    assert listed(coordinator.get("/cases/")) == refs(cases, "waiting", "closed", "recovering", "hidden")
    found = listed(coordinator.post("/cases/", {"name": "zoe bronte-smith"}))
    assert found == refs(cases, "waiting", "hidden")
    assert listed(coordinator.get("/cases/", {"route": Route.CHILD})) == set()


def test_a_case_worker_with_no_cases_sees_an_empty_list():
    client = verified_client(worker())
    CaseFactory()
    html = client.get("/cases/").content.decode()
    assert "There are no cases to show" in html and listed(client.get("/cases/")) == set()


def test_the_list_pages_without_counting(me, my_client):
    for n in range(27):
        CaseFactory(lead_worker=me, opened_on=days_ago(n + 1))
    first = my_client.get("/cases/", {"status": CaseStatus.OPEN})
    second = my_client.get("/cases/", {"status": CaseStatus.OPEN, "page": "2"})
    assert len(listed(first)) == 25 and len(listed(second)) == 2
    assert listed(first).isdisjoint(listed(second))
    assert "status=open&amp;page=2" in first.content.decode()
    assert "page 2" in second.content.decode()
    assert len(listed(my_client.get("/cases/", {"page": "nonsense"}))) == 25


def test_list_and_case_page_queries_do_not_grow_with_the_data():
    """No N+1: the same number of queries for a page of 3 cases or 25, and for a case with more history."""
    coordinator = make_user(Role.SHOP_COORDINATOR)
    client = verified_client(coordinator)
    for _ in range(3):
        CaseFactory(types=["labour", "sexual"], team=[coordinator])
    client.get("/cases/")
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/")
    for _ in range(22):
        CaseFactory(types=["criminal"], team=[coordinator])
    with CaptureQueriesContext(connection) as many:
        client.get("/cases/")
    assert len(many) == len(few)

    case = CaseFactory(team=[coordinator])
    client.get(f"/cases/{case.reference}/")
    with CaptureQueriesContext(connection) as quiet:
        client.get(f"/cases/{case.reference}/")
    for n in range(10):
        services.note_add(case=case, acting_user=coordinator, body=f"Note {n}")
        services.support_add(case=case, acting_user=coordinator, kind="health", provider="GP", started_on=days_ago(n + 1))
    with CaptureQueriesContext(connection) as busy:
        client.get(f"/cases/{case.reference}/")
    assert len(busy) == len(quiet)


# The case page's queries in the test client, savepoints counted: the session, the user, their
# authenticator and roles; the case (with whether the user is on its team); the audit entry (5 with its
# savepoint); the case's records, its exploitation types among them; the partnership row once; the
# count of unread notifications. An ordinary page does not write the session. The Home Office form's
# completeness panel adds one (the form's lists on the case); its other answers come from records the
# page reads anyway. A child's case reads two more: the first strategy discussion and the safeguarding
# steps recorded as not needed. The exploitation types and a child's safeguarding records were read
# with the case, as 14 subqueries, until 30 November 2026 (26 queries for either): Django
# took longer to build those than these three small queries (bench/README.md).
CASE_PAGE_QUERIES = 27
CHILD_CASE_PAGE_QUERIES = CASE_PAGE_QUERIES + 2


def case_page_queries(client, case) -> tuple[str, list[str]]:
    client.get(f"/cases/{case.reference}/")  # the first page after signing in starts the session's clock
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cases/{case.reference}/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_the_case_page_costs_a_fixed_number_of_queries_for_an_adult_and_a_child():
    Partnership.objects.create(name="SASP", ictg_available=True)
    me = worker()
    adult = CaseFactory(lead_worker=me, types=["labour"])
    child = child_case(team=[me], types=["criminal"])
    services.strategy_discussion_record(case=child, acting_user=me, held_on=days_ago(4), attendees="DS Khan",
                                        outcome="Section 47 enquiry")
    services.strategy_discussion_record(case=child, acting_user=me, held_on=days_ago(2), attendees="DS Khan",
                                        outcome="Review")
    services.safeguarding_step_not_needed(case=child, acting_user=me, step="ictg", reason="Mother holds parental "
                                          "responsibility")
    client = verified_client(me)

    html, adult_queries = case_page_queries(client, adult)
    assert "Safeguarding the child" not in html
    assert len(adult_queries) == CASE_PAGE_QUERIES
    assert not [sql for sql in adult_queries if "cases_strategydiscussion" in sql]  # a child's records only

    html, child_queries = case_page_queries(client, child)
    assert f"Done on {days_ago(4):%-d %B %Y}" in html  # the first strategy discussion
    assert "Not needed: Mother holds parental responsibility" in html
    assert len(child_queries) == CHILD_CASE_PAGE_QUERIES
    for queries in (adult_queries, child_queries):
        assert sum('FROM "partnership_partnership"' in sql for sql in queries) == 1
        assert not [sql for sql in queries if sql.startswith('SELECT 1 AS "a" FROM "cases_casemember"')]  # with the case
        assert not [sql for sql in queries if sql.startswith('UPDATE "django_session"')]


def test_the_case_page_reads_the_exploitation_types_in_one_query_and_the_list_with_its_page():
    me = worker()
    case = CaseFactory(lead_worker=me, types=["criminal", "labour"])
    bare = CaseFactory(lead_worker=me, types=[])
    client = verified_client(me)
    html, queries = case_page_queries(client, case)
    assert len([sql for sql in queries if 'FROM "cases_caseexploitation"' in sql]) == 1
    row = 'Exploitation</dt><dd class="govuk-summary-list__value">'
    assert row + "Criminal, Labour" in html  # by code, as on the case list
    assert row + "Not known" in client.get(f"/cases/{bare.reference}/").content.decode()
    with CaptureQueriesContext(connection) as listing:
        page = client.get("/cases/").content.decode()
    assert "Criminal, Labour" in page
    # The list reads them in one query for its whole page (never one per case): the case page's EXISTS
    # per type would make PostgreSQL hash every case of each type to fill a page of 25 (bench/README.md).
    type_queries = [q["sql"] for q in listing.captured_queries if q["sql"].startswith('SELECT "cases_caseexploitation"')]
    assert len(type_queries) == 1 and " IN (" in type_queries[0]


def test_the_case_page_names_other_cases_of_the_same_person_from_the_stored_indexes():
    born = days_ago(30 * 365)
    lead = worker()
    case = CaseFactory(lead_worker=lead, person=PersonFactory(given_name="Ana", family_name="Lupu", date_of_birth=born))
    same = CaseFactory(lead_worker=lead, person=PersonFactory(given_name="ana", family_name="LUPU", date_of_birth=born))
    namesake = CaseFactory(lead_worker=lead, person=PersonFactory(given_name="Ana", family_name="Lupu",
                                                                  date_of_birth=days_ago(40 * 365)))
    hidden = CaseFactory(person=PersonFactory(given_name="Ana", family_name="Lupu", date_of_birth=born))
    unnamed = CaseFactory(lead_worker=lead, person=PersonFactory(given_name="", family_name="", known_as="A"))
    CaseFactory(lead_worker=lead, person=PersonFactory(given_name="", family_name="", known_as="B"))
    client = verified_client(lead)
    html = client.get(f"/cases/{case.reference}/").content.decode()
    assert "on 1 other case" in html and same.reference in html
    assert namesake.reference not in html and hidden.reference not in html
    assert "other case" not in client.get(f"/cases/{unnamed.reference}/").content.decode()
