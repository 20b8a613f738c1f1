"""The child route in the browser: safeguarding before the NRM, and turning 18 (DOMAIN.md section 5).

A 17-year-old found at a car wash goes from the first responder's concern, through triage to
an adult worker (with the reason), to the children's trust worker who joined the case team
as children's services: the MASH referral, the strategy discussion and the ICTG referral come
first, then the NRM referral with no consent asked. A child who turns 18 during the case is
planned for, then moved to the adult route with their history kept. Each person works in
their own browser context, and every page is checked.
"""

import datetime
import re
from typing import Any

from django.utils import timezone

from lantern.accounts.models import User
from lantern.cases import rules, services
from lantern.cases.models import Case, CaseStage, Gender, Route
from lantern.cases.tests.factories import ConcernFactory
from lantern.partnership import selectors as partnership_selectors
from tests.browser.test_case_journeys import (
    ADULT_WORKER,
    actions,
    fill_date,
    go_to_menu,
    key_date,
    long_date,
    nrm_referral_refused_without_consent,
    raise_concern,
    record_nrm_referral,
    submit_to_case,
    success_banner,
    triage_into_case,
)

CASE_REFERENCE = re.compile(r"MSC-[0-9A-Z]{4}-[0-9A-Z]{3}")
CHILDRENS_WORKER_EMAIL = "children.worker@sandwell.example"

MASH = "Referral to children's social care / the MASH"
STRATEGY = "Strategy discussion"
ICTG = "Independent Child Trafficking Guardian (ICTG) referral"
NRM = "NRM referral"


def safeguarding(page) -> dict[str, str]:
    """Each of the child's safeguarding steps on the case page, with its status and hint."""
    section = page.get_by_role("region", name="Safeguarding the child")
    steps = {}
    for item in section.locator(".govuk-task-list__item").all():
        name = item.locator(".govuk-task-list__name-and-hint > span").inner_text().strip()
        status = item.locator(".govuk-task-list__status").inner_text().strip()
        hint = " ".join(item.locator(".govuk-task-list__hint").inner_text().split())
        steps[name] = f"{status}: {hint}" if hint else status
    return steps


def step_link(page, step: str, action: str):
    """The link to ``action`` in the row of the child's safeguarding ``step``."""
    row = page.get_by_role("region", name="Safeguarding the child").locator(".govuk-task-list__item")
    return row.filter(has_text=step).get_by_role("link", name=re.compile(f"^{action}"))


def record_step_referral(
    journey,
    case_reference: str,
    step: str,
    kind: str,
    chosen: Any,
    referred_to: str,
    on: datetime.date,
    *,
    view: str,
    referring_organisation: str | None = None,
) -> None:
    """From the row of the child's safeguarding ``step``: the referral form with ``kind`` already ``chosen``."""
    page = journey.page
    step_link(page, step, "Record the referral").click()
    page.wait_for_url(journey.url(f"/cases/{case_reference}/referrals/new/?kind={kind}"))
    assert chosen.is_checked()
    if referring_organisation is not None:
        assert page.get_by_label("Referring organisation", exact=True).locator("option:checked").inner_text() == (
            referring_organisation
        )
    journey.check(view)
    fill_date(page, "made_on", on)
    page.get_by_label("Referred to (optional)").fill(referred_to)
    submit_to_case(journey, case_reference, "Record referral", "Referral recorded.")


def open_notifications(journey) -> Any:
    """The header's Notifications link; returns the table of notifications."""
    page = journey.page
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    page.wait_for_url(journey.url("/notifications/"))
    return page.get_by_role("table", name="Your notifications, newest first")


# --- A 17-year-old at a car wash ---------------------------------------------------------------


