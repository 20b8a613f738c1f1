"""Rotating the field keys: every encrypted value and stored file moves to the newest key, the
rotation resumes after a crash, and an old key may be retired only once nothing needs it."""

import io
import logging

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from lantern.accounts.capabilities import Role
from lantern.cases.models import CaseAttachment
from lantern.cases.tests.factories import CaseFactory
from lantern.confidential_reports import services as report_services
from lantern.confidential_reports.models import Report, ReportAttachment
from lantern.confidential_reports.tests.factories import ReportAttachmentFactory
from lantern.confidential_reports.tests.helpers import make_report, png, team_member
from lantern.core import crypto, keys
from lantern.core.crypto import DecryptionError
from lantern.core.files import check_upload
from lantern.core.models import BackgroundJob, JobStatus
from tests.support import make_user, png_bytes, verified_client

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
OLD_ID, NEW_ID = crypto.key_id(OLD_KEY), crypto.key_id(NEW_KEY)


def quiet() -> io.StringIO:
    return io.StringIO()


class RecordedProgress:
    count = done = 0

    def total(self, total: int) -> None:
        self.count = total

    def advance(self, done: int, message: str = "") -> None:
        self.done = done


@pytest.fixture
def stored_on_old_key(settings):
    """A case document uploaded by its worker, a reporter's file sent with a report, and a held file
    stored before key ids were recorded: all encrypted with the old key, with the case's and the
    report's encrypted fields."""
    settings.LANTERN_FIELD_KEYS = [OLD_KEY]
    case = CaseFactory()
    worker = verified_client(case.lead_worker)
    response = worker.post(f"/cases/{case.reference}/documents/new/",
                           {"file": SimpleUploadedFile("Maria_Ionescu.png", png_bytes("green"))})
    assert response.status_code == 302
    held = report_services.attachment_hold(check_upload(png("Sam_Patel.png")))
    report = make_report(attachment_ids=[held.pk]).report
    legacy = ReportAttachmentFactory(report=None)
    assert legacy.key_id == ""  # as every file stored before key ids were kept
    return {"case": case, "worker": worker, "report": report, "legacy": legacy}


def all_files() -> list:
    return [*CaseAttachment.objects.all(), *ReportAttachment.objects.all()]


def ref(file) -> tuple[str, int]:
    return file._meta.label, file.pk


def every_value_readable() -> None:
    """Loading every row of every model with encrypted fields decrypts each value."""
    for model, names in keys.field_models():
        list(model._base_manager.only("pk", *names))


def test_key_id_names_a_key_without_revealing_it():
    assert OLD_ID != NEW_ID and len(OLD_ID) == 16 and int(OLD_ID, 16) >= 0
    assert crypto.key_id(OLD_KEY) == OLD_ID
    assert OLD_ID not in OLD_KEY


def test_key_id_of_tells_which_configured_key_encrypted_a_value(settings):
    settings.LANTERN_FIELD_KEYS = [OLD_KEY]
    token = crypto.encrypt("Ana")
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    assert crypto.key_id_of(token) == OLD_ID
    assert crypto.key_id_of(crypto.encrypt("Ana")) == NEW_ID
    settings.LANTERN_FIELD_KEYS = [NEW_KEY]
    assert crypto.key_id_of(token) is None


def test_every_file_and_value_still_decrypts_after_rotating_and_removing_the_old_key(
        settings, stored_on_old_key, django_capture_on_commit_callbacks):
    files_before = {ref(f): (f.storage_path, f.read()) for f in all_files()}
    assert len(files_before) == 3
    assert {f.key_id for f in all_files()} == {OLD_ID, ""}

    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    out = quiet()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=out)
    assert "Done: " in out.getvalue() and f"under key {NEW_ID}" in out.getvalue()

    settings.LANTERN_FIELD_KEYS = [NEW_KEY]  # the old key is gone
    every_value_readable()
    for f in all_files():
        old_path, content = files_before[ref(f)]
        assert f.key_id == NEW_ID
        assert f.read() == content
        assert f.storage_path != old_path and not default_storage.exists(old_path)  # the old copy is gone
    case, worker = stored_on_old_key["case"], stored_on_old_key["worker"]
    document = case.attachments.get()
    download = worker.get(f"/cases/{case.reference}/documents/{document.pk}/")
    assert download.status_code == 200 and download.content == files_before[ref(document)][1]
    report = stored_on_old_key["report"]
    sent = report.attachments.get()
    download = verified_client(team_member()).get(f"/reports/{report.reference}/files/{sent.pk}/")
    assert download.status_code == 200 and download.content == files_before[ref(sent)][1]
    assert Report.objects.get(pk=report.pk).what_happened == report.what_happened
    usage = keys.key_usage()
    assert usage.values[keys.UNREADABLE] == 0 and usage.files == {NEW_ID: 3}


