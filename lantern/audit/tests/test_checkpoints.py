"""Signed checkpoints of the chain head, kept outside the database, catch a trail cut short."""

import json
import logging

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from lantern.audit import checkpoints
from lantern.audit.chain import Break
from lantern.audit.models import AuditChainHead, AuditEntry
from lantern.audit.services import audit_checkpoint_write, audit_verify
from lantern.audit.tasks import write_checkpoint
from lantern.audit.tests.test_audit_trail import tamper, write_entries
from lantern.core.models import BackgroundJob, JobStatus

KEY = b"test-key"


# --- The pure logic -------------------------------------------------------------


def test_a_checkpoint_round_trips_through_its_line_and_keeps_its_signature():
    made = checkpoints.make(key=KEY, sequence=7, entry_hash="ab" * 32, at="2026-05-01T10:00:00+00:00")
    [read] = checkpoints.parse([checkpoints.to_line(made), ""])
    assert (read.sequence, read.entry_hash, read.at, read.line) == (7, "ab" * 32, "2026-05-01T10:00:00+00:00", 1)
    assert checkpoints.signed(read, key=KEY)
    assert not checkpoints.signed(read, key=b"another key")


def test_checkpoints_agreeing_with_the_chain_pass():
    cps = [checkpoints.make(key=KEY, sequence=n, entry_hash=f"h{n}", at="t") for n in (2, 5)]
    assert checkpoints.check(key=KEY, checkpoints=cps, hashes={2: "h2", 5: "h5"}, last_sequence=6) is None


def test_a_checkpoint_beyond_the_newest_entry_means_the_end_was_cut_off():
    cps = [checkpoints.make(key=KEY, sequence=n, entry_hash=f"h{n}", at=f"t{n}") for n in (2, 5)]
    broken = checkpoints.check(key=KEY, checkpoints=cps, hashes={2: "h2"}, last_sequence=3)
    assert broken == Break(4, "entries after 3 were deleted and the head rewound: a signed checkpoint of t5 "
                              "recorded entry 5")


def test_a_checkpointed_entry_with_another_hash_means_the_end_was_replaced():
    cps = [checkpoints.make(key=KEY, sequence=5, entry_hash="h5", at="t5")]
    broken = checkpoints.check(key=KEY, checkpoints=cps, hashes={5: "other"}, last_sequence=9)
    assert broken is not None and broken.sequence == 5
    assert "entries from 5 on were deleted and the head rewound" in broken.reason


def test_forged_or_unreadable_checkpoints_are_reported_with_their_line():
    good = checkpoints.make(key=KEY, sequence=2, entry_hash="h2", at="t")
    forged = json.dumps({"sequence": 3, "entry_hash": "h3", "at": "t", "signature": "0" * 64})
    lines = [checkpoints.to_line(good), forged, "not json", '{"sequence": 1}', "[1]"]
    read = checkpoints.parse(lines)
    assert [(cp.sequence, cp.line) for cp in read] == [(2, 1), (3, 2), (0, 3), (1, 4), (0, 5)]
    broken = checkpoints.check(key=KEY, checkpoints=read[:2], hashes={2: "h2", 3: "h3"}, last_sequence=3)
    assert broken == Break(3, "line 2 of the checkpoint file is not a checkpoint signed with the audit key")
    broken = checkpoints.check(key=KEY, checkpoints=read, hashes={2: "h2", 3: "h3"}, last_sequence=3)
    assert broken is not None and broken.sequence == 0 and "line 3" in broken.reason


# --- Written outside the database, checked by audit_verify ------------------------------


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.LANTERN_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit" / "checkpoints.jsonl")
    return tmp_path / "audit" / "checkpoints.jsonl"


def cut_off_the_end(entries: list[AuditEntry], keep: int) -> None:
    """What the owner of the tables can do: delete the newest entries and move the head back to match."""
    last = entries[keep - 1]
    tamper("DELETE FROM audit_auditentry WHERE sequence > %s", [last.sequence])
    tamper("UPDATE audit_auditchainhead SET sequence = %s, last_hash = %s", [last.sequence, last.entry_hash])