def test_a_17_year_old_at_a_car_wash_is_safeguarded_then_referred_to_the_nrm(journey, new_journey, sign_in):
    today = timezone.localdate()
    name = "Vlad Munteanu"
    reference = raise_concern(
        journey,
        sign_in,
        name=name,
        age=17,
        signs=["Poor living conditions", "Few or no personal effects", "Unusual travel times"],
        exploitation="Labour",
        ward="Oldbury",
        premises="Hand car wash",
    )

    # The SHOP coordinator opens a case led by an adult worker: for a child, that needs a reason.
    coordinator = new_journey("shop-coordinator")
    page = coordinator.page
    triage_into_case(
        coordinator,
        sign_in,
        reference,
        expect_name=name,
        lead_worker=ADULT_WORKER,
        given_name="Vlad",
        family_name="Munteanu",
        date_of_birth=None,
    )
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    # A child's concern is never routine.
    assert "Child: high priority" in page.locator("h1 + p").inner_text()
    assert (
        "This is a child's case: choose a lead worker from children's services, or give the reason someone "
        "else should lead it" in summary.inner_text()
    )
    coordinator.check("triage asks why an adult worker leads a child's case")
    assert not Case.objects.filter(concerns__reference=reference).exists()
    page.get_by_label("the lead worker is not from children's services").fill(
        "Daniel Okafor is already working with the adults found at the same car wash."
    )
    page.get_by_role("button", name="Record triage decision").click()
    # A child's case is for its team and children's services staff: the coordinator is told it is opened.
    page.wait_for_url(coordinator.url("/concerns/"))
    banner = success_banner(page)
    assert "It is a child's case, so only its team and children's services staff can open it." in banner
    case_reference = CASE_REFERENCE.search(banner).group(0)
    coordinator.check("child's case opened by the coordinator")
    case = Case.objects.get(reference=case_reference)
    assert (case.route, case.lead_worker.email) == (Route.CHILD, "case.worker@sandwell.example")

    # The children's trust worker joined the team as children's services, and is told so.
    worker = new_journey("children-worker")
    page = worker.page
    sign_in(worker, CHILDRENS_WORKER_EMAIL)
    told = open_notifications(worker).get_by_role("row").filter(has_text=case_reference)
    assert f"You have been added to the team of case {case_reference}" in told.inner_text()
    worker.check("notifications of the children's worker")
    told.get_by_role("link", name=f"Open {case_reference}").click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/"))
    assert page.get_by_role("heading", level=1).inner_text() == case_reference
    assert "Child" in page.locator("h1 + p").inner_text()
    team = page.locator("h2:text-is('Case team') + ul").inner_text()
    assert "Daniel Okafor (lead)" in team
    assert "Grace Bennett" in team
    assert "Children's services" in team
    assert key_date(page, "Date of birth") == "Not known (about 17)"
    # The partnership's area has an ICTG service (Barnardo's, in the West Midlands): it is a step.
    assert partnership_selectors.ictg_available()
    steps = safeguarding(page)
    assert list(steps) == [MASH, STRATEGY, ICTG, NRM]
    assert steps[MASH].startswith("Due next")
    assert [steps[s].split(":")[0] for s in (STRATEGY, ICTG, NRM)] == ["Due", "Due", "Due"]
    assert "Record consent decision" not in actions(page)
    worker.check("child's case: safeguarding first")

    record_step_referral(
        worker, case_reference, MASH, "childrens_social_care", page.get_by_label("Children's social care / MASH"),
        "Sandwell MASH", today, view="record the MASH referral", referring_organisation="Sandwell Children's Trust",
    )
    steps = safeguarding(page)
    assert steps[MASH] == f"Done: Done on {long_date(today)}."
    assert steps[STRATEGY].startswith("Due next")
    worker.check("MASH referral done")

    step_link(page, STRATEGY, "Record the strategy discussion").click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/strategy-discussion/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Record a strategy discussion"
    worker.check("record the strategy discussion")
    fill_date(page, "held_on", today)
    page.get_by_label("Who took part").fill("Children's social care, West Midlands Police, school nurse.")
    page.get_by_label("What was decided").fill("Section 47 enquiry; emergency foster placement tonight.")
    submit_to_case(worker, case_reference, "Record strategy discussion", "Strategy discussion recorded.")
    steps = safeguarding(page)
    assert steps[STRATEGY] == f"Done: Done on {long_date(today)}."
    assert steps[ICTG].startswith("Due next")
    worker.check("strategy discussion done")

    # No one with parental responsibility in the UK: an ICTG referral to Barnardo's.
    record_step_referral(
        worker, case_reference, ICTG, "ictg", page.get_by_label("Independent Child Trafficking Guardian", exact=True),
        "Barnardo's ICTG service", today, view="record the ICTG referral",
    )
    steps = safeguarding(page)
    assert steps[ICTG] == f"Done: Done on {long_date(today)}."
    assert steps[NRM].startswith("Due next")
    worker.check("ICTG referral done")

    # Then the NRM: a child is always referred, with no consent asked.
    step_link(page, NRM, "Open the referral pack").click()
    page.wait_for_url(worker.url(f"/cases/{case_reference}/referral-pack/nrm/"))
    assert page.get_by_role("heading", level=1).inner_text() == "NRM referral pack"
    worker.check("child's NRM referral pack")
    record_nrm_referral(worker, case_reference, "Sandwell Children's Trust", today, "NRM2026-017017")
    assert key_date(page, "Stage") == "Referred: waiting for reasonable grounds"
    done = f"Done: Done on {long_date(today)}."
    assert safeguarding(page) == {MASH: done, STRATEGY: done, ICTG: done, NRM: done}
    referrals = page.get_by_role("table", name="Referrals").inner_text()
    assert "Children's social care / MASH" in referrals
    assert "Independent Child Trafficking Guardian" in referrals
    worker.check("child's safeguarding and NRM referral done")
    case.refresh_from_db()
    assert (case.stage, case.nrm_referred_on) == (CaseStage.REFERRED, today)
    assert not case.consents.exists()

    # An adult case worker who is not on the team: the case is not found, as if it did not exist.
    police = new_journey("police")
    sign_in(police, "police@sandwell.example", check_pages=False)
    police.goto(f"/cases/{case_reference}/")
    assert police.page.title().startswith("Page not found")
    police.check("child's case not found for a case worker outside its team", status=404)

    # The first responder is told what happened to their concern, by its reference only.
    raised = open_notifications(journey).get_by_role("row").filter(has_text=reference)
    assert f"Your concern {reference} has been triaged: a case was opened" in raised.inner_text()
    shown = journey.page.locator("main").inner_text()
    for private in (case_reference, "Vlad", "Munteanu", "Daniel Okafor", "car wash"):
        assert private not in shown, f"{private!r} shown to the first responder"
    journey.check("first responder's notifications")


