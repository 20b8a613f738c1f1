"""Cases from the first concern to the Home Office, on both routes (DOMAIN.md sections 4-5).

A first responder raises a concern, the SHOP coordinator triages it into a case, and the
lead worker takes it on: for an adult through consent, the NRM referral, the reasonable
grounds decision and support to closure; for a child straight to the NRM, with no consent
asked. Each person works in their own browser context, and every page is checked.
"""

import datetime
import re
from urllib.parse import quote, quote_plus

import pytest
from django.utils import timezone

from lantern.cases.models import Case, CaseStage, CaseStatus, Route

CONCERN_REFERENCE = re.compile(r"MS-[0-9A-Z]{4}-[0-9A-Z]{3}")
CASE_URL = re.compile(r"/cases/MSC-[0-9A-Z]{4}-[0-9A-Z]{3}/$")

ADULT_WORKER = "Daniel Okafor – Sandwell Council – Adult Social Care"
CHILDREN_WORKER = "Grace Bennett – Sandwell Children's Trust"


def long_date(value: datetime.date) -> str:
    """A date as the case pages show it ("j F Y"): 7 March 2026."""
    return f"{value.day} {value:%B %Y}"


def fill_date(page, field: str, value: datetime.date) -> None:
    """A GOV.UK date input: day, month and year are the fields ``<field>_0``, ``_1`` and ``_2``."""
    for part, number in enumerate((value.day, value.month, value.year)):
        page.locator(f"input[name='{field}_{part}']").fill(str(number))


def success_banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def key_date(page, key: str) -> str:
    """The value beside ``key`` in the case page's summary lists."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(f"^{re.escape(key)}$"))
    )
    return row.first.locator(".govuk-summary-list__value").inner_text().strip()


def actions(page) -> list[str]:
    """The links (and buttons) in the case page's Actions list."""
    heading = page.get_by_role("heading", name="Actions", exact=True)
    if heading.count() == 0:
        return []
    return [t.strip() for t in page.locator("h2:text-is('Actions') + ul li").all_inner_texts()]


def find_person(journey, name: str, *, date_of_birth: datetime.date | None = None) -> None:
    """Search the case list by name (and date of birth): a POST back to the list, so the address stays /cases/."""
    page = journey.page
    search = page.get_by_role("search", name="Find a person")
    search.get_by_label("Name", exact=True).fill(name)
    search.get_by_label("Date of birth (optional)").fill(date_of_birth.isoformat() if date_of_birth else "")
    with page.expect_navigation(url=journey.url("/cases/")):
        search.get_by_role("button", name="Find person").click()
    assert page.url == journey.url("/cases/")
    assert search.get_by_label("Name", exact=True).input_value() == name


def go_to_menu(journey, label: str, path: str) -> None:
    page = journey.page
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=label).click()
    page.wait_for_url(journey.url(path))
    journey.check(label)


