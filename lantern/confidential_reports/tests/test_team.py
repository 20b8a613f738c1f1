"""The reporting team's work: the queue, reading a report, replying, and what they do with it."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType
from lantern.audit.models import AuditEntry
from lantern.cases.models import Concern, ConcernStatus
from lantern.confidential_reports import services
from lantern.confidential_reports.models import (
    IntelligenceRecord,
    OutcomeKind,
    Report,
    ReportOutcome,
    ReportStatus,
)
from lantern.confidential_reports.receipts import receipt_format
from lantern.confidential_reports.signs import indicators_for
from lantern.confidential_reports.tests.helpers import (
    ANSWERS,
    make_report,
    open_follow_up,
    png,
    team_member,
)
from lantern.core.files import check_upload, read_decrypted
from lantern.partnership.models import Area
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

REPORTER = {"name": "Sam Patel", "email": "sam.patel@example.org", "phone": "07700 900123",
            "safe_contact": "Weekday evenings"}


@pytest.fixture
def officer():
    return team_member(full_name="Rachel Adeyemi")


@pytest.fixture
def team(officer):
    return verified_client(officer)


@pytest.fixture
def ward():
    return Area.objects.create(name="Tipton Green")


@pytest.fixture
def report(ward):
    return make_report(identity_mode="confidential", identity=REPORTER, area=ward,
                       signs=["documents", "crowded", "scared"], children_involved="unknown").report


def page_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def in_status(status: str, *, officer, **answers) -> Report:
    report = make_report(**answers).report
    if status == ReportStatus.NEW:
        return report
    services.report_start_triage(report=report, acting_user=officer)
    if status == ReportStatus.MORE_INFO:
        services.report_reply(report=report, acting_user=officer, body="Which days?", asks_for_information=True)
    elif status == ReportStatus.PASSED_ON:
        services.report_pass_on(report=report, acting_user=officer, agency=None, other_recipient="GLAA",
                                passed_via="phone")
    elif status == ReportStatus.CLOSED:
        services.report_close(report=report, acting_user=officer, reason="not_enough")
    report.refresh_from_db()
    assert report.status == status
    return report


# --- The queue --------------------------------------------------------------------------


def test_the_queue_shows_open_reports_with_a_tab_and_count_for_each_status(team, officer):
    reports = {}
    for status, n in ((ReportStatus.NEW, 3), (ReportStatus.IN_TRIAGE, 2), (ReportStatus.MORE_INFO, 1),
                      (ReportStatus.PASSED_ON, 1), (ReportStatus.CLOSED, 2)):
        reports[status] = [in_status(status, officer=officer) for _ in range(n)]

    page = page_of(team.get("/reports/"))
    for label, count in (("Open", 7), ("New", 3), ("In triage", 2), ("More information requested", 1),
                         ("Passed on", 1), ("Closed", 2)):
        assert f">{label} ({count})</a>" in page, label
    assert 'href="/reports/" aria-current="page">Open (7)' in page
    for status, items in reports.items():
        for r in items:
            assert (r.reference in page) is (status != ReportStatus.CLOSED)
    assert page.count("Not yet read") == 3

    closed = page_of(team.get("/reports/?status=closed"))
    assert 'aria-current="page">Closed (2)' in closed
    assert all(r.reference in closed for r in reports[ReportStatus.CLOSED])
    assert not any(r.reference in closed for r in reports[ReportStatus.NEW])

    more = page_of(team.get("/reports/?status=more_info"))
    assert [r.reference for r in reports[ReportStatus.MORE_INFO]] == re.findall(r'href="/reports/(R-[^/]+)/"', more)

    # An unknown status shows the open reports, not an error.
    assert team.get("/reports/?status=nonsense").status_code == 200


def test_reports_waiting_for_the_team_come_first(team, officer):
    answered = in_status(ReportStatus.IN_TRIAGE, officer=officer)
    fresh = make_report().report
    waiting = in_status(ReportStatus.MORE_INFO, officer=officer)
    services.reporter_message_add(report=waiting, body="Mondays.", attachment_ids=[])
    order = re.findall(r'href="/reports/(R-[^/]+)/"', page_of(team.get("/reports/")))
    assert order.index(waiting.reference) < order.index(answered.reference)
    assert order.index(fresh.reference) < order.index(answered.reference)
    assert "New message" in page_of(team.get("/reports/"))


def test_a_long_queue_is_split_into_pages(team):
    for _ in range(27):
        make_report()
    first = re.findall(r'href="/reports/(R-[^/]+)/"', page_of(team.get("/reports/")))
    second = re.findall(r'href="/reports/(R-[^/]+)/"', page_of(team.get("/reports/?page=2")))
    assert len(first) == 25 and len(second) == 2
    assert not set(first) & set(second)
    assert "page=2" in page_of(team.get("/reports/"))


def test_the_queue_shows_no_report_content(team, report):
    page = page_of(team.get("/reports/"))
    assert report.reference in page
    for secret in (ANSWERS["what_happened"], ANSWERS["location"], REPORTER["name"]):
        assert secret not in page


# --- Reading a report --------------------------------------------------------------------


def test_a_report_shows_what_the_reporter_said_and_the_view_is_audited(team, officer, report):
    page = page_of(team.get(f"/reports/{report.reference}/"))
    for answer in (ANSWERS["what_happened"], ANSWERS["location"], ANSWERS["people"], ANSWERS["business_name"],
                   ANSWERS["when_seen"], "Tipton Green", "Car wash", "Someone else kept their passport or ID",
                   "Lots of people lived at one address", "Member of the public, confidential"):
        assert answer in page, answer
    assert "See who made the report" in page
    # The identity is on its own page only.
    for detail in REPORTER.values():
        assert detail not in page

    view = AuditEntry.objects.get(action="report.view")
    assert view.actor == officer and view.target_label == report.reference and view.target_id == str(report.pk)
    team.get(f"/reports/{report.reference}/")
    assert AuditEntry.objects.filter(action="report.view").count() == 2


def test_an_unknown_report_is_not_found(team):
    assert team.get("/reports/R-2222-222/").status_code == 404
    assert not AuditEntry.objects.filter(action="report.view").exists()


def test_the_team_takes_a_new_report_into_triage(team, officer, report):
    response = team.post(f"/reports/{report.reference}/triage/")
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.reference}/"
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_TRIAGE and report.assigned_to == officer
    assert not report.awaiting_team
    page = page_of(team.get(f"/reports/{report.reference}/"))
    assert "The report is in triage and assigned to you." in page
    assert "Take into triage" not in page
    assert AuditEntry.objects.filter(action="report.triage_start", actor=officer).count() == 1

    again = team.post(f"/reports/{report.reference}/triage/", follow=True)
    assert "Only a new report can be taken into triage." in page_of(again)
    assert team.get(f"/reports/{report.reference}/triage/").status_code == 405


# --- Replying ------------------------------------------------------------------------------


def test_a_reply_asking_for_information_reaches_the_reporter_from_the_team_not_a_person(team, officer):
    submitted = make_report()
    report = submitted.report
    response = team.post(f"/reports/{report.reference}/reply/", {
        "body": "Thank you. What colour is the van?", "asks_for_information": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.MORE_INFO and report.assigned_to == officer
    message = report.messages.get()
    assert message.author == officer and message.asks_for_information

    staff_view = page_of(team.get(f"/reports/{report.reference}/"))
    assert "Your message is waiting for the reporter." in staff_view
    assert "Rachel Adeyemi (shown as ‘the reporting team’)" in staff_view and "Asked for information" in staff_view

    reporter_view = page_of(open_follow_up(Client(), receipt_format(submitted.receipt)))
    assert "Thank you. What colour is the van?" in reporter_view
    assert "The reporting team" in reporter_view and "We have asked you a question" in reporter_view
    assert "Rachel" not in reporter_view and "Adeyemi" not in reporter_view and officer.email not in reporter_view


def test_a_plain_reply_moves_a_new_report_into_triage(team, report):
    team.post(f"/reports/{report.reference}/reply/", {"body": "Thank you, we are looking into it."})
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_TRIAGE and not report.messages.get().asks_for_information


def test_an_empty_reply_is_refused(team, report):
    response = team.post(f"/reports/{report.reference}/reply/", {"body": ""})
    assert response.status_code == 400
    assert "Enter your message to the reporter" in page_of(response)
    assert not report.messages.exists()


# --- Opening a concern ------------------------------------------------------------------------


def test_opening_a_concern_copies_only_what_the_team_chose_and_links_back(team, officer, report, ward):
    form = page_of(team.get(f"/reports/{report.reference}/concern/"))
    assert ANSWERS["what_happened"] in form  # offered for copying, to be edited
    mapped = indicators_for(report.signs)
    assert mapped == ["ilo.documents", "premises.many_occupants", "signs.living_conditions", "signs.isolation",
                      "ilo.intimidation"]
    for code in mapped:
        assert re.search(rf'value="{re.escape(code)}"[^>]*checked', form), code
    for detail in REPORTER.values():
        assert detail not in form

    response = team.post(f"/reports/{report.reference}/concern/", {
        "immediate_danger": "no", "what_seen": "Many people living at one address; passports held by the landlord.",
        "address": "Flat 2, 10 Owen Street", "area": ward.pk, "premises_type": "hmo",
        "person_description": "At least ten adults", "indicator_codes": mapped, "note": "Opened for SHOP triage",
    })
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.status == ConcernStatus.SUBMITTED and concern.submitted_at
    assert concern.source_report_reference == report.reference
    assert concern.indicators == mapped
    assert concern.raised_by == officer and concern.area == ward
    assert concern.what_seen.startswith("Many people living at one address")
    stored = repr(Concern.objects.filter(pk=concern.pk).values_list().get())
    for detail in REPORTER.values():
        assert detail not in stored
    assert concern.person_name == ""

    report.refresh_from_db()
    assert report.status == ReportStatus.PASSED_ON
    outcome = report.outcomes.get()
    assert outcome.kind == OutcomeKind.CONCERN_OPENED and outcome.concern == concern
    detail = page_of(team.get(f"/reports/{report.reference}/"))
    assert f"Concern {concern.reference} is waiting for triage." in detail
    assert f'href="/concerns/{concern.reference}/"' in detail

    concern_page = page_of(team.get(f"/concerns/{concern.reference}/"))
    assert f'href="/reports/{report.reference}/"' in concern_page
    assert "The reporter's identity stays with the reporting team." in concern_page
    # The triage team sees where it came from, without a way into the report.
    triage = page_of(verified_client(make_user(Role.SHOP_COORDINATOR)).get(f"/concerns/{concern.reference}/"))
    assert f"Confidential report {report.reference}" in triage
    assert f'href="/reports/{report.reference}/"' not in triage
    assert AuditEntry.objects.filter(action="report.open_concern", actor=officer).count() == 1


def test_a_concern_needs_something_to_be_about(team, report):
    response = team.post(f"/reports/{report.reference}/concern/", {"immediate_danger": "no", "what_seen": ""})
    assert response.status_code == 400
    assert "Enter what the concern is about" in page_of(response)
    assert not Concern.objects.exists()


def test_an_urgent_concern_is_marked_as_such(team, report):
    team.post(f"/reports/{report.reference}/concern/", {"immediate_danger": "yes", "what_seen": "Danger now."})
    assert Concern.objects.get().immediate_danger is True


# --- Passing on, intelligence ----------------------------------------------------------------------


def test_passing_a_report_to_an_agency_records_where_how_and_their_reference(team, officer, report):
    police = Agency.objects.create(name="West Midlands Police", short_name="WMP", agency_type=AgencyType.POLICE)
    response = team.post(f"/reports/{report.reference}/pass-on/", {
        "agency": police.pk, "passed_via": "secure_email", "recipient_reference": "WMP-2025-1042",
        "note": "Sent the summary only."})
    assert response.status_code == 302
    outcome = ReportOutcome.objects.get(report=report)
    assert (outcome.kind, outcome.agency, outcome.passed_via, outcome.recipient_reference) == (
        OutcomeKind.PASSED_TO_AGENCY, police, "secure_email", "WMP-2025-1042")
    assert outcome.created_by == officer
    report.refresh_from_db()
    assert report.status == ReportStatus.PASSED_ON

    page = page_of(team.get(f"/reports/{report.reference}/"))
    assert "Passed to police or another agency: West Midlands Police by secure email" in page
    assert "(their reference WMP-2025-1042)" in page and "Sent the summary only." in page
    entry = AuditEntry.objects.get(action="report.pass_on")
    assert entry.changes["agency"] == police.pk and entry.changes["passed_via"] == "secure_email"


def test_a_report_can_go_to_an_organisation_not_listed(team, report):
    team.post(f"/reports/{report.reference}/pass-on/", {"other_recipient": "GLAA", "passed_via": "phone"})
    outcome = ReportOutcome.objects.get(report=report)
    assert outcome.agency is None and outcome.other_recipient == "GLAA"
    assert "GLAA by phone call" in page_of(team.get(f"/reports/{report.reference}/"))


def test_passing_on_needs_a_recipient(team, report):
    response = team.post(f"/reports/{report.reference}/pass-on/", {"passed_via": "phone"})
    assert response.status_code == 400
    assert "Choose the agency, or enter the organisation it went to" in page_of(response)
    assert not ReportOutcome.objects.exists()


def test_recording_intelligence_keeps_it_apart_for_disruption_work(team, officer, report, ward):
    form = page_of(team.get(f"/reports/{report.reference}/intelligence/"))
    assert ANSWERS["business_name"] in form
    response = team.post(f"/reports/{report.reference}/intelligence/", {
        "subject": "business", "name": "Sparkle Hand Car Wash", "address": "Oldbury Road", "area": ward.pk,
        "premises_type": "car_wash", "summary": "Workers appear to live on site; cash-only business."}, follow=True)
    assert response.redirect_chain == [(f"/reports/{report.reference}/", 302)]
    record = IntelligenceRecord.objects.get()
    assert f"Intelligence {record.reference} recorded." in page_of(response)
    assert record.reference.startswith("INT-") and record.source_report == report
    assert record.created_by == officer and record.summary.startswith("Workers appear")
    report.refresh_from_db()
    # Recording intelligence is not passing the report on: it stays with the team until closed.
    assert report.status == ReportStatus.IN_TRIAGE and report.assigned_to == officer
    assert report.outcomes.get().intelligence == record

    listing = page_of(team.get("/reports/intelligence/"))
    assert record.reference in listing and "Business: hand car wash" in listing and "Tipton Green" in listing
    assert REPORTER["name"] not in listing
    detail = page_of(team.get(f"/reports/intelligence/{record.reference}/"))
    assert "cash-only business" in detail and f'href="/reports/{report.reference}/"' in detail
    assert AuditEntry.objects.filter(action="intelligencerecord.view", actor=officer).count() == 1
    assert AuditEntry.objects.filter(action="intelligence.create").count() == 1


def test_intelligence_needs_a_summary_and_a_name_or_address(team, report):
    response = team.post(f"/reports/{report.reference}/intelligence/", {"subject": "premises", "summary": ""})
    assert response.status_code == 400 and "Enter a summary of the intelligence" in page_of(response)
    response = team.post(f"/reports/{report.reference}/intelligence/", {"subject": "premises", "summary": "x"})
    assert response.status_code == 400
    assert "Enter the name or the address of the premises or business" in page_of(response)
    assert not IntelligenceRecord.objects.exists()


def test_one_report_can_have_several_outcomes(team, report):
    team.post(f"/reports/{report.reference}/concern/", {"immediate_danger": "no", "what_seen": "Concern."})
    team.post(f"/reports/{report.reference}/pass-on/", {"other_recipient": "GLAA", "passed_via": "phone"})
    team.post(f"/reports/{report.reference}/intelligence/", {"subject": "premises", "address": "10 Owen St",
                                                             "summary": "HMO"})
    assert list(report.outcomes.values_list("kind", flat=True)) == [
        OutcomeKind.CONCERN_OPENED, OutcomeKind.PASSED_TO_AGENCY, OutcomeKind.INTELLIGENCE]


# --- Closing, reopening, legal hold, assigning ----------------------------------------------------


def test_closing_a_report_records_why_and_stops_further_work(team, officer, report):
    response = team.post(f"/reports/{report.reference}/close/", {"reason": "not_modern_slavery"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.close_reason == "not_modern_slavery"
    assert report.closed_at and not report.awaiting_team
    assert report.outcomes.get().kind == OutcomeKind.CLOSED

    page = page_of(team.get(f"/reports/{report.reference}/"))
    assert "The report is closed." in page and "Not modern slavery: signposted elsewhere" in page
    assert "Reopen the report" in page
    for action in ("Open a concern", "Record as intelligence", "Close the report", "Reply to the reporter"):
        assert action not in page
    refused = team.post(f"/reports/{report.reference}/reply/", {"body": "Hello?"})
    assert refused.status_code == 400 and "This report is closed." in page_of(refused)
    assert team.post(f"/reports/{report.reference}/pass-on/",
                     {"other_recipient": "GLAA", "passed_via": "phone"}).status_code == 400
    assert not report.messages.exists()


def test_another_reason_for_closing_needs_a_note(team, report):
    response = team.post(f"/reports/{report.reference}/close/", {"reason": "other"})
    assert response.status_code == 400
    assert "Enter the reason for closing the report" in page_of(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW
    team.post(f"/reports/{report.reference}/close/", {"reason": "other", "note": "Reporter withdrew it."})
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.close_note == "Reporter withdrew it."


def test_a_closed_report_can_be_reopened_with_a_reason(team, officer, report):
    services.report_close(report=report, acting_user=officer, reason="not_enough")
    closed_activity = Report.objects.get(pk=report.pk).last_activity_at
    assert team.post(f"/reports/{report.reference}/reopen/", {"reason": ""}).status_code == 400
    response = team.post(f"/reports/{report.reference}/reopen/", {"reason": "The reporter sent more detail."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_TRIAGE and report.closed_at is None and report.close_reason == ""
    assert report.last_activity_at > closed_activity  # the queue sorts it with the recent ones
    assert AuditEntry.objects.get(action="report.reopen").purpose == "The reporter sent more detail."
    assert "Close the report" in page_of(team.get(f"/reports/{report.reference}/"))


def test_an_open_report_cannot_be_reopened(team, report):
    response = team.post(f"/reports/{report.reference}/reopen/", {"reason": "Why not"})
    assert response.status_code == 400
    assert "Only a closed report that has not been anonymised can be reopened." in page_of(response)


def test_a_report_can_be_put_on_legal_hold_and_the_hold_lifted(team, report):
    form = page_of(team.get(f"/reports/{report.reference}/legal-hold/"))
    assert "Why must the report be kept?" in form
    assert team.post(f"/reports/{report.reference}/legal-hold/", {"reason": ""}).status_code == 400
    team.post(f"/reports/{report.reference}/legal-hold/", {"reason": "Crown Court case 12AB3456"})
    report.refresh_from_db()
    assert report.legal_hold and report.legal_hold_reason == "Crown Court case 12AB3456"
    assert "yes, kept past its retention date" in page_of(team.get(f"/reports/{report.reference}/"))
    assert AuditEntry.objects.get(action="report.legal_hold").purpose == "Crown Court case 12AB3456"

    assert "Why can the hold be lifted?" in page_of(team.get(f"/reports/{report.reference}/legal-hold/lift/"))
    team.post(f"/reports/{report.reference}/legal-hold/lift/", {"reason": "Proceedings ended"})
    report.refresh_from_db()
    assert not report.legal_hold and report.legal_hold_reason == ""
    assert AuditEntry.objects.filter(action="report.legal_hold_lift").count() == 1


def test_a_report_is_assigned_to_a_member_of_the_reporting_team_only(team, report):
    colleague = team_member(full_name="Olu Bankole")
    outsider = make_user(Role.CASE_WORKER, full_name="Not On The Team")
    form = page_of(team.get(f"/reports/{report.reference}/assign/"))
    assert "Olu Bankole" in form and "Not On The Team" not in form

    refused = team.post(f"/reports/{report.reference}/assign/", {"assignee": outsider.pk})
    assert refused.status_code == 400
    report.refresh_from_db()
    assert report.assigned_to is None

    team.post(f"/reports/{report.reference}/assign/", {"assignee": colleague.pk})
    report.refresh_from_db()
    assert report.assigned_to == colleague
    assert "Olu Bankole" in page_of(team.get("/reports/"))
    assert AuditEntry.objects.get(action="report.assign").changes == {"assigned_to": colleague.pk}


def test_an_assigned_report_tells_only_its_assignee_about_the_reporters_messages(
        officer, django_capture_on_commit_callbacks, mailoutbox):
    submitted = make_report()
    other = team_member()
    services.report_start_triage(report=submitted.report, acting_user=officer)
    client = Client()
    open_follow_up(client, submitted.receipt)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/report/follow-up/messages/", {"body": "More detail."})
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert other.email not in mailoutbox[0].to


# --- Files ---------------------------------------------------------------------------------


def test_a_file_downloads_named_by_reference_only_and_the_download_is_audited(team, officer):
    held = services.attachment_hold(check_upload(png("Sam_Patel_at_work.png")))
    report = make_report(attachment_ids=[held.pk]).report
    page = page_of(team.get(f"/reports/{report.reference}/"))
    link = f"/reports/{report.reference}/files/{held.pk}/"
    assert f'href="{link}"' in page and "Sam_Patel" not in page and "Not virus-scanned" in page

    response = team.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{report.reference}-file-{held.pk}.png"'
    assert response.content == read_decrypted(held.storage_path)
    assert response.content.startswith(b"\x89PNG")
    entry = AuditEntry.objects.get(action="report.attachment_download")
    assert entry.actor == officer and entry.target_label == report.reference
    assert entry.changes == {"attachment": held.pk}


def test_a_file_is_only_reached_through_its_own_report(team):
    held = services.attachment_hold(check_upload(png()))
    mine = make_report(attachment_ids=[held.pk]).report
    other = make_report().report
    assert team.get(f"/reports/{other.reference}/files/{held.pk}/").status_code == 404
    assert team.get(f"/reports/{mine.reference}/files/{held.pk + 100}/").status_code == 404
    assert not AuditEntry.objects.filter(action="report.attachment_download").exists()


def test_a_file_never_sent_cannot_be_downloaded(team):
    held = services.attachment_hold(check_upload(png()))
    report = make_report().report
    assert team.get(f"/reports/{report.reference}/files/{held.pk}/").status_code == 404


def test_the_reporting_team_sees_when_a_report_arrived(team):
    report = make_report().report
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    report.refresh_from_db()
    received = timezone.localtime(report.created_at)
    page = page_of(team.get(f"/reports/{report.reference}/"))
    assert f"{received.day} {received:%B %Y, %H:%M}" in page


def test_opening_a_form_that_shows_the_reports_words_is_audited_as_a_view(team, report):
    before = AuditEntry.objects.filter(action="report.view", target_id=str(report.pk)).count()
    concern_form = page_of(team.get(f"/reports/{report.reference}/concern/"))
    assert "remove anything that could show who made the report" in concern_form
    team.get(f"/reports/{report.reference}/intelligence/")
    assert AuditEntry.objects.filter(action="report.view", target_id=str(report.pk)).count() == before + 2


def test_a_reply_sent_back_with_a_problem_says_so_in_the_page_title(team, report):
    response = team.post(f"/reports/{report.reference}/reply/", {"body": ""})
    assert response.status_code == 400
    assert f"<title>Error: Report {report.reference} – Lantern</title>" in page_of(response)


def test_the_queue_names_the_status_it_shows_in_words(team, report):
    page = page_of(team.get("/reports/?status=in_triage"))
    assert "with status ‘in triage’" in page and "in_triage</caption>" not in page
