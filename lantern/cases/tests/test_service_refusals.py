"""Every service that writes to a case refuses someone who is neither on the team nor overseeing cases.

The pages and the API refuse such users first; these tests prove the services
refuse them too, whoever calls them, and write nothing when they do.
"""

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import services
from lantern.cases.models import Case, CaseStage, Route
from lantern.cases.tests.factories import CaseFactory, days_ago, worker
from tests.support import png_bytes

pytestmark = pytest.mark.django_db


def _referred(case: Case) -> None:
    services.consent_record(case=case, acting_user=case.lead_worker, given=True, explained_on=days_ago(5),
                            language="Romanian", interpreter_used=False)
    services.referral_record(case=case, acting_user=case.lead_worker, kind="nrm", made_on=days_ago(4))


def _closed(case: Case) -> None:
    services.case_close(case=case, acting_user=case.lead_worker, outcome="moved_on", closed_on=days_ago(1))


def _flagged(case: Case) -> None:
    services.case_flag_for_shop(case=case, acting_user=case.lead_worker, reason="Needs a housing decision")


def _with_task(case: Case) -> None:
    services.task_create(case=case, acting_user=case.lead_worker, title="Call the refuge", owner=case.lead_worker,
                         due_on=days_ago(-2))


def _cg_positive(case: Case) -> None:
    case.stage, case.rg_decided_on, case.cg_decided_on = CaseStage.CG_POSITIVE, days_ago(80), days_ago(10)
    case.move_on_ends_on = days_ago(-35)
    case.save()


def _with_helper(case: Case) -> None:
    services.case_add_member(case=case, acting_user=case.lead_worker, user=worker())


# Each service: how the case is prepared (so the write would otherwise succeed), and the call as ``user``.
Call = Callable[[Case, Any], object]
SERVICES: dict[str, tuple[Callable[[Case], None] | None, Call]] = {
    "case_record_meeting": (None, lambda case, user: services.case_record_meeting(
        case=case, acting_user=user, board="SHOP", held_on=days_ago(1), what="decision")),
    "referral_questions_save": (None, lambda case, user: services.referral_questions_save(
        case=case, acting_user=user, birthplace="Constanta", under_18_during_exploitation="no")),
    "nrm_entry_add": (None, lambda case, user: services.nrm_entry_add(
        case=case, acting_user=user, kind="overseas_place", country="RO", details="A farm near Constanta")),
    "consent_record": (None, lambda case, user: services.consent_record(
        case=case, acting_user=user, given=True, explained_on=days_ago(1), language="Romanian",
        interpreter_used=False)),
    "decision_record": (_referred, lambda case, user: services.decision_record(
        case=case, acting_user=user, kind="rg", decided_on=days_ago(1), positive=True, competent_authority="sca")),
    "support_add": (None, lambda case, user: services.support_add(
        case=case, acting_user=user, kind="accommodation", provider="Refuge", started_on=days_ago(1))),
    "age_assessment_record": (None, lambda case, user: services.age_assessment_record(
        case=case, acting_user=user, assessed_on=days_ago(1), assessed_by="Children's services", outcome="adult")),
    "missing_episode_record": (None, lambda case, user: services.missing_episode_record(
        case=case, acting_user=user, went_missing_on=days_ago(2))),
    "task_create": (None, lambda case, user: services.task_create(
        case=case, acting_user=user, title="Visit", owner=case.lead_worker, due_on=days_ago(-1))),
    "task_complete": (_with_task, lambda case, user: services.task_complete(
        task=case.tasks.get(), acting_user=user)),
    "case_add_member": (None, lambda case, user: services.case_add_member(case=case, acting_user=user, user=worker())),
    "case_remove_member": (_with_helper, lambda case, user: services.case_remove_member(
        case=case, acting_user=user, user=case.memberships.exclude(user=case.lead_worker).get().user)),
    "case_flag_for_shop": (None, lambda case, user: services.case_flag_for_shop(
        case=case, acting_user=user, reason="Discuss")),
    "case_unflag_for_shop": (_flagged, lambda case, user: services.case_unflag_for_shop(case=case, acting_user=user)),
    "case_set_business": (None, lambda case, user: services.case_set_business(
        case=case, acting_user=user, business_name="Sparkle car wash")),
    "case_update_safety": (None, lambda case, user: services.case_update_safety(
        case=case, acting_user=user, safety_plan="Meet at the library only.")),
    "case_reopen": (_closed, lambda case, user: services.case_reopen(case=case, acting_user=user, reason="New risk")),
    "person_update": (None, lambda case, user: services.person_update(
        case=case, acting_user=user, given_name="Changed", date_of_birth=days_ago(16 * 365))),
    "case_close": (None, lambda case, user: services.case_close(
        case=case, acting_user=user, outcome="moved_on", closed_on=days_ago(1))),
    "note_add": (None, lambda case, user: services.note_add(case=case, acting_user=user, body="Spoke to her today.")),
    "referral_record": (None, lambda case, user: services.referral_record(
        case=case, acting_user=user, kind="adult_safeguarding", made_on=days_ago(1))),
    "screening_record": (None, lambda case, user: services.screening_record(
        case=case, acting_user=user, indicators_found=["ilo.debt"], evidence="", judgement="Likely",
        conclusion="likely", screened_on=days_ago(1))),
    "strategy_discussion_record": (None, lambda case, user: services.strategy_discussion_record(
        case=case, acting_user=user, held_on=days_ago(1), attendees="Police, health", outcome="Section 47")),
    "safeguarding_step_not_needed": (None, lambda case, user: services.safeguarding_step_not_needed(
        case=case, acting_user=user, step="ictg", reason="Parents in the UK")),
    "case_set_exploitation": (None, lambda case, user: services.case_set_exploitation(
        case=case, acting_user=user, types=["labour"], where_exploited="uk", county_lines=False)),
    "case_record_move_on_plan": (_cg_positive, lambda case, user: services.case_record_move_on_plan(
        case=case, acting_user=user, planned_on=days_ago(1), plan="Housing with the council from March.")),
    "attachment_add": (None, lambda case, user: services.attachment_add(
        case=case, acting_user=user, upload=SimpleUploadedFile("photo.png", png_bytes()))),
}


