"""Finding cases: the case list's filters and search, by reference or by a person's name."""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db import connections
from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, StrIndex

from lantern.cases import search
from lantern.cases.models import Case, CaseExploitation, Concern, Person, PersonNameKey
from lantern.cases.selectors.access import cases_visible_to
from lantern.cases.selectors.overdue import overdue_q, with_overdue
from lantern.core import crypto
from lantern.core.planning import planned_each_time
from lantern.core.references import reference_normalise


@dataclass
class CaseFilters:
    status: str = ""
    route: str = ""
    stage: str = ""
    exploitation: str = ""
    area_id: int | None = None
    lead_worker_id: int | None = None
    agency_id: int | None = None
    overdue: bool = False
    reference: str = ""
    name: str = ""
    date_of_birth: datetime.date | None = None


def cases_search(*, user: Any, filters: CaseFilters, today: datetime.date) -> QuerySet[Case]:
    """The case list: filtered, searched by reference (whole or part) or by name (variants too, and date of birth)."""
    qs = with_overdue(cases_visible_to(user), today).prefetch_related("exploitation").select_related(
        "lead_worker", "lead_agency", "area")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.route:
        qs = qs.filter(route=filters.route)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.exploitation:
        qs = qs.filter(Exists(CaseExploitation.objects.filter(case=OuterRef("pk"), type=filters.exploitation)))
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.lead_worker_id:
        qs = qs.filter(lead_worker_id=filters.lead_worker_id)
    if filters.agency_id:
        qs = qs.filter(lead_agency_id=filters.agency_id)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.reference:
        qs = cases_with_reference(qs, filters.reference)
    if filters.name:
        ranked = person_search(among=qs, name=filters.name, date_of_birth=filters.date_of_birth)
        # Best match first: each person's place in one string of the ranked ids (one parameter however many
        # people are listed; a CASE with a WHEN a person took milliseconds to build on every search).
        listed = "," + ",".join(map(str, ranked)) + ","
        rank = StrIndex(Value(listed), Concat(Value(","), Cast("person_id", CharField()), Value(",")))
        return qs.filter(person_id__in=ranked).order_by(rank, "-opened_on", "-id")
    return qs.order_by("-opened_on", "-id")


class Unhyphenated(Func):
    """A reference without its dashes, written with the dash in the SQL (not as a parameter), so that on
    PostgreSQL the filter is the expression of the references' trigram indexes (cases migration 0017)."""

    template = "REPLACE(%(expressions)s, '-', '')"
    output_field = CharField()


REFERENCE_PART_LENGTH = 3
REFERENCE_MATCHES = 500  # cases listed at most for part of a reference (three characters can match many)


def cases_with_reference(qs: QuerySet[Case], typed: str) -> QuerySet[Case]:
    """The cases of ``qs`` whose reference, or that of a concern they came from, is or contains what was typed.

    Case and letter-alike mistakes are forgiven and dashes and spaces ignored, so "7k3q9"
    finds MSC-7K3Q-9XC; fewer than three characters must be the whole reference.
    """
    plain = reference_normalise(typed).replace("-", "")
    if not plain:
        return qs.none()
    if len(plain) < REFERENCE_PART_LENGTH:
        return qs.filter(reference__iexact=typed.strip())
    unhyphenated = Unhyphenated("reference")
    # Matched on the reference columns among the cases the user may see (unordered, so no walk
    # of the list in date order), then the list is narrowed to those cases. The cap applies
    # after the visibility rule, so other people's cases never crowd out one's own.
    visible = qs.order_by().values("pk")
    matching = [
        *Case.objects.filter(pk__in=visible).alias(plain=unhyphenated).filter(plain__contains=plain)
        .values_list("pk", flat=True)[:REFERENCE_MATCHES],
        *Concern.objects.filter(case__in=visible).alias(plain=unhyphenated).filter(plain__contains=plain)
        .values_list("case_id", flat=True)[:REFERENCE_MATCHES],
    ]
    return qs.filter(pk__in=matching)


