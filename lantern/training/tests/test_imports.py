"""Attendance imports through the one pipeline, with the quirks real sign-in sheets have: duplicate
rows, names in capitals, missing emails, an organisation that is not a partner agency."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from lantern.audit.models import AuditEntry
from lantern.core.models import ImportFile, ImportStatus
from lantern.training.models import Attendance, MatchReview, Outcome, Session, Trainee
from lantern.training.services.sessions import session_create

SHEET = (
    "Name,Email,Organisation,Job title,Attended\r\n"
    "Aisha Rahman,aisha.rahman@sandwell.example,Sandwell Council – Housing,Housing officer,Yes\r\n"
    "AISHA RAHMAN,Aisha.Rahman@Sandwell.example,Housing,Housing officer,yes\r\n"  # a duplicate row, in capitals
    "ben carter,,Housing,Housing officer,Y\r\n"  # no email: matched by name and agency
    "Tariq Mahmood,,Ladywood Community Larder,,Yes\r\n"  # not a partner agency: kept as written
    "Chloe Edwards,chloe.edwards@sandwell.example,Housing,Housing officer,No\r\n"
    ",nobody@sandwell.example,Housing,,Yes\r\n"  # no name: rejected
    "Dev Patel,dev.patel@sandwell.example,Housing,Housing officer,maybe\r\n"  # not yes or no: rejected
)


@pytest.fixture
def session(catalogue, coordinator, housing):
    import datetime

    return session_create(acting_user=coordinator, course=catalogue["first-responder"],
                          date=datetime.date(2026, 3, 12), trainer_name="Megan Doyle", capacity=20)


def upload_sheet(client, session, content=SHEET, name="sign-in.csv"):
    return client.post(f"/training/sessions/{session.pk}/sign-in-sheet/", {
        "source": "Megan Doyle", "upload": SimpleUploadedFile(name, content.encode() if isinstance(content, str)
                                                               else content)})


def check_and_import(client, upload, capture):
    data = {field["field"]: upload.mapping.get(field["field"], "") for field in upload.proposal["fields"]}
    with capture(execute=True):
        client.post(f"/training/uploads/{upload.pk}/columns/", data)
    upload.refresh_from_db()
    assert upload.status == ImportStatus.CHECKED, upload.status
    with capture(execute=True):
        response = client.post(f"/training/uploads/{upload.pk}/import/")
    assert response.status_code == 302
    upload.refresh_from_db()
    return upload


def test_a_sign_in_sheet_is_checked_then_imported_with_its_quirks(coordinator_client, session, housing,
                                                                   django_capture_on_commit_callbacks):
    Trainee.objects.create(full_name="Ben Carter", name_key="ben carter", agency=housing)
    response = upload_sheet(coordinator_client, session)
    upload = ImportFile.objects.get()
    assert response["Location"] == f"/training/uploads/{upload.pk}/columns/"
    page = coordinator_client.get(f"/training/uploads/{upload.pk}/columns/").content.decode()
    assert "Which column holds which field" in page
    upload = check_and_import(coordinator_client, upload, django_capture_on_commit_callbacks)
    assert upload.status == ImportStatus.IMPORTED
    assert upload.counts["rejected"] == 2
    report = coordinator_client.get(f"/training/uploads/{upload.pk}/").content.decode()
    assert "has no name" in report and "is not yes or no" in report
    assert "is not a partner agency: kept as written" in report
    assert "nobody@" not in report and "Ladywood" not in report  # reasons, never values
    people = {t.full_name: t for t in Trainee.objects.all()}
    assert set(people) == {"Aisha Rahman", "Ben Carter", "Tariq Mahmood", "Chloe Edwards"}
    assert people["Tariq Mahmood"].agency is None
    assert people["Tariq Mahmood"].agency_name == "Ladywood Community Larder"
    assert people["Aisha Rahman"].agency == housing and people["Aisha Rahman"].job_type.name == "Housing officer"
    outcomes = dict(session.attendances.values_list("trainee__full_name", "outcome"))
    assert outcomes == {"Aisha Rahman": Outcome.ATTENDED, "Ben Carter": Outcome.ATTENDED,
                        "Tariq Mahmood": Outcome.ATTENDED, "Chloe Edwards": Outcome.ABSENT}
    assert upload.result["message"].startswith("4 attendance records added, 0 changed, 1 already recorded")
    session.refresh_from_db()
    assert session.status == "held"
    assert AuditEntry.objects.filter(action="training_attendance.import").exists()
    csv_report = coordinator_client.get(f"/training/uploads/{upload.pk}/report.csv").content.decode()
    assert csv_report.startswith("Row,Column,Reason,Outcome")


def test_the_same_file_twice_is_imported_once_and_a_corrected_sheet_changes_only_what_changed(
        coordinator_client, session, django_capture_on_commit_callbacks):
    upload_sheet(coordinator_client, session)
    check_and_import(coordinator_client, ImportFile.objects.get(), django_capture_on_commit_callbacks)
    upload_sheet(coordinator_client, session)
    again = check_and_import(coordinator_client, ImportFile.objects.order_by("created_at").last(),
                             django_capture_on_commit_callbacks)
    assert again.status == ImportStatus.DUPLICATE
    assert Attendance.objects.count() == 4
    corrected = SHEET.replace("chloe.edwards@sandwell.example,Housing,Housing officer,No",
                              "chloe.edwards@sandwell.example,Housing,Housing officer,Yes")
    upload_sheet(coordinator_client, session, content=corrected)
    third = check_and_import(coordinator_client, ImportFile.objects.order_by("created_at").last(),
                             django_capture_on_commit_callbacks)
    assert third.result["message"].startswith("0 attendance records added, 1 changed")
    assert Attendance.objects.filter(outcome=Outcome.ATTENDED).count() == 4


def test_a_similar_name_without_an_email_goes_to_review_and_can_be_merged(
        coordinator_client, session, housing, django_capture_on_commit_callbacks):
    known = Trainee.objects.create(full_name="Benjamin Carter", name_key="benjamin carter", agency=housing)
    sheet = "Name,Organisation\r\nBenjamen Carter,Housing\r\n"
    upload_sheet(coordinator_client, session, content=sheet)
    check_and_import(coordinator_client, ImportFile.objects.get(), django_capture_on_commit_callbacks)
    review = MatchReview.objects.get()
    assert review.candidate == known and review.trainee.full_name == "Benjamen Carter"
    page = coordinator_client.get("/training/matches/").content.decode()
    assert "Benjamen Carter and Benjamin Carter" in page
    coordinator_client.post(f"/training/matches/{review.pk}/decide/", {"decision": "same"})
    review.refresh_from_db()
    assert review.status == "merged"
    assert known.attendances.count() == 1
    assert not Trainee.objects.get(pk=review.trainee_id).is_active


def test_completions_from_a_learning_platform_as_xlsx_through_the_command(catalogue, tmp_path, housing):
    book = Workbook()
    sheet = book.active
    sheet.append(["Learner", "Email", "Organisation", "Course", "Completion date", "Status"])
    sheet.append(["Aisha Rahman", "aisha.rahman@sandwell.example", "Housing", "Modern slavery awareness",
                  "12/01/2026", "Completed"])
    sheet.append(["Aisha Rahman", "aisha.rahman@sandwell.example", "Housing", "awareness", "2026-01-12",
                  "Completed"])  # the same completion again, by the course's code
    sheet.append(["Ben Carter", "", "Housing", "Underwater basket weaving", "12/01/2026", "Completed"])
    path = tmp_path / "platform.xlsx"
    book.save(path)
    out, err = io.StringIO(), io.StringIO()
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"full_name": "Learner", "email": "Email", "agency": "Organisation",
                                   "course": "Course", "completed_on": "Completion date", "outcome": "Status"}))
    call_command("import_attendance", str(path), "--source", "Learning Pool", "--mapping", str(mapping),
                 "--quiet-progress", stdout=out, stderr=err)
    assert "1 attendance record added" in out.getvalue()
    assert "row 4, Course: is not a course in the catalogue (not imported)" in out.getvalue()
    completion = Attendance.objects.get()
    assert completion.session is None and str(completion.completed_on) == "2026-01-12"
    assert completion.course.code == "awareness" and str(completion.valid_until) == "2029-01-12"
    call_command("import_attendance", str(path), "--source", "Learning Pool", "--mapping", str(mapping),
                 "--quiet-progress", stdout=out, stderr=err)
    assert "imported before" in out.getvalue()
    assert Attendance.objects.count() == 1


def test_a_sign_in_sheet_for_a_session_through_the_command(session, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Name,Email,Attended\nAisha Rahman,aisha@sandwell.example,yes\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_attendance", str(path), "--source", "Megan Doyle", "--session", session.reference.lower(),
                 "--yes", "--quiet-progress", stdout=out, stderr=io.StringIO())
    assert Session.objects.get().attendances.count() == 1


def test_the_audit_trail_names_an_upload_by_its_id_never_by_who_sent_it(coordinator_client, session,
                                                                          django_capture_on_commit_callbacks):
    upload_sheet(coordinator_client, session)  # sent by the trainer, named as the source
    upload = check_and_import(coordinator_client, ImportFile.objects.get(), django_capture_on_commit_callbacks)
    entries = AuditEntry.objects.filter(action__startswith="training_upload.")
    assert {entry.action for entry in entries} == {"training_upload.create", "training_upload.map",
                                                   "training_upload.import"}
    assert {entry.target_label for entry in entries} == {f"Sign-in sheet upload {str(upload.pk)[:8]}"}
    everything = json.dumps([[e.target_label, e.changes] for e in AuditEntry.objects.all()], default=str)
    assert "Megan Doyle" not in everything
