"""Tasks and 'My work', case notes, the timeline, and the SHOP meeting agenda."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from lantern.accounts.capabilities import Role
from lantern.cases import services
from lantern.cases.models import CaseStage, TaskStatus
from lantern.cases.reminders import send_task_reminders
from lantern.cases.tests.factories import (
    CaseFactory,
    PersonFactory,
    child_case,
    date_fields,
    days_ago,
    today,
    worker,
)
from tests.support import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def me():
    return worker(full_name="Grace Bennett")


@pytest.fixture
def my_client(me):
    return verified_client(me)


# --- Tasks ----------------------------------------------------------------------------------


def test_a_task_owner_must_be_on_the_case_team(me, my_client):
    case = CaseFactory(lead_worker=me)
    outsider = worker(full_name="Not On Team")
    with pytest.raises(ValidationError, match="The owner must be on the case team"):
        services.task_create(case=case, acting_user=me, title="Chase RG", owner=outsider, due_on=today())

    form = my_client.get(f"/cases/{case.reference}/tasks/new/").content.decode()
    assert "Grace Bennett" in form and "Not On Team" not in form
    response = my_client.post(f"/cases/{case.reference}/tasks/new/",
                              {"title": "Chase RG", "owner": outsider.pk, **date_fields("due_on", today())})
    assert "Select a valid choice" in response.content.decode()
    assert not case.tasks.exists()

    # Once they join the team, they can own a task.
    services.case_add_member(case=case, acting_user=me, user=outsider, role_in_case="Police liaison")
    response = my_client.post(f"/cases/{case.reference}/tasks/new/",
                              {"title": "Chase RG", "owner": outsider.pk, **date_fields("due_on", today())})
    assert response.status_code == 302
    task = case.tasks.get()
    assert task.owner == outsider and task.status == TaskStatus.OPEN and task.created_by == me


def test_only_case_workers_join_a_team():
    case = CaseFactory()
    with pytest.raises(ValidationError, match="Only active case workers can join a case team"):
        services.case_add_member(case=case, acting_user=case.lead_worker, user=worker(Role.FIRST_RESPONDER))
    with pytest.raises(ValidationError):
        services.case_add_member(case=case, acting_user=case.lead_worker, user=worker(Role.BOARD_VIEWER))
    with pytest.raises(ValidationError, match="lead worker cannot leave"):
        services.case_remove_member(case=case, acting_user=case.lead_worker, user=case.lead_worker)
    assert case.memberships.count() == 1


def test_team_page_adds_a_member_who_then_sees_the_case():
    case = CaseFactory()
    colleague = worker(full_name="DC Laura Evans")
    client = verified_client(case.lead_worker)
    response = client.post(f"/cases/{case.reference}/team/new/", {"user": colleague.pk, "role_in_case": "Police liaison"})
    assert response.status_code == 302
    detail = client.get(f"/cases/{case.reference}/").content.decode()
    assert "DC Laura Evans" in detail and "Police liaison" in detail
    assert verified_client(colleague).get(f"/cases/{case.reference}/").status_code == 200
    # They are told, by reference only, and the lead who added them is not.
    from lantern.accounts.models import Notification

    assert list(Notification.objects.values_list("user", "message")) == [
        (colleague.pk, f"You have been added to the team of case {case.reference}")]


def test_the_team_page_offers_exactly_who_may_join_the_team():
    """Case workers and oversight roles may join; the form offers them, and only them."""
    case = CaseFactory()
    colleague = worker(full_name="Amir Case Worker")
    manager = worker(Role.PROGRAMME_MANAGER, full_name="Beth Programme Manager")
    responder = worker(Role.FIRST_RESPONDER, full_name="Carl First Responder")
    client = verified_client(case.lead_worker)
    form = client.get(f"/cases/{case.reference}/team/new/").content.decode()
    assert "Amir Case Worker" in form and "Beth Programme Manager" in form and "Carl First Responder" not in form
    assert client.post(f"/cases/{case.reference}/team/new/", {"user": manager.pk}).status_code == 302
    refused = client.post(f"/cases/{case.reference}/team/new/", {"user": responder.pk})
    assert "Select a valid choice" in refused.content.decode()
    assert set(case.memberships.values_list("user", flat=True)) == {case.lead_worker.pk, manager.pk}
    assert colleague.pk not in set(case.memberships.values_list("user", flat=True))


def test_my_work_lists_my_tasks_and_overdue_items(me, my_client):
    mine = CaseFactory(lead_worker=me)
    late = services.task_create(case=mine, acting_user=me, title="Send support plan", owner=me, due_on=days_ago(2))
    soon = services.task_create(case=mine, acting_user=me, title="Review accommodation", owner=me,
                                due_on=today() + datetime.timedelta(days=7))
    # Someone else's task on my case, and a task on a case I am not on.
    colleague = worker()
    services.case_add_member(case=mine, acting_user=me, user=colleague)
    services.task_create(case=mine, acting_user=me, title="Colleague's job", owner=colleague, due_on=today())
    elsewhere = CaseFactory()
    services.task_create(case=elsewhere, acting_user=elsewhere.lead_worker, title="Not mine", owner=elsewhere.lead_worker,
                         due_on=today())

    # Overdue: an RG decision past its expected date, and a child's NRM referral not made.
    waiting = CaseFactory(lead_worker=me, stage=CaseStage.REFERRED, nrm_referred_on=days_ago(20),
                          rg_expected_by=days_ago(13))
    child = child_case(team=[me])
    on_time = CaseFactory(lead_worker=me, stage=CaseStage.REFERRED, nrm_referred_on=today(),
                          rg_expected_by=today() + datetime.timedelta(days=7))
    not_mine = child_case()

    html = my_client.get("/my-work/").content.decode()
    tasks = html.split("<h2 class=\"govuk-heading-m\">Tasks</h2>")[1].split("My open cases")[0]
    assert "Send support plan" in tasks and "Review accommodation" in tasks
    assert "Colleague&#x27;s job" not in tasks and "Not mine" not in tasks
    assert tasks.index("Send support plan") < tasks.index("Review accommodation")  # earliest due first
    late_row = tasks.split("Send support plan")[1].split("</tr>")[0]
    assert "Overdue" in late_row
    assert "Overdue" not in tasks.split("Review accommodation")[1].split("</tr>")[0]

    overdue = unescape(html.split("Decisions and referrals overdue")[1].split("<h2")[0])
    assert waiting.reference in overdue
    assert f"Reasonable grounds decision expected – {days_ago(13).strftime('%-d %B %Y')}" in overdue
    assert child.reference in overdue and "a child's NRM referral has not been made" in overdue
    assert on_time.reference not in overdue and mine.reference not in overdue and not_mine.reference not in overdue

    open_cases = html.split("My open cases")[1]
    for case in (mine, waiting, child, on_time):
        assert case.reference in open_cases
    assert elsewhere.reference not in html and not_mine.reference not in html
    assert late.pk and soon.pk


def test_closed_cases_are_not_overdue_and_not_in_my_open_cases(me, my_client):
    case = child_case(team=[me])
    services.case_close(case=case, acting_user=me, outcome="transferred", closed_on=today())
    html = my_client.get("/my-work/").content.decode()
    assert case.reference not in html and "Nothing is overdue." in html


def test_marking_a_task_done(me, my_client):
    case = CaseFactory(lead_worker=me)
    task = services.task_create(case=case, acting_user=me, title="Send support plan", owner=me, due_on=today())
    assert "Mark done" in my_client.get(f"/cases/{case.reference}/").content.decode()

    assert my_client.get(f"/cases/{case.reference}/tasks/{task.pk}/done/").status_code == 405
    outsider = verified_client(worker())
    assert outsider.post(f"/cases/{case.reference}/tasks/{task.pk}/done/").status_code == 404
    other_case = CaseFactory(lead_worker=me)
    assert my_client.post(f"/cases/{other_case.reference}/tasks/{task.pk}/done/").status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN

    response = my_client.post(f"/cases/{case.reference}/tasks/{task.pk}/done/", {"next": "/my-work/"})
    assert response.status_code == 302 and response["Location"] == "/my-work/"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_at is not None
    assert case.events.filter(kind="task.done").exists()
    assert not case.events.filter(summary__contains="Send support plan").exists()  # free text stays off the timeline
    assert "Send support plan" not in my_client.get("/my-work/").content.decode()


def test_marking_a_task_done_twice_says_so_and_changes_nothing(me, my_client):
    """A second click, or an old tab, finds the task already done: a message, not an error page."""
    case = CaseFactory(lead_worker=me)
    task = services.task_create(case=case, acting_user=me, title="Send support plan", owner=me, due_on=today())
    url = f"/cases/{case.reference}/tasks/{task.pk}/done/"
    assert my_client.post(url).status_code == 302
    task.refresh_from_db()
    done_at = task.completed_at
    response = my_client.post(url, follow=True)
    assert response.status_code == 200
    assert "This task is no longer open." in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_at == done_at
    assert case.events.filter(kind="task.done").count() == 1


def test_marking_a_task_done_never_redirects_off_site(me, my_client):
    case = CaseFactory(lead_worker=me)
    task = services.task_create(case=case, acting_user=me, title="Send support plan", owner=me, due_on=today())
    response = my_client.post(f"/cases/{case.reference}/tasks/{task.pk}/done/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


# --- Notes and the timeline ----------------------------------------------------------------------


def test_notes_are_encrypted_at_rest_and_shown_on_the_case(me, my_client):
    case = CaseFactory(lead_worker=me)
    empty = my_client.post(f"/cases/{case.reference}/notes/new/", {"body": ""})
    assert "Enter the note" in empty.content.decode()
    body = "Disclosed that the supervisor took her bank card and PIN."
    response = my_client.post(f"/cases/{case.reference}/notes/new/", {"body": body})
    assert response.status_code == 302
    note = case.notes.get()
    assert note.body == body and note.created_by == me
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM cases_casenote WHERE id = %s", [note.pk])
        raw = cursor.fetchone()[0]
    assert "bank card" not in raw and raw.startswith("gAAAAA")  # a Fernet token
    detail = my_client.get(f"/cases/{case.reference}/").content.decode()
    assert "took her bank card and PIN" in detail and "Case note added" in detail
    with pytest.raises(ValidationError, match="Enter the note"):
        services.note_add(case=case, acting_user=me, body="   ")


def test_the_timeline_shows_what_happened_newest_first_without_personal_details(me, my_client):
    case = CaseFactory(lead_worker=me, person__given_name="Mirela")
    services.screening_record(case=case, acting_user=me, indicators_found=["ilo.debt"], evidence="",
                              judgement="Likely", conclusion="likely", screened_on=days_ago(2))
    services.consent_record(case=case, acting_user=me, given=True, explained_on=days_ago(1), language="Romanian",
                            interpreter_used=False)
    services.note_add(case=case, acting_user=me, body="Mirela is safe at the refuge.")
    html = my_client.get(f"/cases/{case.reference}/").content.decode()
    timeline = html.split("Timeline")[1]
    expected = ["Case note added", "Consent to an NRM referral given",
                "Screening recorded: 1 indicator(s), likely to be a victim of modern slavery"]
    positions = [timeline.index(summary) for summary in expected]
    assert positions == sorted(positions)
    assert "Grace Bennett" in timeline
    assert "Mirela" not in "".join(case.events.values_list("summary", flat=True))


# --- SHOP --------------------------------------------------------------------------------------------


def test_a_case_flagged_for_shop_is_on_the_agenda_until_removed(me, my_client):
    # A name no one else on the agenda has (a generated given name such as "Ben" is in "Grace Bennett").
    case = CaseFactory(lead_worker=me, person=PersonFactory(given_name="Zofia", family_name="Wiśniewska"))
    empty = my_client.post(f"/cases/{case.reference}/shop/", {"reason": ""})
    assert "Enter the reason" in empty.content.decode()
    response = my_client.post(f"/cases/{case.reference}/shop/", {"reason": "Needs a housing and police plan"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.shop_flagged and case.shop_reason == "Needs a housing and police plan"
    assert "For SHOP" in my_client.get(f"/cases/{case.reference}/").content.decode()

    closed = CaseFactory(shop_flagged=True, shop_reason="Old item")
    services.case_close(case=closed, acting_user=closed.lead_worker, outcome="other", closed_on=today())
    coordinator = verified_client(worker(Role.SHOP_COORDINATOR))
    agenda = coordinator.get("/shop/agenda/").content.decode()
    assert case.reference in agenda and "Needs a housing and police plan" in agenda
    assert closed.reference not in agenda
    assert "Zofia" not in agenda and "Wiśniewska" not in agenda  # references only

    response = my_client.post(f"/cases/{case.reference}/shop/remove/")
    assert response["Location"] == f"/cases/{case.reference}/"
    case.refresh_from_db()
    assert not case.shop_flagged and case.shop_reason == ""
    agenda = coordinator.get("/shop/agenda/").content.decode()
    assert case.reference not in agenda and "No cases are flagged for the next meeting." in agenda
    assert [e.kind for e in case.events.order_by("id")] == ["shop.flag", "shop.unflag"]


def test_shop_coordinator_can_remove_a_flag_and_outsiders_cannot(me):
    case = CaseFactory(lead_worker=me)
    services.case_flag_for_shop(case=case, acting_user=me, reason="Discuss")
    assert verified_client(worker()).post(f"/cases/{case.reference}/shop/remove/").status_code == 404
    assert verified_client(worker()).get(f"/cases/{case.reference}/shop/").status_code == 404
    case.refresh_from_db()
    assert case.shop_flagged
    coordinator = verified_client(worker(Role.SHOP_COORDINATOR))
    assert coordinator.get(f"/cases/{case.reference}/shop/remove/").status_code == 405
    # Not on the coordinator's caseload: a reason first, then the change.
    first = coordinator.post(f"/cases/{case.reference}/shop/remove/")
    assert first["Location"].startswith("/access/purpose/")
    case.refresh_from_db()
    assert case.shop_flagged
    coordinator.post(first["Location"], {"reason": "shop"})
    assert coordinator.post(f"/cases/{case.reference}/shop/remove/").status_code == 302
    case.refresh_from_db()
    assert not case.shop_flagged


def test_task_reminders_email_each_owner_once_a_day_about_due_and_overdue_tasks(me):
    case = CaseFactory(lead_worker=me, person__given_name="Mirela")
    services.task_create(case=case, acting_user=me, title="Chase RG decision", owner=me, due_on=days_ago(1))
    services.task_create(case=case, acting_user=me, title="Book interpreter", owner=me, due_on=today())
    services.task_create(case=case, acting_user=me, title="Next month", owner=me,
                         due_on=today() + datetime.timedelta(days=30))
    closed = CaseFactory(lead_worker=me)
    services.task_create(case=closed, acting_user=me, title="On a closed case", owner=me, due_on=today())
    closed.status, closed.outcome, closed.closed_on = "closed", "other", today()
    closed.save()

    assert send_task_reminders() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [me.email] and email.subject == "2 Lantern tasks due"
    assert "(overdue)" in email.body and email.body.count(case.reference) == 2
    # Titles are free text and may name someone: the email carries references and dates only.
    assert "Chase RG decision" not in email.body and "Book interpreter" not in email.body
    assert "Next month" not in email.body and "On a closed case" not in email.body
    assert case.reference in email.body and "Mirela" not in email.body
    # Not again the same day.
    assert send_task_reminders() == 0 and len(mail.outbox) == 1


def test_my_work_gives_the_overdue_reason_by_the_stage_not_by_which_dates_are_set():
    me = worker()
    child = child_case(lead_worker=me, stage=CaseStage.NRM_DUE, rg_expected_by=days_ago(3))  # a stale date
    html = verified_client(me).get("/my-work/").content.decode()
    overdue = unescape(html.split("Decisions and referrals overdue")[1].split("<h2")[0])
    assert f"{child.reference}</a> – a child's NRM referral has not been made" in overdue
    assert "easonable grounds decision expected" not in overdue
