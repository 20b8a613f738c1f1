"""Search that finds people: by reference (whole or part), part of a name, name variants and date of birth.

Names stay encrypted: the database holds only keyed blind indexes of each part of a
name, of how it sounds and of how it starts (lantern/cases/search.py).
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import search, selectors
from lantern.cases.models import Concern, ConcernStatus, Person, PersonNameKey
from lantern.cases.tests.factories import (
    CaseFactory,
    ConcernFactory,
    PersonFactory,
    child_case,
    date_fields,
    today,
    worker,
)
from tests.support import migrate_to, verified_client

pytestmark = pytest.mark.django_db

# (typed, recorded): a search for the first must find a person recorded under the second.
MUST_MATCH = [
    ("Mohammed Ali", "Muhammad Ali"),
    ("Mohamed Ali", "Muhammad Ali"),
    ("Muhammad Ali", "Mohammed Ali"),
    ("Aleksandr Petrov", "Alexander Petrov"),
    ("Александр Петров", "Alexander Petrov"),  # Cyrillic, transliterated
    ("An Nguyen", "Nguyen Van An"),  # family name first, and a middle name not typed
    ("Nguyen Van An", "An Nguyen"),  # more names typed than recorded
    ("Nguyễn Văn An", "Nguyen Van An"),  # accents
    ("Popescu Andrei", "Andrei Popescu"),  # swapped
    ("Katarzina Nowak", "Katarzyna Nowak"),  # a typo
    ("Katarzyna Novak", "Katarzyna Nowak"),  # W and V
    ("Elena Kovalenko", "Olena Kovalenko"),
    ("Олена Коваленко", "Olena Kovalenko"),
    ("Jhon Smith", "John Smith"),  # letters swapped
    ("Youssef Haddad", "Yusuf Haddad"),
    ("Kat", "Katarzyna Nowak"),  # the start of a name
    ("Kowalenko", "Olena Kovalenko"),
    ("Nowak", "Katarzyna Nowak"),  # one of the names
    ("Li", "Li Wei"),  # a short name, whole
]
MUST_NOT_MATCH = [
    ("John Smith", "Jane Smyth"),  # the family names sound alike, the given names do not match
    ("Jane Smith", "John Smith"),  # John and Jane sound alike ("JN") but are different names
    ("Anna Kowalska", "Hannah Kowalska"),  # decided: different names, not spellings of one
    ("Mohammed Khan", "Mohammed Ali"),  # one of two names
    ("Andrei Popescu", "Andrei Ionescu"),
    ("Olena", "Helen Smith"),
    ("Ka", "Katarzyna Nowak"),  # two letters are too few to be part of a name
]


@pytest.mark.parametrize(("typed", "recorded"), MUST_MATCH)
def test_names_that_must_match(typed, recorded):
    assert search.names_match(typed, recorded)


@pytest.mark.parametrize(("typed", "recorded"), MUST_NOT_MATCH)
def test_names_that_must_not_match(typed, recorded):
    assert not search.names_match(typed, recorded)


def test_names_are_cut_into_latin_tokens_in_any_script():
    assert search.name_tokens("  Zoë  O'Brien-Smith ") == ["zoe", "o", "brien", "smith"]
    assert search.name_tokens("Олена Коваленко") == ["olena", "kovalenko"]
    assert search.name_tokens("Anna anna") == ["anna"]
    assert search.name_tokens("") == []


def test_the_best_match_is_listed_first():
    query = search.query_tokens("Mohammed Ali")
    exact = search.match_name(query, search.name_tokens("Mohammed Ali"))
    variant = search.match_name(query, search.name_tokens("Muhammad Ali"))
    assert exact is not None and variant is not None and exact.score > variant.score


# --- Through the pages, as a case worker ----------------------------------------


@pytest.fixture
def me():
    return worker()


@pytest.fixture
def my_client(me):
    return verified_client(me)


def listed(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<a class="govuk-link" href="/cases/(MSC-[^/]+)/">', response.content.decode())


def case_of(me, given, family, dob=datetime.date(1990, 3, 4), **kwargs):
    return CaseFactory(lead_worker=me, person=PersonFactory(given_name=given, family_name=family, date_of_birth=dob),
                       **kwargs)


@pytest.mark.parametrize(("typed", "recorded"), MUST_MATCH)
def test_a_search_finds_the_person_under_a_variant_of_their_name(me, my_client, typed, recorded):
    given, _, family = recorded.rpartition(" ")
    case = case_of(me, given, family)
    case_of(me, "Grace", "Mensah")  # someone else on my team
    assert listed(my_client.post("/cases/", {"name": typed})) == [case.reference]


@pytest.mark.parametrize(("typed", "recorded"), MUST_NOT_MATCH)
def test_a_search_does_not_find_a_different_name(me, my_client, typed, recorded):
    given, _, family = recorded.rpartition(" ")
    case_of(me, given, family)
    html = my_client.post("/cases/", {"name": typed}).content.decode()
    assert listed_from(html) == []
    assert "No cases match your search" in html
    assert "when you are on their team" not in html


def listed_from(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/cases/(MSC-[^/]+)/">', html)


def test_the_exact_name_comes_before_its_variants(me, my_client):
    variant = case_of(me, "Muhammad", "Ali", opened_on=today())
    exact = case_of(me, "Mohammed", "Ali", opened_on=today() - datetime.timedelta(days=300))
    assert listed(my_client.post("/cases/", {"name": "Mohammed Ali"})) == [exact.reference, variant.reference]


def test_a_date_of_birth_narrows_the_results(me, my_client):
    first = case_of(me, "Mohammed", "Ali", dob=datetime.date(1990, 3, 4))
    second = case_of(me, "Muhammad", "Ali", dob=datetime.date(2001, 7, 30))
    assert set(listed(my_client.post("/cases/", {"name": "Mohamed Ali"}))) == {first.reference, second.reference}
    assert listed(my_client.post("/cases/", {"name": "Mohamed Ali", "dob": "2001-07-30"})) == [second.reference]
    assert listed(my_client.post("/cases/", {"name": "Mohamed Ali", "dob": "2001-07-31"})) == []


def test_a_date_of_birth_finds_one_person_among_many_of_a_common_name(me, my_client, monkeypatch):
    # However many people share the name, the date of birth narrows the candidates in the database.
    monkeypatch.setattr(selectors.finding, "CANDIDATE_PEOPLE", 3)
    for year in range(1980, 1986):
        case_of(me, "Mohammed", "Ali", dob=datetime.date(year, 1, 1))
    wanted = case_of(me, "Muhammad", "Ali", dob=datetime.date(1999, 9, 9))
    assert listed(my_client.post("/cases/", {"name": "Mohammed Ali", "dob": "1999-09-09"})) == [wanted.reference]


def test_a_changed_name_is_found_under_the_new_name_only(me, my_client):
    case = case_of(me, "Olena", "Kovalenko")
    person = case.person
    response = my_client.post(f"/cases/{case.reference}/person/", {
        "given_name": "Olena", "family_name": "Shevchenko", "known_as": "",
        **date_fields("date_of_birth", person.date_of_birth), "gender": person.gender,
        "nationality": "", "second_nationality": "", "language": "",
        "phone": "", "email": "", "address": "", "safe_contact": "",
    })
    assert response.status_code == 302
    assert listed(my_client.post("/cases/", {"name": "Elena Shevchenko"})) == [case.reference]
    assert listed(my_client.post("/cases/", {"name": "Olena Kovalenko"})) == []


def test_a_person_is_found_by_the_name_they_are_known_by(me, my_client):
    nickname = CaseFactory(lead_worker=me, person=PersonFactory(given_name="", family_name="", known_as="Lena"))
    both = CaseFactory(lead_worker=me, person=PersonFactory(given_name="Olena", family_name="Kovalenko",
                                                             known_as="Lenochka"))
    # Exactly "Lena" first, then Olena (a close spelling of it).
    assert listed(my_client.post("/cases/", {"name": "Lena"})) == [nickname.reference, both.reference]
    assert listed(my_client.post("/cases/", {"name": "Lenochka Kovalenko"})) == [both.reference]
    assert listed(my_client.post("/cases/", {"name": "Olena Kovalenko"})) == [both.reference]


def test_a_person_opened_without_a_name_is_found_by_the_name_the_first_responder_gave(me):
    concern = ConcernFactory(person_name="Andrei Popescu")
    response = verified_client(worker(Role.SHOP_COORDINATOR)).post(f"/concerns/{concern.reference}/", {
        "outcome": "open_case", "lead_worker": me.pk, "given_name": "", "family_name": ""})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert listed(verified_client(me).post("/cases/", {"name": "Popescu"})) == [concern.case.reference]


def test_a_person_from_triage_is_found_by_a_variant(me):
    coordinator = worker(Role.SHOP_COORDINATOR)
    concern = ConcernFactory()
    response = verified_client(coordinator).post(f"/concerns/{concern.reference}/", {
        "outcome": "open_case", "lead_worker": me.pk, "given_name": "Aleksandr", "family_name": "Petrov",
        **date_fields("date_of_birth", datetime.date(1988, 1, 2)),
    })
    assert response.status_code == 302
    concern.refresh_from_db()
    client = verified_client(me)
    assert listed(client.post("/cases/", {"name": "Alexander Petrov", "dob": "1988-01-02"})) == [concern.case.reference]


def test_search_never_finds_a_case_the_user_may_not_see(me, my_client, settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True
    mine = case_of(me, "Katarzyna", "Nowak")
    hidden = CaseFactory(person=PersonFactory(given_name="Katarzyna", family_name="Nowak"))
    child = child_case(person=PersonFactory(given_name="Katarzina", family_name="Nowak",
                                            date_of_birth=today() - datetime.timedelta(days=15 * 365)))
    assert listed(my_client.post("/cases/", {"name": "Katarzyna Nowak"})) == [mine.reference]
    coordinator = verified_client(worker(Role.SHOP_COORDINATOR))
    found = set(listed(coordinator.post("/cases/", {"name": "Katarzyna Nowak"})))
    assert found == {mine.reference, hidden.reference}  # not the restricted child's case
    assert child.reference not in found
    # Someone with no case role finds nothing (the list itself is refused).
    assert verified_client(worker(Role.FIRST_RESPONDER)).post("/cases/", {"name": "Katarzyna Nowak"}).status_code == 403


def test_the_search_is_audited_without_the_name(me, my_client):
    case_of(me, "Olena", "Kovalenko")
    my_client.post("/cases/", {"name": "Elena Kovalenko", "dob": "1990-03-04"})
    entry = AuditEntry.objects.get(action="case.search")
    assert entry.actor == me and entry.changes == {"by": "name", "results": 1}
    assert "elena" not in str(entry.changes).lower() and "kovalenko" not in entry.target_label.lower()


def test_name_keys_hold_no_part_of_the_name(me):
    case = case_of(me, "Olena", "Kovalenko")
    keys = PersonNameKey.objects.filter(person=case.person)
    assert {key.kind for key in keys} == {"part", "sound", "prefix"}
    assert {key.tokens for key in keys} == {2}
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, digest FROM cases_personnamekey WHERE person_id = %s", [case.person.pk])
        raw = " ".join(" ".join(row) for row in cursor.fetchall()).lower()
    assert all(re.fullmatch(r"[0-9a-f]{64}", key.digest) for key in keys)
    for part in ("olena", "kovalenko", "kov", "oln", "kavalanc"):
        assert part not in raw


def test_the_rebuild_command_makes_people_recorded_without_keys_findable(me, my_client):
    case = case_of(me, "Yusuf", "Haddad")
    PersonNameKey.objects.all().delete()  # as for people recorded before name keys existed
    assert listed(my_client.post("/cases/", {"name": "Youssef Haddad"})) == []
    out = io.StringIO()
    call_command("rebuild_person_name_keys", stdout=out)
    assert out.getvalue().strip() == f"Rebuilt the name keys of {Person.objects.count()} people."
    assert listed(my_client.post("/cases/", {"name": "Youssef Haddad"})) == [case.reference]
    assert Person.objects.count() == PersonNameKey.objects.values("person").distinct().count()


# --- By reference ---------------------------------------------------------------


def test_a_case_is_found_by_its_reference_whole_or_part(me, my_client):
    case = case_of(me, "Grace", "Mensah")
    other = case_of(me, "Adam", "Nowak")
    body = case.reference.split("-", 1)[1]  # "7K3Q-9XC"
    for typed in (case.reference, case.reference.lower(), f" {body} ", body.replace("-", ""), body[:4]):
        assert listed(my_client.get("/cases/", {"reference": typed})) == [case.reference], typed
    assert other.reference  # on my team, and not found by the first case's reference
    assert listed(my_client.get("/cases/", {"reference": case.reference[:2]})) == []  # too short to be part


def test_a_case_is_found_by_the_reference_of_its_concern(me, my_client):
    case = case_of(me, "Grace", "Mensah")
    concern = ConcernFactory(status=ConcernStatus.CASE_OPENED, case=case)
    for typed in (concern.reference, concern.reference.split("-", 1)[1]):
        assert listed(my_client.get("/cases/", {"reference": typed})) == [case.reference]
    entry = AuditEntry.objects.filter(action="case.search").first()
    assert entry.changes["by"] == "reference"
    assert Concern.objects.get().case == case


def test_a_reference_of_a_case_the_user_may_not_see_finds_nothing(my_client):
    hidden = CaseFactory()
    html = my_client.get("/cases/", {"reference": hidden.reference}).content.decode()
    assert listed_from(html) == []
    assert "No cases match your search" in html


def test_other_peoples_cases_never_crowd_out_ones_own_from_a_reference_search(me, my_client, monkeypatch):
    """The cap on reference matches applies after the visibility rule: a common fragment still
    finds the searcher's own case however many cases of other teams also match."""
    monkeypatch.setattr(selectors.finding, "REFERENCE_MATCHES", 2)
    mine = case_of(me, "Grace", "Mensah")
    others = [CaseFactory() for _ in range(3)]  # newer, so first in the cases' own order
    fragment = "MSC"  # in every case reference
    assert all(fragment in case.reference for case in [mine, *others])
    assert listed(my_client.get("/cases/", {"reference": fragment})) == [mine.reference]


