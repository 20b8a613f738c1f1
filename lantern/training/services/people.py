"""Finding the person a row or a form names: by email, else by normalised name and agency.

``TraineeIndex`` loads, in a few set-based queries, the people a batch of rows might be, then
resolves each row in memory: an exact email, a Lantern user's email, then the same name key in
the same organisation. Someone new is created; a new person without an email whose name is very
like another's in the same organisation is a ``MatchReview`` for a person to decide.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.training.matching import closest, email_key, name_key
from lantern.training.models import (
    Attendance,
    Certificate,
    MatchReview,
    MatchStatus,
    Trainee,
    TrainingReminder,
)
from lantern.training.selectors.compliance import compliance_changed

CHUNK = 5000


@dataclass(frozen=True, slots=True)
class PersonIn:
    """What a row or a form says about a person."""

    full_name: str
    name_key: str
    email: str
    agency_id: int | None
    agency_name: str
    role: str
    job_type_id: int | None


def _org(agency_id: int | None, agency_name: str) -> tuple[int | None, str]:
    return (agency_id, "" if agency_id else name_key(agency_name))


class TraineeIndex:
    """The people rows may name, and the new people made for them (created by ``save_new``)."""

    def __init__(self, people: Sequence[PersonIn]) -> None:
        emails = {p.email for p in people if p.email}
        keys = {p.name_key for p in people}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[tuple[str, tuple[int | None, str]], int] = {}
        self.users: dict[str, tuple[int, int | None]] = {}
        for chunk in _chunks(emails):
            self.by_email.update(Trainee.objects.filter(email__in=chunk).values_list("email", "id"))
            self.users.update((email, (pk, agency)) for email, pk, agency in
                              User.objects.filter(email__in=chunk).values_list("email", "id", "agency_id"))
        linked = set(Trainee.objects.filter(user_id__in=[u for u, _ in self.users.values()])
                     .values_list("user_id", flat=True)) if self.users else set()
        self.users = {email: user for email, user in self.users.items() if user[0] not in linked}
        for chunk in _chunks(keys):
            for pk, key, agency_id, agency_name in (Trainee.objects.filter(name_key__in=chunk)
                                                    .values_list("id", "name_key", "agency_id", "agency_name")):
                self.by_name.setdefault((key, _org(agency_id, agency_name)), pk)
        self.new: list[Trainee] = []
        self.new_by_email: dict[str, int] = {}
        self.new_by_name: dict[tuple[str, tuple[int | None, str]], int] = {}

    def resolve(self, person: PersonIn) -> tuple[str, int]:
        """("old", a trainee's id) or ("new", an index into ``self.new``)."""
        org = _org(person.agency_id, person.agency_name)
        if person.email:
            if person.email in self.by_email:
                return "old", self.by_email[person.email]
            if person.email in self.new_by_email:
                return "new", self.new_by_email[person.email]
        elif (person.name_key, org) in self.by_name:
            return "old", self.by_name[(person.name_key, org)]
        elif (person.name_key, org) in self.new_by_name:
            return "new", self.new_by_name[(person.name_key, org)]
        user = self.users.pop(person.email, None) if person.email else None
        trainee = Trainee(full_name=person.full_name, name_key=person.name_key, email=person.email,
                          agency_id=person.agency_id or (user[1] if user else None),
                          agency_name="" if person.agency_id or user else person.agency_name,
                          role="" if user else person.role, job_type_id=person.job_type_id,
                          user_id=user[0] if user else None)
        index = len(self.new)
        self.new.append(trainee)
        if person.email:
            self.new_by_email[person.email] = index
        else:
            self.new_by_name.setdefault((person.name_key, org), index)
        return "new", index

    def save_new(self) -> list[MatchReview]:
        """Create the new people, and a review for each new one without an email who may be someone else."""
        Trainee.objects.bulk_create(self.new, batch_size=2000)
        return reviews_for([t for t in self.new if not t.email])

    def trainee_id(self, resolved: tuple[str, int]) -> int:
        kind, value = resolved
        return value if kind == "old" else int(self.new[value].pk)


def reviews_for(trainees: Sequence[Trainee]) -> list[MatchReview]:
    """Uncertain matches for new people without an email: a very alike name in the same organisation."""
    by_org: dict[tuple[int | None, str], list[Trainee]] = defaultdict(list)
    for trainee in trainees:
        by_org[_org(trainee.agency_id, trainee.agency_name)].append(trainee)
    reviews = []
    for (agency_id, org_key), group in by_org.items():
        others = Trainee.objects.filter(agency_id=agency_id) if agency_id else Trainee.objects.filter(
            agency__isnull=True)
        # Blocked by the name's first letter: alike names share it, and a large agency is not compared whole.
        names: dict[str, dict[str, int]] = defaultdict(dict)
        for pk, key, agency_name in others.values_list("id", "name_key", "agency_name"):
            if key and (agency_id or name_key(agency_name) == org_key):
                names[key[0]].setdefault(key, pk)
        for trainee in group:
            block = names.get(trainee.name_key[:1], {})
            found = closest(trainee.name_key, block)
            if found is not None and block[found.key] != trainee.pk:
                reviews.append(MatchReview(trainee=trainee, candidate_id=block[found.key], score=found.score))
    return MatchReview.objects.bulk_create(reviews, ignore_conflicts=True)


def trainee_resolve(*, person: PersonIn) -> tuple[Trainee, bool]:
    """The one person a form names (made if new, with a review if uncertain); and whether new."""
    index = TraineeIndex([person])
    resolved = index.resolve(person)
    if resolved[0] == "old":
        return Trainee.objects.get(pk=resolved[1]), False
    index.save_new()
    return index.new[resolved[1]], True


def trainee_for_user(user: Any) -> Trainee:
    """The training record of a Lantern user, made on first need."""
    trainee = Trainee.objects.filter(user=user).first()
    if trainee is not None:
        return trainee
    by_email = Trainee.objects.filter(email=user.email.lower(), user__isnull=True).first()
    if by_email is not None:
        by_email.user = user
        by_email.save(update_fields=["user", "updated_at"])
        return by_email
    return Trainee.objects.create(full_name=user.full_name, name_key=name_key(user.full_name),
                                  email=user.email.lower(), agency_id=user.agency_id, user=user,
                                  started_on=timezone.localdate(user.date_joined))


@transaction.atomic
def trainee_update(*, trainee: Trainee, acting_user: Any, **values: Any) -> Trainee:
    """Change what is recorded about a person: organisation, role, job type, start, manager."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    allowed = {"full_name", "email", "agency", "agency_name", "role", "job_type", "started_on", "manager",
               "manager_email", "is_active"}
    changes = {}
    for field, value in values.items():
        if field not in allowed:
            raise ValueError(field)
        if getattr(trainee, field) != value:
            changes[field] = str(value) if value is not None else None
            setattr(trainee, field, value)
    if "full_name" in values:
        trainee.name_key = name_key(trainee.full_name)
    if "email" in values:
        trainee.email = email_key(trainee.email)
    trainee.full_clean()
    trainee.save()
    audit_record(actor=acting_user, action="training.trainee.update", kind=AuditAction.UPDATE, target=trainee,
                 target_label=f"Training record {trainee.pk}", changes={k: "changed" for k in changes})
    transaction.on_commit(compliance_changed)
    return trainee


@transaction.atomic
def match_review_decide(*, review: MatchReview, same_person: bool, acting_user: Any) -> MatchReview:
    """Decide an uncertain match: the same person (the newer record's training moves to the other, which
    keeps it), or different people."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    review = MatchReview.objects.select_for_update().get(pk=review.pk)
    if review.status != MatchStatus.OPEN:
        raise ValidationError("This match has already been decided")
    if same_person:
        _merge(source=review.trainee, into=review.candidate)
        review.status = MatchStatus.MERGED
    else:
        review.status = MatchStatus.DISTINCT
    review.decided_by = acting_user
    review.decided_at = timezone.now()
    review.save()
    audit_record(actor=acting_user, action="training.match.decide", kind=AuditAction.UPDATE, target=review,
                 target_label=f"Training match {review.pk}", changes={"status": review.status})
    transaction.on_commit(compliance_changed)
    return review


def _merge(*, source: Trainee, into: Trainee) -> None:
    """Move ``source``'s attendance, certificates and reminders to ``into``; ``source`` is left inactive.
    An attendance ``into`` already has at the same session stays as ``into`` had it."""
    taken = set(Attendance.objects.filter(trainee=into, session__isnull=False).values_list("session_id", flat=True))
    Attendance.objects.filter(trainee=source).exclude(session_id__in=taken).update(trainee=into)
    Certificate.objects.filter(trainee=source).update(trainee=into)
    TrainingReminder.objects.filter(trainee=source).delete()
    for field in ("email", "user_id", "agency_id", "job_type_id", "started_on", "manager_id"):
        if not getattr(into, field) and getattr(source, field):
            setattr(into, field, getattr(source, field))
            if field in ("email", "user_id"):
                setattr(source, field, "" if field == "email" else None)
    source.is_active = False
    source.save()
    into.save()
    MatchReview.objects.filter(trainee=source, status=MatchStatus.OPEN).exclude(candidate=into).update(
        status=MatchStatus.DISTINCT)


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    iterator = iter(values)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk
