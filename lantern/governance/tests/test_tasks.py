"""Governance's queued work carries ids only: the broker holds a task's arguments, so no name, address or
free text goes into them."""

import typing

from celery import Task

from lantern.governance import tasks, tasks_pledge


def test_every_governance_task_takes_ids_and_flags_only():
    found = {value.name: value for module in (tasks, tasks_pledge) for value in vars(module).values()
             if isinstance(value, Task)}
    assert {"lantern.governance.send_pledge_approved", "lantern.governance.send_action_reminders"} <= set(found)
    for name, task in found.items():
        hints = typing.get_type_hints(task.run)
        hints.pop("return", None)
        assert all(hint in (int, bool) for hint in hints.values()), (name, hints)