# --- A child who turns 18 during the case -------------------------------------------------------


def eighteen_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - rules.ADULT_AGE)
    except ValueError:  # 29 February
        return day.replace(year=day.year - rules.ADULT_AGE, day=28)


def open_case_of_a_child_turning_18_in(days: int) -> Case:
    """A 17-year-old's case, opened at triage and screened through the services: NRM referral due."""
    today = timezone.localdate()
    responder = User.objects.get(email="first.responder@sandwell.example")
    concern = ConcernFactory(
        raised_by=responder,
        person_name="Leyla Ahmadi",
        approximate_age=17,
        gender=Gender.FEMALE,
        exploitation_types=["sexual"],
        seen_on=today,
    )
    case = services.concern_open_case(
        concern=concern,
        acting_user=User.objects.get(email="shop.coordinator@sandwell.example"),
        lead_worker=User.objects.get(email=CHILDRENS_WORKER_EMAIL),
        given_name="Leyla",
        family_name="Ahmadi",
        date_of_birth=eighteen_years_before(today + datetime.timedelta(days=days)),
    )
    services.screening_record(
        case=case,
        acting_user=case.lead_worker,
        indicators_found=["signs.unusual_travel"],
        evidence="",
        judgement="Groomed online; taken to addresses across the Black Country.",
        conclusion="likely",
        screened_on=today,
    )
    case.refresh_from_db()
    assert (case.route, case.stage) == (Route.CHILD, CaseStage.NRM_DUE)
    return case


def test_a_child_who_turns_18_during_the_case_moves_to_the_adult_route(journey, sign_in):
    today = timezone.localdate()
    case = open_case_of_a_child_turning_18_in(30)
    adult_on = rules.adult_on(case.person.date_of_birth)
    case_reference = case.reference

    # The daily run, inside the 90-day notice period: the lead is asked to plan the move.
    assert services.cases_apply_age_transitions(on=today)["planning_tasks"] >= 1
    case.refresh_from_db()
    assert case.transition_task_raised_on == today
    planning = f"Plan the move to adult services: they turn 18 on {long_date(adult_on)}"

    page = journey.page
    sign_in(journey, CHILDRENS_WORKER_EMAIL, check_pages=False)
    go_to_menu(journey, "My work", "/my-work/")
    task = (
        page.get_by_role("table", name="Your open tasks").get_by_role("row").filter(has_text=case_reference)
    )
    assert planning in task.inner_text()
    task.get_by_role("link", name=case_reference).click()
    page.wait_for_url(journey.url(f"/cases/{case_reference}/"))
    assert "Child" in page.locator("h1 + p").inner_text()
    assert planning in page.locator("h2:text-is('Tasks') + ul").inner_text()
    assert key_date(page, "Turns 18").startswith(f"{long_date(adult_on)}. The case moves to the adult route")
    assert key_date(page, "Under 18 when exploited") == "Yes"
    journey.check("child's case with the planning task")

    # The daily run on their 18th birthday: the adult route, with the history kept.
    assert services.cases_apply_age_transitions(on=adult_on)["moved_to_adult"] >= 1
    page.reload()
    tags = page.locator("h1 + p").inner_text()
    assert "Adult" in tags
    assert "Child" not in tags
    assert key_date(page, "Stage") == "Consent to be asked"
    assert "ask for their informed consent" in page.locator("#next-step").inner_text()
    assert key_date(page, "Under 18 when exploited") == "Yes – they were a child when exploited"
    assert page.get_by_role("region", name="Safeguarding the child").count() == 0
    timeline = page.locator(".moj-timeline").inner_text()
    assert "Moved to the adult route: they are now 18" in timeline
    assert "Screening recorded: 1 indicator(s)" in timeline
    assert "Case opened from concern" in timeline
    assert "Record consent decision" in actions(page)
    journey.check("case moved to the adult route")

    # The adult rules from now on: a new NRM referral needs their consent.
    nrm_referral_refused_without_consent(journey, case_reference, today)
    journey.check("new NRM referral asks for consent")
    assert not case.referrals.exists()

    # The NRM pack answers for the exploitation, not today: under 18 then.
    journey.goto(f"/cases/{case_reference}/referral-pack/nrm/")
    assert key_date(page, "Under 18") == "No"
    assert key_date(page, "Under 18 when exploited") == "Yes"
    journey.check("NRM pack after turning 18")
    case.refresh_from_db()
    assert (case.route, case.child_at_exploitation) == (Route.ADULT, True)