def test_other_teams_people_never_crowd_out_ones_own_from_a_name_search(me, my_client, monkeypatch):
    """People are ranked by their name keys before the cases are consulted; when the best-ranked
    few are all on other teams' cases, the rest are looked at, so one's own case is still found."""
    monkeypatch.setattr(selectors.finding, "CANDIDATE_FIRST_LOOK", 2)
    others = [CaseFactory(person=PersonFactory(given_name="Marek", family_name="Nowak")) for _ in range(4)]
    mine = case_of(me, "Marek", "Nowakowski")  # fewer keys in common with "Marek Nowak": ranked after the others
    assert all(case.person_id < mine.person_id for case in others)
    assert listed(my_client.post("/cases/", {"name": "Marek Nowak"})) == [mine.reference]


def test_a_key_two_typed_names_share_counts_for_one_of_them(me, monkeypatch):
    """"Maria Marek" shares the prefix "mar" between its two names: a person called Maria Smith
    has keys for one of the two typed names, not both, so is not even a candidate."""
    smith = case_of(me, "Maria", "Smith").person
    both = case_of(me, "Maria", "Marek").person
    counted = {}
    real = selectors.finding._visible_candidates

    def spy(grouped, among):
        counted.update(grouped.values_list("person_id", "positions"))
        return real(grouped, among)

    monkeypatch.setattr(selectors.finding, "_visible_candidates", spy)
    among = selectors.cases_search(user=me, filters=selectors.CaseFilters(), today=today())
    assert selectors.finding.person_search(among=among, name="Maria Marek", date_of_birth=None) == [both.pk]
    assert counted == {both.pk: 2}
    assert smith.pk not in counted


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_the_name_search_plans_its_count_of_keys_for_the_name_searched(me, my_client):
    # A generic plan of the count of shared keys (prepared, then kept for any keys) took three times as
    # long as one made for the keys searched: that statement is never prepared (ADR 31).
    case = case_of(me, "Olena", "Kovalenko")
    for _ in range(12):
        assert listed(my_client.post("/cases/", {"name": "Olena Kovalenko"})) == [case.reference]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert statements  # the page's other queries are prepared after five runs
    assert not [statement for statement in statements if "cases_personnamekey" in statement]


