"""Reading the maturity framework and assessments, and comparing assessments over time.

The same access as the plan: VIEW_GOVERNANCE reads, MANAGE_GOVERNANCE changes (else 403); a record
that does not exist is 404. Assessments made against different framework versions are compared by
the sections' and criteria's keys, which stay the same from version to version.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet

from lantern.core import charts
from lantern.governance.models import (
    FrameworkCriterion,
    FrameworkSection,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
)
from lantern.governance.selectors_plan import _get, ensure_can_view


def frameworks_visible_to(user: Any) -> QuerySet[MaturityFramework]:
    ensure_can_view(user)
    return MaturityFramework.objects.all()


def framework_current() -> MaturityFramework | None:
    return MaturityFramework.objects.filter(is_current=True).first()


def framework_get_for_user(*, user: Any, framework_id: Any) -> MaturityFramework:
    return _get(frameworks_visible_to(user), framework_id)


def framework_sections(framework: MaturityFramework) -> QuerySet[FrameworkSection]:
    return framework.sections.prefetch_related(Prefetch("criteria", FrameworkCriterion.objects.order_by("order", "id")))


def criterion_get_for_user(*, user: Any, criterion_id: Any) -> FrameworkCriterion:
    ensure_can_view(user)
    return _get(FrameworkCriterion.objects.select_related("section__framework"), criterion_id)


def section_get_for_user(*, user: Any, section_id: Any) -> FrameworkSection:
    ensure_can_view(user)
    return _get(FrameworkSection.objects.select_related("framework"), section_id)


def assessments_visible_to(user: Any) -> QuerySet[MaturityAssessment]:
    ensure_can_view(user)
    return MaturityAssessment.objects.select_related("framework")


def assessment_get_for_user(*, user: Any, assessment_id: Any) -> MaturityAssessment:
    return _get(assessments_visible_to(user), assessment_id)


def score_get_for_user(*, user: Any, score_id: Any) -> MaturityScore:
    ensure_can_view(user)
    return _get(MaturityScore.objects.select_related("criterion__section", "assessment"), score_id)


def assessment_sheet(assessment: MaturityAssessment) -> list[dict[str, Any]]:
    """Each section of the assessment's framework, with each criterion and its score (or None)."""
    scores = {s.criterion_id: s for s in assessment.scores.select_related("scored_by")}
    return [{"section": section,
             "rows": [{"criterion": c, "score": scores.get(c.pk),
                       "gap": scores[c.pk].level < MaturityLevel.MATURE if c.pk in scores else False}
                      for c in section.criteria.all()]}
            for section in framework_sections(assessment.framework)]


def _section_means(assessment: MaturityAssessment) -> dict[str, float]:
    totals: dict[str, list[int]] = {}
    for score in assessment.scores.select_related("criterion__section"):
        totals.setdefault(score.criterion.section.key, []).append(score.level)
    return {key: sum(levels) / len(levels) for key, levels in totals.items()}


def comparison(assessments: QuerySet[MaturityAssessment]) -> dict[str, Any]:
    """Assessments oldest first: a line chart of each section's average level (with its table), and a
    table of each criterion's level in each assessment, matched by key across framework versions."""
    ordered = list(assessments.order_by("assessed_on", "id").prefetch_related("scores__criterion__section"))
    framework = framework_current() or (ordered[-1].framework if ordered else None)
    if framework is None or not ordered:
        return {"chart": None, "criteria_rows": [], "assessments": ordered}
    sections = list(framework_sections(framework))
    labels = [f"{a.title} ({a.assessed_on:%b %Y})" for a in ordered]
    means = [_section_means(a) for a in ordered]
    series = [(section.title, [round(m.get(section.key, 0.0), 2) for m in means]) for section in sections]
    chart = charts.line_chart(
        title="Average maturity level by section", id="maturity-comparison",
        description="The average agreed level (1 basic first steps to 4 mature practice) of each section's criteria "
                    "in each assessment, oldest first. 0 means the section was not scored.",
        labels=labels, series=series, x_label="Assessment", fmt=lambda v: f"{v:.1f}")
    by_key = [{(s.criterion.section.key, s.criterion.key): s.level for s in a.scores.all()} for a in ordered]
    rows = [{"section": section.title, "criterion": c.title,
             "levels": [found.get((section.key, c.key)) for found in by_key]}
            for section in sections for c in section.criteria.all()]
    return {"chart": chart, "criteria_rows": rows, "assessments": ordered}