def everything_written() -> dict[str, Any]:
    """Every row of the cases app and the audit trail, to compare before and after."""
    state: dict[str, Any] = {"audit": list(AuditEntry.objects.order_by("sequence").values_list("sequence", "action"))}
    for model in apps.get_app_config("cases").get_models():
        state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_a_case_writing_service_refuses_someone_off_the_team_without_oversight(name):
    prepare, call = SERVICES[name]
    route = {"age_assessment_record": Route.AGE_UNCERTAIN, "strategy_discussion_record": Route.CHILD,
             "safeguarding_step_not_needed": Route.CHILD}.get(name, Route.ADULT)
    case = CaseFactory(route=route, stage=CaseStage.SCREENING)
    if prepare is not None:
        prepare(case)
    case.refresh_from_db()
    before = everything_written()

    for role in (Role.CASE_WORKER, Role.FIRST_RESPONDER, Role.REPORTING_TEAM, Role.BOARD_VIEWER):
        outsider = worker(role)
        with pytest.raises(PermissionDenied):
            call(case, outsider)
        case.refresh_from_db()

    assert everything_written() == before
    # The same call by the lead worker goes through: the refusal was about who asked.
    call(case, case.lead_worker)
    assert everything_written() != before


def test_the_list_covers_every_service_that_writes_to_a_case():
    """A new case service joins SERVICES above (triage's concern_* services have their own tests)."""
    writers = {
        name for name in services.__all__
        if not name.startswith("concern_") and callable(getattr(services, name))
        and {"acting_user"} <= set(inspect.signature(getattr(services, name)).parameters)
        and {"case", "task"} & set(inspect.signature(getattr(services, name)).parameters)
    }
    assert writers == set(SERVICES)
