"""Age on a case: the presumption of age, age assessments and reassessments, and turning 18.

The daily run takes the day it runs for (``on``), so the day before and the day of an 18th
birthday are tested without moving the clock; pages are then used as the lead worker would.
"""

import datetime
import re
from html import unescape
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from lantern.audit.models import AuditEntry
from lantern.cases import rules, services, tasks
from lantern.cases.models import CaseEvent, CaseStage, Route, Task, TaskStatus
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
from lantern.cases.tests.test_case_workflow import consent, refer, reload, screen
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def born_18_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - rules.ADULT_AGE)
    except ValueError:  # 29 February
        return day.replace(year=day.year - rules.ADULT_AGE, day=28)


def turning_18(on: datetime.date, **kwargs):
    """A child's case whose person turns 18 on ``on``, screened and due an NRM referral."""
    case = child_case(person=PersonFactory(date_of_birth=born_18_years_before(on)), **kwargs)
    screen(case)
    case.refresh_from_db()
    return case, rules.adult_on(case.person.date_of_birth)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def pack_answer(html: str, label: str) -> str:
    found = re.search(rf'<dt class="govuk-summary-list__key">{re.escape(label)}</dt>\s*'
                      rf'<dd class="govuk-summary-list__value">(.*?)</dd>', html, re.S)
    assert found, label
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def titles(case) -> list[str]:
    return [t.title for t in Task.objects.filter(case=case, status=TaskStatus.OPEN)]


# --- Pure rules ---------------------------------------------------------------------------------


def test_the_18th_birthday_of_someone_born_on_29_february_is_1_march_in_other_years():
    assert rules.adult_on(datetime.date(2008, 5, 3)) == datetime.date(2026, 5, 3)
    assert rules.adult_on(datetime.date(2008, 2, 29)) == datetime.date(2026, 3, 1)
    assert rules.age_on(datetime.date(2008, 2, 29), datetime.date(2026, 2, 28)) == 17
    assert rules.age_on(datetime.date(2008, 2, 29), rules.adult_on(datetime.date(2008, 2, 29))) == 18
    assert rules.transition_notice_from(datetime.date(2026, 5, 3), 90) == datetime.date(2026, 2, 2)


@pytest.mark.parametrize(("date_of_birth", "approximate_age", "age_uncertain", "seen_on", "expected"), [
    (None, 16, False, None, True),  # the concern's age
    (None, 30, False, None, None),  # an adult now may have been exploited as a child: not known
    (None, None, True, None, None),  # uncertain: an age assessment settles it
    (datetime.date(2008, 6, 1), None, False, datetime.date(2026, 5, 31), True),  # 17 when seen, 18 by opening
    (datetime.date(2000, 1, 1), None, False, datetime.date(2026, 1, 1), None),
])
def test_child_at_exploitation_follows_the_age_when_seen(date_of_birth, approximate_age, age_uncertain, seen_on,
                                                         expected):
    assert rules.child_at_exploitation(date_of_birth=date_of_birth, approximate_age=approximate_age,
                                       age_uncertain=age_uncertain, seen_on=seen_on,
                                       opened_on=datetime.date(2026, 6, 2)) is expected


def test_a_case_opened_on_the_child_route_records_a_child_when_exploited(coordinator):
    triager = coordinator
    lead = worker()
    reason = "Already works with the family"  # an adult worker leads these children's cases
    child = services.concern_open_case(concern=ConcernFactory(approximate_age=16), acting_user=triager,
                                       lead_worker=lead, childrens_lead_reason=reason)
    adult = services.concern_open_case(concern=ConcernFactory(approximate_age=30), acting_user=triager,
                                       lead_worker=lead)
    uncertain = services.concern_open_case(concern=ConcernFactory(approximate_age=None, age_uncertain=True),
                                           acting_user=triager, lead_worker=lead, childrens_lead_reason=reason)
    assert (child.route, child.child_at_exploitation) == (Route.CHILD, True)
    assert (adult.route, adult.child_at_exploitation) == (Route.ADULT, None)
    assert (uncertain.route, uncertain.child_at_exploitation) == (Route.AGE_UNCERTAIN, None)


# --- Turning 18 ---------------------------------------------------------------------------------


