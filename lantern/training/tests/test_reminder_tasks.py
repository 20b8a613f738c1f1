"""Reminder emails to people without an account are queued with ids only: the broker holds a task's
arguments, so no name or address goes into them; the task looks the address up when it runs."""

import datetime
import typing

from django.core import mail
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.core.notify import notify_on_commit
from lantern.training import tasks
from lantern.training.compliance import add_months
from lantern.training.models import Trainee
from lantern.training.services import reminders
from lantern.training.tests.conftest import complete


def test_a_reminder_email_is_queued_with_ids_only_and_reaches_the_person_and_their_manager(
        catalogue, monkeypatch, django_capture_on_commit_callbacks):
    outsider = Trainee.objects.create(full_name="Tariq Mahmood", name_key="tariq mahmood",
                                      email="tariq@larder.example", role=Role.FIRST_RESPONDER,
                                      manager_email="boss@larder.example")
    complete(outsider, catalogue["first-responder"],
             add_months(timezone.localdate(), -24) + datetime.timedelta(days=5))
    queued: list[tuple[typing.Any, ...]] = []

    def recording(task, *args, **kwargs):
        queued.append((task.name, *args, *kwargs.values()))
        notify_on_commit(task, *args, **kwargs)

    monkeypatch.setattr(reminders, "notify_on_commit", recording)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_training_reminders() == 1

    assert len(queued) == 2
    for name, *arguments in queued:
        assert name == tasks.email_training_reminder.name
        assert all(type(value) in (int, bool) for value in arguments), arguments
    assert "larder" not in repr(queued) and "Tariq" not in repr(queued)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"tariq@larder.example", "boss@larder.example"}
    assert sent["tariq@larder.example"].subject.startswith("Your First responder training is due by ")
    assert sent["boss@larder.example"].subject.endswith(" for someone you manage")
    assert all("Tariq" not in message.subject + message.body for message in mail.outbox)

