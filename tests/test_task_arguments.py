"""Every queued task of Lantern takes ids, flags, references or ciphertext: never a name, an address, a link
or free text. A task's arguments wait in the broker (Redis) and can reach its logs, outside the database's
encryption and audit, so what a task needs to know about a person it reads from the database when it runs."""

import importlib
import pkgutil
import typing

from celery import Task

import lantern

# Arguments that are text by nature and hold nothing about a person: each is a fixed phrase the service
# chooses from its own constants.
FIXED_PHRASES = {
    ("lantern.confidential_reports.notify_team", "subject"),
    ("lantern.confidential_reports.notify_team", "text"),
    ("lantern.accounts.notify_api_tokens_revoked", "because"),
}


def lantern_tasks() -> dict[str, Task]:
    """Every Celery task defined in a ``tasks`` or ``tasks_*`` module of a Lantern app."""
    found: dict[str, Task] = {}
    for module_info in pkgutil.walk_packages(lantern.__path__, "lantern."):
        leaf = module_info.name.rsplit(".", 1)[-1]
        if leaf == "tasks" or leaf.startswith("tasks_"):
            module = importlib.import_module(module_info.name)
            found.update({value.name: value for value in vars(module).values() if isinstance(value, Task)})
    return found


def allowed(task: str, name: str, hint: typing.Any) -> bool:
    if hint in (int, bool, list[int]):
        return True
    if hint is str:
        return (name.endswith(("_id", "_reference")) or name.startswith("encrypted_")
                or (task, name) in FIXED_PHRASES)
    return False


def test_every_task_takes_ids_flags_references_or_ciphertext_only():
    tasks = lantern_tasks()
    # The apps' queued emails are all found (so the walk reaches every app).
    assert {"lantern.training.email_training_reminder", "lantern.governance.send_pledge_approved",
            "lantern.governance.send_action_reminders", "lantern.accounts.send_unlock_link",
            "lantern.confidential_reports.notify_identity_viewed",
            "lantern.supply_chain.send_questionnaire_link"} <= set(tasks)
    refused = []
    for task_name, task in sorted(tasks.items()):
        hints = typing.get_type_hints(task.run)
        hints.pop("return", None)
        refused += [f"{task_name}({name}: {hint})" for name, hint in hints.items() if not allowed(task_name, name, hint)]
    assert not refused, "Pass an id and read the value when the task runs (or encrypt it):\n" + "\n".join(refused)