def test_the_day_before_18_nothing_moves_and_the_lead_has_a_task_to_plan_the_transition():
    case, adult_on = turning_18(today() + datetime.timedelta(days=1))
    day_before = adult_on - datetime.timedelta(days=1)

    assert services.cases_apply_age_transitions(on=day_before) == {"planning_tasks": 1, "moved_to_adult": 0}
    assert services.cases_apply_age_transitions(on=day_before) == {"planning_tasks": 0, "moved_to_adult": 0}

    case = reload(case)
    assert (case.route, case.stage) == (Route.CHILD, CaseStage.NRM_DUE)
    task = Task.objects.get(case=case)
    assert task.owner == case.lead_worker and task.due_on == day_before and task.created_by is None
    assert f"they turn 18 on {adult_on:%-d %B %Y}" in task.title
    client = verified_client(case.lead_worker)
    detail = page(client, f"/cases/{case.reference}/")
    assert "Plan the move to adult services" in detail
    assert f"Turns 18</dt><dd class=\"govuk-summary-list__value\">\n    {adult_on:%-d %B %Y}" in detail
    assert "Plan the move to adult services" in page(client, "/my-work/")


def test_the_planning_task_comes_when_the_notice_period_starts(settings):
    settings.LANTERN_TRANSITION_NOTICE_DAYS = 30
    case, adult_on = turning_18(today() + datetime.timedelta(days=40))
    assert services.cases_apply_age_transitions(on=adult_on - datetime.timedelta(days=31))["planning_tasks"] == 0
    assert not Task.objects.filter(case=case).exists()
    assert services.cases_apply_age_transitions(on=adult_on - datetime.timedelta(days=30))["planning_tasks"] == 1
    assert reload(case).transition_task_raised_on == adult_on - datetime.timedelta(days=30)


def test_the_notice_period_defaults_to_90_days():
    assert settings.LANTERN_TRANSITION_NOTICE_DAYS == 90


def test_on_the_18th_birthday_without_a_referral_the_case_moves_to_the_adult_route_and_consent_is_asked():
    case, adult_on = turning_18(today())
    events_before = set(case.events.values_list("pk", flat=True))
    assert events_before

    assert services.cases_apply_age_transitions(on=adult_on) == {"planning_tasks": 0, "moved_to_adult": 1}
    assert services.cases_apply_age_transitions(on=adult_on) == {"planning_tasks": 0, "moved_to_adult": 0}

    case = reload(case)
    assert (case.route, case.stage, case.child_at_exploitation) == (Route.ADULT, CaseStage.AWAITING_CONSENT, True)
    # The history is kept, with one line for the move.
    assert events_before < set(case.events.values_list("pk", flat=True))
    assert case.events.filter(kind="route.adult").count() == 1
    assert AuditEntry.objects.filter(action="case.route_change", target_id=str(case.pk)).count() == 1

    client = verified_client(case.lead_worker)
    detail = page(client, f"/cases/{case.reference}/")
    assert "Moved to the adult route: they are now 18" in detail
    assert "Record consent decision" in detail
    assert "Under 18 when exploited</dt><dd class=\"govuk-summary-list__value\">Yes" in detail
    # The adult rules from now on: a new NRM referral needs their consent.
    response = client.post(f"/cases/{case.reference}/referrals/new/", {
        "kind": "nrm", "made_by_agency": case.lead_agency_id, **date_fields("made_on", today())})
    assert response.status_code == 200
    assert "An adult can only be referred to the NRM with their informed consent" in unescape(response.content.decode())
    assert not case.referrals.exists()
    # The pack: not under 18 now, but under 18 when exploited.
    pack = page(client, f"/cases/{case.reference}/referral-pack/nrm/")
    assert pack_answer(pack, "Under 18") == "No"
    assert pack_answer(pack, "Under 18 when exploited") == "Yes"


def test_on_the_18th_birthday_with_an_nrm_referral_made_the_referral_stands():
    case, adult_on = turning_18(today())
    refer(case)
    services.cases_apply_age_transitions(on=adult_on)

    case = reload(case)
    assert (case.route, case.stage, case.child_at_exploitation) == (Route.ADULT, CaseStage.REFERRED, True)
    assert case.referrals.get().kind == "nrm"
    assert case.events.filter(kind="referral.nrm").exists() and case.events.filter(kind="route.adult").exists()
    pack = page(verified_client(case.lead_worker), f"/cases/{case.reference}/referral-pack/nrm/")
    assert pack_answer(pack, "Under 18 when exploited") == "Yes"


def test_the_daily_run_leaves_other_cases_alone():
    on = today()
    closed, _ = turning_18(on)
    services.case_close(case=closed, acting_user=closed.lead_worker, outcome="moved_on", closed_on=on)
    uncertain = CaseFactory(route=Route.AGE_UNCERTAIN, person=PersonFactory(date_of_birth=born_18_years_before(on)))
    approximate = child_case(person=PersonFactory(date_of_birth=None, approximate_age=17))
    younger = child_case(person=PersonFactory(date_of_birth=born_18_years_before(on + datetime.timedelta(days=200))))

    assert services.cases_apply_age_transitions(on=on) == {"planning_tasks": 0, "moved_to_adult": 0}
    assert reload(closed).route == Route.CHILD
    assert reload(uncertain).route == Route.AGE_UNCERTAIN  # treated as a child until assessed
    assert reload(approximate).route == Route.CHILD
    assert reload(younger).route == Route.CHILD
    assert not Task.objects.exists()