def test_a_rotation_that_crashes_half_way_loses_nothing_and_resumes(settings, stored_on_old_key, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    contents = {ref(f): f.read() for f in all_files()}
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    real_replace = keys.file_replace
    calls = []

    def crash_on_the_second_file(*args, **kwargs):
        calls.append(kwargs["pk"])
        if len(calls) == 2:  # its new copy is stored, its row not yet changed
            raise RuntimeError("the worker was stopped")
        return real_replace(*args, **kwargs)

    monkeypatch.setattr(keys, "file_replace", crash_on_the_second_file)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        call_command("rotate_keys", stdout=quiet())

    # Every row points at a file that exists and decrypts with the keys still configured.
    for f in all_files():
        assert default_storage.exists(f.storage_path)
        assert f.read() == contents[ref(f)]
    rotated = [f for f in all_files() if f.key_id == NEW_ID]
    assert len(rotated) == 1 and len([f for f in all_files() if f.key_id == OLD_ID]) == 1
    rotated_path = rotated[0].storage_path

    monkeypatch.setattr(keys, "file_replace", real_replace)
    progress = RecordedProgress()
    with django_capture_on_commit_callbacks(execute=True):
        result = keys.rotate_keys(progress=progress)
    assert result.values_reencrypted == 0  # the fields were all done before the crash: skipped
    assert result.files_reencrypted == 2  # the one done before the crash is skipped
    assert type(rotated[0]).objects.get(pk=rotated[0].pk).storage_path == rotated_path
    assert progress.done == progress.count  # everything was checked again

    settings.LANTERN_FIELD_KEYS = [NEW_KEY]
    every_value_readable()
    for f in all_files():
        assert f.key_id == NEW_ID and f.read() == contents[ref(f)]


def test_retire_key_refuses_while_a_field_value_needs_the_old_key(settings, django_capture_on_commit_callbacks):
    settings.LANTERN_FIELD_KEYS = [OLD_KEY]
    CaseFactory()  # a person's names, a concern's account: encrypted, no files
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    out = quiet()
    with pytest.raises(CommandError, match=f"Do not remove key {OLD_ID}: [1-9][0-9]* encrypted field values and 0 files"):
        call_command("retire_key", OLD_ID, stdout=out)
    assert f"Key {NEW_ID} (number 1 in LANTERN_FIELD_KEYS, newest: encrypts new data): 0 encrypted field values, 0 files" in out.getvalue()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=quiet())
    out = quiet()
    call_command("retire_key", OLD_ID, stdout=out)
    assert f"Nothing uses key {OLD_ID} any more: you can remove it from LANTERN_FIELD_KEYS" in out.getvalue()
    assert f"Key {OLD_ID} (number 2 in LANTERN_FIELD_KEYS, older: decrypts only): 0 encrypted field values, 0 files" in out.getvalue()


@pytest.mark.parametrize("recorded", [True, False], ids=["key id recorded", "stored before key ids were kept"])
def test_retire_key_refuses_while_a_file_needs_the_old_key(settings, recorded, django_capture_on_commit_callbacks):
    settings.LANTERN_FIELD_KEYS = [OLD_KEY]
    if recorded:
        held = report_services.attachment_hold(check_upload(png()))
        ReportAttachment.objects.filter(pk=held.pk).update(original_name="")  # the file is its only encrypted data
        assert held.key_id == OLD_ID
    else:
        ReportAttachmentFactory(report=None)
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    with pytest.raises(CommandError, match=f"Do not remove key {OLD_ID}: 0 encrypted field values and 1 files"):
        call_command("retire_key", OLD_ID, stdout=quiet())

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=quiet())
    out = quiet()
    call_command("retire_key", OLD_ID, stdout=out)
    assert f"Nothing uses key {OLD_ID} any more" in out.getvalue()


def test_retire_key_refuses_the_newest_key_and_an_unknown_id(settings):
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    with pytest.raises(CommandError, match="is the newest key"):
        call_command("retire_key", NEW_ID, stdout=quiet())
    with pytest.raises(CommandError, match=f"No key in LANTERN_FIELD_KEYS has the id 0123456789abcdef. "
                                           f"The configured key ids are: {NEW_ID}, {OLD_ID}."):
        call_command("retire_key", "0123456789abcdef", stdout=quiet())


