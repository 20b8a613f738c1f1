"""The process, checked: an early conclusive grounds decision is confirmed, the ends of the recovery period and
of move-on support are due items (overdue once passed without a decision or a plan) with reminders, and the
exploitation details are set and changed through the pages, audited."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Notification
from lantern.audit.models import AuditEntry
from lantern.cases import selectors, services, workflow
from lantern.cases.models import Case, CaseStage
from lantern.cases.reminders import notify_decisions_due
from lantern.cases.tests.factories import CaseFactory, child_case, date_fields, days_ago, today, worker
from lantern.cases.tests.test_exports_and_api import token_client
from tests.support import verified_client

pytestmark = pytest.mark.django_db

AHEAD = datetime.timedelta


def in_recovery(ends_on: datetime.date, **kwargs) -> Case:
    return CaseFactory(stage=CaseStage.RECOVERY, nrm_referred_on=ends_on - AHEAD(days=40),
                       rg_decided_on=ends_on - AHEAD(days=30), recovery_ends_on=ends_on, **kwargs)


def in_move_on(ends_on: datetime.date, **kwargs) -> Case:
    return CaseFactory(stage=CaseStage.CG_POSITIVE, nrm_referred_on=ends_on - AHEAD(days=200),
                       rg_decided_on=ends_on - AHEAD(days=190), recovery_ends_on=ends_on - AHEAD(days=160),
                       cg_decided_on=ends_on - AHEAD(days=45), move_on_ends_on=ends_on, **kwargs)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


# --- A conclusive grounds decision before the recovery period ends --------------------------------------


def test_the_decision_page_asks_why_a_conclusive_grounds_decision_came_early_and_keeps_the_answers():
    case = in_recovery(today() + AHEAD(days=10))
    client = verified_client(case.lead_worker)
    url = f"/cases/{case.reference}/decisions/new/"
    ends = f"{case.recovery_ends_on:%-d %B %Y}"
    assert f"The recovery period runs to {ends}" in page(client, url)  # said before the worker answers

    refused = client.post(url, {"kind": "cg", "positive": "yes", "competent_authority": "sca",
                                "notes": "Letter received", **date_fields("decided_on", days_ago(1))})
    html = unescape(refused.content.decode())
    assert f"The recovery period runs to {ends}: select why the decision came before it ended" in html
    assert "Letter received" in html  # nothing typed is lost
    case.refresh_from_db()
    assert case.stage == CaseStage.RECOVERY and not case.decisions.exists()

    client.post(url, {"kind": "cg", "positive": "yes", "competent_authority": "sca", "early_reason": "left_support",
                      **date_fields("decided_on", days_ago(1))})
    case.refresh_from_db()
    assert case.stage == CaseStage.CG_POSITIVE and case.decisions.get().early_reason == "left_support"
    entry = AuditEntry.objects.filter(action="case.decision").latest("sequence")
    assert entry.changes["early_reason"] == "left_support"
    assert "Conclusive grounds decision: positive (before the recovery period ended)" in page(
        client, f"/cases/{case.reference}/")


def test_a_conclusive_grounds_decision_after_the_recovery_period_needs_no_reason_and_keeps_none():
    case = in_recovery(days_ago(2))
    client = verified_client(case.lead_worker)
    client.post(f"/cases/{case.reference}/decisions/new/", {
        "kind": "cg", "positive": "no", "competent_authority": "sca", "early_reason": "person_asked",
        **date_fields("decided_on", days_ago(1))})
    case.refresh_from_db()
    assert case.stage == CaseStage.CG_NEGATIVE and case.decisions.get().early_reason == ""


# --- Due items, overdue and reminders ---------------------------------------------------------------


def test_the_end_of_the_recovery_period_is_due_then_overdue_without_a_decision():
    coming = in_recovery(today() + AHEAD(days=5))
    passed = in_recovery(days_ago(1))
    client = verified_client(coming.lead_worker)
    html = page(client, f"/cases/{coming.reference}/")
    due = html.split('id="due-items"')[1].split("</ul>")[0]
    assert f"Recovery period ends: the conclusive grounds decision is due: {coming.recovery_ends_on:%-d %B %Y}" in due
    assert "Overdue" not in due

    html = page(verified_client(passed.lead_worker), f"/cases/{passed.reference}/")
    assert "Overdue" in html.split('id="due-items"')[1].split("</ul>")[0]
    assert set(selectors.cases_visible_to(passed.lead_worker).filter(selectors.overdue_q(today()))
               .values_list("pk", flat=True)) >= {passed.pk}
    assert not Case.objects.filter(selectors.overdue_q(today()), pk=coming.pk).exists()


def test_the_end_of_move_on_support_is_overdue_without_a_plan_and_a_plan_clears_it():
    case = in_move_on(days_ago(3))
    client = verified_client(case.lead_worker)
    assert Case.objects.filter(selectors.overdue_q(today()), pk=case.pk).exists()
    work = page(client, "/my-work/")
    overdue = work.split("Decisions and referrals overdue")[1].split("<h2")[0]
    assert f"{case.reference}</a> – Move-on support ends: agree the move-on plan – {case.move_on_ends_on:%-d %B %Y}" \
        in overdue

    empty = client.post(f"/cases/{case.reference}/move-on-plan/", date_fields("planned_on", today()))
    assert "Enter the plan" in unescape(empty.content.decode())
    response = client.post(f"/cases/{case.reference}/move-on-plan/", {
        "plan": "Council tenancy from March; outreach continues monthly.", **date_fields("planned_on", today())})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.move_on_planned_on == today()
    assert not Case.objects.filter(selectors.overdue_q(today()), pk=case.pk).exists()
    detail = page(client, f"/cases/{case.reference}/")
    assert "Council tenancy from March" in detail and f"move-on plan agreed on {today():%-d %B %Y}" in detail
    entry = AuditEntry.objects.filter(action="case.move_on_plan").get()
    assert "Council tenancy" not in str(entry.changes)  # the plan is encrypted: marked as changed, never copied


def test_a_move_on_plan_is_only_for_a_case_after_a_positive_conclusive_grounds_decision():
    case = in_recovery(today() + AHEAD(days=5))
    client = verified_client(case.lead_worker)
    response = client.get(f"/cases/{case.reference}/move-on-plan/")
    assert response.status_code == 302 and response.url == f"/cases/{case.reference}/"
    outsider = verified_client(worker(Role.CASE_WORKER))
    assert outsider.get(f"/cases/{case.reference}/move-on-plan/").status_code == 404


def test_my_work_lists_the_dates_coming_up_in_the_next_two_weeks():
    me = worker()
    recovery = in_recovery(today() + AHEAD(days=6), lead_worker=me)
    move_on = in_move_on(today() + AHEAD(days=13), lead_worker=me)
    later = in_recovery(today() + AHEAD(days=20), lead_worker=me)
    not_mine = in_recovery(today() + AHEAD(days=6))
    html = page(verified_client(me), "/my-work/")
    soon = html.split("Coming up in the next two weeks")[1].split("<h2")[0]
    assert f"{recovery.reference}</a> – Recovery period ends: the conclusive grounds decision is due: " \
           f"{recovery.recovery_ends_on:%-d %B %Y}" in soon
    assert f"{move_on.reference}</a> – Move-on support ends: agree the move-on plan: " in soon
    assert later.reference not in soon and not_mine.reference not in soon


def test_the_case_team_is_told_a_week_before_each_end_and_once_it_has_passed():
    partner = worker()
    recovery = in_recovery(today() + AHEAD(days=7), team=[partner])
    move_on = in_move_on(today() + AHEAD(days=3))
    move_on_passed = in_move_on(days_ago(2))
    planned = in_move_on(days_ago(2), move_on_planned_on=days_ago(5), move_on_plan="Housing")
    far = in_recovery(today() + AHEAD(days=8))
    notify_decisions_due()
    notify_decisions_due()  # run twice: nobody is told twice

    def told(user):
        return list(Notification.objects.filter(user=user).values_list("kind", "message"))

    ends = f"{recovery.recovery_ends_on:%-d %B %Y}"
    assert told(partner) == [("cases.recovery_ending", f"The recovery period on case {recovery.reference} ends on "
                                                       f"{ends}: the conclusive grounds decision is due then")]
    assert told(move_on.lead_worker) == [("cases.move_on_ending", f"Move-on support on case {move_on.reference} "
                                          f"ends on {move_on.move_on_ends_on:%-d %B %Y}: record the move-on plan")]
    assert [kind for kind, _ in told(move_on_passed.lead_worker)] == ["cases.move_on_overdue"]
    assert told(planned.lead_worker) == [] and told(far.lead_worker) == []
    # Once the recovery period has ended, the team is told again: the conclusive grounds decision is due.
    notify_decisions_due(today() + AHEAD(days=7))
    assert sorted(kind for kind, _ in told(partner)) == ["cases.cg_due", "cases.recovery_ending"]


def test_due_items_follow_the_stage_not_stale_dates():
    case = CaseFactory(stage=CaseStage.RG_NEGATIVE, nrm_referred_on=days_ago(30), rg_decided_on=days_ago(20),
                       recovery_ends_on=days_ago(1))
    assert workflow.due_items(case, today()) == []
    assert not Case.objects.filter(selectors.overdue_q(today()), pk=case.pk).exists()


# --- Exploitation types, where exploited and county lines ------------------------------------------


def test_the_exploitation_details_are_set_and_changed_through_the_page_and_audited():
    case = CaseFactory(types=["labour"])
    client = verified_client(case.lead_worker)
    url = f"/cases/{case.reference}/exploitation/"
    form = page(client, url)
    labour = form.split('value="labour"')[0].rsplit("<input", 1)[1] + form.split('value="labour"')[1].split(">")[0]
    assert "checked" in labour  # the current answers are shown

    response = client.post(url, {"types": ["criminal", "sexual"], "where_exploited": "uk_and_overseas",
                                 "county_lines": "yes"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert sorted(case.exploitation.values_list("type", flat=True)) == ["criminal", "sexual"]
    assert case.where_exploited == "uk_and_overseas" and case.county_lines is True
    entry = AuditEntry.objects.filter(action="case.exploitation").get()
    assert entry.changes["types"] == {"from": ["labour"], "to": ["criminal", "sexual"]}
    assert entry.changes["county_lines"] == {"from": False, "to": True}
    detail = page(client, f"/cases/{case.reference}/")
    assert "Criminal, Sexual (county lines)" in detail and "UK and overseas" in detail

    # Saving the same answers changes nothing and records nothing.
    client.post(url, {"types": ["criminal", "sexual"], "where_exploited": "uk_and_overseas", "county_lines": "yes"})
    assert AuditEntry.objects.filter(action="case.exploitation").count() == 1


def test_the_exploitation_page_refuses_bad_input_and_people_off_the_case():
    case = CaseFactory()
    client = verified_client(case.lead_worker)
    url = f"/cases/{case.reference}/exploitation/"
    response = client.post(url, {"types": ["labour"], "county_lines": "no"})
    assert "Select where they were exploited" in unescape(response.content.decode())
    assert verified_client(worker()).get(url).status_code == 404
    child = child_case()
    assert verified_client(worker()).get(f"/cases/{child.reference}/exploitation/").status_code == 404
    board = verified_client(worker(Role.BOARD_VIEWER))
    assert board.post(url, {"types": ["labour"], "where_exploited": "uk", "county_lines": "no"}).status_code == 404
    assert not case.exploitation.exists()


def test_a_move_on_plan_needs_its_date_whichever_way_it_is_recorded():
    case = in_move_on(days_ago(3))
    with pytest.raises(ValidationError) as refused:
        services.case_record_move_on_plan(case=case, acting_user=case.lead_worker, planned_on=None, plan="Housing")
    assert refused.value.message_dict == {"planned_on": ["Enter when the plan was agreed."]}
    response = token_client(case.lead_worker).put(f"/api/v1/cases/{case.reference}/move-on-plan/",
                                                  {"planned_on": None, "plan": "Housing"}, format="json")
    assert response.status_code == 400 and response.json()["planned_on"] == ["Enter when the plan was agreed."]
    case.refresh_from_db()
    assert case.move_on_planned_on is None and case.move_on_plan == ""
