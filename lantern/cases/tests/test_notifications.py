"""Who is told what about concerns and cases (ADR 17): the right people, by reference only, once."""

import datetime

import pytest
from django.core import mail

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Notification
from lantern.cases import services
from lantern.cases.models import Case, CaseStage, ConcernStatus
from lantern.cases.tasks import send_task_reminders_task
from lantern.cases.tests.factories import CaseFactory, ConcernFactory, date_fields, days_ago, today, worker
from tests.support import verified_client

pytestmark = pytest.mark.django_db

# What the concern and the triage say about the person: none of it may reach a notification or an email.
PERSONAL = ("Andrei", "Popescu", "minibus", "hand injury", "1994", "Salvation Army")


@pytest.fixture
def responder():
    return worker(Role.FIRST_RESPONDER, full_name="Priya Shah")


@pytest.fixture
def concern(responder):
    return ConcernFactory(raised_by=responder)


@pytest.fixture
def bystander():
    return worker(Role.CASE_WORKER)


def told(user):
    return list(Notification.objects.filter(user=user).values_list("kind", "message"))


def assert_nothing_personal():
    texts = [n.message + n.link for n in Notification.objects.all()]
    texts += [m.subject + m.body for m in mail.outbox]
    for text in texts:
        assert not any(word in text for word in PERSONAL), text


def test_opening_a_case_tells_the_lead_worker_and_the_first_responder_and_no_one_else(
        shop, coordinator, responder, concern, lead, bystander, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = shop.post(f"/concerns/{concern.reference}/", {
            "outcome": "open_case", "lead_worker": lead.pk, "given_name": "Andrei", "family_name": "Popescu",
            **date_fields("date_of_birth", datetime.date(1994, 5, 17))})
    assert response.status_code == 302
    case = Case.objects.get()
    assert told(lead) == [("cases.lead_assigned", f"You are now the lead worker on case {case.reference}")]
    assert told(responder) == [("cases.concern_triaged",
                                f"Your concern {concern.reference} has been triaged: a case was opened")]
    assert told(coordinator) == [] and told(bystander) == []
    # The first responder does not see the case: their notification does not name it.
    assert case.reference not in Notification.objects.get(user=responder).message
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, responder.email])
    assert_nothing_personal()

    # Each link opens the record for its recipient.
    lead_html = verified_client(lead).get("/notifications/").content.decode()
    assert f'href="/cases/{case.reference}/"' in lead_html
    assert verified_client(lead).get(f"/cases/{case.reference}/").status_code == 200
    responder_client = verified_client(responder)
    assert f'href="/concerns/{concern.reference}/"' in responder_client.get("/notifications/").content.decode()
    assert responder_client.get(f"/concerns/{concern.reference}/").status_code == 200


