"""The reporter's side: making a report anonymously, in confidence or openly, and coming back with a receipt."""

import pytest
from django.test import Client

from lantern.audit.models import AuditEntry
from lantern.confidential_reports import services
from lantern.confidential_reports.models import (
    IdentityMode,
    MessageSender,
    Report,
    ReporterIdentity,
    ReportMessage,
    ReportStatus,
)
from lantern.confidential_reports.receipts import receipt_format, receipt_hash
from lantern.confidential_reports.tests.helpers import (
    ANSWERS,
    make_report,
    open_follow_up,
    raw_column,
    receipt_from,
    report_data,
    send_report,
    team_member,
    try_receipt,
)
from tests.support import verified_client

pytestmark = pytest.mark.django_db

NAME = "Bernadette Okonkwo-Hale"
EMAIL = "bernadette.hale@example.org"
PHONE = "07700 900461"


# --- Making a report -----------------------------------------------------------------


def test_the_start_page_explains_the_choices_and_needs_no_account():
    page = Client().get("/report/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Report a concern about modern slavery" in text
    for words in ("anonymous", "confidential", "open", "receipt code", "999", "08000 121 700"):
        assert words in text
    assert 'href="/report/new/"' in text and 'href="/report/follow-up/"' in text
    privacy = Client().get("/report/privacy/")
    assert privacy.status_code == 200
    assert "We do not record your internet (IP) address" in privacy.content.decode()


def test_an_anonymous_report_gives_a_receipt_and_keeps_no_identity_even_if_a_name_was_typed():
    client = Client()
    response = send_report(client, identity_mode="anonymous", name=NAME, email=EMAIL, phone=PHONE,
                           safe_contact="Evenings")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Report sent" in text
    assert "because we do not know who you are" in text
    receipt = receipt_from(response)
    assert receipt_format(receipt) in text

    report = Report.objects.get()
    assert report.identity_mode == IdentityMode.ANONYMOUS
    assert report.status == ReportStatus.NEW and report.awaiting_team
    assert report.receipt_hash == receipt_hash(receipt)
    assert report.what_happened == ANSWERS["what_happened"]
    assert report.signs == ["long_hours", "living_at_work"]
    assert report.proof_of_work is True
    assert not ReporterIdentity.objects.exists()
    # The reporting team's reference is never shown to the reporter.
    assert report.reference not in text

    entry = AuditEntry.objects.get(action="report.submit")
    assert entry.actor is None and entry.actor_label == "reporter (confidential channel)"
    assert entry.changes["identity_mode"] == "anonymous"


def test_a_confidential_report_keeps_the_identity_apart_and_encrypted():
    response = send_report(Client(), identity_mode="confidential", name=NAME, email=EMAIL, phone=PHONE,
                           safe_contact="Weekday evenings, by email only")
    assert response.status_code == 200
    assert "without saying who you are" in response.content.decode()
    report = Report.objects.get()
    assert report.identity_mode == IdentityMode.CONFIDENTIAL

    identity = ReporterIdentity.objects.get(report=report)
    assert (identity.name, identity.email, identity.phone) == (NAME, EMAIL, PHONE)
    assert identity.safe_contact == "Weekday evenings, by email only"

    for column, plain in (("name", NAME), ("email", EMAIL), ("phone", PHONE)):
        stored = raw_column("confidential_reports_reporteridentity", column)
        assert len(stored) == 1
        assert plain not in stored[0] and stored[0].startswith("gAAAA"), column  # a Fernet token
    # Nothing identifying on the report's own row.
    assert NAME not in repr(Report.objects.filter(pk=report.pk).values_list().get())


def test_an_open_report_keeps_the_identity_too():
    response = send_report(Client(), identity_mode="open", name=NAME, email=EMAIL)
    assert response.status_code == 200
    assert "without saying who you are" not in response.content.decode()
    report = Report.objects.get()
    assert report.identity_mode == IdentityMode.OPEN
    assert report.identity.name == NAME and report.identity.email == EMAIL
    assert NAME not in raw_column("confidential_reports_reporteridentity", "name")[0]


@pytest.mark.parametrize("mode", ["confidential", "open"])
def test_a_confidential_or_open_report_needs_a_name(mode):
    client = Client()
    response = send_report(client, identity_mode=mode, name="")
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter your name, or choose to stay anonymous" in text
    assert ANSWERS["what_happened"] in text  # the answers are still there
    assert not Report.objects.exists()


def test_only_what_was_seen_and_who_the_reporter_is_are_needed():
    client = Client()
    data = report_data(client)
    minimal = {key: data[key] for key in ("identity_mode", "reporter_type", "what_happened", "challenge",
                                          "pow_number")}
    response = client.post("/report/new/", minimal)
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.location == "" and report.signs == [] and report.area is None


def test_a_new_report_tells_the_reporting_team_without_saying_what_was_reported(
        django_capture_on_commit_callbacks, mailoutbox):
    team = [team_member(), team_member()]
    with django_capture_on_commit_callbacks(execute=True):
        send_report(Client(), identity_mode="confidential", name=NAME)
    report = Report.objects.get()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted(u.email for u in team)
    assert report.reference in mail.subject and f"/reports/{report.reference}/" in mail.body
    for secret in (NAME, ANSWERS["what_happened"], ANSWERS["business_name"], ANSWERS["location"]):
        assert secret not in mail.subject + mail.body


def test_a_failing_mail_server_never_costs_the_reporter_their_receipt(django_capture_on_commit_callbacks,
                                                                        monkeypatch):
    team_member()
    from lantern.confidential_reports import tasks

    def broken(*args):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(tasks.notify_team, "delay", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_report(Client())
    assert response.status_code == 200
    assert receipt_from(response)
    assert Report.objects.count() == 1


def test_sending_the_same_form_again_shows_already_sent_and_makes_no_second_report(
        django_capture_on_commit_callbacks):
    client = Client()
    data = report_data(client)
    with django_capture_on_commit_callbacks(execute=True):  # the form is spent when the report commits
        first = client.post("/report/new/", data)
    assert first.status_code == 200 and receipt_from(first)

    again = client.post("/report/new/", data)  # the browser's refresh, or a replay
    assert again.status_code == 409
    text = again.content.decode()
    assert "This report has already been sent" in text
    assert 'id="receipt-code"' not in text  # no second receipt
    assert Report.objects.count() == 1
    # Even from another browser.
    assert Client().post("/report/new/", data).status_code == 409
    assert Report.objects.count() == 1


def test_a_report_sent_without_javascript_is_accepted_and_marked_for_the_team():
    response = send_report(Client(), solve_puzzle=False)
    assert response.status_code == 200 and receipt_from(response)
    report = Report.objects.get()
    assert report.proof_of_work is False
    page = verified_client(team_member()).get(f"/reports/{report.reference}/")
    assert "Sent without JavaScript" in page.content.decode()


# --- Following up with a receipt -----------------------------------------------------


@pytest.fixture
def reported():
    """A report the team has answered with a question; the receipt the reporter kept."""
    client = Client()
    receipt = receipt_from(send_report(client))
    report = Report.objects.get()
    officer = team_member(full_name="Priya Ramaswamy")
    services.report_start_triage(report=report, acting_user=officer)
    services.report_reply(report=report, acting_user=officer, body="Thank you. Which days do you see the van?",
                          asks_for_information=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.MORE_INFO and not report.awaiting_team
    return report, receipt


@pytest.mark.parametrize("typed", [
    "{digits}",
    "{grouped}",
    "{dashed}",
    " {grouped} ",
])
def test_a_correct_receipt_opens_the_report_however_it_is_typed(reported, typed):
    report, receipt = reported
    grouped = receipt_format(receipt)
    entered = typed.format(digits=receipt, grouped=grouped, dashed=grouped.replace(" ", "-"))
    page = open_follow_up(Client(), entered)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your report" in text
    assert "We have asked you a question" in text  # the status, in the reporter's words
    assert "Thank you. Which days do you see the van?" in text
    assert "The reporting team" in text
    # Never the staff member's name, and never the team's reference.
    assert "Priya" not in text and "Ramaswamy" not in text
    assert report.reference not in text
    # For the reporter's safety, what they reported is not repeated.
    assert ANSWERS["what_happened"] not in text


def test_the_reporter_answers_and_the_report_goes_back_to_the_team(reported, django_capture_on_commit_callbacks,
                                                                    mailoutbox):
    report, receipt = reported
    client = Client()
    open_follow_up(client, receipt)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/report/follow-up/messages/", {"body": "Tuesdays and Fridays, about 6am."})
    assert response.status_code == 302 and response["Location"] == "/report/follow-up/messages/?sent=1"
    page = client.get(response["Location"]).content.decode()
    assert "Your message has been sent to the reporting team." in page
    assert "Tuesdays and Fridays, about 6am." in page
    assert "Being looked at" in page

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_TRIAGE and report.awaiting_team
    message = report.messages.last()
    assert message.sender == MessageSender.REPORTER and message.author is None
    assert message.body == "Tuesdays and Fridays, about 6am."
    # The team member handling it is told, without the message.
    assert [m.to for m in mailoutbox] == [[report.assigned_to.email]]
    assert "Tuesdays" not in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="report.reporter_message", actor__isnull=True).count() == 1


def test_an_empty_message_is_refused(reported):
    report, receipt = reported
    client = Client()
    open_follow_up(client, receipt)
    response = client.post("/report/follow-up/messages/", {"body": "   "})
    assert response.status_code == 400
    assert "Enter your message" in response.content.decode()
    assert report.messages.count() == 1


def test_a_wrong_receipt_is_refused_clearly(reported):
    _, receipt = reported
    wrong = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)
    client = Client()
    response = try_receipt(client, wrong)
    assert response.status_code == 400
    text = response.content.decode()
    assert "We could not find a report with that receipt code" in text
    assert "There is a problem" in text
    # Nothing opened.
    assert client.get("/report/follow-up/messages/")["Location"] == "/report/follow-up/"


@pytest.mark.parametrize(("typed", "message"), [
    ("4821 0937 5512 66AB", "Enter the 16 digits of your receipt code"),
    ("4821 0937 5512 660", "Enter the 16 digits of your receipt code"),
    ("4821 0937 5512 66041", "Enter the 16 digits of your receipt code"),
    ("", "Enter your receipt code"),
    ("1" * 41, "Enter the 16 digits of your receipt code"),
])
def test_something_that_cannot_be_a_receipt_says_what_a_receipt_looks_like(typed, message):
    response = try_receipt(Client(), typed)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "There is a problem" in text


def test_the_follow_up_page_is_reached_without_a_receipt_only_to_enter_one():
    client = Client()
    assert client.get("/report/follow-up/").status_code == 200
    response = client.get("/report/follow-up/messages/")
    assert response.status_code == 302 and response["Location"] == "/report/follow-up/"


def test_a_closed_report_shows_its_messages_but_takes_no_more(reported):
    report, receipt = reported
    services.report_close(report=report, acting_user=report.assigned_to, reason="not_enough")
    client = Client()
    page = open_follow_up(client, receipt).content.decode()
    assert "Closed" in page
    assert "Which days do you see the van?" in page
    assert "This report is closed" in page and "make a new report" in page
    assert 'name="body"' not in page

    response = client.post("/report/follow-up/messages/", {"body": "One more thing."})
    assert response.status_code == 400
    text = response.content.decode()
    assert "This report is closed. If you have something new to tell us, make a new report." in text
    assert "Which days do you see the van?" in text
    assert not report.messages.filter(sender=MessageSender.REPORTER).exists()


def test_finish_and_leave_forgets_the_report_on_this_device(reported):
    _, receipt = reported
    client = Client()
    open_follow_up(client, receipt)
    assert client.get("/report/follow-up/messages/").status_code == 200

    left = client.post("/report/follow-up/leave/")
    assert left.status_code == 302 and left["Location"] == "/report/"
    gone = client.get("/report/follow-up/messages/")
    assert gone.status_code == 302 and gone["Location"] == "/report/follow-up/"
    assert client.post("/report/follow-up/messages/", {"body": "Still here?"}).status_code == 302
    assert not ReportMessage.objects.filter(body="Still here?").exists()
    # Leaving is a button, not a link that a prefetch could follow.
    assert client.get("/report/follow-up/leave/").status_code == 405


def test_opening_a_report_starts_a_new_session(reported):
    """The session key changes when a receipt is accepted, so a key seen before cannot open the report."""
    _, receipt = reported
    client = Client()
    try_receipt(client, "1111 2222 3333 4444")
    before = client.cookies["lantern_session"].value
    open_follow_up(client, receipt)
    assert client.cookies["lantern_session"].value != before


def test_the_team_sees_the_reporters_answer_in_the_thread(reported):
    report, receipt = reported
    client = Client()
    open_follow_up(client, receipt)
    client.post("/report/follow-up/messages/", {"body": "Tuesdays and Fridays."})
    page = verified_client(report.assigned_to).get(f"/reports/{report.reference}/").content.decode()
    assert "Tuesdays and Fridays." in page and "The reporter" in page


def test_a_report_made_directly_can_be_followed_up():
    submitted = make_report()
    page = open_follow_up(Client(), receipt_format(submitted.receipt))
    assert "Received" in page.content.decode()
    assert "There are no messages yet." in page.content.decode()
