"""Side effects are queued on commit, and a failure to queue them never undoes a saved change."""

import logging

import pytest
from django.db import transaction

from lantern.core import tasks
from lantern.core.notify import notify_on_commit

pytestmark = pytest.mark.django_db


def test_the_task_is_queued_only_when_the_change_commits(monkeypatch, django_capture_on_commit_callbacks):
    sent: list[tuple] = []
    monkeypatch.setattr(tasks.ping, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify_on_commit(tasks.ping)
            assert sent == []  # not before the commit
    assert sent == [()]


def test_a_rolled_back_change_sends_nothing(monkeypatch, django_capture_on_commit_callbacks):
    sent: list[tuple] = []
    monkeypatch.setattr(tasks.ping, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify_on_commit(tasks.ping)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert callbacks == [] and sent == []


def test_a_broker_failure_is_logged_by_type_and_does_not_raise(monkeypatch, caplog,
                                                               django_capture_on_commit_callbacks):
    def broken(*args):
        raise ConnectionError("redis://user:secret@broker is down for alice@example.org")

    monkeypatch.setattr(tasks.ping, "delay", broken)
    with caplog.at_level(logging.WARNING, logger="lantern.core.notify"):
        with django_capture_on_commit_callbacks(execute=True):
            notify_on_commit(tasks.ping)
    assert "Could not queue the lantern.core.ping task: ConnectionError" in caplog.text
    assert "alice@example.org" not in caplog.text and "secret" not in caplog.text
