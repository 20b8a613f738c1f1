"""Children first: children's services always see children's cases, safeguarding comes before the NRM,
a child's concern is never routine, and the SHOP agenda shows children's cases to those entitled."""

import datetime

import pytest
from django.db import connection

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import rules, safeguarding
from lantern.cases.models import (
    Case,
    CaseMember,
    ConcernStatus,
    Route,
    SafeguardingStepNotNeeded,
    StrategyDiscussion,
)
from lantern.cases.tests.factories import (
    CaseFactory,
    ChildrensAgencyFactory,
    ConcernFactory,
    PersonFactory,
    child_case,
    date_fields,
    days_ago,
    today,
    worker,
)
from lantern.partnership.models import Board, Partnership
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

SEVENTEEN = days_ago(17 * 365 + 30)


@pytest.fixture(autouse=True)
def _restricted(settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True


@pytest.fixture
def adult_worker():
    return worker(Role.CASE_WORKER, full_name="Daniel Okafor")


def open_case(client, concern, lead, **extra):
    data = {"outcome": "open_case", "lead_worker": lead.pk, "given_name": "Mihai", "family_name": "Lungu",
            **date_fields("date_of_birth", SEVENTEEN)}
    data.update(extra)
    return client.post(f"/concerns/{concern.reference}/", data)


# --- Children's services always see children's cases ---------------------------------------------


def test_a_17_year_olds_case_led_by_an_adult_worker_is_seen_by_the_childrens_trust(
        coordinator, trust_worker, adult_worker):
    Partnership.objects.create(name="Sandwell Anti-Slavery Partnership", childrens_services_lead=trust_worker)
    concern = ConcernFactory(approximate_age=17, person_name="Mihai")
    response = open_case(verified_client(coordinator), concern, adult_worker,
                         childrens_lead_reason="Daniel already works with the family")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.route == Route.CHILD and case.lead_worker == adult_worker
    assert CaseMember.objects.get(case=case, user=trust_worker).role_in_case == "Children's services"

    assert verified_client(trust_worker).get(f"/cases/{case.reference}/").status_code == 200
    assert verified_client(adult_worker).get(f"/cases/{case.reference}/").status_code == 200
    unrelated = worker(Role.CASE_WORKER)
    assert verified_client(unrelated).get(f"/cases/{case.reference}/").status_code == 404

    assert case.events.filter(kind="team.add", summary__contains="for children's services").exists()
    entry = AuditEntry.objects.get(action="case.add_childrens_services")
    assert entry.changes == {"members": [trust_worker.pk]}
    # The reason is encrypted at rest, and the trail records only that one was given.
    assert case.childrens_lead_reason == "Daniel already works with the family"
    with connection.cursor() as cursor:
        cursor.execute("SELECT childrens_lead_reason FROM cases_case WHERE id = %s", [case.pk])
        assert "Daniel" not in cursor.fetchone()[0]
    opened = AuditEntry.objects.get(action="case.open")
    assert opened.changes["childrens_lead_reason"] == "(changed)"


def test_a_childs_case_led_outside_childrens_services_needs_a_reason(coordinator, trust_worker, adult_worker):
    concern = ConcernFactory(approximate_age=None, age_uncertain=True)
    html = open_case(verified_client(coordinator), concern, adult_worker, date_of_birth_0="",
                     date_of_birth_1="", date_of_birth_2="").content.decode()
    assert "choose a lead worker from children&#x27;s services, or give the reason" in html
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.SUBMITTED and not Case.objects.exists()

    # Led by children's services, no reason is needed; with no lead configured, the children's
    # services case workers join (here, the lead is one of them).
    response = open_case(verified_client(coordinator), concern, trust_worker, date_of_birth_0="",
                         date_of_birth_1="", date_of_birth_2="")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.route == Route.AGE_UNCERTAIN and case.childrens_lead_reason == ""
    assert list(case.memberships.values_list("user", flat=True)) == [trust_worker.pk]


def test_an_adults_case_needs_no_childrens_services(coordinator, trust_worker, adult_worker):
    concern = ConcernFactory(approximate_age=30)
    open_case(verified_client(coordinator), concern, adult_worker, **date_fields("date_of_birth", days_ago(30 * 365)))
    case = Case.objects.get()
    assert case.route == Route.ADULT
    assert list(case.memberships.values_list("user", flat=True)) == [adult_worker.pk]
    assert verified_client(trust_worker).get(f"/cases/{case.reference}/").status_code == 404


def test_without_a_configured_lead_every_childrens_services_case_worker_joins(coordinator, trust_worker, adult_worker):
    second = worker(Role.CASE_WORKER, agency=ChildrensAgencyFactory(name="Barnardo's"))
    worker(Role.FIRST_RESPONDER, agency=trust_worker.agency)  # not a case worker: does not join
    concern = ConcernFactory(approximate_age=16)
    open_case(verified_client(coordinator), concern, adult_worker, childrens_lead_reason="Out of hours")
    case = Case.objects.get()
    assert set(case.memberships.values_list("user", flat=True)) == {adult_worker.pk, trust_worker.pk, second.pk}


def test_moving_a_case_onto_the_child_route_adds_childrens_services(trust_worker, adult_worker):
    Partnership.objects.create(name="SASP", childrens_services_lead=trust_worker)
    case = CaseFactory(lead_worker=adult_worker, person=PersonFactory(date_of_birth=days_ago(30 * 365)))
    client = verified_client(adult_worker)
    assert verified_client(trust_worker).get(f"/cases/{case.reference}/").status_code == 404
    data = {"gender": "male", **date_fields("date_of_birth", SEVENTEEN)}
    assert client.post(f"/cases/{case.reference}/person/", data).status_code == 302
    case.refresh_from_db()
    assert case.route == Route.CHILD
    assert verified_client(trust_worker).get(f"/cases/{case.reference}/").status_code == 200


def test_the_administrator_sets_the_childrens_services_lead_and_ictg(trust_worker, adult_worker):
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    client = verified_client(admin)
    data = {"name": "Sandwell Anti-Slavery Partnership", "childrens_services_lead": adult_worker.pk,
            "country": "england"}
    html = client.post("/partnership/change/", data).content.decode()
    assert "Select a valid choice" in html  # only children's services case workers are offered
    response = client.post("/partnership/change/", {**data, "childrens_services_lead": trust_worker.pk,
                                                  "ictg_available": "on"})
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert partnership.childrens_services_lead == trust_worker and partnership.ictg_available
    assert AuditEntry.objects.filter(action="partnership.update").latest("sequence").changes[
        "childrens_services_lead"] == trust_worker.pk
    page = client.get("/partnership/").content.decode()
    assert "Grace Bennett" in page and "Available in the area" in page


# --- Safeguarding before the NRM ---------------------------------------------------------------


def test_steps_in_order_done_due_and_not_needed():
    steps = safeguarding.child_steps(done_on={}, not_needed={}, ictg_available=True)
    assert [(s.step, s.status, s.is_next) for s in steps] == [
        ("childrens_social_care", "due", True), ("strategy_discussion", "due", False),
        ("ictg", "due", False), ("nrm", "due", False)]
    day = datetime.date(2025, 3, 4)
    steps = safeguarding.child_steps(
        done_on={safeguarding.Step.CHILDRENS_SOCIAL_CARE: day},
        not_needed={safeguarding.Step.STRATEGY_DISCUSSION: "Held by the MASH", safeguarding.Step.NRM: "ignored"},
        ictg_available=False)
    assert [(s.status, s.reason, s.is_next) for s in steps] == [
        ("done", "", False), ("not_needed", "Held by the MASH", False),
        ("not_needed", safeguarding.NO_ICTG_SERVICE, False), ("due", "", True)]
    assert steps[0].done_on == day


def test_the_case_page_shows_the_childs_steps_and_each_can_be_recorded(trust_worker):
    Partnership.objects.create(name="SASP", ictg_available=True)
    case = child_case(lead_worker=trust_worker)
    client = verified_client(trust_worker)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Safeguarding the child" in page
    assert f"/cases/{case.reference}/referrals/new/?kind=childrens_social_care" in page
    assert f"/cases/{case.reference}/strategy-discussion/" in page
    assert f"/cases/{case.reference}/referrals/new/?kind=ictg" in page
    assert page.count("Due next") == 1

    # The MASH referral, through the existing referral recording.
    response = client.post(f"/cases/{case.reference}/referrals/new/", {
        "kind": "childrens_social_care", **date_fields("made_on", days_ago(3)), "made_by_agency": trust_worker.agency_id})
    assert response.status_code == 302
    # The strategy discussion: dated, with who took part and the outcome encrypted.
    html = client.post(f"/cases/{case.reference}/strategy-discussion/", {
        **date_fields("held_on", days_ago(2)), "attendees": "", "outcome": ""}).content.decode()
    assert "Enter who took part" in html and "Enter what was decided" in html
    response = client.post(f"/cases/{case.reference}/strategy-discussion/", {
        **date_fields("held_on", days_ago(2)), "attendees": "DS Khan, West Midlands Police",
        "outcome": "Section 47 enquiry"})
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get(case=case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT attendees, outcome FROM cases_strategydiscussion WHERE id = %s", [discussion.pk])
        attendees, outcome = cursor.fetchone()
    assert "Khan" not in attendees and "Section" not in outcome
    # The ICTG is not needed here, with the reason.
    assert client.post(f"/cases/{case.reference}/safeguarding/ictg/not-needed/", {"reason": " "}).status_code == 200
    response = client.post(f"/cases/{case.reference}/safeguarding/ictg/not-needed/",
                           {"reason": "Her mother has parental responsibility and lives in Tipton"})
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="case.safeguarding_not_needed").changes == {"step": "ictg", "reason": "(given)"}

    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert f"Done on {days_ago(3):%-d %B %Y}" in page and f"Done on {days_ago(2):%-d %B %Y}" in page
    assert "Not needed: Her mother has parental responsibility" in page
    assert page.count("Due next") == 1 and f"/cases/{case.reference}/referrals/new/?kind=nrm" in page
    assert "Khan" not in "".join(case.events.values_list("summary", flat=True))


def test_the_nrm_is_never_not_needed_and_adults_have_no_steps(trust_worker, adult_worker):
    case = child_case(lead_worker=trust_worker)
    client = verified_client(trust_worker)
    assert client.post(f"/cases/{case.reference}/safeguarding/nrm/not-needed/", {"reason": "x"}).status_code == 404
    adult = CaseFactory(lead_worker=adult_worker)
    adult_client = verified_client(adult_worker)
    assert "Safeguarding the child" not in adult_client.get(f"/cases/{adult.reference}/").content.decode()
    response = adult_client.post(f"/cases/{adult.reference}/strategy-discussion/", {
        **date_fields("held_on", days_ago(2)), "attendees": "A", "outcome": "B"})
    assert response.status_code == 302 and not StrategyDiscussion.objects.exists()
    assert not SafeguardingStepNotNeeded.objects.exists()


def test_without_an_ictg_service_the_step_says_so(trust_worker):
    case = child_case(lead_worker=trust_worker)
    page = verified_client(trust_worker).get(f"/cases/{case.reference}/").content.decode()
    assert "Not needed: The partnership&#x27;s area has no ICTG service." in page


def test_someone_outside_the_team_cannot_record_steps(trust_worker, adult_worker):
    case = child_case(lead_worker=trust_worker)
    client = verified_client(adult_worker)
    assert client.get(f"/cases/{case.reference}/strategy-discussion/").status_code == 404
    assert client.post(f"/cases/{case.reference}/safeguarding/ictg/not-needed/", {"reason": "x"}).status_code == 404


# --- A child's concern is never routine ----------------------------------------------------------


@pytest.mark.parametrize(("age", "uncertain", "child"), [
    (17, False, True), (0, False, True), (18, False, False), (None, True, True), (None, False, True), (40, True, True)])
def test_a_concern_about_a_child_or_unknown_age_is_a_childs(age, uncertain, child):
    assert rules.is_child_concern(approximate_age=age, age_uncertain=uncertain) is child


def test_the_triage_queue_puts_children_before_routine_concerns(coordinator):
    adult = ConcernFactory(approximate_age=30, submitted_at=days_ago_dt(3))
    child = ConcernFactory(approximate_age=15, submitted_at=days_ago_dt(1))
    unsure = ConcernFactory(approximate_age=None, age_uncertain=True, submitted_at=days_ago_dt(2))
    urgent = ConcernFactory(approximate_age=40, immediate_danger=True, submitted_at=days_ago_dt(0))
    client = verified_client(coordinator)
    page = client.get("/concerns/").content.decode()
    order = [page.index(c.reference) for c in (urgent, unsure, child, adult)]
    assert order == sorted(order)
    row = page[page.index(child.reference):]
    assert row.index("Child: high priority") < row.index("</tr>")
    row = page[page.index(adult.reference):]
    assert row.index("Routine") < row.index("</tr>")
    assert page.count("Child: high priority") == 2
    assert "Child: high priority" in client.get(f"/concerns/{child.reference}/").content.decode()
    assert "Child: high priority" not in client.get(f"/concerns/{adult.reference}/").content.decode()


def days_ago_dt(days: int) -> datetime.datetime:
    from django.utils import timezone

    return timezone.now() - datetime.timedelta(days=days)


# --- The SHOP agenda ---------------------------------------------------------------------------


def test_shop_agenda_shows_childrens_cases_only_to_those_entitled(childrens_trust, trust_worker):
    adult = CaseFactory(shop_flagged=True, shop_reason="Premises visit planned")
    children = [child_case(lead_worker=trust_worker, shop_flagged=True, shop_reason="Missing twice this month")
                for _ in range(2)]
    CaseFactory(shop_flagged=True, status="closed", closed_on=today(), outcome="moved_on")  # closed: never listed

    council_coordinator = worker(Role.SHOP_COORDINATOR)
    page = verified_client(council_coordinator).get("/shop/agenda/").content.decode()
    assert adult.reference in page and "Premises visit planned" in page
    assert "2 restricted items: children's cases, shown to children's services and Child Exploitation " \
           "Board members." in page
    for case in children:
        assert case.reference not in page
    assert "Missing twice" not in page
    entry = AuditEntry.objects.filter(action="shop.agenda").latest("sequence")
    assert entry.changes == {"cases": [adult.reference], "restricted": 2}

    trust_coordinator = worker(Role.SHOP_COORDINATOR, agency=childrens_trust)
    page = verified_client(trust_coordinator).get("/shop/agenda/").content.decode()
    assert all(case.reference in page for case in children) and "restricted item" not in page

    # A Child Exploitation Board member sees them too, and may open them.
    board_member = worker(Role.SHOP_COORDINATOR)
    ceb = Board.objects.create(name="Child Exploitation Board", short_name="CEB", sees_childrens_cases=True)
    ceb.members.add(board_member)
    client = verified_client(board_member)
    page = client.get("/shop/agenda/").content.decode()
    assert all(case.reference in page for case in children) and "restricted item" not in page
    assert client.get(f"/cases/{children[0].reference}/").status_code in (200, 302)  # 302: asked the purpose
    # An inactive board, or one whose members do not see children's cases, opens nothing.
    ceb.is_active = False
    ceb.save()
    assert "2 restricted items" in client.get("/shop/agenda/").content.decode()
    assert client.get(f"/cases/{children[0].reference}/").status_code == 404


def test_shop_agenda_is_for_shop_coordinators_only(trust_worker):
    for role in (Role.CASE_WORKER, Role.FIRST_RESPONDER):
        assert verified_client(worker(role)).get("/shop/agenda/").status_code == 403


def test_the_administrator_names_board_members_who_see_childrens_cases(trust_worker):
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    member = worker(Role.SHOP_COORDINATOR)
    response = verified_client(admin).post("/partnership/boards/new/", {
        "name": "Child Exploitation Board", "short_name": "CEB", "is_active": "on",
        "sees_childrens_cases": "on", "members": [member.pk]})
    assert response.status_code == 302
    board = Board.objects.get()
    assert board.sees_childrens_cases and list(board.members.all()) == [member]
    assert AuditEntry.objects.get(action="board.create").changes["members"] == [member.pk]


def test_childrens_services_are_told_they_joined_a_childs_case_by_reference_only(
        coordinator, trust_worker, adult_worker):
    from lantern.accounts.models import Notification

    Partnership.objects.create(name="Sandwell Anti-Slavery Partnership", childrens_services_lead=trust_worker)
    concern = ConcernFactory(approximate_age=17, person_name="Mihai")
    open_case(verified_client(coordinator), concern, adult_worker,
              childrens_lead_reason="Daniel already works with the family")
    case = Case.objects.get()
    told = Notification.objects.get(user=trust_worker)
    assert told.message == f"You have been added to the team of case {case.reference}"
    assert "Mihai" not in told.message and told.link == f"/cases/{case.reference}/"
    assert verified_client(trust_worker).get(told.link).status_code == 200
