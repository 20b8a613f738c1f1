"""Abuse and bad input on the public form: every problem is explained, nothing typed is lost, and files
that passed their checks are kept while the reporter corrects the rest."""

import io
import json
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantern.confidential_reports.models import Report, ReportAttachment
from lantern.confidential_reports.tests.helpers import (
    ANSWERS,
    GPS_LATITUDE,
    form_fields,
    jpeg_with_gps,
    open_follow_up,
    png,
    receipt_from,
    report_data,
    resend,
    send_report,
    solve,
    try_receipt,
)
from lantern.core.files import read_decrypted
from tests.support import png_bytes

pytestmark = pytest.mark.django_db

FILE_TYPES = "The selected file must be a PDF, JPG, PNG, Word (.docx) or text file"


@pytest.fixture
def fixed_clock(monkeypatch):
    """Hold the rate limiter's clock still, so a test never straddles two of its windows."""
    from django_ratelimit import core

    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


def assert_answers_kept(page: str) -> None:
    for key in ("what_happened", "location", "people", "business_name", "when_seen"):
        assert ANSWERS[key] in page.replace("&#x27;", "'"), key
    assert 'value="anonymous" checked' in page
    assert 'value="long_hours" checked' in page and 'value="living_at_work" checked' in page


# --- Honeypot, puzzle, timing ---------------------------------------------------------


