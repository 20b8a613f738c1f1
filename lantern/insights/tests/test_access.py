"""Who may use each page and endpoint of insight that the other test modules do not already cover for every
role: board viewers (and the others who read aggregates) read the dashboard, board reports, statements,
releases and the KPI API and never see anything about a person; only the programme manager generates,
writes, approves and publishes; every other role is refused.

Refusals follow the access matrix's rule (tests/support): a page refused by capability alone answers 403;
a record that does not exist answers 404."""

import datetime

import pytest
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.cases.models import Referral, ReferralKind, Route
from lantern.cases.tests.factories import AgencyFactory, CaseFactory, PersonFactory
from lantern.insights.models import BoardReport, Release, ReleaseStatus, Statement, StatementStatus
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

READERS = {Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER, Role.SHOP_COORDINATOR}
MANAGER = {Role.PROGRAMME_MANAGER}
FY = "FY2026-27"


@pytest.fixture
def manager_client():
    return verified_client(make_user(Role.PROGRAMME_MANAGER))


@pytest.fixture
def named_people():
    """8 NRM referrals in 2026-Q3 (the financial year 2026-27) of people called Andrei Popescu, born on
    3 March 1990: nothing of them may reach an insight page."""
    agency = AgencyFactory()
    cases = []
    for _ in range(8):
        case = CaseFactory(route=Route.ADULT, opened_on=datetime.date(2026, 7, 1), types=["labour"],
                           person=PersonFactory(given_name="Andrei", family_name="Popescu",
                                                date_of_birth=datetime.date(1990, 3, 3)))
        Referral.objects.create(case=case, kind=ReferralKind.NRM, made_on=datetime.date(2026, 8, 4), made_by_agency=agency)
        cases.append(case)
    return cases


def approved_statement(client) -> Statement:
    client.post("/insights/statements/", {"period": FY})
    statement = Statement.objects.get()
    today = timezone.localdate()
    client.post(f"/insights/statements/{statement.pk}/approve/", {
        "approver_name": "Shokat Lal", "approver_role": "Chief Executive", "approved_on_0": today.day,
        "approved_on_1": today.month, "approved_on_2": today.year})
    statement.refresh_from_db()
    assert statement.status == StatementStatus.APPROVED
    return statement


def test_a_board_viewer_reads_every_insight_page_and_sees_no_personal_data(
        named_people, manager_client, django_capture_on_commit_callbacks):
    statement = approved_statement(manager_client)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post("/insights/open-data/", {"period": "2026-Q3"})
    release = Release.objects.get()
    board = verified_client(make_user(Role.BOARD_VIEWER))
    pages = ["/insights/?period=2026-Q3", "/insights/board-reports/", "/insights/board-reports/2026-Q3/",
             "/insights/statements/", f"/insights/statements/{statement.pk}/",
             f"/insights/statements/{statement.pk}/statement.html", "/insights/open-data/",
             f"/insights/open-data/{release.pk}/", f"/insights/open-data/{release.pk}/release.csv",
             f"/insights/open-data/{release.pk}/release.json", "/api/v1/insights/kpis/?period=2026-Q3"]
    identifying = ["Andrei", "Popescu", "1990", *(case.reference for case in named_people)]
    for url in pages:
        response = board.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not [word for word in identifying if word in body], url
    # The figures are there, as aggregates: the 8 referrals.
    assert "National Referral Mechanism statistics" in board.get("/insights/board-reports/2026-Q3/").content.decode()
    kpis = board.get("/api/v1/insights/kpis/", {"period": "2026-Q3"}).json()["kpis"]
    assert next(k for k in kpis if k["slug"] == "nrm-referrals")["value"] == {"value": 8, "suppressed": False}


def test_the_statement_downloads_and_its_registry_page(manager_client):
    statement = approved_statement(manager_client)
    assert_access(f"/insights/statements/{statement.pk}/statement.pdf", allowed=READERS, refused=FORBIDDEN)
    assert_access(f"/insights/statements/{statement.pk}/statement.html", allowed=READERS, refused=FORBIDDEN)
    assert_access(f"/insights/statements/{statement.pk}/registry/", allowed=MANAGER, refused=FORBIDDEN)
    assert manager_client.get("/insights/statements/999999/statement.pdf").status_code == NOT_FOUND
    assert manager_client.get("/insights/statements/999999/statement.html").status_code == NOT_FOUND


def test_only_the_programme_manager_starts_a_statement_or_a_new_version_or_saves_registry_details(manager_client):
    statement = approved_statement(manager_client)
    assert_access(f"/insights/statements/{statement.pk}/new-version/", method="post", allowed=MANAGER,
                  refused=FORBIDDEN, ok=(302,))
    assert Statement.objects.filter(version=2).count() == 1  # the programme manager's, no one else's
    draft = Statement.objects.get(version=2)
    assert_access(f"/insights/statements/{draft.pk}/registry/", method="post", allowed=MANAGER, refused=FORBIDDEN,
                  ok=(302,), data={"organisation_name": "Sandwell Metropolitan Borough Council",
                                   "sector": "Local government", "turnover_band": "over_500m"})
    assert_access("/insights/statements/", method="post", data={"period": "FY2025-26"}, allowed=MANAGER,
                  refused=FORBIDDEN, ok=(302,))
    assert set(Statement.objects.values_list("period_code", flat=True)) == {FY, "FY2025-26"}


def test_only_the_programme_manager_generates_a_board_report():
    assert_access("/insights/board-reports/2026-Q3/generate/", method="post", allowed=MANAGER, refused=FORBIDDEN,
                  ok=(302,))
    assert BoardReport.objects.count() == 1
    assert_access("/insights/board-reports/2026-Q3/commentary/", method="post", allowed=MANAGER, refused=FORBIDDEN,
                  ok=(302,), data={"executive_summary": "A quieter quarter."})


def test_release_downloads_are_for_readers_and_approval_for_the_programme_manager(
        manager_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post("/insights/open-data/", {"period": "2026-Q3"})
    release = Release.objects.get()
    for fmt in ("csv", "json", "txt"):
        assert_access(f"/insights/open-data/{release.pk}/release.{fmt}", allowed=READERS, refused=FORBIDDEN)
    assert manager_client.get(f"/insights/open-data/{release.pk}/release.xml").status_code == NOT_FOUND
    assert_access("/insights/open-data/", method="post", data={"period": "2026-Q2"}, allowed=MANAGER,
                  refused=FORBIDDEN, ok=(302,))
    assert_access(f"/insights/open-data/{release.pk}/approve/", method="post", allowed=MANAGER, refused=FORBIDDEN,
                  ok=(302,))
    release.refresh_from_db()
    assert release.status == ReleaseStatus.APPROVED


def test_the_kpi_api_answers_those_who_read_aggregates_and_refuses_everyone_else():
    assert_access("/api/v1/insights/kpis/?period=2026-Q3", allowed=READERS, refused=FORBIDDEN)


def test_the_public_statistics_need_no_sign_in_and_show_nothing_before_a_release_is_approved(client):
    assert client.get("/statistics/").status_code == 200
    assert client.get("/statistics/latest.csv").status_code == NOT_FOUND