def raise_concern(
    journey, sign_in, *, name: str, age: int, signs: list[str], exploitation: str, ward: str, premises: str
) -> str:
    """The first responder's whole concern form, step by step; returns the concern's reference."""
    page = journey.page
    sign_in(journey, "first.responder@sandwell.example")
    go_to_menu(journey, "Concerns", "/concerns/")
    page.get_by_role("link", name="Raise a concern").click()
    page.wait_for_url(journey.url("/concerns/new/"))
    journey.check("raise a concern")

    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(re.compile(r"/concerns/MS-[0-9A-Z-]+/danger/$"))
    reference = CONCERN_REFERENCE.search(page.url).group(0)
    assert f"Concern {reference} – step 1 of 6" in page.locator(".govuk-caption-l").inner_text()
    journey.check("step 1 danger")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/what/$"))
    journey.check("step 2 what")
    page.get_by_label("What did you see or were you told?").fill(
        "Workers arrive in a minibus before 6am and leave after 10pm. One told me they owe money "
        "to the man who drives them and that he keeps their passports."
    )
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/where/$"))
    journey.check("step 3 where")
    page.get_by_label("Ward or area").select_option(label=ward)
    page.get_by_label("Type of place").select_option(label=premises)
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/who/$"))
    journey.check("step 4 who")
    # Neither a name nor an age: the step says what it needs, accessibly.
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter their name or a description" in summary.inner_text()
    assert page.title().startswith("Error: ")
    journey.check("step 4 who errors")
    page.get_by_label("Their name, if known (optional)").fill(name)
    page.get_by_label("Approximate age (optional)").fill(str(age))
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/signs/$"))
    journey.check("step 5 signs")
    for sign in signs:
        page.get_by_label(sign, exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/exploitation/$"))
    journey.check("step 6 exploitation")
    page.get_by_label(exploitation, exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(journey.url(f"/concerns/{reference}/check/"))
    answers = page.locator("#answers").inner_text()
    for expected in (name, str(age), ward, premises, exploitation, *signs):
        assert expected in answers, f"{expected!r} missing from the answers"
    journey.check("check answers")
    page.get_by_role("button", name="Submit concern").click()

    page.wait_for_url(journey.url(f"/concerns/{reference}/submitted/"))
    panel = page.locator(".govuk-panel--confirmation").inner_text()
    assert "Concern submitted" in panel
    assert reference in panel
    journey.check("concern submitted")
    return reference


def triage_into_case(
    journey,
    sign_in,
    reference: str,
    *,
    expect_name: str,
    lead_worker: str,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
) -> None:
    """The SHOP coordinator finds the concern waiting and opens a case from it."""
    page = journey.page
    sign_in(journey, "shop.coordinator@sandwell.example")
    go_to_menu(journey, "Concerns", "/concerns/")
    waiting = page.get_by_role("table", name="Concerns waiting for triage, urgent first")
    waiting.get_by_role("link", name=reference).click()
    page.wait_for_url(journey.url(f"/concerns/{reference}/"))
    assert page.get_by_role("heading", level=1).inner_text() == reference
    assert expect_name in page.locator(".govuk-summary-list").nth(1).inner_text()
    journey.check("concern to triage")

    # Opening a case needs its lead worker.
    page.get_by_label("Open a case").check()
    page.get_by_role("button", name="Record triage decision").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Choose the lead worker for the new case" in page.locator(".govuk-error-summary").inner_text()
    journey.check("triage errors")

    page.get_by_label("Lead worker (for a new case)").select_option(label=lead_worker)
    page.get_by_label("Given name (for a new case, optional)").fill(given_name)
    page.get_by_label("Family name (for a new case, optional)").fill(family_name)
    if date_of_birth is not None:
        fill_date(page, "date_of_birth", date_of_birth)
    page.get_by_role("button", name="Record triage decision").click()


def land_on_the_new_case(journey) -> str:
    """The triager lands on the case they opened, without being asked why they open it (their
    triage decision is the reason, recorded in the audit trail). Returns the new case's reference."""
    page = journey.page
    page.wait_for_url(CASE_URL)
    opened = re.search(r"Case (MSC-[0-9A-Z]{4}-[0-9A-Z]{3}) opened\.", success_banner(page))
    assert opened, success_banner(page)
    assert page.get_by_role("heading", level=1).inner_text() == opened.group(1)
    journey.check("new case")
    return opened.group(1)


def open_from_my_work(journey, sign_in, email: str, case_reference: str) -> None:
    page = journey.page
    sign_in(journey, email)
    go_to_menu(journey, "My work", "/my-work/")
    my_cases = page.get_by_role("table", name="Open cases you are on")
    my_cases.get_by_role("link", name=case_reference).click()
    page.wait_for_url(journey.url(f"/cases/{case_reference}/"))
    assert page.get_by_role("heading", level=1).inner_text() == case_reference


def record_on_case(journey, case_reference: str, action: str, path: str, heading: str) -> None:
    """Follow one of the case page's actions to its form."""
    page = journey.page
    page.get_by_role("link", name=action, exact=True).click()
    page.wait_for_url(re.compile(re.escape(journey.url(f"/cases/{case_reference}/{path}")) + r"(\?.*)?$"))
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.locator(".govuk-caption-l").inner_text() == f"Case {case_reference}"
    journey.check(heading)


def submit_to_case(journey, case_reference: str, button: str, message: str) -> None:
    page = journey.page
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(journey.url(f"/cases/{case_reference}/"))
    assert message in success_banner(page)


def record_screening(journey, case_reference: str, indicators: list[str], today: datetime.date) -> None:
    page = journey.page
    record_on_case(journey, case_reference, "Record a screening", "screening/", "Record a screening")
    page.get_by_role("button", name="Save screening").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter your professional judgement" in summary.inner_text()
    assert "Select a conclusion" in summary.inner_text()
    journey.check("screening errors")
    # The signs the first responder ticked on the concern arrive ticked, with their evidence.
    revealed = page.locator(".govuk-checkboxes__conditional:not(.govuk-checkboxes__conditional--hidden) textarea")
    from_concern = revealed.count()
    for index in range(from_concern):
        assert "Reported by the first responder" in revealed.nth(index).input_value()
    for indicator in indicators:
        page.get_by_label(indicator, exact=True).check()
    # Evidence for each ticked indicator in its own box (revealed when it is ticked), and other observations.
    ticked = revealed.count()
    assert len(indicators) <= ticked <= len(indicators) + from_concern
    revealed.first.fill("Passport held by the driver.")
    page.get_by_label("Other observations (optional)").fill("Debt for transport mentioned twice.")
    page.get_by_label("Your professional judgement").fill("Consistent account; clear signs of control.")
    page.get_by_label("Likely to be a victim of modern slavery", exact=True).check()
    fill_date(page, "screened_on", today)
    submit_to_case(journey, case_reference, "Save screening", "Screening recorded.")
    assert f"{long_date(today)}: Likely to be a victim of modern slavery ({ticked} indicators" in (
        page.locator("h2:text-is('Latest screening') + p").inner_text()
    )


def record_nrm_referral(
    journey, case_reference: str, agency: str, today: datetime.date, home_office_reference: str
) -> None:
    """From the referral pack's button: the NRM is already chosen, and the worker's agency."""
    page = journey.page
    page.get_by_role("link", name="I have submitted the form – record the referral").click()
    page.wait_for_url(journey.url(f"/cases/{case_reference}/referrals/new/?kind=nrm"))
    assert page.get_by_role("heading", level=1).inner_text() == "Record a referral"
    assert page.get_by_label("National Referral Mechanism").is_checked()
    referrer = page.get_by_label("Referring organisation", exact=True)
    assert referrer.locator("option:checked").inner_text() == agency
    journey.check("record the NRM referral")
    fill_date(page, "made_on", today)
    page.get_by_label("Their reference, for example the Home Office reference (optional)").fill(
        home_office_reference
    )
    submit_to_case(journey, case_reference, "Record referral", "Referral recorded.")
    referrals = page.get_by_role("table", name="Referrals").inner_text()
    assert "National Referral Mechanism" in referrals
    assert home_office_reference in referrals
    assert key_date(page, "NRM referral") == long_date(today)


def nrm_referral_refused_without_consent(journey, case_reference: str, today: datetime.date) -> None:
    """An adult's NRM referral recorded without their consent: the service refuses it, and says why."""
    page = journey.page
    record_on_case(journey, case_reference, "Record a referral", "referrals/new/", "Record a referral")
    page.get_by_label("National Referral Mechanism").check()
    fill_date(page, "made_on", today)
    page.get_by_role("button", name="Record referral").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "An adult can only be referred to the NRM with their informed consent" in summary.inner_text()


# --- The adult route -------------------------------------------------------------------------


def test_adult_case_from_concern_to_closure(journey, new_journey, sign_in):
    today = timezone.localdate()
    reference = raise_concern(
        journey,
        sign_in,
        name="Ion Popescu",
        age=34,
        signs=["Poor living conditions", "Few or no personal effects"],
        exploitation="Labour",
        ward="Oldbury",
        premises="Hand car wash",
    )
    # The first responder sees the status of their concern, never its case.
    go_to_menu(journey, "Concerns", "/concerns/")
    own = journey.page.get_by_role("table", name="Concerns you raised")
    assert "Waiting for triage" in own.get_by_role("row").filter(has_text=reference).inner_text()

    # The SHOP coordinator triages it into a case for the adult social care worker.
    coordinator = new_journey("shop-coordinator")
    page = coordinator.page
    triage_into_case(
        coordinator,
        sign_in,
        reference,
        expect_name="Ion Popescu",
        lead_worker=ADULT_WORKER,
        given_name="Ion",
        family_name="Popescu",
        date_of_birth=datetime.date(today.year - 34, 3, 14),
    )
    case_reference = land_on_the_new_case(coordinator)
    assert page.get_by_role("heading", level=1).inner_text() == case_reference
    tags = page.locator("h1 + p").inner_text()
    assert "Adult" in tags
    assert "Open" in tags
    assert "Overdue" not in tags
    assert key_date(page, "Name") == "Ion Popescu"
    assert key_date(page, "Date of birth") == long_date(datetime.date(today.year - 34, 3, 14))
    assert key_date(page, "Exploitation") == "Labour"
    assert key_date(page, "Ward") == "Oldbury"
    assert key_date(page, "Stage") == "Screening"
    assert "Daniel Okafor (lead)" in page.locator("h2:text-is('Case team') + ul").inner_text()
    coordinator.check("new adult case")

    # The concern is now marked as turned into a case.
    journey.page.reload()
    assert "Case opened" in own.get_by_role("row").filter(has_text=reference).inner_text()

    # The lead worker finds the case on their list.
    worker = new_journey("case-worker")
    page = worker.page
    open_from_my_work(worker, sign_in, "case.worker@sandwell.example", case_reference)
    assert "screen the person against the indicators" in page.locator("#next-step").inner_text()
    worker.check("case at screening")

    record_screening(
        worker,
        case_reference,
        ["Deception (ILO)", "Restriction of movement (ILO)", "Poor living conditions"],
        today,
    )
    assert key_date(page, "Stage") == "Consent to be asked"
    assert "ask for their informed consent" in page.locator("#next-step").inner_text()
    worker.check("case awaiting consent")

    # No NRM referral for an adult without their consent: the service refuses it, and says why.
    nrm_referral_refused_without_consent(worker, case_reference, today)
    worker.check("NRM referral refused without consent")
    assert not Case.objects.get(reference=case_reference).referrals.exists()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=case_reference).click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/"))

    record_on_case(
        worker,
        case_reference,
        "Record consent decision",
        "consent/",
        "Record their decision about an NRM referral",
    )
    page.get_by_label("Yes", exact=True).check()
    fill_date(page, "explained_on", today)
    page.get_by_label("Language it was explained in").fill("Romanian")
    page.get_by_label("An interpreter was used").check()
    submit_to_case(worker, case_reference, "Record their decision", "Their decision has been recorded.")
    assert key_date(page, "Stage") == "NRM referral due"
    assert "they have consented" in page.locator("#next-step").inner_text()
    consent = page.locator("h2:text-is('Consent') + p").inner_text()
    assert (
        f"Consented to an NRM referral on {long_date(today)}, explained by Daniel Okafor in Romanian"
        in consent
    )
    assert "with an interpreter" in consent
    worker.check("case NRM referral due")

    page.locator("#next-step").get_by_role("link", name="Open the referral pack").click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/referral-pack/nrm/"))
    assert page.get_by_role("heading", level=1).inner_text() == "NRM referral pack"
    assert page.title().startswith(f"NRM referral pack – {case_reference}")
    pack = page.locator("main").inner_text()
    assert "Ion" in pack
    assert "Popescu" in pack
    assert case_reference in pack
    worker.check("NRM referral pack")

    record_nrm_referral(
        worker, case_reference, "Sandwell Council – Adult Social Care", today, "NRM2026-001234"
    )
    assert key_date(page, "Stage") == "Referred: waiting for reasonable grounds"
    next_step = page.locator("#next-step").inner_text()
    assert "Waiting for the reasonable grounds decision" in next_step
    assert "(referred today)" in next_step
    worker.check("case referred")

    record_on_case(
        worker,
        case_reference,
        "Record a Home Office decision",
        "decisions/new/",
        "Record a Home Office decision",
    )
    page.get_by_label("Reasonable grounds", exact=True).check()
    page.get_by_label("Positive", exact=True).check()
    fill_date(page, "decided_on", today)
    page.get_by_label("Single Competent Authority").check()
    submit_to_case(worker, case_reference, "Record decision", "Decision recorded.")
    recovery_ends = today + datetime.timedelta(days=30)
    assert key_date(page, "Stage") == "Positive reasonable grounds: recovery period"
    assert (
        f"Recovery period until at least {long_date(recovery_ends)}."
        in page.locator("#next-step").inner_text()
    )
    assert key_date(page, "Reasonable grounds") == (
        f"{long_date(today)}; recovery period to at least {long_date(recovery_ends)}"
    )
    decisions = page.locator("h2:text-is('Home Office decisions') + ul").inner_text()
    assert f"Reasonable grounds: positive, {long_date(today)} (Single Competent Authority)" in decisions
    worker.check("case in recovery period")

    record_on_case(worker, case_reference, "Add support", "support/new/", "Add support")
    page.get_by_label("Accommodation", exact=True).check()
    page.get_by_label("Provider", exact=True).fill("The Salvation Army")
    fill_date(page, "started_on", today)
    submit_to_case(worker, case_reference, "Add support", "Support added.")
    support = page.locator("h2:text-is('Support') + ul").inner_text()
    assert f"Accommodation – The Salvation Army, from {today.day} {today:%b %Y}" in support
    worker.check("case with support")

    # The exploitation details are changed on their own page.
    page.get_by_role("link", name="Change the exploitation details").click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/exploitation/"))
    worker.check("exploitation details")
    page.get_by_label("Criminal", exact=True).check()
    page.get_by_label("UK and overseas", exact=True).check()
    page.locator("input[name='county_lines'][value='yes']").check()
    submit_to_case(worker, case_reference, "Save", "The exploitation details have been saved.")
    assert "UK and overseas" in page.locator("main").inner_text()

    # A conclusive grounds decision before the recovery period has ended: the worker confirms why.
    record_on_case(
        worker,
        case_reference,
        "Record a Home Office decision",
        "decisions/new/",
        "Record a Home Office decision",
    )
    page.get_by_label("Conclusive grounds", exact=True).check()
    page.get_by_label("Positive", exact=True).check()
    fill_date(page, "decided_on", today)
    page.get_by_label("Single Competent Authority").check()
    page.get_by_role("button", name="Record decision").click()
    assert "select why the decision came before it ended" in page.locator(".govuk-error-summary").inner_text()
    worker.check("early conclusive grounds decision refused")
    page.get_by_label("The person asked for the decision to be made before the recovery period ended").check()
    submit_to_case(worker, case_reference, "Record decision", "Decision recorded.")
    assert key_date(page, "Stage") == "Positive conclusive grounds: move-on support"
    page.locator("#due-items").get_by_role("link", name="record the move-on plan").click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/move-on-plan/"))
    worker.check("move-on plan")
    fill_date(page, "planned_on", today)
    page.get_by_label("What happens when move-on support ends?").fill("A council tenancy; outreach continues.")
    submit_to_case(worker, case_reference, "Save the move-on plan", "The move-on plan has been saved.")
    assert "A council tenancy" in page.locator("main").inner_text()

    record_on_case(worker, case_reference, "Close the case", "close/", "Close the case")
    # The date closed starts as today.
    assert page.locator("input[name='closed_on_0']").input_value() == str(today.day)
    page.get_by_label("Supported and moved on").check()
    submit_to_case(worker, case_reference, "Close case", "Case closed.")
    assert "Closed" in page.locator("h1 + p").inner_text()
    assert key_date(page, "Closed") == f"{long_date(today)}: Supported and moved on"
    assert page.locator("#next-step").count() == 0
    assert actions(page) == ["Reopen the case"]
    worker.check("closed case")
    # A closed case leaves the worker's open cases.
    go_to_menu(worker, "My work", "/my-work/")
    assert (
        page.get_by_role("table", name="Open cases you are on")
        .get_by_role("link", name=case_reference)
        .count()
        == 0
    )

    case = Case.objects.get(reference=case_reference)
    assert (case.route, case.stage, case.status) == (Route.ADULT, CaseStage.CG_POSITIVE, CaseStatus.CLOSED)
    assert case.recovery_ends_on == recovery_ends and case.decisions.get(kind="cg").early_reason == "person_asked"
    assert case.county_lines and case.where_exploited == "uk_and_overseas"

    # The coordinator finds the person again by name: the name goes in the POST body, never the address.
    page = coordinator.page
    go_to_menu(coordinator, "Cases", "/cases/")
    find_person(coordinator, "Ion Popescu")
    rows = page.get_by_role("table", name="Cases").locator(".govuk-table__body .govuk-table__row")
    assert rows.count() == 1
    assert case_reference in rows.first.inner_text()
    assert "Closed" in rows.first.inner_text()
    assert not any("Popescu" in url for url in coordinator.requests), "the name reached an address"
    coordinator.check("person search result")


# --- The child route -------------------------------------------------------------------------


def test_child_case_goes_to_the_nrm_without_consent(journey, new_journey, sign_in, settings):
    """A 15-year-old: no consent is asked, and the NRM referral is overdue until it is made.

    The SHOP coordinator (Community Safety) can open a child's case page only where the
    partnership lets oversight roles see children's records, so that part runs with the
    restriction lifted; test_coordinator_opening_a_childs_case_under_the_default_restriction
    shows what happens under the default.
    """
    settings.LANTERN_RESTRICT_CHILD_RECORDS = False
    today = timezone.localdate()
    reference = raise_concern(
        journey,
        sign_in,
        name="Kai Doyle",
        age=15,
        signs=["Signs of grooming", "Unusual travel times"],
        exploitation="Criminal",
        ward="West Bromwich Central",
        premises="Private house",
    )

    coordinator = new_journey("shop-coordinator")
    triage_into_case(
        coordinator,
        sign_in,
        reference,
        expect_name="Kai Doyle",
        lead_worker=CHILDREN_WORKER,
        given_name="Kai",
        family_name="Doyle",
        date_of_birth=None,
    )
    case_reference = land_on_the_new_case(coordinator)
    assert "Child" in coordinator.page.locator("h1 + p").inner_text()
    coordinator.check("new child case")
    # The children's worker is in a children's services agency: they work under the default restriction.
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True

    # The children's worker: the case is on their list, overdue from the start.
    worker = new_journey("children-worker")
    page = worker.page
    sign_in(worker, "children.worker@sandwell.example")
    go_to_menu(worker, "My work", "/my-work/")
    overdue = page.locator("h2:text-is('Decisions and referrals overdue') + ul").inner_text()
    assert f"{case_reference} – a child's NRM referral has not been made" in overdue
    page.get_by_role("table", name="Open cases you are on").get_by_role("link", name=case_reference).click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/"))
    tags = page.locator("h1 + p").inner_text()
    assert "Child" in tags
    assert "Overdue" in tags
    assert key_date(page, "Date of birth") == "Not known (about 15)"
    assert key_date(page, "Stage") == "Screening"
    assert "Record consent decision" not in actions(page)
    assert "Duty to Notify pack" not in actions(page)
    assert page.get_by_role("link", name="Record consent decision").count() == 0
    worker.check("child case at screening")

    # Typed in, the consent page refuses at once: children do not give consent.
    worker.goto(f"/cases/{case_reference}/consent/")
    assert page.url == worker.url(f"/cases/{case_reference}/")
    assert "Children do not give consent" in page.locator(".govuk-notification-banner").inner_text()
    worker.check("consent refused for a child")
    assert not Case.objects.get(reference=case_reference).consents.exists()

    worker.goto(f"/cases/{case_reference}/")
    record_screening(worker, case_reference, ["Signs of grooming", "Deception (ILO)"], today)
    assert key_date(page, "Stage") == "NRM referral due"
    next_step = page.locator("#next-step").inner_text()
    assert "A child must be referred to the NRM. No consent is needed." in next_step
    assert "Overdue" in page.locator("h1 + p").inner_text()
    assert page.locator("h2:text-is('Consent')").count() == 0
    worker.check("child case NRM referral due")

    page.locator("#next-step").get_by_role("link", name="Open the referral pack").click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/referral-pack/nrm/"))
    pack = page.locator("main").inner_text()
    assert "Kai" in pack
    assert case_reference in pack
    worker.check("child NRM referral pack")

    record_nrm_referral(worker, case_reference, "Sandwell Children's Trust", today, "NRM2026-005678")
    assert key_date(page, "Stage") == "Referred: waiting for reasonable grounds"
    assert "Overdue" not in page.locator("h1 + p").inner_text()
    worker.check("child case referred")
    go_to_menu(worker, "My work", "/my-work/")
    assert (
        case_reference
        not in page.locator("main").locator("h2:text-is('Decisions and referrals overdue') + *").inner_text()
    )

    case = Case.objects.get(reference=case_reference)
    assert (case.route, case.stage, case.nrm_referred_on) == (Route.CHILD, CaseStage.REFERRED, today)
    assert not case.consents.exists()


def test_coordinator_opening_a_childs_case_under_the_default_restriction(
    journey, new_journey, sign_in, settings
):
    assert settings.LANTERN_RESTRICT_CHILD_RECORDS is True
    reference = raise_concern(
        journey,
        sign_in,
        name="Mia Doyle",
        age=14,
        signs=["Signs of grooming"],
        exploitation="Sexual",
        ward="Tipton Green",
        premises="Private house",
    )
    coordinator = new_journey("shop-coordinator")
    triage_into_case(
        coordinator,
        sign_in,
        reference,
        expect_name="Mia Doyle",
        lead_worker=CHILDREN_WORKER,
        given_name="Mia",
        family_name="Doyle",
        date_of_birth=None,
    )
    page = coordinator.page
    page.wait_for_load_state("load")
    case = Case.objects.get(concerns__reference=reference)
    assert case.route == Route.CHILD
    # The case is opened: the coordinator should be told so on a page they may see.
    assert not page.title().startswith("Page not found"), f"{page.url} is not found"
    assert f"Case {case.reference} opened." in success_banner(page)
    coordinator.check("after opening a child's case")


# --- The case list ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "restricted", [True, False], ids=["children-restricted", "children-open-to-oversight"]
)
def test_coordinator_filters_cases_and_finds_a_person(journey, sign_in, settings, restricted):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = restricted
    page = journey.page
    sign_in(journey, "shop.coordinator@sandwell.example")
    go_to_menu(journey, "Cases", "/cases/")

    filters = page.get_by_role("search", name="Filter cases")
    filters.get_by_label("Route").select_option(label="Child")
    filters.get_by_role("button", name="Find cases").click()
    page.wait_for_url(re.compile(r"/cases/\?.*route=child"))
    assert filters.get_by_label("Route").locator("option:checked").inner_text() == "Child"
    rows = page.get_by_role("table", name="Cases").locator(".govuk-table__body .govuk-table__row")
    if restricted:
        # Children's records are for children's services staff (and the team) only.
        assert rows.count() == 1
        assert "No cases match" in rows.first.inner_text()
    else:
        shown = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())]
        assert shown, "no child cases listed"
        assert set(shown) == {"Child"}, shown
    journey.check("child cases")

    # Find a person: by full name, sent in the POST body, never in the address.
    case = next(
        c
        for c in Case.objects.filter(route=Route.ADULT).order_by("opened_on").select_related("person")
        if c.person.display_name.isascii()
    )
    name = case.person.display_name
    page.get_by_role("link", name="Clear filters").click()
    page.wait_for_url(journey.url("/cases/"))
    find_person(journey, name)
    references = page.get_by_role("table", name="Cases").locator(
        ".govuk-table__body .govuk-table__row td:first-child a"
    )
    assert case.reference in references.all_inner_texts()
    in_address = {name, quote(name), quote_plus(name), case.person.family_name}
    assert not any(form in url for form in in_address for url in journey.requests), (
        "the name reached an address"
    )
    journey.check("person search")

    # An unknown name finds nothing, and says so.
    find_person(journey, "Nobody Known-Here")
    assert "No cases match" in page.get_by_role("table", name="Cases").inner_text()
    journey.check("person search without results")
