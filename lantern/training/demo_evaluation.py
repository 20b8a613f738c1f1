"""Demo evaluations: before-and-after answers for the demo's sessions (run after the training demo's
sessions and attendance). Answers come through the service, as through a person's link, so they are
audited as real answers would be. Seeding twice adds nothing."""

import random

from django.utils import timezone

from lantern.core.plugins import DemoSeeded
from lantern.training.models import Attendance, Outcome, Phase, ResponseChannel, SessionStatus
from lantern.training.selectors import evaluation as selectors
from lantern.training.services import evaluation as services

BEFORE_TEXT = (
    "I am not sure who I should tell if I am worried about someone.",
    "I have heard of the NRM but do not know how it works.",
    "I would like to know more about criminal exploitation and county lines.",
    "Not sure what the Duty to Notify means for my team.",
)
AFTER_TEXT = (
    "The case studies made the signs much clearer.",
    "I now know how to raise a concern in Lantern.",
    "More time on talking with possible victims would help.",
    "Useful. The section on children was the most helpful part for me.",
    "I would like a refresher on the Duty to Notify in a year.",
    "Good mix of examples from housing and licensing.",
)


def _answers(rng: random.Random, keys: list[str], phase: str) -> dict[str, int]:
    low, high = (1, 4) if phase == Phase.BEFORE else (3, 5)
    return {key: rng.randint(low, high) for key in keys}


def seed_evaluation_demo() -> DemoSeeded:
    """Answers for about four in five people at held sessions before the course, and three in four after."""
    services.question_set_ensure_default()
    today = timezone.localdate()
    attendances = (Attendance.objects.filter(session__isnull=False, outcome=Outcome.ATTENDED, completed_on__lte=today)
                   .exclude(session__status=SessionStatus.CANCELLED).select_related("course").order_by("pk"))
    added = 0
    for attendance in attendances:
        rng = random.Random(attendance.pk)  # noqa: S311 (demo data, not security)
        # Every choice is drawn first, so a second run decides exactly as the first did.
        plan = [(phase, rng.random() <= share, rng.random() < 0.3, rng.choice(texts), rng.getstate())
                for phase, share, texts in ((Phase.BEFORE, 0.8, BEFORE_TEXT), (Phase.AFTER, 0.75, AFTER_TEXT))]
        for phase, answers_it, writes, text, state in plan:
            if not answers_it or phase not in selectors.phases_open(attendance):
                continue
            version = selectors.version_to_answer(attendance, phase)
            if version is None:
                continue
            rng.setstate(state)
            services.evaluation_answer(attendance=attendance, phase=phase,
                                       answers=_answers(rng, selectors.spec_of(version).keys, phase),
                                       comments=text if writes else "", channel=ResponseChannel.LINK)
            added += 1
    return DemoSeeded(summary=[f"Added {added} demo evaluation answers."] if added else [])