@pytest.mark.django_db
def test_without_a_checkpoint_a_trail_cut_short_looks_intact():
    """Why checkpoints exist: the rest of the chain verifies."""
    entries = write_entries(4)
    cut_off_the_end(entries, keep=2)
    assert audit_verify().broken is None


@pytest.mark.django_db
def test_deleting_the_newest_entries_and_rewinding_the_head_is_found_by_the_checkpoint(checkpoint_file, capsys):
    entries = write_entries(4)
    call_command("audit_checkpoint")
    assert f"Checkpoint recorded: entry {entries[-1].sequence}" in capsys.readouterr().out
    call_command("audit_verify")
    assert "4 entries verified against 1 signed checkpoint." in capsys.readouterr().out

    cut_off_the_end(entries, keep=2)

    checked, broken, signed = audit_verify()
    assert (checked, signed) == (2, 1)
    assert broken is not None and broken.sequence == 3
    assert broken.reason.startswith("entries after 2 were deleted and the head rewound")
    with pytest.raises(CommandError, match="BROKEN at entry 3: entries after 2 were deleted and the head rewound"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_new_entries_written_after_a_rewind_do_not_hide_it(checkpoint_file):
    entries = write_entries(4)
    audit_checkpoint_write()
    cut_off_the_end(entries, keep=2)
    write_entries(3)  # the application carries on: entries 3 and 4 exist again, with other contents
    broken = audit_verify().broken
    assert broken is not None and broken.sequence == entries[-1].sequence
    assert "deleted and the head rewound" in broken.reason


@pytest.mark.django_db
def test_a_forged_checkpoint_is_reported(checkpoint_file):
    write_entries(2)
    audit_checkpoint_write()
    with checkpoint_file.open("a") as out:
        out.write(json.dumps({"sequence": 1, "entry_hash": "f" * 64, "at": "2026-05-01", "signature": "0" * 64}) + "\n")
    broken = audit_verify().broken
    assert broken is not None and broken.sequence == 1
    assert "line 2 of the checkpoint file is not a checkpoint signed with the audit key" in broken.reason


@pytest.mark.django_db
def test_the_dpos_check_reports_a_trail_cut_short(checkpoint_file, dpo_client, django_capture_on_commit_callbacks):
    entries = write_entries(3)
    audit_checkpoint_write()
    cut_off_the_end(entries, keep=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = dpo_client.post("/audit/verify/")
    job = BackgroundJob.objects.get(kind="audit.verify")
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["intact"] is False and job.result["checkpoints"] == 1
    page = dpo_client.get(response["Location"]).content.decode()
    assert "The chain is broken at entry 2: entries after 1 were deleted and the head rewound" in page


@pytest.mark.django_db
def test_the_periodic_task_appends_a_signed_checkpoint_and_logs_it(checkpoint_file, caplog):
    assert write_checkpoint() == 0  # nothing to record while the trail is empty
    assert not checkpoint_file.exists()
    entries = write_entries(2)
    with caplog.at_level(logging.INFO, logger="lantern.audit.checkpoint"):
        assert write_checkpoint.delay().get() == entries[-1].sequence
        write_entries(1)
        write_checkpoint()
    lines = checkpoint_file.read_text().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [entries[-1].sequence, entries[-1].sequence + 1]
    head = AuditChainHead.objects.get()
    assert json.loads(lines[-1])["entry_hash"] == head.last_hash
    assert [r.getMessage() for r in caplog.records] == [f"audit checkpoint {line}" for line in lines]
    # Celery beat runs it every few minutes.
    schedule = django_settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]
    assert schedule == {"task": write_checkpoint.name, "schedule": django_settings.LANTERN_AUDIT_CHECKPOINT_SECONDS}