def test_an_empty_list_without_a_search_says_why(my_client):
    html = my_client.get("/cases/").content.decode()
    assert "There are no cases to show" in html and "No cases match" not in html
    html = my_client.get("/cases/", {"status": "closed"}).content.decode()
    assert "No cases match these filters" in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_builds_name_keys_for_people_already_recorded():
    try:
        old = migrate_to([("cases", "0012_case_age_at_exploitation_and_transition")])
        person = old.get_model("cases", "Person").objects.create(
            given_name="Olena", family_name="Kovalenko", date_of_birth=datetime.date(1990, 3, 4))
        old.get_model("cases", "Person").objects.create(given_name="", family_name="")  # no name: no keys
        new = migrate_to([("cases", "0013_person_name_keys")])
        stored = set(new.get_model("cases", "PersonNameKey").objects.values_list("person_id", "kind", "digest"))
        parts, digests = selectors.person_name_digests("Olena", "Kovalenko", datetime.date(1990, 3, 4))
        assert stored == {(person.pk, kind, digest) for kind, digest in digests}
        assert set(new.get_model("cases", "PersonNameKey").objects.values_list("tokens", flat=True)) == {parts}
    finally:
        migrate_to()


def test_the_next_page_of_a_name_search_is_more_of_that_search(me, my_client):
    # More than a page of people of that name: the next page is sent as the search was (POST), so it
    # lists the rest of them, not the next page of every case, and the name stays out of the address.
    found = {case_of(me, "Oleksandr", "Kovalenko", dob=datetime.date(1970 + n, 1, 1)).reference for n in range(27)}
    others = {case_of(me, "Grace", "Mensah").reference for _ in range(3)}
    first = my_client.post("/cases/", {"name": "Aleksandr Kowalenko"})
    html = first.content.decode()
    assert len(listed(first)) == 25
    assert 'href="?page=2"' not in html
    assert '<button type="submit" name="page" value="2"' in html
    second = my_client.post("/cases/", {"name": "Aleksandr Kowalenko", "page": "2"})
    assert len(listed(second)) == 2
    assert set(listed(first)) | set(listed(second)) == found
    assert not (set(listed(second)) & others)
    assert 'value="Aleksandr Kowalenko"' in second.content.decode()
    html = second.content.decode()
    assert '<button type="submit" name="page" value="1"' in html and 'name="page" value="3"' not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's")
@pytest.mark.parametrize(("model", "index"), [("Case", "case_reference_part"), ("Concern", "concern_reference_part")])
def test_part_of_a_reference_is_looked_up_in_the_trigram_index(model, index):
    # The filter must be the indexes' own expression (migration 0017), or every reference is read.
    from lantern.cases import models
    from lantern.cases.selectors.finding import Unhyphenated

    with connection.cursor() as cursor:
        # A test table is small enough to read whole, or along another index: leave only a bitmap scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = getattr(models, model).objects.alias(plain=Unhyphenated("reference")).filter(
        plain__contains="7K3Q").order_by().explain()
    assert index in plan