def test_keys_status_lists_what_each_key_is_needed_for(settings, stored_on_old_key):
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    out = quiet()
    call_command("keys_status", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Key {NEW_ID} (number 1 in LANTERN_FIELD_KEYS, newest: encrypts new data): 0 encrypted field values, 0 files"
    assert lines[1].startswith(f"Key {OLD_ID} (number 2 in LANTERN_FIELD_KEYS, older: decrypts only): ") and lines[1].endswith(", 3 files")
    assert "Maria" not in out.getvalue() and "Sam_Patel" not in out.getvalue()


def test_rotation_runs_as_a_background_job_its_starter_follows(settings, stored_on_old_key,
                                                                django_capture_on_commit_callbacks):
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    out = quiet()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", "--background", "--started-by", admin.email.upper(), stdout=out)
    job = BackgroundJob.objects.get(kind=keys.JOB_KIND)
    assert f"/jobs/{job.pk}/" in out.getvalue()
    assert job.status == JobStatus.SUCCEEDED and job.started_by == admin and job.percent == 100
    assert job.result["files_reencrypted"] == 3 and job.result["files_unreadable"] == 0
    page = verified_client(admin).get(f"/jobs/{job.pk}/").content.decode()
    assert "Re-encrypt stored data under the newest key" in page
    assert f"3 files were re-encrypted under key {NEW_ID}" in page
    settings.LANTERN_FIELD_KEYS = [NEW_KEY]
    assert all(f.read() for f in all_files())


class _PermissionDenied(Exception):
    sqlstate = keys.INSUFFICIENT_PRIVILEGE  # what PostgreSQL answers the application's role (ADR 16)


def test_the_background_job_as_the_application_role_rotates_everything_but_the_audit_trail(
        settings, stored_on_old_key, monkeypatch, django_capture_on_commit_callbacks):
    """Workers run without the owner's alias: the job still re-encrypts every file and other value,
    and says how many audit reasons are left for `rotate_keys --database owner`."""
    from django.db import ProgrammingError
    from django.db.models import QuerySet

    from lantern.audit.models import AuditEntry
    from lantern.audit.services import access_purpose_record

    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    access_purpose_record(user=admin, record=stored_on_old_key["case"], purpose="Checking the referral")
    real_bulk_update = QuerySet.bulk_update

    def as_the_application_role(self, objs, fields, batch_size=None):
        if self.model is AuditEntry:
            raise ProgrammingError("permission denied for table audit_auditentry") from _PermissionDenied()
        return real_bulk_update(self, objs, fields, batch_size=batch_size)

    monkeypatch.setattr(QuerySet, "bulk_update", as_the_application_role)
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", "--background", "--started-by", admin.email, stdout=quiet())
    job = BackgroundJob.objects.get(kind=keys.JOB_KIND)
    assert job.result["files_reencrypted"] == 3
    assert job.result["values_left_for_owner"] == {"audit entries": 1}
    assert "rotate_keys --database owner" in job.message
    usage = keys.key_usage()
    assert usage.files[OLD_ID] == 0 and usage.values[OLD_ID] == 1  # only the audit reason is left

    with pytest.raises(CommandError, match="1 audit entries.*rotate_keys --database owner"):
        call_command("rotate_keys", stdout=quiet())


def test_background_rotation_needs_an_active_user_to_follow_it():
    with pytest.raises(CommandError, match="--started-by"):
        call_command("rotate_keys", "--background", stdout=quiet())
    with pytest.raises(CommandError, match="No active user has that email address"):
        call_command("rotate_keys", "--background", "--started-by", "nobody@lantern.example", stdout=quiet())
    assert not BackgroundJob.objects.exists()


def test_a_file_whose_key_was_removed_names_the_key_in_the_error_and_the_log(settings, stored_on_old_key, caplog):
    settings.LANTERN_FIELD_KEYS = [NEW_KEY]  # removed without rotating
    # Only the columns the download reads (the document's description is on the removed key too).
    document = stored_on_old_key["case"].attachments.only("pk", "storage_path", "key_id").get()
    with caplog.at_level(logging.ERROR), pytest.raises(DecryptionError, match=f"encrypted with key {OLD_ID}"):
        document.read()
    assert f"Stored file cases.CaseAttachment {document.pk} cannot be read" in caplog.text
    assert OLD_ID in caplog.text and NEW_ID in caplog.text
    assert "Maria" not in caplog.text and OLD_KEY not in caplog.text


def test_the_database_check_reports_files_on_a_removed_or_older_key(settings, stored_on_old_key,
                                                                     django_capture_on_commit_callbacks):
    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    assert keys.check_file_keys() == []  # not asked to look at the database
    assert [m.id for m in keys.check_file_keys(databases=["default"])] == ["lantern.W101"]
    settings.LANTERN_FIELD_KEYS = [NEW_KEY]
    errors = keys.check_file_keys(databases=["default"])
    assert [m.id for m in errors] == ["lantern.E101", "lantern.W101"]  # the legacy file's key is unknown
    assert f"(key ids: {OLD_ID})" in errors[0].msg and errors[0].msg.startswith("2 stored files")

    settings.LANTERN_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=quiet())
    settings.LANTERN_FIELD_KEYS = [NEW_KEY]
    assert keys.check_file_keys(databases=["default"]) == []
