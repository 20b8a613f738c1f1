"""What must never happen is refused by the database itself, whatever code writes the row."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.cases import rules, services
from lantern.cases.models import (
    Case,
    CaseStage,
    CaseStatus,
    ConcernStatus,
    ConsentRecord,
    Decision,
    Referral,
    ReferralKind,
    Route,
    Task,
    TaskStatus,
)
from lantern.cases.tests.factories import CaseFactory, ConcernFactory, child_case, days_ago, today

pytestmark = pytest.mark.django_db


def refused(name: str, *, unique: bool = False):
    """The write inside must fail on the named constraint (SQLite names the columns of a unique one instead)."""
    if unique and connection.vendor == "sqlite":
        return pytest.raises(IntegrityError, match="UNIQUE constraint failed: cases_referral.case_id")
    return pytest.raises(IntegrityError, match=name)


def referral(case: Case, kind: str, **fields) -> Referral:
    return Referral.objects.create(case=case, kind=kind, made_on=days_ago(1), made_by_agency=case.lead_agency,
                                   created_by=case.lead_worker, **fields)


def test_at_most_one_nrm_referral_and_one_duty_to_notify_per_case():
    case = CaseFactory()
    referral(case, ReferralKind.NRM)
    referral(case, ReferralKind.DUTY_TO_NOTIFY)
    referral(case, ReferralKind.ADULT_SAFEGUARDING)
    referral(case, ReferralKind.ADULT_SAFEGUARDING)  # other kinds may repeat
    with refused("one_nrm_referral_per_case", unique=True), transaction.atomic():
        referral(case, ReferralKind.NRM)
    with refused("one_duty_to_notify_per_case", unique=True), transaction.atomic():
        referral(case, ReferralKind.DUTY_TO_NOTIFY)
    referral(CaseFactory(), ReferralKind.NRM)  # another case has its own


def test_only_a_duty_to_notify_is_anonymous():
    case = CaseFactory()
    referral(case, ReferralKind.DUTY_TO_NOTIFY, anonymous=True)
    with refused("referral_anonymous_only_dtn"), transaction.atomic():
        referral(case, ReferralKind.NRM, anonymous=True)


def test_a_concerns_status_matches_its_case_link():
    case = CaseFactory()
    ConcernFactory(status=ConcernStatus.CASE_OPENED, case=case)
    ConcernFactory(status=ConcernStatus.LINKED, case=case)
    with refused("concern_case_matches_status"), transaction.atomic():
        ConcernFactory(status=ConcernStatus.CASE_OPENED, case=None)
    with refused("concern_case_matches_status"), transaction.atomic():
        ConcernFactory(status=ConcernStatus.SUBMITTED, case=case)
    with refused("concern_submitted_has_time"), transaction.atomic():
        ConcernFactory(status=ConcernStatus.SUBMITTED, submitted_at=None)


def test_open_and_closed_cases_are_consistent():
    with refused("closed_case_has_outcome"), transaction.atomic():
        CaseFactory(status=CaseStatus.CLOSED, closed_on=today(), outcome="")
    with refused("closed_case_has_outcome"), transaction.atomic():
        CaseFactory(status=CaseStatus.CLOSED, closed_on=today(), outcome="made_up")
    with refused("open_case_has_no_outcome"), transaction.atomic():
        CaseFactory(status=CaseStatus.OPEN, closed_on=today(), outcome="moved_on")
    CaseFactory(status=CaseStatus.CLOSED, closed_on=today(), outcome="moved_on")


@pytest.mark.parametrize("stage", [CaseStage.AWAITING_CONSENT, CaseStage.DTN_DUE, CaseStage.DUTY_TO_NOTIFY])
@pytest.mark.parametrize("route", rules.CHILD_ROUTES)
def test_a_child_is_never_at_a_consent_or_duty_to_notify_stage(route, stage):
    CaseFactory(route=Route.ADULT, stage=stage)
    with refused("case_stage_fits_route"), transaction.atomic():
        child_case(stage=stage) if route == Route.CHILD else CaseFactory(route=route, stage=stage)


def test_decisions_are_recorded_in_order_and_of_known_kinds():
    with refused("case_cg_follows_rg"), transaction.atomic():
        CaseFactory(cg_decided_on=days_ago(1), rg_decided_on=None)
    case = CaseFactory()
    fields = {"case": case, "decided_on": days_ago(1), "positive": True, "created_by": case.lead_worker}
    Decision.objects.create(kind="rg", competent_authority="sca", **fields)
    with refused("decision_kind_known"), transaction.atomic():
        Decision.objects.create(kind="maybe", competent_authority="sca", **fields)
    with refused("decision_authority_known"), transaction.atomic():
        Decision.objects.create(kind="cg", competent_authority="someone", **fields)


def test_consent_given_never_carries_the_duty_to_notify_choice():
    case = CaseFactory()
    fields = {"case": case, "explained_by": case.lead_worker, "explained_on": days_ago(1), "language": "English",
              "created_by": case.lead_worker}
    ConsentRecord.objects.create(given=False, share_details_for_dtn=True, **fields)
    with refused("consent_dtn_sharing_only_if_refused"), transaction.atomic():
        ConsentRecord.objects.create(given=True, share_details_for_dtn=True, **fields)


def test_a_done_task_has_its_completion_time():
    case = CaseFactory()
    fields = {"case": case, "title": "Call the GP", "owner": case.lead_worker, "due_on": today(),
              "created_by": case.lead_worker}
    Task.objects.create(status=TaskStatus.DONE, completed_at=timezone.now(), **fields)
    Task.objects.create(status=TaskStatus.CANCELLED, **fields)
    with refused("task_done_has_time"), transaction.atomic():
        Task.objects.create(status=TaskStatus.DONE, **fields)


# --- Two people at once (PostgreSQL: SQLite runs one writer at a time) --------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_nrm_referrals_at_once_make_one_and_a_clear_refusal(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL's row locks.")
    case = child_case()  # a child: referred without consent
    lead_id = case.lead_worker_id
    # The first writer to take the lock holds it a moment, so the second is sure to arrive while it is held.
    held = threading.Event()
    real_expected_by = rules.rg_expected_by

    def slow_expected_by(referred_on):
        if not held.is_set():
            held.set()
            time.sleep(0.5)
        return real_expected_by(referred_on)

    monkeypatch.setattr(rules, "rg_expected_by", slow_expected_by)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def record(reference: str) -> None:
        """One person recording the referral, on this thread's own database connection."""
        try:
            start.wait(timeout=10)
            mine = Case.objects.get(pk=case.pk)
            services.referral_record(case=mine, acting_user=User.objects.get(pk=lead_id), kind="nrm",
                                     made_on=today(), external_reference=reference)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - an IntegrityError here would mean the lock did not work
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(f"NRM00000{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["This case already has an NRM referral.", "recorded"]
    assert Referral.objects.filter(case_id=case.pk, kind=ReferralKind.NRM).count() == 1
    assert Case.objects.get(pk=case.pk).stage == CaseStage.REFERRED
