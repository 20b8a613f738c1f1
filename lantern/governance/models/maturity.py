"""The maturity self-assessment: a versioned framework (sections → criteria → what each of four levels
looks like) and the partnership's assessments against one version of it.

A framework version that an assessment has used is never changed: editing it in substance makes a
new version (``lantern.governance.services_maturity``), and the assessment keeps the one it used.
Sections and criteria keep their ``key`` from version to version, so assessments made against
different versions can be compared criterion by criterion.
"""

from django.db import models
from django.db.models import Q

from lantern.core.models import CreatedByModel, TimeStampedModel
from lantern.core.reference import Objective


class MaturityLevel(models.IntegerChoices):
    BASIC = 1, "Basic first steps"
    EARLY = 2, "Early progress"
    SUBSTANTIAL = 3, "Substantial progress"
    MATURE = 4, "Mature practice"


class MaturityFramework(CreatedByModel):
    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    is_current = models.BooleanField(default=False, help_text="The version new assessments use.")
    change_note = models.CharField(max_length=300, blank=True, help_text="What changed from the version before.")

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                               name="maturity_framework_one_current")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class FrameworkSection(TimeStampedModel):
    framework = models.ForeignKey(MaturityFramework, on_delete=models.PROTECT, related_name="sections")
    key = models.SlugField(max_length=60, help_text="Stays the same from version to version.")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    priority_area = models.CharField(max_length=20, choices=Objective.choices,
                                     help_text="The plan's priority a gap in this section becomes an action under.")

    class Meta:
        ordering = ["framework", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="framework_section_key_once")]

    def __str__(self) -> str:
        return self.title


class FrameworkCriterion(TimeStampedModel):
    section = models.ForeignKey(FrameworkSection, on_delete=models.PROTECT, related_name="criteria")
    key = models.SlugField(max_length=60, help_text="Stays the same from version to version.")
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    level_1 = models.TextField(max_length=1000, help_text="What basic first steps look like.")
    level_2 = models.TextField(max_length=1000, help_text="What early progress looks like.")
    level_3 = models.TextField(max_length=1000, help_text="What substantial progress looks like.")
    level_4 = models.TextField(max_length=1000, help_text="What mature practice looks like.")

    class Meta:
        ordering = ["section", "order", "id"]
        verbose_name_plural = "framework criteria"
        constraints = [models.UniqueConstraint(fields=["section", "key"], name="framework_criterion_key_once")]

    def __str__(self) -> str:
        return self.title

    def level_text(self, level: int) -> str:
        return str(getattr(self, f"level_{int(level)}", ""))

    @property
    def levels(self) -> list[tuple[int, str, str]]:
        return [(value, str(label), self.level_text(value)) for value, label in MaturityLevel.choices]


class MaturityAssessment(CreatedByModel):
    framework = models.ForeignKey(MaturityFramework, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200)
    assessed_on = models.DateField()

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return self.title


class MaturityScore(TimeStampedModel):
    """An assessment's agreed level for one criterion, the evidence for it and who agreed it."""

    assessment = models.ForeignKey(MaturityAssessment, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(FrameworkCriterion, on_delete=models.PROTECT, related_name="scores")
    level = models.PositiveSmallIntegerField(choices=MaturityLevel.choices)
    evidence = models.TextField(max_length=2000)
    agreed_by = models.CharField(max_length=200, help_text="Who agreed the score, e.g. 'SASP, 14 March 2025'.")
    scored_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["criterion__section__order", "criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="maturity_score_once_per_criterion"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=4), name="maturity_score_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_level_display()}"