def test_the_management_command_and_the_scheduled_task_run_it_once_a_day():
    case, _ = turning_18(today())
    out = StringIO()
    call_command("apply_age_transitions", stdout=out)
    assert "moved 1 case(s) to the adult route" in out.getvalue()
    assert reload(case).route == Route.ADULT

    later, _ = turning_18(today())
    schedule = settings.CELERY_BEAT_SCHEDULE["age-transitions"]
    assert schedule["task"] == tasks.apply_age_transitions_task.name and schedule["schedule"] == 60 * 60 * 24
    assert tasks.apply_age_transitions_task.delay().get() == {"planning_tasks": 0, "moved_to_adult": 1}
    assert reload(later).route == Route.ADULT
    assert CaseEvent.objects.filter(kind="route.adult").count() == 2


# --- Age assessments -------------------------------------------------------------------------------


def assess(client, case, outcome: str, on: datetime.date):
    response = client.post(f"/cases/{case.reference}/age-assessment/", {
        "assessed_by": "Sandwell Children's Trust", "outcome": outcome, **date_fields("assessed_on", on)})
    assert response.status_code == 302, response.content.decode()
    return reload(case)


def test_assessed_as_an_adult_after_a_childs_referral_then_reassessed_as_a_child():
    case = CaseFactory(route=Route.AGE_UNCERTAIN, person=PersonFactory(date_of_birth=None))
    screen(case)
    refer(case)  # no consent: treated as a child
    client = verified_client(case.lead_worker)
    assert "Uncertain: treated as a child until an age assessment says otherwise" in page(
        client, f"/cases/{case.reference}/")

    case = assess(client, case, "adult", days_ago(3))
    assert (case.route, case.stage) == (Route.ADULT, CaseStage.REFERRED)  # the referral stands
    follow_up = titles(case)
    assert len(follow_up) == 2
    assert any(t.startswith("Tell the Single Competent Authority that an age assessment on "
                            f"{days_ago(3):%-d %B %Y} found them to be an adult") for t in follow_up)
    assert any(t.startswith("Ask for their informed consent to the NRM referral already made") for t in follow_up)
    detail = page(client, f"/cases/{case.reference}/")
    assert "Age assessment: assessed as an adult" in detail and "Record consent decision" in detail
    assert "Record a new age assessment" in detail  # age can be reassessed

    # Their consent is asked for and given: nothing moves, the referral stands.
    consent(case, True, on=days_ago(2))
    case = assess(client, case, "child", days_ago(1))
    assert (case.route, case.stage, case.child_at_exploitation) == (Route.CHILD, CaseStage.REFERRED, True)
    assert len(titles(case)) == 3  # one more: tell the competent authority again
    assert any("found them to be a child" in t for t in titles(case))
    detail = page(client, f"/cases/{case.reference}/")
    # The history is kept: both assessments, both timeline lines.
    assert "Age reassessed: assessed as a child" in detail and "Age assessment: assessed as an adult" in detail
    assert f"{days_ago(3):%-d %B %Y}: assessed as an adult" in detail
    assert f"{days_ago(1):%-d %B %Y}: assessed as a child" in detail
    assert case.age_assessments.count() == 2


def test_assessed_as_an_adult_before_any_referral_they_decide_and_no_follow_up_is_needed():
    case = CaseFactory(route=Route.AGE_UNCERTAIN, person=PersonFactory(date_of_birth=None))
    screen(case)
    client = verified_client(case.lead_worker)
    case = assess(client, case, "adult", days_ago(1))
    assert (case.route, case.stage) == (Route.ADULT, CaseStage.AWAITING_CONSENT)
    assert titles(case) == []
    # Reassessed as a child before the referral: every child is referred, so the referral is due.
    consent(case, False, reason="Afraid of the gang")
    assert reload(case).stage == CaseStage.DTN_DUE
    case = assess(client, case, "child", days_ago(0))
    assert (case.route, case.stage) == (Route.CHILD, CaseStage.NRM_DUE)


