"""`seed_demo` builds about 60 synthetic cases across both routes, every stage and outcome, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.cases import demo, rules
from lantern.cases.models import Case, CaseMember, CaseStage, CaseStatus, Concern, Person, Route
from lantern.cases.tests.factories import today
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_a_realistic_caseload_once():
    output = seed()
    assert f"Added {demo.CASE_COUNT} demo cases." in output
    total = Case.objects.count()
    assert total == demo.CASE_COUNT and 50 <= total <= 70

    routes = dict(Case.objects.values_list("route").annotate(n=Count("id")))
    assert set(routes) == set(Route.values) and routes[Route.ADULT] > routes[Route.AGE_UNCERTAIN]
    stages = set(Case.objects.values_list("stage", flat=True))
    assert len(stages) >= 6 and {CaseStage.REFERRED, CaseStage.RECOVERY, CaseStage.DUTY_TO_NOTIFY} <= stages
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {CaseStatus.OPEN, CaseStatus.CLOSED}
    assert not Case.objects.filter(status=CaseStatus.CLOSED, outcome="").exists()

    for case in Case.objects.select_related("person"):
        # Every case has its lead on the team, a concern it came from, and consistent dates.
        assert CaseMember.objects.filter(case=case, user=case.lead_worker).exists()
        assert case.concerns.count() == 1
        assert case.opened_on <= today()
        if case.rg_decided_on and case.stage == CaseStage.RECOVERY:
            assert case.recovery_ends_on == rules.recovery_period_end(case.rg_decided_on)
        if case.cg_decided_on and case.stage == CaseStage.CG_POSITIVE:
            assert case.move_on_ends_on == rules.move_on_end(case.cg_decided_on)
        if case.nrm_referred_on and case.rg_decided_on is None:
            assert case.rg_expected_by == rules.rg_expected_by(case.nrm_referred_on)
        if case.is_child:
            assert not case.consents.exists() and not case.referrals.filter(kind="dtn").exists()
        assert case.person.name_index  # findable by name
    # No adult was referred into the NRM without consenting.
    for case in Case.objects.filter(route=Route.ADULT, nrm_referred_on__isnull=False):
        assert case.consents.filter(given=True).exists()

    counts = (Case.objects.count(), Person.objects.count(), Concern.objects.count(), User.objects.count())
    again = seed()
    assert "demo cases" not in again
    assert (Case.objects.count(), Person.objects.count(), Concern.objects.count(), User.objects.count()) == counts


def test_demo_case_worker_sees_their_cases():
    seed()
    worker = User.objects.get(email="case.worker@sandwell.example")
    assert worker.can(Capability.WORK_CASES)
    client = verified_client(worker)
    html = client.get("/cases/").content.decode()
    mine = Case.objects.filter(memberships__user=worker).order_by("-opened_on", "-id").first()
    assert mine.reference in html
    assert client.get(f"/cases/{mine.reference}/").status_code == 200


def test_the_demo_cases_email_no_triage_team(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    # Every demo case's concern is triaged before its email would go.
    demo_concerns = set(Concern.objects.filter(case__isnull=False).values_list("reference", flat=True))
    assert len(demo_concerns) == demo.CASE_COUNT
    assert not [m.subject for m in mailoutbox if any(ref in m.subject for ref in demo_concerns)]
