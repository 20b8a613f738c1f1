"""Reading module attempts: a result by its opaque id, and a member of staff's completions."""

import uuid
from typing import Any

from django.db.models import QuerySet

from lantern.core.access import not_found
from lantern.training.models import LearnAttempt


def learn_attempt_get(*, attempt_id: uuid.UUID | str, user: Any) -> LearnAttempt:
    """An attempt by its id; 404 when missing, or when a member of staff took it and ``user`` is not them."""
    attempt = LearnAttempt.objects.select_related("certificate__course").filter(pk=attempt_id).first()
    if attempt is None:
        raise not_found()
    if attempt.user_id is not None and getattr(user, "pk", None) != attempt.user_id:
        raise not_found()
    return attempt


def module_completions_for(user: Any) -> QuerySet[LearnAttempt]:
    """A member of staff's passes of the module, newest first (for their training record)."""
    return LearnAttempt.objects.filter(user=user, passed=True).order_by("-created_at")
