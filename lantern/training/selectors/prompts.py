"""What other apps ask of training: the gentle prompt on the concern form."""

from typing import Any

from django.urls import reverse

from lantern.accounts.capabilities import Role
from lantern.training.compliance import Status
from lantern.training.models import Course, CourseLevel, Trainee
from lantern.training.selectors.compliance import person_results


def concern_prompt(user: Any) -> dict[str, str] | None:
    """For a first responder whose first responder training is not in date: a gentle prompt (never a
    block) with where to find training; None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.FIRST_RESPONDER):
        return None
    trainee = Trainee.objects.filter(user=user).first()
    first_responder = set(Course.objects.filter(level=CourseLevel.FIRST_RESPONDER).values_list("pk", flat=True))
    results = [r for r in person_results(trainee=trainee, user=user) if r.course_id in first_responder]
    lapsed = [r for r in results if r.status in (Status.OVERDUE, Status.NEVER_TRAINED)]
    if not lapsed:
        return None
    never = any(r.status == Status.NEVER_TRAINED for r in lapsed)
    text = ("Your first responder training is not recorded yet." if never
            else "Your first responder training is due for a refresher.")
    return {"text": text + " You can still raise this concern now: what you have seen matters.",
            "link": reverse("training:mine")}
