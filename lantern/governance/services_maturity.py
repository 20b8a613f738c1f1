"""Every change to the maturity framework and the assessments, audited in its transaction.

A framework version that an assessment has used is never edited: a change in substance (a title or
a level's description that reads differently, a new criterion) makes a new version, current from then
on, and leaves the old one as the assessments made with it saw it. A version no assessment has used
yet is edited in place. The default framework ships as data (``data/maturity_default.json``).
"""

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.governance.models import (
    FrameworkCriterion,
    FrameworkSection,
    MaturityAssessment,
    MaturityFramework,
    MaturityScore,
)
from lantern.governance.selectors_plan import ensure_can_manage

DEFAULT_FRAMEWORK = Path(__file__).resolve().parent / "data" / "maturity_default.json"
LEVEL_FIELDS = ("level_1", "level_2", "level_3", "level_4")


def _normal(text: str) -> str:
    return " ".join(str(text or "").split())


@transaction.atomic
def framework_install_default(*, acting_user: User | None = None) -> MaturityFramework:
    """The current framework; when there is none yet, version 1 made from the shipped default."""
    if acting_user is not None:
        ensure_can_manage(acting_user)
    current = MaturityFramework.objects.select_for_update().filter(is_current=True).first()
    if current is not None:
        return current
    data = json.loads(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    version = (MaturityFramework.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    framework = MaturityFramework.objects.create(version=version, title=data["title"], is_current=True,
                                                 change_note="The default framework shipped with Lantern.",
                                                 created_by=acting_user)
    for s_order, section_data in enumerate(data["sections"], start=1):
        section = FrameworkSection.objects.create(framework=framework, key=section_data["key"],
                                                  title=section_data["title"], order=s_order,
                                                  priority_area=section_data["priority_area"])
        for c_order, criterion in enumerate(section_data["criteria"], start=1):
            FrameworkCriterion.objects.create(section=section, key=criterion["key"], title=criterion["title"],
                                              order=c_order, **dict(zip(LEVEL_FIELDS, criterion["levels"], strict=True)))
    audit_record(actor=acting_user, action="maturity_framework.install_default", kind=AuditAction.CREATE,
                 target=framework, changes={"version": framework.version})
    return framework


def _in_use(framework: MaturityFramework) -> bool:
    return framework.assessments.exists()


def _new_version(framework: MaturityFramework, *, acting_user: User, change_note: str) -> tuple[
        MaturityFramework, dict[int, FrameworkSection], dict[int, FrameworkCriterion]]:
    """A copy of ``framework`` as the next version, made current; maps from old sections and criteria."""
    version = (MaturityFramework.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    MaturityFramework.objects.filter(is_current=True).update(is_current=False)
    copy = MaturityFramework.objects.create(version=version, title=framework.title, is_current=True,
                                            change_note=change_note.strip()[:300], created_by=acting_user)
    sections: dict[int, FrameworkSection] = {}
    criteria: dict[int, FrameworkCriterion] = {}
    for section in framework.sections.all():
        sections[section.pk] = FrameworkSection.objects.create(
            framework=copy, key=section.key, title=section.title, order=section.order,
            priority_area=section.priority_area)
        for criterion in section.criteria.all():
            criteria[criterion.pk] = FrameworkCriterion.objects.create(
                section=sections[section.pk], key=criterion.key, title=criterion.title, order=criterion.order,
                **{name: getattr(criterion, name) for name in LEVEL_FIELDS})
    audit_record(actor=acting_user, action="maturity_framework.new_version", kind=AuditAction.CREATE, target=copy,
                 changes={"version": copy.version, "from_version": framework.version})
    return copy, sections, criteria


def _ensure_editable(framework: MaturityFramework) -> None:
    if not framework.is_current:
        raise ValidationError("Only the current version of the framework can be changed")


@transaction.atomic
def framework_criterion_edit(*, criterion: FrameworkCriterion, acting_user: User, title: str, level_1: str,
                             level_2: str, level_3: str, level_4: str, change_note: str = "") -> FrameworkCriterion:
    """Reword a criterion. In substance and in a version already used: a new version, with the change."""
    ensure_can_manage(acting_user)
    framework = MaturityFramework.objects.select_for_update().get(pk=criterion.section.framework_id)
    _ensure_editable(framework)
    new = {"title": title, "level_1": level_1, "level_2": level_2, "level_3": level_3, "level_4": level_4}
    changed = [name for name, value in new.items() if _normal(value) != _normal(getattr(criterion, name))]
    if not changed:
        return criterion
    if _in_use(framework):
        framework, _sections, criteria = _new_version(
            framework, acting_user=acting_user, change_note=change_note or f"Reworded: {criterion.title}")
        criterion = criteria[criterion.pk]
    for name in changed:
        setattr(criterion, name, new[name].strip())
    criterion.full_clean()
    criterion.save()
    audit_record(actor=acting_user, action="maturity_criterion.edit", kind=AuditAction.UPDATE, target=criterion,
                 changes={"version": framework.version, "fields": changed})
    return criterion


@transaction.atomic
def framework_criterion_add(*, section: FrameworkSection, acting_user: User, title: str, level_1: str, level_2: str,
                            level_3: str, level_4: str, change_note: str = "") -> FrameworkCriterion:
    """A new criterion in a section (in a new version when the current one has been used)."""
    ensure_can_manage(acting_user)
    framework = MaturityFramework.objects.select_for_update().get(pk=section.framework_id)
    _ensure_editable(framework)
    if _in_use(framework):
        framework, sections, _criteria = _new_version(
            framework, acting_user=acting_user, change_note=change_note or f"Added a criterion: {title.strip()}")
        section = sections[section.pk]
    base = slugify(title)[:50] or "criterion"
    key, n = base, 1
    while section.criteria.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    criterion = FrameworkCriterion(section=section, key=key, title=title.strip(), order=section.criteria.count() + 1,
                                   level_1=level_1.strip(), level_2=level_2.strip(), level_3=level_3.strip(),
                                   level_4=level_4.strip())
    criterion.full_clean()
    criterion.save()
    audit_record(actor=acting_user, action="maturity_criterion.add", kind=AuditAction.CREATE, target=criterion,
                 changes={"version": framework.version, "section": section.key, "key": key})
    return criterion


@transaction.atomic
def assessment_create(*, acting_user: User, title: str, assessed_on: datetime.date) -> MaturityAssessment:
    """A new assessment against the current framework (installing the default if there is none)."""
    ensure_can_manage(acting_user)
    framework = framework_install_default(acting_user=acting_user)
    assessment = MaturityAssessment(framework=framework, title=title.strip(), assessed_on=assessed_on,
                                    created_by=acting_user)
    assessment.full_clean()
    assessment.save()
    audit_record(actor=acting_user, action="maturity_assessment.create", kind=AuditAction.CREATE, target=assessment,
                 changes={"framework_version": framework.version, "assessed_on": str(assessed_on)})
    return assessment


@transaction.atomic
def assessment_score(*, assessment: MaturityAssessment, criterion: FrameworkCriterion, acting_user: User,
                     level: int, evidence: str, agreed_by: str) -> MaturityScore:
    """Record (or change) the agreed level for one criterion, with its evidence and who agreed it."""
    ensure_can_manage(acting_user)
    if criterion.section.framework_id != assessment.framework_id:
        raise ValidationError({"criterion": "That criterion is not in the framework this assessment uses"})
    errors: dict[str, Any] = {}
    if not _normal(evidence):
        errors["evidence"] = "Enter the evidence for the level"
    if not _normal(agreed_by):
        errors["agreed_by"] = "Enter who agreed the level"
    if errors:
        raise ValidationError(errors)
    score = MaturityScore.objects.select_for_update().filter(assessment=assessment, criterion=criterion).first()
    before = score.level if score else None
    if score is None:
        score = MaturityScore(assessment=assessment, criterion=criterion, scored_by=acting_user)
    score.level, score.evidence, score.agreed_by, score.scored_by = int(level), evidence.strip(), agreed_by.strip(), acting_user
    score.full_clean()
    score.save()
    audit_record(actor=acting_user, action="maturity_assessment.score", kind=AuditAction.UPDATE, target=assessment,
                 changes={"criterion": criterion.key, "section": criterion.section.key, "level": [before, score.level]})
    return score