# At most this many people are compared by name for one search (those sharing the most keys
# with it first); at most RESULT_PEOPLE of them are listed.
CANDIDATE_PEOPLE = 100
RESULT_PEOPLE = 50
# People ranked by their keys before the cases are consulted: the first CANDIDATE_FIRST_LOOK are
# checked against the cases the user may see, then (if too few of them are) up to CANDIDATE_SCAN more.
CANDIDATE_FIRST_LOOK = 300
CANDIDATE_SCAN = 10_000


def person_search(*, among: QuerySet[Case], name: str, date_of_birth: datetime.date | None) -> list[int]:
    """The people of the cases ``among`` whose name matches ``name`` (variants included), best match first.

    The database finds the candidates by their name keys (cases/search.py), without
    any name leaving it; their names (and dates of birth) are then decrypted and
    compared. With a date of birth, only people born on that day are candidates (their keys
    bound to it match), so a common name with a date of birth still finds the one person.
    """
    query = search.query_tokens(name)
    if not query:
        return []
    positions = [[_name_digest(kind, value, date_of_birth) for kind, value in search.token_keys(token)]
                 for token in query]
    # How many of the typed tokens a person's keys match, a key counting for the first token it
    # belongs to: one MAX per token (a COUNT(DISTINCT ...) sorted each person's keys apart).
    earlier: set[str] = set()
    matched = []
    for digests in positions:
        own = [digest for digest in digests if digest not in earlier]
        earlier.update(digests)
        if own:
            matched.append(Max(DbCase(When(digest__in=own, then=Value(1)), default=Value(0),
                                      output_field=IntegerField())))
    grouped = (
        PersonNameKey.objects.filter(digest__in=earlier)
        .values("person_id")
        .annotate(positions=reduce(operator.add, matched), hits=Count("digest"), parts=Max("tokens"))
        .filter(Q(positions__gte=len(query)) | Q(positions__gte=F("parts")))
        .order_by()
    )
    candidates = _visible_candidates(grouped, among)
    scored = []
    loaded = ("given_name", "family_name", "known_as", *(("date_of_birth",) if date_of_birth else ()))
    for person in Person.objects.filter(pk__in=candidates).only(*loaded):
        if date_of_birth and person.date_of_birth != date_of_birth:
            continue
        name = searchable_name(person.given_name, person.family_name, person.known_as)
        match = search.match_name(query, search.name_tokens(name))
        if match is not None:
            scored.append((-match.score, person.pk))
    return [pk for _, pk in sorted(scored)[:RESULT_PEOPLE]]


# --- Finding a person by name (and date of birth) ------------------------------------
# Names and dates of birth are encrypted, so a person is found by keyed blind
# indexes of them (lantern.core.crypto.blind_index): one of the name, one of the
# name with the date of birth. These functions are the only place they are made.


def full_name(given_name: str, family_name: str) -> str:
    return " ".join(p for p in (given_name, family_name) if p)


def person_blind_indexes(full_name: str, date_of_birth: datetime.date | None) -> tuple[str, str]:
    """The person's ``(name_index, name_dob_index)``; empty where the name (or date of birth) is not known."""
    if not full_name.strip():
        return "", ""
    name_dob = crypto.blind_index(full_name, date_of_birth.isoformat()) if date_of_birth else ""
    return crypto.blind_index(full_name), name_dob


