"""The public "spot the signs" module: one row per quiz sent (a ``LearnAttempt``).

An attempt holds no personal data unless the learner asks for a certificate (the name is on the
shared ``Certificate``, checked on the public verification page), or a signed-in member of staff
took it (then it is linked to their account, and a pass counts on their training record). Its id is a random UUID: the only thing the
learner's browser is given to come back to the result.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.models import TimeStampedModel


class LearnAttempt(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    module_version = models.CharField(max_length=20, help_text="The version of the module's pages read.")
    quiz_version = models.CharField(max_length=20, help_text="The version of the quiz answered (training.quiz).")
    answers = models.JSONField(default=dict, help_text="{question code: [option codes]}: never free text.")
    score = models.PositiveSmallIntegerField()
    out_of = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="learn_attempts",
        help_text="The member of staff who took it signed in (empty for the public).",
    )
    certificate = models.OneToOneField(
        "training.Certificate", on_delete=models.PROTECT, null=True, blank=True, related_name="learn_attempt",
        help_text="The certificate issued for this pass, once the learner asked for one.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=models.F("out_of")), name="learn_attempt_score_in_range"),
            models.CheckConstraint(
                condition=Q(certificate__isnull=True) | Q(passed=True),
                name="learn_attempt_certificate_only_for_a_pass",
            ),
        ]

    def __str__(self) -> str:
        return f"Module attempt {self.pk}"
