"""The concern list of the API, as each role: those who raise or triage concerns get their page of
results; the others are refused. Its cursor pages follow one another without repeats."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.cases.tests.factories import ConcernFactory
from tests.support import FORBIDDEN, make_user, verified_client

pytestmark = pytest.mark.django_db

RAISERS = (Role.FIRST_RESPONDER, Role.CASE_WORKER, Role.REPORTING_TEAM)
TRIAGERS = (Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER)
OTHERS = (Role.PROCUREMENT_OFFICER, Role.BOARD_VIEWER, Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR)


@pytest.mark.parametrize("role", RAISERS)
def test_a_role_that_raises_concerns_lists_its_own(role):
    user = make_user(role)
    mine = ConcernFactory(raised_by=user)
    ConcernFactory()  # someone else's
    response = verified_client(user).get("/api/v1/concerns/")
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()["results"]] == [mine.reference]


@pytest.mark.parametrize("role", TRIAGERS)
def test_a_triage_role_lists_every_submitted_concern(role):
    concerns = {ConcernFactory().reference for _ in range(3)}
    response = verified_client(make_user(role)).get("/api/v1/concerns/")
    assert response.status_code == 200
    assert {c["reference"] for c in response.json()["results"]} == concerns


@pytest.mark.parametrize("role", OTHERS)
def test_a_role_that_neither_raises_nor_triages_is_refused(role):
    ConcernFactory()
    assert verified_client(make_user(role)).get("/api/v1/concerns/").status_code == FORBIDDEN


def test_signed_out_is_refused():
    assert Client().get("/api/v1/concerns/").status_code in (401, 403)


def test_the_cursor_pages_cover_every_concern_once(settings):
    coordinator = make_user(Role.SHOP_COORDINATOR)
    made = {ConcernFactory().reference for _ in range(55)}  # more than one page of 50
    client = verified_client(coordinator)
    seen: list[str] = []
    url: str | None = "/api/v1/concerns/"
    while url:
        page = client.get(url).json()
        seen += [c["reference"] for c in page["results"]]
        url = page["next"]
    assert len(seen) == len(made) and set(seen) == made


def test_the_default_api_pagination_orders_by_a_field_every_model_has():
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from lantern.accounts.models import Agency
    from lantern.core.api import CursorPagination

    make_user(Role.CASE_WORKER)  # makes an agency
    request = Request(APIRequestFactory().get("/api/v1/anything/"))
    page = CursorPagination().paginate_queryset(Agency.objects.all(), request)
    assert [agency.pk for agency in page] == sorted(Agency.objects.values_list("pk", flat=True), reverse=True)
