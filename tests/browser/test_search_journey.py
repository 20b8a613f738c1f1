"""Finding a person in the browser: a misspelt transliteration, names swapped, a date of birth, a reference.

A case worker finds the man recorded as "Oleksandr Kovalenko" by typing "Aleksandr Kowalenko"
(another transliteration, misspelt) and "Kovalenko Oleksandr" (the names swapped), narrows two
men of that name with his date of birth, and finds his case by part of its reference. A name
with no match says so plainly. The name only ever travels in the body of a POST: it never
appears in the address bar or in any address the browser requests. A case worker from another
agency, not on the case's team, finds nothing under the same name or reference. Every page is
checked with axe-core.
"""

import datetime
import re
from urllib.parse import quote, quote_plus

from django.utils import timezone

from lantern.accounts.models import User
from lantern.cases import services
from lantern.cases.models import Case, Gender
from lantern.cases.tests.factories import CaseFactory, ConcernFactory, PersonFactory
from tests.browser.test_case_journeys import find_person, go_to_menu

CASE_WORKER = "case.worker@sandwell.example"
OTHER_AGENCY_WORKER = "police@sandwell.example"  # a case worker at West Midlands Police

RECORDED = ("Oleksandr", "Kovalenko")
BORN = datetime.date(1991, 6, 14)
MISSPELT = "Aleksandr Kowalenko"
SWAPPED = "Kovalenko Oleksandr"
NO_MATCH = "Bohdan Shevchuk"
NO_MATCH_MESSAGE = (
    "No cases match your search. Check the spelling, try part of the name or reference, "
    "or leave out the date of birth."
)


def open_case_for(given_name: str, family_name: str, date_of_birth: datetime.date) -> Case:
    """A case opened at triage by the SHOP coordinator, led by the demo adult case worker."""
    concern = ConcernFactory(
        raised_by=User.objects.get(email="first.responder@sandwell.example"),
        person_name=f"{given_name} {family_name}",
        approximate_age=30,
        gender=Gender.MALE,
        nationality="Ukrainian",
        seen_on=timezone.localdate(),
    )
    return services.concern_open_case(
        concern=concern,
        acting_user=User.objects.get(email="shop.coordinator@sandwell.example"),
        lead_worker=User.objects.get(email=CASE_WORKER),
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
    )


def listed(page) -> list[str]:
    """The case references listed in the Cases table, in order."""
    table = page.get_by_role("table", name="Cases")
    return [t.strip() for t in table.locator(".govuk-table__body td:first-child a").all_inner_texts()]


def only_row(page) -> str:
    rows = page.get_by_role("table", name="Cases").locator(".govuk-table__body .govuk-table__row")
    assert rows.count() == 1
    return " ".join(rows.first.inner_text().split())


def assert_no_name_in_addresses(journey, *names: str) -> None:
    """No part of any name (as typed, or encoded for an address) in the address bar or any request."""
    parts = {part for name in names for part in name.split()}
    forms = {form for part in parts for form in (part, part.lower(), quote(part), quote_plus(part))}
    forms |= {quote(name) for name in names} | {quote_plus(name) for name in names}
    addresses = [journey.page.url, *journey.requests]
    leaked = sorted({form for form in forms for url in addresses if form.lower() in url.lower()})
    assert not leaked, f"a name reached an address: {leaked}"


