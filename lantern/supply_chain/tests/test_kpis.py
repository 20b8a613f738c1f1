"""The supply-chain KPIs (objective 6) on hand-built suppliers, spend, screenings and due diligence with
known answers: each period's figure, the one before it, an empty period and the quarter's last day."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from lantern.accounts.capabilities import Role
from lantern.core.kpis import kpi_get, kpis_for
from lantern.core.periods import parse
from lantern.core.reference import Objective
from lantern.supply_chain.models import (
    ActionStatus,
    CorrectiveAction,
    Questionnaire,
    RiskBand,
    RiskModel,
    Severity,
    SupplierScreening,
)
from lantern.supply_chain.selectors.aggregates import reading_day
from lantern.supply_chain.tests.factories_diligence import (
    CorrectiveActionFactory,
    SupplierAuditFactory,
    questionnaire_sent,
    questionnaire_submitted,
)
from lantern.supply_chain.tests.factories_risk import pay, supplier
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
D = datetime.date
Q2, Q3, Q4 = parse("2026-Q2"), parse("2026-Q3"), parse("2026-Q4")
EMPTY = parse("2025-Q1")


def at(*parts):
    return datetime.datetime(*parts, tzinfo=LONDON)


def compute(slug, period=Q3):
    return kpi_get(slug).compute(period)


def table(result, slug):
    breakdown = next(b for b in result.breakdowns if b.slug == slug)
    return dict(zip(breakdown.rows, breakdown.counts, strict=True))


def screen(made, band, when, *, latest=True):
    model = RiskModel.objects.first() or RiskModel.objects.create(version=1, definition={}, change_note="Test")
    if latest:
        SupplierScreening.objects.filter(supplier=made, is_latest=True).update(is_latest=False)
    return SupplierScreening.objects.create(
        supplier=made, model=model, score=80 if band in (RiskBand.HIGH, RiskBand.VERY_HIGH) else 10, band=band,
        summary="Test", spend_in_period=Decimal(0), period_start=D(2025, 1, 1), period_end=D(2025, 12, 31),
        screened_at=when, is_latest=latest)


def test_the_four_measures_are_registered_for_objective_6():
    slugs = [kpi.slug for kpi in kpis_for(Objective.PROCUREMENT)]
    assert slugs == ["suppliers-screened", "high-risk-spend-due-diligence", "corrective-actions-open",
                     "corrective-actions-overdue"]


def test_suppliers_screened_in_the_period_each_once_on_local_days_and_in_all_to_its_end():
    first_day = supplier("First Day Ltd")
    screen(first_day, RiskBand.LOW, at(2026, 7, 1, 0, 15))  # 30 June in UTC: still Q3 in London
    twice = supplier("Twice Ltd")
    screen(twice, RiskBand.MEDIUM, at(2026, 7, 10, 9, 0), latest=False)
    screen(twice, RiskBand.VERY_HIGH, at(2026, 9, 30, 23, 45))  # the quarter's last day: its last band counts
    earlier = supplier("Earlier Ltd")
    screen(earlier, RiskBand.HIGH, at(2026, 4, 2, 9, 0))  # Q2 only
    after = supplier("After Ltd")
    screen(after, RiskBand.HIGH, at(2026, 10, 1, 0, 5))  # 30 September in UTC, but Q4 in London
    merged = supplier("Merged Ltd", merged_into=twice)
    screen(merged, RiskBand.HIGH, at(2026, 8, 1, 9, 0))  # merged away: not a supplier of its own now

    result = compute("suppliers-screened")
    assert result.value == 2
    assert table(result, "by-band") == {"Very high": 1, "High": 0, "Medium": 0, "Low": 1}
    assert table(result, "coverage") == {"Screened in the period": 2, "Screened at any time up to the end of the period": 3}
    previous = compute("suppliers-screened", Q3.previous())
    assert previous.value == 1 and table(previous, "coverage")["Screened at any time up to the end of the period"] == 1
    assert compute("suppliers-screened", Q4).value == 1


def test_every_measure_of_an_empty_period_is_zero_or_nothing_to_measure():
    assert compute("suppliers-screened", EMPTY).value == 0
    share = compute("high-risk-spend-due-diligence", EMPTY)
    assert share.value is None and share.base == 0
    assert compute("corrective-actions-open", EMPTY).value == 0
    assert compute("corrective-actions-overdue", EMPTY).value == 0


def test_share_of_high_risk_spend_with_due_diligence():
    checked = supplier("Checked Ltd")  # very high; questionnaire answered in May: due diligence
    screen(checked, RiskBand.VERY_HIGH, at(2026, 6, 1, 9, 0))
    pay(checked, "600", on=D(2026, 9, 30))  # the quarter's last day
    answered = questionnaire_submitted(checked)
    Questionnaire.objects.filter(pk=answered.pk).update(submitted_at=at(2026, 5, 1, 10, 0))

    unchecked = supplier("Unchecked Ltd")  # high; a questionnaire only sent is not due diligence
    screen(unchecked, RiskBand.HIGH, at(2026, 6, 1, 9, 0))
    pay(unchecked, "400", on=D(2026, 7, 1))
    questionnaire_sent(unchecked)

    audited_later = supplier("Audited Later Ltd")  # high; audited after the period ended
    screen(audited_later, RiskBand.HIGH, at(2026, 6, 1, 9, 0))
    pay(audited_later, "1000", on=D(2026, 8, 1))
    SupplierAuditFactory(supplier=audited_later, carried_out_on=D(2026, 10, 1))

    paid_after = supplier("Paid After Ltd")  # high, but paid in the next quarter
    screen(paid_after, RiskBand.HIGH, at(2026, 6, 1, 9, 0))
    pay(paid_after, "5000", on=D(2026, 10, 1))

    low = supplier("Low Ltd")  # audited, but low risk now (it was high once)
    screen(low, RiskBand.HIGH, at(2026, 1, 1, 9, 0))
    screen(low, RiskBand.LOW, at(2026, 6, 1, 9, 0))
    pay(low, "9000", on=D(2026, 8, 1))
    SupplierAuditFactory(supplier=low, carried_out_on=D(2026, 9, 1))

    result = compute("high-risk-spend-due-diligence")
    assert result.value == 30.0  # £600 of £2,000
    assert result.base == 3
    assert table(result, "suppliers") == {"Due diligence in the 12 months to the end of the period": 1,
                                          "No due diligence in those 12 months": 2}
    assert compute("high-risk-spend-due-diligence", Q2).value is None  # no high-risk spend in Q2
    # In Q4 the later audit counts, as of the reading day: £5,000 to a supplier with none.
    assert compute("high-risk-spend-due-diligence", Q4).value == 0.0


def action(*, created, due, severity=Severity.HIGH, status=ActionStatus.OPEN, done_on=None):
    made = CorrectiveActionFactory(finding__severity=severity, due_on=due)
    CorrectiveAction.objects.filter(pk=made.pk).update(created_at=created, status=status, done_on=done_on)
    return made


def test_corrective_actions_open_and_overdue_on_the_quarters_last_day():
    action(created=at(2026, 6, 1, 9, 0), due=D(2026, 9, 29))  # open and overdue on 30 September
    action(created=at(2026, 6, 1, 9, 0), due=D(2026, 9, 30))  # due on the last day: open, not overdue
    action(created=at(2026, 6, 1, 9, 0), due=D(2026, 8, 1), severity=Severity.CRITICAL,
           status=ActionStatus.DONE, done_on=D(2026, 10, 5))  # done only after the quarter: was open and overdue
    action(created=at(2026, 6, 1, 9, 0), due=D(2026, 6, 15), status=ActionStatus.DONE,
           done_on=D(2026, 9, 30))  # done on the last day: not open then
    action(created=at(2026, 10, 1, 0, 5), due=D(2026, 9, 1))  # added in Q4 (30 September in UTC)

    opened = compute("corrective-actions-open")
    assert opened.value == 3
    assert table(opened, "by-severity") == {"Critical": 1, "High": 2, "Medium": 0, "Low": 0}
    overdue = compute("corrective-actions-overdue")
    assert overdue.value == 2
    assert table(overdue, "by-severity") == {"Critical": 1, "High": 1, "Medium": 0, "Low": 0}
    # On 30 June all four were open; only the one due on 15 June was overdue.
    assert compute("corrective-actions-open", Q2).value == 4
    assert compute("corrective-actions-overdue", Q2).value == 1


def test_a_period_not_yet_ended_is_read_today():
    today = datetime.date.today()  # noqa: DTZ011 (compared with the local date below)
    assert reading_day(D(2999, 12, 31)) in (today, today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))
    assert reading_day(D(2020, 3, 31)) == D(2020, 3, 31)


def test_the_dashboard_shows_the_measures_to_the_programme_manager_and_board_viewer():
    for role in (Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER):
        html = verified_client(make_user(role)).get("/insights/", {"period": "2026-Q3",
                                                                   "objective": "procurement"}).content.decode()
        assert "High-risk spend with due diligence" in html and "Corrective actions overdue" in html
        assert "Concerns raised" not in html
    for role in (Role.CASE_WORKER, Role.PROCUREMENT_OFFICER):
        assert verified_client(make_user(role)).get("/insights/").status_code == 403
