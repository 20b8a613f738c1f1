"""Every write to concerns and cases, one module per concern.

Each service checks access, validates, locks the row it checks (so two
people acting at once cannot both pass), records a timeline event and an
audit entry in the same transaction, and queues side effects (emails) on
commit through Celery tasks (lantern.cases.tasks). A case's stage changes
only through lantern.cases.workflow.

The public names are re-exported here: ``from lantern.cases import services;
services.case_close(...)``.
"""

from lantern.cases.services.business import case_set_business, concern_set_business
from lantern.cases.services.cases import (
    case_close,
    case_flag_for_shop,
    case_record_meeting,
    case_record_move_on_plan,
    case_reopen,
    case_set_exploitation,
    case_unflag_for_shop,
    case_update_safety,
)
from lantern.cases.services.concerns import (
    concern_close,
    concern_from_report,
    concern_link_case,
    concern_open_case,
    concern_start,
    concern_submit,
    concern_update_draft,
)
from lantern.cases.services.decisions import decision_record
from lantern.cases.services.documents import attachment_add
from lantern.cases.services.nrm import nrm_entry_add, nrm_entry_remove, referral_questions_save
from lantern.cases.services.people import person_create, person_indexes, person_name_keys_save, person_update
from lantern.cases.services.referrals import referral_record
from lantern.cases.services.safeguarding import safeguarding_step_not_needed, strategy_discussion_record
from lantern.cases.services.screening import consent_record, screening_record
from lantern.cases.services.support import age_assessment_record, missing_episode_record, support_add
from lantern.cases.services.tasks import note_add, task_complete, task_create
from lantern.cases.services.team import case_add_member, case_remove_member
from lantern.cases.services.transitions import case_turn_adult, cases_apply_age_transitions

__all__ = [
    "referral_questions_save",
    "nrm_entry_remove",
    "nrm_entry_add",
    "age_assessment_record",
    "attachment_add",
    "case_add_member",
    "case_close",
    "case_flag_for_shop",
    "case_record_meeting",
    "case_record_move_on_plan",
    "case_remove_member",
    "case_reopen",
    "case_set_business",
    "case_set_exploitation",
    "case_turn_adult",
    "case_unflag_for_shop",
    "case_update_safety",
    "cases_apply_age_transitions",
    "concern_close",
    "concern_from_report",
    "concern_link_case",
    "concern_open_case",
    "concern_set_business",
    "concern_start",
    "concern_submit",
    "concern_update_draft",
    "consent_record",
    "decision_record",
    "missing_episode_record",
    "note_add",
    "person_create",
    "person_name_keys_save",
    "person_indexes",
    "person_update",
    "referral_record",
    "safeguarding_step_not_needed",
    "screening_record",
    "strategy_discussion_record",
    "support_add",
    "task_complete",
    "task_create",
]