def test_a_case_worker_finds_a_person_by_a_misspelt_transliteration(journey, new_journey, sign_in):
    case = open_case_for(*RECORDED, BORN)
    # Another man of the same name, born earlier, on the same worker's cases.
    namesake = open_case_for("Aleksandr", "Kovalenko", datetime.date(1979, 2, 2))
    recorded_name = " ".join(RECORDED)
    page = journey.page
    sign_in(journey, CASE_WORKER)
    go_to_menu(journey, "Cases", "/cases/")

    # Another transliteration, misspelt: both men of that name are found, and nobody else.
    find_person(journey, MISSPELT)
    assert sorted(listed(page)) == sorted([case.reference, namesake.reference])
    journey.check("search by a misspelt transliteration")

    # The names in the other order: the exact spelling comes first, the namesake after.
    find_person(journey, SWAPPED)
    assert listed(page) == [case.reference, namesake.reference]
    journey.check("search with the names swapped")

    # The date of birth narrows it to him, and stays in the form.
    find_person(journey, MISSPELT, date_of_birth=BORN)
    assert listed(page) == [case.reference]
    search = page.get_by_role("search", name="Find a person")
    assert search.get_by_label("Date of birth (optional)").input_value() == BORN.isoformat()
    journey.check("search narrowed by date of birth")

    page.get_by_role("table", name="Cases").get_by_role("link", name=case.reference).click()
    page.wait_for_url(journey.url(f"/cases/{case.reference}/"))
    assert page.get_by_role("heading", level=1).inner_text() == case.reference
    assert recorded_name in page.locator("main").inner_text()
    journey.check("the case found")

    # A name that matches nobody says so plainly.
    go_to_menu(journey, "Cases", "/cases/")
    find_person(journey, NO_MATCH)
    assert only_row(page) == NO_MATCH_MESSAGE
    journey.check("search with no match")

    # Part of the case's reference (without its prefix) finds the case.
    part = case.reference.split("-", 1)[1]
    filters = page.get_by_role("search", name="Filter cases")
    filters.get_by_label("Case or concern reference").fill(part)
    filters.get_by_role("button", name="Find cases").click()
    page.wait_for_url(re.compile(rf"/cases/\?reference={re.escape(part)}&"))
    assert listed(page) == [case.reference]
    journey.check("search by part of the reference")

    assert_no_name_in_addresses(journey, recorded_name, MISSPELT, NO_MATCH, "Aleksandr Kovalenko")

    # A case worker at another agency, not on the team: the same searches find nothing.
    other = new_journey("other-agency")
    page = other.page
    sign_in(other, OTHER_AGENCY_WORKER, check_pages=False)
    go_to_menu(other, "Cases", "/cases/")
    for typed in (MISSPELT, SWAPPED, recorded_name):
        find_person(other, typed)
        assert only_row(page) == NO_MATCH_MESSAGE, typed
    find_person(other, MISSPELT, date_of_birth=BORN)
    assert only_row(page) == NO_MATCH_MESSAGE
    other.check("no match for someone not on the team")
    other.goto(f"/cases/?reference={case.reference}")
    assert only_row(page) == NO_MATCH_MESSAGE
    other.check("reference not found for someone not on the team")
    assert_no_name_in_addresses(other, recorded_name, MISSPELT)


def test_the_next_page_of_a_name_search_holds_the_rest_of_that_search(journey, sign_in):
    daniel = User.objects.get(email=CASE_WORKER)
    found = {
        CaseFactory(
            lead_worker=daniel,
            person=PersonFactory(
                given_name="Oleksandr", family_name="Kovalenko", date_of_birth=datetime.date(1970 + n, 1, 1)
            ),
        ).reference
        for n in range(27)
    }
    page = journey.page
    sign_in(journey, CASE_WORKER, check_pages=False)
    go_to_menu(journey, "Cases", "/cases/")
    find_person(journey, MISSPELT)
    first = listed(page)
    assert len(first) == 25
    journey.check("first page of a name search")

    pages = page.get_by_role("navigation", name="Pages")
    with page.expect_navigation(url=journey.url("/cases/")):
        pages.get_by_role("button", name="Next page").click()
    second = listed(page)
    assert set(first) | set(second) == found
    assert len(second) == 2
    assert "Page 2" in pages.inner_text()
    assert (
        page.get_by_role("search", name="Find a person").get_by_label("Name", exact=True).input_value()
        == MISSPELT
    )
    journey.check("second page of a name search")

    with page.expect_navigation(url=journey.url("/cases/")):
        pages.get_by_role("button", name="Previous page").click()
    assert listed(page) == first
    assert_no_name_in_addresses(journey, MISSPELT, "Oleksandr Kovalenko")
