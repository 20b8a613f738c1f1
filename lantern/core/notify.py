"""The one way a service sends a side effect (an email): a typed Celery task, queued on commit.

    notify_on_commit(tasks.notify_triage, concern.pk)

The task is queued only once the change is committed, so a worker never sees
an uncommitted row and a rolled-back change sends nothing. A broker or mail
failure at that moment is logged (its type only: a message could quote
personal data) and never reaches the person whose change was already saved.
In the embedded default and the tests, Celery runs the task inline.
"""

import logging
from typing import Any, ParamSpec

from celery import Task
from django.db import transaction

P = ParamSpec("P")
logger = logging.getLogger(__name__)


def notify_on_commit(task: "Task[P, Any]", *args: P.args, **kwargs: P.kwargs) -> None:
    def send() -> None:
        try:
            task.delay(*args, **kwargs)
        except Exception as exc:  # the change is saved: a failed email must not turn it into an error page
            logger.warning("Could not queue the %s task: %s", task.name, type(exc).__name__)

    transaction.on_commit(send)