def test_a_triager_who_leads_the_case_or_raised_the_concern_is_not_told_what_they_did(shop, coordinator):
    own = ConcernFactory(raised_by=coordinator)
    shop.post(f"/concerns/{own.reference}/", {
        "outcome": "open_case", "lead_worker": coordinator.pk, "given_name": "", "family_name": "",
        "date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""})
    assert Case.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("outcome", "said"), [
    (ConcernStatus.NO_FURTHER_ACTION, "no further action"),
    (ConcernStatus.SIGNPOSTED, "passed on to another service"),
])
def test_closing_a_concern_tells_the_first_responder_only(shop, coordinator, responder, concern, bystander,
                                                          outcome, said, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        shop.post(f"/concerns/{concern.reference}/", {"outcome": outcome,
                                                      "reason": "Referred to the Salvation Army outreach team"})
    assert told(responder) == [("cases.concern_triaged", f"Your concern {concern.reference} has been triaged: {said}")]
    assert Notification.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[responder.email]]
    assert_nothing_personal()


def test_linking_a_concern_to_a_case_tells_the_first_responder_without_naming_the_case(shop, responder, concern):
    existing = CaseFactory()
    shop.post(f"/concerns/{concern.reference}/", {"outcome": "link_case", "case_reference": existing.reference})
    [(kind, message)] = told(responder)
    assert message == f"Your concern {concern.reference} has been triaged: it was added to a case already open"
    assert existing.reference not in message
    assert Notification.objects.count() == 1  # the case's team already has the case


def test_a_person_who_chose_lantern_only_gets_no_email(shop, concern, lead, django_capture_on_commit_callbacks):
    verified_client(lead).post("/account/notifications/", {"how": "lantern"})
    with django_capture_on_commit_callbacks(execute=True):
        shop.post(f"/concerns/{concern.reference}/", {
            "outcome": "open_case", "lead_worker": lead.pk, "given_name": "", "family_name": "",
            "date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""})
    assert told(lead) != []
    assert lead.email not in [m.to[0] for m in mail.outbox]
    assert [m.to for m in mail.outbox] == [[concern.raised_by.email]]


# --- Home Office decisions due or overdue (the daily beat task) ------------------------------------


def referred(rg_expected_by, **kwargs):
    return CaseFactory(stage=CaseStage.REFERRED, nrm_referred_on=days_ago(10), rg_expected_by=rg_expected_by,
                       **kwargs)


def test_the_case_team_is_told_once_of_a_reasonable_grounds_decision_due_today(bystander,
                                                                              django_capture_on_commit_callbacks):
    partner = worker()
    case = referred(today(), team=[partner])
    later = referred(today() + datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        send_task_reminders_task()
    message = f"The reasonable grounds decision on case {case.reference} is due today"
    assert told(case.lead_worker) == [("cases.rg_due", message)]
    assert told(partner) == [("cases.rg_due", message)]
    assert told(bystander) == [] and told(later.lead_worker) == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([case.lead_worker.email, partner.email])

    # Run again the same day (or the beat runs twice): no one is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        send_task_reminders_task()
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    assert_nothing_personal()


def test_an_overdue_reasonable_grounds_decision_is_told_once_and_a_new_deadline_again():
    case = referred(days_ago(3))
    send_task_reminders_task()
    send_task_reminders_task()
    expected = days_ago(3)
    assert told(case.lead_worker) == [(
        "cases.rg_overdue",
        f"The reasonable grounds decision on case {case.reference} is overdue: "
        f"it was expected by {expected:%-d %B %Y}")]
    case.rg_expected_by = days_ago(1)  # a new referral, a new deadline
    case.save()
    send_task_reminders_task()
    assert Notification.objects.filter(user=case.lead_worker, kind="cases.rg_overdue").count() == 2


def test_a_conclusive_grounds_decision_is_due_when_the_recovery_period_ends():
    ended = CaseFactory(stage=CaseStage.RECOVERY, nrm_referred_on=days_ago(40), rg_decided_on=days_ago(31),
                        recovery_ends_on=days_ago(1))
    running = CaseFactory(stage=CaseStage.RECOVERY, nrm_referred_on=days_ago(20), rg_decided_on=days_ago(10),
                          recovery_ends_on=today() + datetime.timedelta(days=20))
    send_task_reminders_task()
    assert told(ended.lead_worker) == [(
        "cases.cg_due", f"The recovery period on case {ended.reference} ended on {days_ago(1):%-d %B %Y}: "
                        "the conclusive grounds decision is due")]
    assert told(running.lead_worker) == []


def test_closed_cases_and_decided_cases_are_not_chased():
    closed = referred(days_ago(3), status="closed", outcome="other", closed_on=today())
    decided = CaseFactory(stage=CaseStage.RG_NEGATIVE, nrm_referred_on=days_ago(10), rg_expected_by=days_ago(3))
    send_task_reminders_task()
    assert told(closed.lead_worker) == [] and told(decided.lead_worker) == []


def test_a_notification_never_grants_access_to_a_case_one_has_left():
    partner = worker()
    case = referred(days_ago(3), team=[partner])
    send_task_reminders_task()
    services.case_remove_member(case=case, acting_user=case.lead_worker, user=partner)
    client = verified_client(partner)
    html = client.get("/notifications/").content.decode()
    assert f'href="/cases/{case.reference}/"' in html
    assert client.get(f"/cases/{case.reference}/").status_code == 404
