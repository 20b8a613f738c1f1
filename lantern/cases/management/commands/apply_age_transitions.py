"""Plan for children turning 18 and move the cases of those now 18 to the adult route (run daily).

LANTERN_TRANSITION_NOTICE_DAYS before a child's 18th birthday their lead worker
gets a task to plan the move to adult services; on the birthday the case moves
to the adult route, recording that they were a child when exploited. Running
it again on the same day changes nothing. Schedule it with Celery beat
(`lantern.cases.apply_age_transitions`) or cron.
"""

from typing import Any

from django.core.management.base import BaseCommand

from lantern.cases.services import cases_apply_age_transitions


class Command(BaseCommand):
    help = "Raise the tasks to plan for children turning 18, and move the cases of those now 18 to the adult route."

    def handle(self, *args: Any, **options: Any) -> None:
        result = cases_apply_age_transitions()
        self.stdout.write(
            f"Raised {result['planning_tasks']} task(s) to plan a move to adult services; "
            f"moved {result['moved_to_adult']} case(s) to the adult route."
        )