def test_an_age_given_as_adult_can_be_disputed_and_assessed_on_the_adult_route():
    case = CaseFactory()  # recorded as an adult, never marked uncertain
    screen(case)
    client = verified_client(case.lead_worker)
    assert "Record an age assessment" in page(client, f"/cases/{case.reference}/")
    case = assess(client, case, "child", days_ago(1))
    assert (case.route, case.stage, case.child_at_exploitation) == (Route.CHILD, CaseStage.NRM_DUE, True)
    entry = AuditEntry.objects.filter(action="case.age_assessment").get()
    assert entry.changes == {"outcome": "child", "route": Route.CHILD, "reassessment": False}


def test_moving_between_routes_keeps_the_history_and_applies_the_consent_and_duty_to_notify_rules_again():
    case = CaseFactory()
    screen(case)
    consent(case, False, reason="Afraid of the gang")
    refer(case, "dtn", on=days_ago(5))
    assert reload(case).stage == CaseStage.DUTY_TO_NOTIFY
    client = verified_client(case.lead_worker)

    # Assessed as a child: the Duty to Notify is never used for children; every child is referred.
    case = assess(client, case, "child", days_ago(3))
    assert (case.route, case.stage) == (Route.CHILD, CaseStage.NRM_DUE)
    # Reassessed as an adult before the referral: their refusal stands, and the Duty to Notify already made.
    case = assess(client, case, "adult", days_ago(1))
    assert (case.route, case.stage) == (Route.ADULT, CaseStage.DUTY_TO_NOTIFY)
    assert case.consents.count() == 1 and case.referrals.get().kind == "dtn"  # the history is kept
    assert case.age_assessments.count() == 2


def test_reassessed_as_an_adult_after_consenting_their_consent_applies_again():
    case = CaseFactory()
    screen(case)
    consent(case, True)
    client = verified_client(case.lead_worker)
    case = assess(client, case, "child", days_ago(3))
    assert case.stage == CaseStage.NRM_DUE
    case = assess(client, case, "adult", days_ago(1))
    assert (case.route, case.stage) == (Route.ADULT, CaseStage.NRM_DUE)  # no need to ask again

    refused = CaseFactory()
    screen(refused)
    consent(refused, False, reason="Wants to go home")
    assess(client := verified_client(refused.lead_worker), refused, "child", days_ago(3))
    refused = assess(client, refused, "adult", days_ago(1))
    assert refused.stage == CaseStage.DTN_DUE  # the Duty to Notify is due again


def test_a_date_of_birth_showing_a_child_records_a_child_when_exploited():
    case = CaseFactory(person=PersonFactory(date_of_birth=None, approximate_age=None))
    assert case.child_at_exploitation is None
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/person/", {
        "given_name": "Ana", "gender": "female", **date_fields("date_of_birth", days_ago(16 * 365))})
    assert response.status_code == 302
    case = reload(case)
    assert (case.route, case.child_at_exploitation) == (Route.CHILD, True)
    detail = page(client, f"/cases/{case.reference}/")
    assert "Under 18 when exploited</dt><dd class=\"govuk-summary-list__value\">Yes" in detail
    assert "The case moves to the adult route that day" in detail


def test_reassessed_as_a_child_puts_childrens_services_back_on_the_case_team(trust_worker):
    # Assessed as an adult, the children's services worker left the team of what was then an adult's case.
    childrens_worker = trust_worker
    case = CaseFactory(route=Route.AGE_UNCERTAIN, person=PersonFactory(date_of_birth=None))
    screen(case)
    client = verified_client(case.lead_worker)
    case = assess(client, case, "adult", days_ago(3))
    assert verified_client(childrens_worker).get(f"/cases/{case.reference}/").status_code == 404

    case = assess(client, case, "child", days_ago(1))
    assert case.route == Route.CHILD
    assert case.members.filter(pk=childrens_worker.pk).exists()
    assert verified_client(childrens_worker).get(f"/cases/{case.reference}/").status_code == 200
    assert AuditEntry.objects.filter(action="case.add_childrens_services", target_id=str(case.pk)).exists()


def test_reassessed_as_an_adult_no_longer_records_a_child_when_exploited():
    case = CaseFactory(route=Route.AGE_UNCERTAIN, person=PersonFactory(date_of_birth=None))
    screen(case)
    client = verified_client(case.lead_worker)
    case = assess(client, case, "child", days_ago(3))
    assert case.child_at_exploitation is True
    case = assess(client, case, "adult", days_ago(1))
    # The later assessment found an adult: the pack must not tell the Home Office they were under 18.
    assert (case.route, case.child_at_exploitation) == (Route.ADULT, None)
    assert "Under 18 when exploited</dt><dd class=\"govuk-summary-list__value\">Not known" in page(
        client, f"/cases/{case.reference}/")