def test_a_filled_in_honeypot_is_refused_with_the_answers_kept():
    client = Client()
    data = report_data(client, website="http://spam.example")
    response = client.post("/report/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Leave the field ‘Leave this empty’ empty, then send your report again." in page
    assert_answers_kept(page)
    # A person who filled it in by mistake can now see it, and send again once it is empty.
    assert "lantern-honeypot--shown" in page and 'value="http://spam.example"' in page
    honeypot = page[page.index('id="id_website"') - 10:page.index('id="id_website"') + 200]
    assert 'tabindex="-1"' not in honeypot and 'aria-describedby="id_website-hint"' in honeypot
    assert not Report.objects.exists()
    again = resend(client, response, data, website="")
    assert again.status_code == 200 and receipt_from(again)


def test_an_expired_form_gets_a_fresh_puzzle_and_keeps_the_answers(settings):
    client = Client()
    settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS = -60  # served long ago
    data = report_data(client)
    settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS = 4 * 60 * 60
    response = client.post("/report/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This page was open for a long time" in page and "Your answers are still here." in page
    assert_answers_kept(page)
    assert not Report.objects.exists()

    fresh = form_fields(page)["challenge"]
    assert fresh and fresh != data["challenge"]
    again = client.post("/report/new/", {**data, "challenge": fresh, "pow_number": str(solve(json.loads(fresh)))})
    assert again.status_code == 200 and receipt_from(again)
    assert Report.objects.get().proof_of_work


@pytest.mark.parametrize("challenge", [
    "",
    "{}",
    "not even json",
    '{"algorithm":"SHA-256","challenge":"' + "a" * 64 + '","maxNumber":50,"salt":"x?expires=9999999999&issued=1&",'
    '"signature":"' + "b" * 64 + '"}',
])
def test_a_forged_or_missing_puzzle_gets_a_fresh_one_and_keeps_the_answers(challenge):
    client = Client()
    data = {**report_data(client), "challenge": challenge, "pow_number": "7"}
    response = client.post("/report/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "press ‘Send report’ again" in page
    assert_answers_kept(page)
    assert json.loads(form_fields(page)["challenge"])["algorithm"] == "SHA-256"
    assert not Report.objects.exists()


def test_a_form_sent_impossibly_quickly_is_sent_back_with_the_answers(settings):
    settings.LANTERN_REPORT_MIN_SECONDS = 600
    client = Client()
    response = send_report(client)
    assert response.status_code == 400
    page = response.content.decode()
    assert "That was sent very quickly" in page
    assert_answers_kept(page)
    assert not Report.objects.exists()


def test_the_expiry_of_an_unsolved_puzzle_cannot_be_extended():
    """Without JavaScript the puzzle is never solved, so its seal is what protects its expiry and issue time."""
    client = Client()
    data = report_data(client, solve_puzzle=False)
    challenge = json.loads(data["challenge"])
    salt, _, params = challenge["salt"].partition("?")
    challenge["salt"] = f"{salt}?expires=9999999999&issued=1&"
    response = client.post("/report/new/", {**data, "challenge": json.dumps(challenge)})
    assert response.status_code == 400
    assert "press ‘Send report’ again" in response.content.decode()
    assert not Report.objects.exists()


def test_sending_a_form_again_long_after_it_expired_still_says_it_was_sent(settings, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    client = Client()
    data = report_data(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/report/new/", data).status_code == 200
    import time as real_time

    later = real_time.time() + settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS + 3600
    monkeypatch.setattr("lantern.confidential_reports.abuse.time.time", lambda: later)
    again = client.post("/report/new/", data)
    assert again.status_code == 409
    assert "This report has already been sent" in again.content.decode()
    assert Report.objects.count() == 1


def test_files_turned_away_with_the_form_are_asked_for_again():
    client = Client()
    data = report_data(client, website="http://spam.example")
    response = client.post("/report/new/", {**data, "uploads": [png()]})
    assert response.status_code == 400
    assert "Add your files again: they were not kept." in response.content.decode()
    assert not ReportAttachment.objects.exists()


def test_a_report_sent_without_solving_the_puzzle_is_still_accepted():
    response = send_report(Client(), solve_puzzle=False)
    assert response.status_code == 200 and receipt_from(response)
    assert Report.objects.get().proof_of_work is False


def test_a_wrong_answer_to_the_puzzle_counts_as_unsolved():
    client = Client()
    data = report_data(client)
    data["pow_number"] = str((int(data["pow_number"]) + 1) % 51)
    assert client.post("/report/new/", data).status_code == 200
    assert Report.objects.get().proof_of_work is False


# --- Rate limits ------------------------------------------------------------------------


def test_reports_without_javascript_have_their_own_smaller_budget(settings, fixed_clock):
    settings.LANTERN_REPORT_RATE_UNVERIFIED = "2/m"
    client = Client()
    assert send_report(client, solve_puzzle=False).status_code == 200
    assert send_report(client, solve_puzzle=False).status_code == 200

    third = send_report(client, solve_puzzle=False)
    assert third.status_code == 429
    page = third.content.decode()
    assert "A lot of reports are being sent right now" in page and "call 999" in page
    assert_answers_kept(page)
    assert Report.objects.count() == 2

    # A browser that solved its puzzle uses the other budget and still gets through.
    solved = send_report(client)
    assert solved.status_code == 200 and receipt_from(solved)
    assert Report.objects.count() == 3
    assert Report.objects.filter(proof_of_work=True).count() == 1


def test_solved_reports_have_a_budget_too(settings, fixed_clock):
    settings.LANTERN_REPORT_RATE = "1/m"
    client = Client()
    assert send_report(client).status_code == 200
    flooded = send_report(client)
    assert flooded.status_code == 429
    assert_answers_kept(flooded.content.decode())
    assert Report.objects.count() == 1
    # Once the wait is over, the same form goes through.
    settings.LANTERN_REPORT_RATE = "5/m"
    assert resend(client, flooded, report_data(client)).status_code == 200
    assert Report.objects.count() == 2


def test_a_form_sent_back_for_corrections_counts_once_against_the_budget(settings, fixed_clock):
    """One solved puzzle cannot use up the budget by being sent again and again with a mistake."""
    settings.LANTERN_REPORT_RATE = "2/m"
    client = Client()
    data = report_data(client, what_happened="")
    response = client.post("/report/new/", data)
    for _ in range(4):
        assert response.status_code == 400
        assert "Enter what you saw or heard" in response.content.decode()
        response = resend(client, response, data)
    assert resend(client, response, data, what_happened=ANSWERS["what_happened"]).status_code == 200
    # The budget saw one form, so one more report fits, and the one after is turned away.
    assert send_report(client).status_code == 200
    assert send_report(client).status_code == 429
    assert Report.objects.count() == 2


def test_a_form_sent_first_unsolved_then_solved_still_counts_against_the_solved_budget(settings, fixed_clock):
    settings.LANTERN_REPORT_RATE = "1/m"
    settings.LANTERN_REPORT_RATE_UNVERIFIED = "100/m"
    client = Client()
    assert send_report(client).status_code == 200  # the solved budget is now spent
    data = report_data(client, what_happened="")
    unsolved = client.post("/report/new/", {**data, "pow_number": ""})
    assert unsolved.status_code == 400 and "Enter what you saw or heard" in unsolved.content.decode()
    solved = client.post("/report/new/", {**data, "what_happened": ANSWERS["what_happened"]})
    assert solved.status_code == 429
    assert Report.objects.count() == 1


def test_a_form_sent_many_times_needs_a_fresh_puzzle_and_keeps_the_answers(monkeypatch):
    from lantern.confidential_reports import abuse

    monkeypatch.setattr(abuse, "MAX_SENDS_PER_FORM", 3)
    client = Client()
    data = report_data(client, what_happened="")
    response = client.post("/report/new/", data)
    for _ in range(2):
        response = resend(client, response, data)
        assert "Enter what you saw or heard" in response.content.decode()
    fourth = resend(client, response, data, what_happened=ANSWERS["what_happened"])
    assert fourth.status_code == 400
    page = fourth.content.decode()
    assert "This form has been sent many times" in page and "Your answers are still here." in page
    assert_answers_kept(page)
    fresh = form_fields(page)["challenge"]
    assert fresh != data["challenge"] and not Report.objects.exists()
    sent = client.post("/report/new/", {**data, "what_happened": ANSWERS["what_happened"], "challenge": fresh,
                                        "pow_number": str(solve(json.loads(fresh)))})
    assert sent.status_code == 200 and receipt_from(sent)


def test_one_form_can_have_only_so_many_files_checked(monkeypatch):
    """Dropping the list of kept files and adding new ones does not let one form store files without end."""
    from lantern.confidential_reports import abuse

    monkeypatch.setattr(abuse, "MAX_FILES_PER_FORM", 3)
    client = Client()
    data = report_data(client, what_happened="")
    first = client.post("/report/new/", {**data, "uploads": [png("a.png"), png("b.png")]})
    assert first.status_code == 400 and ReportAttachment.objects.count() == 2
    # Sent again without the kept files (as a script would), with two more: only one more is read.
    second = client.post("/report/new/", {**data, "held": "", "pow_number": data["pow_number"],
                                          "uploads": [png("c.png"), png("d.png")]})
    page = second.content.decode()
    assert second.status_code == 400
    assert "This form has had a lot of files added. d.png was not added" in page
    assert ReportAttachment.objects.count() == 3


def test_a_file_the_virus_scanner_flags_is_refused_named_and_never_stored(settings):
    from lantern.audit.models import AuditEntry

    settings.LANTERN_VIRUS_SCANNER = "tests.support.scanner_flagging_everything"
    client = Client()
    data = report_data(client)
    response = client.post("/report/new/", {**data, "uploads": [png("flyer.png")]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "flyer.png: The file may contain a virus, so it was not saved" in page
    assert_answers_kept(page)
    assert not ReportAttachment.objects.exists()
    entry = AuditEntry.objects.get(action="report.attachment_refused")
    assert entry.actor_label == "reporter (confidential channel)" and "flyer" not in str(entry.changes)
    settings.LANTERN_VIRUS_SCANNER = "lantern.core.files.scanner_not_configured"
    assert resend(client, response, data).status_code == 200


def test_tries_with_the_puzzle_solved_have_a_budget_too(settings, fixed_clock):
    settings.LANTERN_RECEIPT_RATE = "2/m"
    receipt = receipt_from(send_report(Client()))
    for guess in ("1111 1111 1111 1111", "2222 2222 2222 2222"):
        assert try_receipt(Client(), guess).status_code == 400
    # A third try, from a different browser and even with the right code, waits.
    response = try_receipt(Client(), receipt)
    assert response.status_code == 429
    assert "A lot of receipt codes are being tried right now. Wait a few minutes" in response.content.decode()


def test_one_browser_cannot_keep_guessing(settings):
    receipt = receipt_from(send_report(Client()))
    client = Client()
    for n in range(10):
        assert try_receipt(client, f"{n}" * 16).status_code == 400
    response = try_receipt(client, receipt)
    assert response.status_code == 429
    # Another browser still opens the report: nothing counts against the receipt itself.
    assert open_follow_up(Client(), receipt).status_code == 200


def test_a_reporter_can_only_send_so_many_messages(settings, fixed_clock):
    settings.LANTERN_REPORTER_MESSAGE_RATE = "2/h"
    receipt = receipt_from(send_report(Client()))
    client = Client()
    open_follow_up(client, receipt)
    for body in ("First.", "Second."):
        assert client.post("/report/follow-up/messages/", {"body": body}).status_code == 302
    response = client.post("/report/follow-up/messages/", {"body": "Third."})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent a lot of messages" in page and "Third." in page
    assert Report.objects.get().messages.count() == 2


# --- Answers ------------------------------------------------------------------------------


def test_missing_answers_are_listed_in_an_error_summary_that_links_to_each_question():
    client = Client()
    data = report_data(client)
    for key in ("identity_mode", "reporter_type", "what_happened"):
        del data[key]
    response = client.post("/report/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert 'class="govuk-error-summary"' in page and "There is a problem" in page
    for anchor, message in (("#id_identity_mode_0", "Select how you want to be known"),
                            ("#id_reporter_type_0", "Select which of these describes you"),
                            ("#id_what_happened", "Enter what you saw or heard")):
        assert f'<a href="{anchor}">{message}</a>' in page
    assert ANSWERS["location"] in page
    assert not Report.objects.exists()
    fixed = resend(client, response, data, identity_mode="anonymous", reporter_type="public",
                   what_happened="Corrected.")
    assert fixed.status_code == 200
    assert Report.objects.get().what_happened == "Corrected."


def test_a_very_long_answer_is_explained_and_kept():
    long_text = "They work every night. " * 261  # 6,003 characters
    assert len(long_text) > 6000
    response = send_report(Client(), what_happened=long_text)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"This answer must be 5,000 characters or fewer (it has {len(long_text.strip())})" in page
    assert long_text.strip() in page
    assert not Report.objects.exists()


def test_a_bad_email_address_is_explained():
    response = send_report(Client(), identity_mode="confidential", name="Ana", email="not-an-address")
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.content.decode()


def test_an_unknown_choice_is_refused():
    response = send_report(Client(), reporter_type="journalist", signs=["documents", "made-up"])
    assert response.status_code == 400
    assert not Report.objects.exists()


# --- Files ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), [
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, FILE_TYPES),
    ("notes.txt", b"\x00\xff\xfe\x81 binary pretending to be text", FILE_TYPES),
    ("photo.png", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 32, FILE_TYPES),
    ("photo.jpg", png_bytes(), FILE_TYPES),  # a real image, but not what its name says
    ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "The selected file is not a valid image"),
    ("report.pdf.exe", b"%PDF-1.7 fake", FILE_TYPES),
])
def test_a_file_of_the_wrong_type_is_named_and_refused_and_a_good_file_is_kept(name, content, message):
    client = Client()
    data = report_data(client)
    response = client.post("/report/new/", {**data, "uploads": [
        SimpleUploadedFile(name, content), png("van-number-plate.png")]})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{name}: {message}" in page
    assert_answers_kept(page)
    assert not Report.objects.exists()
    # The good file passed its checks and is held, listed by name, until the form is sent.
    assert "kept and will be sent with your report" in page and "van-number-plate.png" in page
    held = form_fields(page)["held"]
    assert held
    assert ReportAttachment.objects.filter(report__isnull=True).count() == 1

    sent = resend(client, response, data)
    assert sent.status_code == 200 and receipt_from(sent)
    attachment = Report.objects.get().attachments.get()
    assert attachment.content_type == "image/png"
    assert attachment.original_name == ""  # shown to the reporter while they write; dropped once sent
    assert read_decrypted(attachment.storage_path).startswith(b"\x89PNG")


def test_an_oversized_file_is_named_and_refused_and_a_good_file_is_kept(settings):
    settings.LANTERN_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("whole-album.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024))
    client = Client()
    data = report_data(client)
    response = client.post("/report/new/", {**data, "uploads": [big, png("doorway.png")]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "whole-album.png: The file must be smaller than 1 MB" in page
    assert_answers_kept(page)
    assert "doorway.png" in page and form_fields(page)["held"]
    assert not Report.objects.exists()

    sent = resend(client, response, data)
    assert sent.status_code == 200
    assert Report.objects.get().attachments.count() == 1


def test_files_are_kept_while_another_answer_is_corrected():
    client = Client()
    data = report_data(client)
    response = client.post("/report/new/", {**data, "what_happened": "", "uploads": [png("one.png")]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter what you saw or heard" in page and "one.png" in page
    # The reporter adds another file as they correct the answer: both go.
    sent = resend(client, response, data, uploads=[png("two.png")])
    assert sent.status_code == 200
    assert Report.objects.get().attachments.count() == 2
    assert not ReportAttachment.objects.filter(report__isnull=True).exists()


def test_at_most_five_files_go_with_a_report():
    client = Client()
    data = report_data(client)
    files = [png(f"photo-{n}.png") for n in range(1, 7)]
    response = client.post("/report/new/", {**data, "uploads": files})
    assert response.status_code == 400
    assert "You can add up to 5 files. photo-6.png was not added." in response.content.decode()
    sent = resend(client, response, data)
    assert sent.status_code == 200
    assert Report.objects.get().attachments.count() == 5


def test_a_held_file_cannot_be_taken_by_another_report():
    client = Client()
    data = report_data(client)
    first = client.post("/report/new/", {**data, "what_happened": "", "uploads": [png("mine.png")]})
    token = form_fields(first.content.decode())["held"]
    assert resend(client, first, data).status_code == 200
    mine = Report.objects.get()

    # Someone replays the token with a new form: they get no file.
    other = Client()
    stolen = other.post("/report/new/", {**report_data(other), "held": token})
    assert stolen.status_code == 200
    thief = Report.objects.exclude(pk=mine.pk).get()
    assert not thief.attachments.exists()
    assert mine.attachments.count() == 1


def test_a_tampered_held_token_is_ignored():
    client = Client()
    response = client.post("/report/new/", {**report_data(client), "held": "WzEsMiwzXQ:forged:signature"})
    assert response.status_code == 200
    assert not Report.objects.get().attachments.exists()


def test_location_and_camera_details_are_removed_from_photos():
    from PIL import Image

    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:  # the test photo really carries them
        exif = image.getexif()
        assert tuple(float(v) for v in exif.get_ifd(0x8825)[2]) == GPS_LATITUDE
        assert exif[0x0110] == "Reporter's Phone 12"

    client = Client()
    response = send_report(client, files=[SimpleUploadedFile("IMG_0042.jpg", original, content_type="image/jpeg")])
    assert response.status_code == 200
    attachment = Report.objects.get().attachments.get()
    assert attachment.content_type == "image/jpeg"
    stored = read_decrypted(attachment.storage_path)
    assert b"Exif" not in stored and b"PhoneMaker" not in stored and b"Reporter's Phone" not in stored
    with Image.open(io.BytesIO(stored)) as cleaned:
        assert cleaned.size == (16, 16)
        assert not cleaned.getexif()
        assert not cleaned.getexif().get_ifd(0x8825)
        assert "exif" not in cleaned.info


def test_text_hidden_in_a_png_is_removed():
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    meta = PngInfo()
    meta.add_text("Author", "Dana Whitfield")
    meta.add_text("Comment", "Taken from my kitchen window at 14 Elm Road")
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="PNG", pnginfo=meta)
    assert b"Dana Whitfield" in out.getvalue()

    send_report(Client(), files=[SimpleUploadedFile("window.png", out.getvalue())])
    stored = read_decrypted(Report.objects.get().attachments.get().storage_path)
    assert b"Dana Whitfield" not in stored and b"Elm Road" not in stored
    with Image.open(io.BytesIO(stored)) as cleaned:
        assert cleaned.size == (8, 8) and not cleaned.text


def test_a_text_file_is_accepted_as_it_is():
    notes = "Van at Café Złota: AB12 CDE\nSeen 6am Tuesdays\n".encode()
    send_report(Client(), files=[SimpleUploadedFile("notes.txt", notes)])
    attachment = Report.objects.get().attachments.get()
    assert attachment.content_type == "text/plain"
    assert read_decrypted(attachment.storage_path) == notes


def test_a_file_sent_with_a_message_is_checked_the_same_way():
    receipt = receipt_from(send_report(Client()))
    client = Client()
    open_follow_up(client, receipt)
    response = client.post("/report/follow-up/messages/", {
        "body": "Here is the rota.", "uploads": [SimpleUploadedFile("rota.exe", b"MZ" + b"\x00" * 20),
                                                 png("rota.png")]})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"rota.exe: {FILE_TYPES}" in page and "Here is the rota." in page
    assert "kept and will be sent with your message" in page and "rota.png" in page
    sent = client.post("/report/follow-up/messages/", {"body": "Here is the rota.",
                                                      "held": form_fields(page)["held"]})
    assert sent.status_code == 302
    message = Report.objects.get().messages.get()
    assert message.attachments.count() == 1 and message.attachments.get().content_type == "image/png"
    assert message.attachments.get().report == message.report


def test_a_kept_file_removed_while_the_form_was_open_too_long_is_reported_on_the_receipt_page():
    client = Client()
    data = report_data(client, what_happened="")
    response = client.post("/report/new/", {**data, "uploads": [png("doorway.png")]})
    assert "doorway.png" in response.content.decode()
    ReportAttachment.objects.all().delete()  # as the retention job does with files held too long
    sent = resend(client, response, data, what_happened=ANSWERS["what_happened"])
    assert sent.status_code == 200 and receipt_from(sent)
    assert "One file you added was not sent with your report" in sent.content.decode()
    assert not Report.objects.get().attachments.exists()
