"""The governance app's Celery tasks, found by the worker's task discovery (``<app>.tasks``)."""

from lantern.governance.tasks_pledge import send_pledge_approved

__all__ = ["send_pledge_approved"]
