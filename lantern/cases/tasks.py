from lantern.cases.reminders import send_task_reminders_task

__all__ = ["send_task_reminders_task"]