def _visible_candidates(grouped: QuerySet[Any], among: QuerySet[Case]) -> list[int]:
    """The people of ``grouped`` (name keys counted per person) who have a case ``among``, most keys first.

    The keys are counted first and only the people with enough of them are checked
    against the cases, the best-ranked first, so a common name costs one look-up of a few
    hundred people, not one per person sharing a key.
    """
    grouped_sql, grouped_params = grouped.query.sql_with_params()

    def ranked(offset: int, limit: int) -> list[int]:
        # Planned for the keys searched each time: a generic plan (for any keys) took three times as long.
        with planned_each_time(among.db), connections[among.db].cursor() as cursor:
            # Compiled by Django with bound parameters; nothing typed is put in the text.
            cursor.execute(
                f"SELECT g.person_id FROM ({grouped_sql}) g "  # noqa: S608  # nosec B608
                "ORDER BY g.positions DESC, g.hits DESC, g.person_id LIMIT %s OFFSET %s",
                [*grouped_params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    # The best-ranked few hundred are checked against the cases the user may see, and usually hold
    # enough; only if they do not are the rest checked (a common three letters can name thousands of
    # people, each of whom would otherwise be looked up in the cases).
    chosen: list[int] = []
    for offset, limit in ((0, CANDIDATE_FIRST_LOOK), (CANDIDATE_FIRST_LOOK, CANDIDATE_SCAN)):
        batch = ranked(offset, limit)
        visible = _people_with_cases(among, batch)
        chosen += [person_id for person_id in batch if person_id in visible]
        if len(chosen) >= CANDIDATE_PEOPLE or len(batch) < limit:
            break
    return chosen[:CANDIDATE_PEOPLE]


def _people_with_cases(among: QuerySet[Case], people: list[int]) -> set[int]:
    """Those of ``people`` who have a case ``among``. On PostgreSQL the people are one array
    parameter (``= ANY``): a few hundred bound one by one took longer to plan than to look up."""
    if not people:
        return set()
    cases = among.order_by().values("person_id")
    if connections[among.db].vendor != "postgresql":
        return set(cases.filter(person_id__in=people).values_list("person_id", flat=True))
    sql, params = cases.query.sql_with_params()
    with connections[among.db].cursor() as cursor:
        # Compiled by Django with bound parameters; nothing typed is put in the text.
        cursor.execute(f"SELECT v.person_id FROM ({sql}) v WHERE v.person_id = ANY(%s)",  # noqa: S608  # nosec B608
                       [*params, people])
        return {row[0] for row in cursor.fetchall()}


def searchable_name(given_name: str, family_name: str, known_as: str) -> str:
    return " ".join(p for p in (given_name, family_name, known_as) if p)


def person_name_digests(given_name: str, family_name: str, date_of_birth: datetime.date | None,
                        known_as: str = "") -> tuple[int, list[tuple[str, str]]]:
    """The ``(kind, digest)`` name keys a person is found by (cases/search.py), and how many parts the name has.

    The name searched is the given and family names and the name they are known by.

    Each key is stored twice when the date of birth is known: alone, and bound to the date
    of birth, so that a search with a date of birth narrows in the database (equal dates of
    birth are linkable only together with an equal name key, as with ``name_dob_index``).
    """
    tokens = search.name_tokens(searchable_name(given_name, family_name, known_as))
    keys = set().union(*(search.token_keys(token) for token in tokens)) if tokens else set()
    digests = {(kind, _name_digest(kind, value, None)) for kind, value in keys}
    if date_of_birth:
        digests |= {(kind, _name_digest(kind, value, date_of_birth)) for kind, value in keys}
    return len(tokens), sorted(digests)


def _name_digest(kind: str, value: str, date_of_birth: datetime.date | None) -> str:
    if date_of_birth:
        return crypto.blind_index("person-name-key", kind, value, date_of_birth.isoformat())
    return crypto.blind_index("person-name-key", kind, value)


def _indexes_q(name_index: str, name_dob_index: str) -> Q:
    """Cases of a person with these indexes: by name and date of birth when known, else by name."""
    if name_dob_index:
        return Q(person__name_dob_index=name_dob_index)
    if name_index:
        return Q(person__name_index=name_index)
    return Q(pk__in=[])  # no name: matches nobody (not everyone whose name is not known)


def person_match_q(full_name: str, date_of_birth: datetime.date | None) -> Q:
    """Cases whose person has this name (and this date of birth, if given)."""
    return _indexes_q(*person_blind_indexes(full_name, date_of_birth))


def earlier_records_for(*, user: Any, given_name: str, family_name: str,
                        date_of_birth: datetime.date | None) -> list[Case]:
    """Earlier cases of a person matching by name (and date of birth), among those the user may see."""
    name = full_name(given_name, family_name)
    if not name:
        return []
    return list(cases_visible_to(user).filter(person_match_q(name, date_of_birth)).order_by("-opened_on")[:10])


def other_cases_of_person(*, user: Any, case: Case) -> list[Case]:
    """The user's visible cases of the same person (by the indexes stored on them), besides ``case``."""
    person = case.person
    if not (person.name_index or person.name_dob_index):
        return []
    return list(cases_visible_to(user).filter(_indexes_q(person.name_index, person.name_dob_index))
                .exclude(pk=case.pk).order_by("-opened_on")[:10])
