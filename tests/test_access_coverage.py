"""Every page and API endpoint of supply chains, insight, governance and training has an access rule.

``ACCESS`` names, for each route of the four apps (found by walking Django's URL resolver, the API router's
routes included), the test that proves who may use it and what everyone else gets. A route missing from it
fails ``test_every_route_has_an_access_rule``: a new page cannot ship without one.

A route already proven for every role by an app's own access test points at that test; every other route is
proven here, for every role (``assert_access`` from tests/support), in the tests below. Two sweeps run over
every route whatever its entry: an anonymous visitor is sent to sign in (pages) or refused (API), and no role
ever gets a server error from an address whose record does not exist."""

import ast
import datetime
import functools
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from lantern.accounts.capabilities import Capability, Role, roles_with
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, png_bytes, verified_client

pytestmark = pytest.mark.django_db

APPS = ("lantern.supply_chain", "lantern.insights", "lantern.governance", "lantern.training")
ROOT = Path(__file__).resolve().parent.parent
HERE = "tests/test_access_coverage.py"
EVERYONE = set(Role.values)
SUPPLY_CHAIN = {Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER}
PROCUREMENT: set[str] = {Role.PROCUREMENT_OFFICER}

# --- Where each route's access is proven -------------------------------------------------------------------
# "path::test" (a test function in that file). PUBLIC marks a page for anyone, signed in or not; its entry
# still names the test that proves it.

PUBLIC = "public: "

TR = "lantern/training/tests/test_access.py"
TR_EVAL = "lantern/training/tests/test_evaluation_access.py"
TR_WITHDRAW = "lantern/training/tests/test_certificate_withdraw.py"
TR_CAMP = "lantern/training/tests/test_campaigns.py"
TR_CAMP_API = "lantern/training/tests/test_campaigns_api.py"
TR_LEARN = "lantern/training/tests/test_learn_module.py"
TR_QUIZ = "lantern/training/tests/test_learn_quiz.py"
TR_ANSWER = "lantern/training/tests/test_evaluation_answering.py"
GV_MEET = "lantern/governance/tests/test_meetings_access.py"
GV_CHANGE = "lantern/governance/tests/test_meetings_changes.py"
GV_PLAN = "lantern/governance/tests/test_plan_access.py"
GV_PLAN_API = "lantern/governance/tests/test_plan_api.py"
GV_PLEDGE = "lantern/governance/tests/test_pledge_access.py"
GV_PLEDGE_PUBLIC = "lantern/governance/tests/test_pledge_public.py"
IN = "lantern/insights/tests/test_access.py"
IN_BOARD = "lantern/insights/tests/test_board_report.py"
IN_DASH = "lantern/insights/tests/test_dashboard.py"
IN_OPEN = "lantern/insights/tests/test_open_data.py"
IN_STMT = "lantern/insights/tests/test_statement.py"
SC_DD = "lantern/supply_chain/tests/test_due_diligence_access.py"
SC_DD_API = "lantern/supply_chain/tests/test_due_diligence_api.py"
SC_RISK = "lantern/supply_chain/tests/test_risk_pages.py"
SC_SPEND = "lantern/supply_chain/tests/test_spend_pages.py"
SC_STMT = "lantern/supply_chain/tests/test_statements.py"
SC_SUPP = "lantern/supply_chain/tests/test_supplier_pages.py"
SC_SUPP_API = "lantern/supply_chain/tests/test_supplier_api.py"
SC_LINK = "lantern/supply_chain/tests/test_questionnaire_link.py"


def at(path: str, test: str) -> str:
    return f"{path}::{test}"


def here(test: str) -> str:
    return at(HERE, test)


ACCESS: dict[str, str] = {
    # --- Supply chains ---------------------------------------------------------------------------------------
    "supply_chain:spend-file-list": at(SC_SPEND, "test_page_access_by_role"),
    "supply_chain:spend-upload": at(SC_SPEND, "test_page_access_by_role"),
    "supply_chain:spend-file-detail": here("test_supply_chain_records_by_role"),
    "supply_chain:upload-mapping": at(SC_SPEND, "test_upload_and_file_pages_by_role"),
    "supply_chain:upload-report": at(SC_SPEND, "test_upload_and_file_pages_by_role"),
    "supply_chain:upload-report-csv": at(SC_SPEND, "test_upload_and_file_pages_by_role"),
    "supply_chain:upload-import": here("test_supply_chain_imports_are_for_the_procurement_officer"),
    "supply_chain:supplier-list": at(SC_SUPP, "test_viewers_see_the_pages_and_everyone_else_gets_not_found"),
    "supply_chain:review-queue": at(SC_SUPP, "test_viewers_see_the_pages_and_everyone_else_gets_not_found"),
    "supply_chain:resolve-start": here("test_supply_chain_actions_are_for_the_procurement_officer"),
    "supply_chain:name-decide": at(SC_SUPP, "test_viewers_see_the_pages_and_everyone_else_gets_not_found"),
    "supply_chain:change-undo": here("test_supply_chain_actions_are_for_the_procurement_officer"),
    "supply_chain:supplier-detail": at(SC_SUPP, "test_viewers_see_the_pages_and_everyone_else_gets_not_found"),
    "supply_chain:supplier-merge": at(SC_SUPP, "test_viewers_see_the_pages_and_everyone_else_gets_not_found"),
    "supply_chain:supplier-split": at(SC_SUPP, "test_viewers_see_the_pages_and_everyone_else_gets_not_found"),
    "supply_chain:overview": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:risk-model": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:risk-model-change": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:risk-weights-change": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:risk-model-version": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:rescore": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:supplier-risk": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:supplier-risk-context": here("test_supply_chain_records_by_role"),
    "supply_chain:statements": at(SC_RISK, "test_who_may_open_each_page"),
    "supply_chain:statement-upload-mapping": here("test_supply_chain_records_by_role"),
    "supply_chain:statement-upload-report": at(
        SC_STMT, "test_an_upload_s_pages_are_not_found_for_roles_that_may_not_see_the_supply_chain"),
    "supply_chain:statement-upload-import": here("test_supply_chain_imports_are_for_the_procurement_officer"),
    "supply_chain:statement-upload-report-csv": at(
        SC_STMT, "test_an_upload_s_pages_are_not_found_for_roles_that_may_not_see_the_supply_chain"),
    "supply_chain:supplier-due-diligence": at(SC_DD, "test_reading_pages_are_for_procurement_officers_and_programme_managers"),
    "supply_chain:questionnaire-create": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:code-acknowledge": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:audit-create": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:questionnaire-detail": at(SC_DD, "test_reading_pages_are_for_procurement_officers_and_programme_managers"),
    "supply_chain:questionnaire-send": here("test_supply_chain_questionnaire_moves_are_for_the_procurement_officer"),
    "supply_chain:questionnaire-renew-link": here("test_supply_chain_questionnaire_moves_are_for_the_procurement_officer"),
    "supply_chain:questionnaire-revoke-link": here("test_supply_chain_questionnaire_moves_are_for_the_procurement_officer"),
    "supply_chain:questionnaire-withdraw": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:questionnaire-new-round": here("test_supply_chain_questionnaire_moves_are_for_the_procurement_officer"),
    "supply_chain:audit-detail": at(SC_DD, "test_reading_pages_are_for_procurement_officers_and_programme_managers"),
    "supply_chain:finding-add": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:action-add": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:actions-overdue": at(SC_DD, "test_reading_pages_are_for_procurement_officers_and_programme_managers"),
    "supply_chain:action-detail": at(SC_DD, "test_reading_pages_are_for_procurement_officers_and_programme_managers"),
    "supply_chain:evidence-add": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:evidence-download": here("test_supply_chain_records_by_role"),
    "supply_chain:contract-list": at(SC_DD, "test_reading_pages_are_for_procurement_officers_and_programme_managers"),
    "supply_chain:contract-create": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:contract-edit": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    "supply_chain:contract-delete": at(SC_DD, "test_managing_pages_are_for_procurement_officers_only"),
    # The supplier's questionnaire: by its emailed link only, no account (404 without one).
    "supply_chain_public:start": PUBLIC + at(SC_LINK, "test_the_link_opens_the_questionnaire_and_the_token_leaves_the_address_at_once"),
    "supply_chain_public:overview": PUBLIC + at(SC_LINK, "test_without_a_link_the_questionnaire_pages_are_not_found"),
    "supply_chain_public:theme": PUBLIC + at(SC_LINK, "test_without_a_link_the_questionnaire_pages_are_not_found"),
    "supply_chain_public:check": PUBLIC + at(SC_LINK, "test_without_a_link_the_questionnaire_pages_are_not_found"),
    "supply_chain_public:results": PUBLIC + at(SC_LINK, "test_without_a_link_the_questionnaire_pages_are_not_found"),
    "supply_chain_public:code-of-conduct": PUBLIC + at(SC_LINK, "test_without_a_link_the_questionnaire_pages_are_not_found"),
    "api:supplier-list": at(SC_SUPP_API, "test_other_roles_are_refused"),
    "api:supplier-detail": at(SC_SUPP_API, "test_other_roles_are_refused"),
    "api:supplier-risk-list": here("test_supply_chain_api_reads"),
    "api:supplier-risk-detail": here("test_supply_chain_api_reads"),
    "api:supplier-risk-history": here("test_supply_chain_api_reads"),
    "api:risk-model-list": here("test_supply_chain_api_reads"),
    "api:risk-model-current": here("test_supply_chain_api_reads"),
    "api:risk-model-detail": here("test_supply_chain_api_reads"),
    "api:supplier-questionnaire-list": at(SC_DD_API, "test_each_endpoint_per_role"),
    "api:supplier-questionnaire-detail": here("test_supply_chain_api_reads"),
    "api:supplier-questionnaire-send": here("test_supply_chain_api_writes_are_for_the_procurement_officer"),
    "api:corrective-action-list": at(SC_DD_API, "test_each_endpoint_per_role"),
    "api:corrective-action-detail": here("test_supply_chain_api_reads"),
    "api:corrective-action-update-status": here("test_supply_chain_api_writes_are_for_the_procurement_officer"),
    "api:contract-list": at(SC_DD_API, "test_each_endpoint_per_role"),
    "api:contract-detail": here("test_supply_chain_api_writes_are_for_the_procurement_officer"),
    # --- Insight ---------------------------------------------------------------------------------------------
    "insights:dashboard": at(IN_DASH, "test_programme_managers_coordinators_and_board_viewers_open_the_dashboard_and_no_one_else"),
    "insights:release-list": at(IN_OPEN, "test_only_the_programme_manager_builds_and_approves_releases"),
    "insights:release-detail": at(IN_OPEN, "test_only_the_programme_manager_builds_and_approves_releases"),
    "insights:release-approve": at(IN, "test_release_downloads_are_for_readers_and_approval_for_the_programme_manager"),
    "insights:release-download": at(IN, "test_release_downloads_are_for_readers_and_approval_for_the_programme_manager"),
    "insights:board-report-list": at(IN_BOARD, "test_only_the_programme_manager_writes_commentary_and_generates"),
    "insights:board-report": at(IN_BOARD, "test_only_the_programme_manager_writes_commentary_and_generates"),
    "insights:board-commentary": at(IN, "test_only_the_programme_manager_generates_a_board_report"),
    "insights:board-report-generate": at(IN, "test_only_the_programme_manager_generates_a_board_report"),
    "insights:board-report-download": at(IN_BOARD, "test_only_the_programme_manager_writes_commentary_and_generates"),
    "insights:statement-list": at(IN_STMT, "test_the_programme_manager_edits_and_approves_board_viewers_read_and_others_are_refused"),
    "insights:statement-detail": at(IN_STMT, "test_the_programme_manager_edits_and_approves_board_viewers_read_and_others_are_refused"),
    "insights:statement-area": at(IN_STMT, "test_the_programme_manager_edits_and_approves_board_viewers_read_and_others_are_refused"),
    "insights:statement-registry": at(IN, "test_the_statement_downloads_and_its_registry_page"),
    "insights:statement-approve": at(IN_STMT, "test_the_programme_manager_edits_and_approves_board_viewers_read_and_others_are_refused"),
    "insights:statement-new-version": at(IN, "test_only_the_programme_manager_starts_a_statement_or_a_new_version_or_saves_registry_details"),
    "insights:statement-download": at(IN, "test_the_statement_downloads_and_its_registry_page"),
    "insights:statement-html": at(IN, "test_the_statement_downloads_and_its_registry_page"),
    "insights:public": PUBLIC + at(IN, "test_the_public_statistics_need_no_sign_in_and_show_nothing_before_a_release_is_approved"),
    "insights:public-download": PUBLIC + at(IN, "test_the_public_statistics_need_no_sign_in_and_show_nothing_before_a_release_is_approved"),
    "api:insight-kpis": at(IN, "test_the_kpi_api_answers_those_who_read_aggregates_and_refuses_everyone_else"),
    # --- Governance: meetings --------------------------------------------------------------------------------
    "governance:overview": at(GV_MEET, "test_overview_and_my_actions_are_for_governance_roles"),
    "governance:my-actions": at(GV_MEET, "test_overview_and_my_actions_are_for_governance_roles"),
    "governance:board-detail": at(GV_MEET, "test_a_meeting_is_hidden_from_those_off_its_board"),
    "governance:meeting-schedule": at(GV_MEET, "test_running_a_meeting_is_for_managers"),
    "governance:meeting-detail": at(GV_MEET, "test_a_meeting_is_hidden_from_those_off_its_board"),
    "governance:meeting-change": at(GV_CHANGE, "test_changing_is_for_managers_members_get_403_and_others_404"),
    "governance:meeting-publish": here("test_meeting_moves_for_members_and_for_those_off_the_board"),
    "governance:meeting-held": here("test_meeting_moves_for_members_and_for_those_off_the_board"),
    "governance:meeting-cancel": here("test_meeting_moves_for_members_and_for_those_off_the_board"),
    "governance:agenda-add-cases": here("test_meeting_moves_for_members_and_for_those_off_the_board"),
    "governance:agenda-item-add": at(GV_MEET, "test_running_a_meeting_is_for_managers"),
    "governance:agenda-item-record": at(GV_MEET, "test_running_a_meeting_is_for_managers"),
    "governance:agenda-item-change": at(GV_CHANGE, "test_changing_is_for_managers_members_get_403_and_others_404"),
    "governance:agenda-item-move": at(GV_CHANGE, "test_reordering_is_for_managers_members_get_403_and_others_404"),
    "governance:agenda-item-remove": here("test_meeting_moves_for_members_and_for_those_off_the_board"),
    "governance:meeting-attendance": at(GV_MEET, "test_running_a_meeting_is_for_managers"),
    "governance:meeting-guest-add": at(GV_MEET, "test_running_a_meeting_is_for_managers"),
    "governance:minutes-draft": at(GV_MEET, "test_running_a_meeting_is_for_managers"),
    "governance:minutes-approve": here("test_approving_minutes_is_for_managers"),
    "governance:minutes-correct": at(GV_MEET, "test_lifecycle_moves_are_for_managers"),
    "governance:action-add": at(GV_MEET, "test_running_a_meeting_is_for_managers"),
    "governance:meeting-print": here("test_the_meeting_pack_print_and_calendar_entry"),
    "governance:meeting-pdf": here("test_the_meeting_pack_print_and_calendar_entry"),
    "governance:meeting-ics": here("test_the_meeting_pack_print_and_calendar_entry"),
    "governance:action-detail": at(GV_MEET, "test_an_action_is_read_by_those_who_see_its_meeting_and_updated_by_its_owner_or_managers"),
    # --- Governance: the action plan and the maturity self-assessment ---------------------------------------
    "governance:plan": at(GV_PLAN, "test_reading_pages_are_for_governance_readers"),
    "governance:plan-periods": at(GV_PLAN, "test_reading_pages_are_for_governance_readers"),
    "governance:plan-period-new": at(GV_PLAN, "test_changing_pages_are_for_governance_managers"),
    "governance:plan-period": at(GV_PLAN, "test_reading_pages_are_for_governance_readers"),
    "governance:plan-objective-new": at(GV_PLAN, "test_changing_pages_are_for_governance_managers"),
    "governance:plan-action-new": at(GV_PLAN, "test_changing_pages_are_for_governance_managers"),
    "governance:plan-action": at(GV_PLAN, "test_reading_pages_are_for_governance_readers"),
    "governance:plan-action-edit": at(GV_PLAN, "test_changing_pages_are_for_governance_managers"),
    "governance:plan-update-new": here("test_plan_and_maturity_writes_by_a_refused_role_change_nothing"),
    "governance:plan-evidence": here("test_a_progress_updates_document"),
    "governance:maturity": here("test_maturity_pages_for_every_role"),
    "governance:maturity-assessment-new": here("test_plan_and_maturity_writes_by_a_refused_role_change_nothing"),
    "governance:maturity-assessment": here("test_maturity_pages_for_every_role"),
    "governance:maturity-score": here("test_plan_and_maturity_writes_by_a_refused_role_change_nothing"),
    "governance:maturity-framework": here("test_maturity_pages_for_every_role"),
    "governance:maturity-framework-install": here("test_plan_and_maturity_writes_by_a_refused_role_change_nothing"),
    "governance:maturity-framework-version": here("test_maturity_pages_for_every_role"),
    "governance:maturity-criterion-edit": here("test_maturity_pages_for_every_role"),
    "governance:maturity-criterion-new": here("test_maturity_pages_for_every_role"),
    # --- Governance: the pledge ------------------------------------------------------------------------------
    "governance:pledge-list": at(GV_PLEDGE, "test_the_register_and_a_signatorys_page"),
    "governance:pledge-detail": at(GV_PLEDGE, "test_the_register_and_a_signatorys_page"),
    "governance:pledge-approve": at(GV_PLEDGE, "test_deciding_a_request"),
    "governance:pledge-decline": at(GV_PLEDGE, "test_deciding_a_request"),
    "governance:pledge-withdraw": at(GV_PLEDGE, "test_acting_on_a_signatory"),
    "governance:pledge-follow-up": at(GV_PLEDGE, "test_acting_on_a_signatory"),
    "pledge:index": PUBLIC + at(GV_PLEDGE, "test_the_public_pages_open_for_anyone"),
    "pledge:sign": PUBLIC + at(GV_PLEDGE, "test_the_public_pages_open_for_anyone"),
    "pledge:sent": PUBLIC + at(GV_PLEDGE_PUBLIC, "test_the_confirmation_page_without_a_request_goes_back_to_the_form"),
    # --- Governance: the API ---------------------------------------------------------------------------------
    "api:meeting-list": here("test_the_meetings_api_for_every_role"),
    "api:meeting-detail": here("test_the_meetings_api_for_every_role"),
    "api:meeting-action-list": at(GV_MEET, "test_the_api_lists_are_open_to_every_verified_user_and_show_only_what_they_may_see"),
    "api:meeting-action-detail": at(GV_MEET, "test_an_action_is_read_by_those_who_see_its_meeting_and_updated_by_its_owner_or_managers"),
    "api:meeting-action-update-status": at(GV_MEET, "test_an_action_is_read_by_those_who_see_its_meeting_and_updated_by_its_owner_or_managers"),
    "api:plan-period-list": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-period-detail": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-priority-list": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-priority-detail": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-objective-list": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-objective-detail": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-action-list": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-action-detail": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:plan-action-updates": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:maturity-framework-list": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:maturity-framework-detail": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:maturity-assessment-list": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:maturity-assessment-detail": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:maturity-assessment-scores": here("test_the_plan_and_maturity_api_for_every_role"),
    "api:pledge-signatory-list": at(GV_PLEDGE, "test_the_api"),
    "api:pledge-signatory-detail": at(GV_PLEDGE, "test_the_api"),
    "api:pledge-signatory-approve": at(GV_PLEDGE, "test_the_api"),
    "api:pledge-signatory-decline": at(GV_PLEDGE, "test_the_api"),
    "api:pledge-signatory-follow-ups": at(GV_PLEDGE, "test_the_api"),
    "api:pledge-signatory-withdraw": at(GV_PLEDGE, "test_the_api"),
    # --- Training --------------------------------------------------------------------------------------------
    "training:overview": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:mine": at(TR, "test_pages_for_every_signed_in_user"),
    "training:compliance": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:certificate-withdraw": at(TR_WITHDRAW, "test_only_those_who_run_training_may_withdraw_a_certificate"),
    "training:compliance-summary-csv": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:compliance-people-csv": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:trainee-detail": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:trainee-edit": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:reviews": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:review-decide": at(TR, "test_actions_for_those_who_manage_training"),
    "training:certificate-pdf": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:course-list": at(TR, "test_pages_for_every_signed_in_user"),
    "training:course-create": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:course-detail": at(TR, "test_pages_for_every_signed_in_user"),
    "training:course-edit": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:version-create": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:matrix": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:requirement-create": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:matrix-defaults": here("test_training_matrix_changes_are_for_those_who_manage_training"),
    "training:requirement-edit": here("test_training_matrix_changes_are_for_those_who_manage_training"),
    "training:requirement-remove": here("test_training_matrix_changes_are_for_those_who_manage_training"),
    "training:job-type-create": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:session-list": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:session-create": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:session-detail": at(TR, "test_records_for_training_coordinators_and_programme_managers"),
    "training:session-edit": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:attendee-add": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:attendance-mark": at(TR, "test_actions_for_those_who_manage_training"),
    "training:session-upload": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:attendance-certificate": at(TR, "test_actions_for_those_who_manage_training"),
    "training:completions-upload": at(TR, "test_writing_pages_for_those_who_manage_training"),
    "training:upload-mapping": here("test_training_uploads_are_hidden_from_those_who_do_not_run_training"),
    "training:upload-report": here("test_training_uploads_are_hidden_from_those_who_do_not_run_training"),
    "training:upload-import": here("test_training_uploads_are_hidden_from_those_who_do_not_run_training"),
    "training:upload-report-csv": here("test_training_uploads_are_hidden_from_those_who_do_not_run_training"),
    "training:campaign-list": at(TR_CAMP, "test_access_to_every_campaign_page"),
    "training:campaign-create": at(TR_CAMP, "test_access_to_every_campaign_page"),
    "training:campaign-comparison": at(TR_CAMP, "test_access_to_every_campaign_page"),
    "training:campaign-detail": at(TR_CAMP, "test_access_to_every_campaign_page"),
    "training:campaign-edit": at(TR_CAMP, "test_access_to_every_campaign_page"),
    "training:campaign-reach": at(TR_CAMP, "test_access_to_every_campaign_page"),
    "training:campaign-material": here("test_campaign_materials"),
    "training:campaign-material-download": here("test_campaign_materials"),
    "training:evaluation": at(TR_EVAL, "test_results_pages_and_the_api_for_every_role"),
    "training:evaluation-course": at(TR_EVAL, "test_results_pages_and_the_api_for_every_role"),
    "training:evaluation-course-set": at(TR_EVAL, "test_pages_that_run_evaluation_for_every_role"),
    "training:evaluation-sets": at(TR_EVAL, "test_pages_that_run_evaluation_for_every_role"),
    "training:evaluation-set-create": at(TR_EVAL, "test_pages_that_run_evaluation_for_every_role"),
    "training:evaluation-set-detail": at(TR_EVAL, "test_pages_that_run_evaluation_for_every_role"),
    "training:evaluation-set-edit": at(TR_EVAL, "test_pages_that_run_evaluation_for_every_role"),
    "training:evaluation-session": at(TR_EVAL, "test_pages_that_run_evaluation_for_every_role"),
    "training:evaluation-mine": at(TR_EVAL, "test_a_persons_own_pages_for_every_role"),
    "training:evaluation-answer-own": at(TR_EVAL, "test_a_persons_own_pages_for_every_role"),
    "learn:certificate-verify": PUBLIC + at(TR, "test_the_certificate_check_is_public"),
    "learn:start": PUBLIC + at(TR_LEARN, "test_every_page_is_open_to_the_public_and_sets_no_cookie"),
    "learn:quiz": PUBLIC + at(TR_LEARN, "test_every_page_is_open_to_the_public_and_sets_no_cookie"),
    "learn:page": PUBLIC + at(TR_LEARN, "test_every_page_is_open_to_the_public_and_sets_no_cookie"),
    # A result is found by its unguessable address; a staff member's own pass is theirs alone.
    "learn:result": PUBLIC + at(TR_QUIZ, "test_a_staff_members_pass_is_recorded_against_them_and_only_they_see_it"),
    "learn:certificate": PUBLIC + at(TR_QUIZ, "test_naming_the_certificate_gives_a_verification_code"),
    "learn:certificate-pdf": PUBLIC + at(TR_QUIZ, "test_naming_the_certificate_gives_a_verification_code"),
    # The evaluation's public pages: by a link only, no account (404 without one).
    "evaluate:start": PUBLIC + at(TR_ANSWER, "test_a_wrong_link_and_a_link_for_someone_marked_absent_are_the_same_not_found"),
    "evaluate:overview": PUBLIC + at(TR_EVAL, "test_anonymous_visitors_are_sent_to_sign_in_and_the_api_refuses_them"),
    "evaluate:answer": PUBLIC + at(TR_EVAL, "test_anonymous_visitors_are_sent_to_sign_in_and_the_api_refuses_them"),
    "api:training-course-list": here("test_the_training_api_for_every_role"),
    "api:training-course-detail": here("test_the_training_api_for_every_role"),
    "api:training-session-list": here("test_the_training_api_for_every_role"),
    "api:training-session-detail": here("test_the_training_api_for_every_role"),
    "api:training-session-attendance": here("test_the_training_api_for_every_role"),
    "api:training-compliance-list": at(TR, "test_api_for_training_coordinators_and_programme_managers"),
    "api:training-campaign-list": here("test_the_campaigns_api_for_every_role"),
    "api:training-campaign-detail": here("test_the_campaigns_api_for_every_role"),
    "api:training-campaign-reach": at(TR_CAMP_API, "test_access_for_every_role_and_anonymous"),
    "api:training-evaluation-results": at(TR_EVAL, "test_results_pages_and_the_api_for_every_role"),
}


# --- The routes of the four apps, from the resolver ---------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str, URLPattern]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            found += _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            continue
        view = pattern.callback
        owner = getattr(view, "cls", None) or getattr(view, "view_class", None) or view
        if owner.__module__.startswith(APPS):
            found.append((namespace + (pattern.name or ""), prefix + str(pattern.pattern), pattern))
    return found


@functools.cache
def app_routes() -> dict[str, tuple[str, URLPattern]]:
    """Each route name of the four apps, with its first pattern (the API's ``.json`` twins share its name)."""
    routes: dict[str, tuple[str, URLPattern]] = {}
    for name, route, pattern in _walk(get_resolver().url_patterns):
        routes.setdefault(name or route, (route, pattern))
    return routes


def test_every_route_has_an_access_rule():
    routes = app_routes()
    assert len(routes) > 200  # the walk found the apps' pages and the API's routes
    missing = sorted(set(routes) - set(ACCESS))
    assert not missing, ("These routes have no access rule: add each to ACCESS in tests/test_access_coverage.py, "
                         "with a test proving who may use it:\n" + "\n".join(f"{n}  ({routes[n][0]})" for n in missing))
    stale = sorted(set(ACCESS) - set(routes))
    assert not stale, "ACCESS names routes that no longer exist: " + ", ".join(stale)


def test_every_rule_points_at_a_test_that_exists():
    names: dict[str, set[str]] = {}
    broken = []
    for route, where in ACCESS.items():
        path, _, test = where.removeprefix(PUBLIC).partition("::")
        if path not in names:
            file = ROOT / path
            tree = ast.parse(file.read_text()) if file.exists() else ast.Module(body=[], type_ignores=[])
            names[path] = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        if test not in names[path]:
            broken.append(f"{route}: {where}")
    assert not broken, "No such test:\n" + "\n".join(broken)


# --- Sweeps over every route ---------------------------------------------------------------------------------

MISSING_UUID = "6f1c1b43-5f7e-4d39-9d70-2c6f3c1b2a11"


def missing_record_url(name: str, pattern: URLPattern) -> str:
    """The route's address for a record that does not exist."""
    kwargs: dict[str, Any] = {}
    if isinstance(pattern.pattern, RoutePattern):
        for key, converter in pattern.pattern.converters.items():
            kind = type(converter).__name__
            kwargs[key] = {"IntConverter": 999999, "UUIDConverter": MISSING_UUID,
                           "SlugConverter": "before" if key == "phase" else "zz"}.get(kind, "ZZ-ZZZZ-ZZZ")
    else:
        kwargs = {key: "999999" for key in pattern.pattern.regex.groupindex if key != "format"}
    if name in ("insights:release-download", "insights:public-download"):
        kwargs["fmt"] = "csv"
    return reverse(name, kwargs=kwargs)


def _is_public(name: str) -> bool:
    return ACCESS.get(name, "").startswith(PUBLIC)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_anonymous_visitors_are_sent_to_sign_in_or_refused(name):
    route, pattern = app_routes()[name]
    url = missing_record_url(name, pattern)
    response = Client().get(url)
    if response.status_code == 405:  # a POST-only route: the post is what must be refused
        response = Client().post(url)
    if _is_public(name):
        assert response.status_code in (200, 302, 404), url
        assert not response.get("Location", "").startswith("/sign-in/"), url
    elif name.startswith("api:"):
        assert response.status_code in (401, 403), url
    else:
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


@pytest.mark.parametrize("role", Role.values)
def test_no_role_meets_a_server_error_at_any_address(role):
    """Every route, read and posted to as each role, for a record that does not exist: the one answer for
    'missing' is 404 (or 403 where the page is refused by capability first); never a 500."""
    client = verified_client(make_user(role))
    client.raise_request_exception = False
    failures = []
    for name, (_route, pattern) in sorted(app_routes().items()):
        url = missing_record_url(name, pattern)
        has_record = any(c in url for c in ("999999", MISSING_UUID, "ZZ-ZZZZ-ZZZ"))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url}: {response.status_code}")
            elif has_record and response.status_code == 200 and not _is_public(name):
                failures.append(f"{method.upper()} {url}: 200 for a record that does not exist")
    assert not failures, "\n".join(failures)


def refused_roles_wrote_nothing(prefix: str, allowed: set[str] = PROCUREMENT) -> bool:
    """No audit entry of a change (``prefix``: its action's start) by a user holding none of ``allowed``."""
    from lantern.audit.models import AuditEntry

    changes = (AuditEntry.objects.filter(action__startswith=prefix, actor__isnull=False)
               .exclude(action__endswith=".view").exclude(action__contains="download")
               .exclude(actor__role_assignments__role__in=allowed))
    assert not changes.exists(), list(changes.values_list("action", "actor__role_assignments__role"))
    return True


# --- Supply chains: the routes no app test proves for every role --------------------------------------------



@pytest.fixture
def supply_chain():
    from lantern.supply_chain.services import statements as statement_services
    from lantern.supply_chain.services import suppliers as supplier_services
    from lantern.supply_chain.tests.factories_diligence import (
        CorrectiveActionFactory,
        officer,
        questionnaire_sent,
    )
    from lantern.supply_chain.tests.factories_suppliers import SpendFileFactory, SupplierFactory, placed_name

    by = officer()
    questionnaire, _token = questionnaire_sent(by=by)
    action: Any = CorrectiveActionFactory(finding__audit__supplier=questionnaire.supplier)
    verified_client(by).post(f"/supply-chain/corrective-actions/{action.pk}/evidence/", {
        "file": SimpleUploadedFile("visit.png", png_bytes(), content_type="image/png"), "description": "Visit"})
    evidence = action.evidence.get()
    source: Any = SupplierFactory(name="Npower Limited")
    target: Any = SupplierFactory(name="Npower")
    placed_name(source, "Npower Limited")
    change = supplier_services.supplier_merge(source=source, target=target, acting_user=by)
    statement_upload = statement_services.statement_upload(
        upload=SimpleUploadedFile("r.csv", b"StatementYear,OrganisationName\n2024,Acme Ltd\n"), acting_user=by)
    return {"officer": by, "questionnaire": questionnaire, "action": action, "evidence": evidence,
            "change": change, "supplier": target, "spend_file": SpendFileFactory(),
            "statement_upload": statement_upload}


def test_supply_chain_records_by_role(supply_chain):
    records = supply_chain
    # A spend file is published data: refused by capability (403, before any lookup, so a missing one is
    # no different), as the list of files is.
    assert_access(f"/supply-chain/spend-files/{records['spend_file'].pk}/", allowed=SUPPLY_CHAIN, refused=FORBIDDEN)
    action, evidence = records["action"], records["evidence"]
    assert_access(f"/supply-chain/corrective-actions/{action.pk}/evidence/{evidence.pk}/", allowed=SUPPLY_CHAIN,
                  refused=FORBIDDEN)
    # Seen by the programme manager, changed only by the procurement officer; hidden from every other role.
    for url in (f"/supply-chain/risk/suppliers/{records['supplier'].pk}/known/",
                f"/supply-chain/statements/uploads/{records['statement_upload'].pk}/columns/"):
        assert_access(url, allowed=SUPPLY_CHAIN, ok=(200, FORBIDDEN), refused=NOT_FOUND)
        assert verified_client(make_user(Role.PROGRAMME_MANAGER)).get(url).status_code == FORBIDDEN, url


def test_supply_chain_imports_are_for_the_procurement_officer(supply_chain):
    from lantern.core.models import BackgroundJob as Job
    from lantern.core.models import ImportStatus
    from lantern.supply_chain.services import spend_imports

    spend_upload = spend_imports.spend_upload(
        upload=SimpleUploadedFile("m.csv", b"Date,Amount,Supplier\r\n01/04/2024,100.00,Acme Ltd\r\n"),
        publisher="Manchester", acting_user=supply_chain["officer"])
    for upload in (spend_upload, supply_chain["statement_upload"]):
        kind = "spend-files" if upload is spend_upload else "statements"
        url = f"/supply-chain/{kind}/uploads/{upload.pk}/import/"
        assert_access(url, method="post", allowed=SUPPLY_CHAIN, ok=(302, FORBIDDEN), refused=NOT_FOUND)
        assert verified_client(make_user(Role.PROGRAMME_MANAGER)).post(url).status_code == FORBIDDEN
        upload.refresh_from_db()
        assert upload.status != ImportStatus.IMPORTED
    assert not Job.objects.filter(kind__contains="import").exists()


def test_supply_chain_actions_are_for_the_procurement_officer(supply_chain):
    from lantern.core.models import BackgroundJob as Job

    jobs = Job.objects.count()
    # The supplier pages answer 404 to every role without the supply chain, the programme manager's changes too.
    assert_access("/supply-chain/suppliers/resolve/", method="post", allowed=PROCUREMENT, refused=NOT_FOUND)
    assert Job.objects.count() == jobs + 1  # the procurement officer's, no one else's
    change = supply_chain["change"]
    assert_access(f"/supply-chain/suppliers/changes/{change.pk}/undo/", allowed=PROCUREMENT, refused=NOT_FOUND)
    assert_access(f"/supply-chain/suppliers/changes/{change.pk}/undo/", method="post", allowed=PROCUREMENT,
                  ok=(302,), refused=NOT_FOUND)
    assert refused_roles_wrote_nothing("supplier")


@pytest.mark.parametrize("move", ["send", "renew-link", "revoke-link", "new-round"])
def test_supply_chain_questionnaire_moves_are_for_the_procurement_officer(supply_chain, move):

    questionnaire = supply_chain["questionnaire"]
    assert_access(f"/supply-chain/questionnaires/{questionnaire.reference}/{move}/", method="post",
                  allowed=SUPPLY_CHAIN, ok=(302, 400, FORBIDDEN), refused=FORBIDDEN)
    manager = verified_client(make_user(Role.PROGRAMME_MANAGER))
    assert manager.post(f"/supply-chain/questionnaires/{questionnaire.reference}/{move}/").status_code == FORBIDDEN
    assert refused_roles_wrote_nothing("questionnaire")


def test_supply_chain_api_reads(supply_chain):
    questionnaire, action, supplier = supply_chain["questionnaire"], supply_chain["action"], supply_chain["supplier"]
    for url in ("/api/v1/supply-chain/risk/suppliers/", f"/api/v1/supply-chain/risk/suppliers/{supplier.pk}/",
                f"/api/v1/supply-chain/risk/suppliers/{supplier.pk}/history/", "/api/v1/supply-chain/risk/models/",
                "/api/v1/supply-chain/risk/models/current/", "/api/v1/supply-chain/risk/models/1/",
                f"/api/v1/supplier-questionnaires/{questionnaire.reference}/",
                f"/api/v1/corrective-actions/{action.pk}/"):
        assert_access(url, allowed=SUPPLY_CHAIN, ok=(200, 404), refused=FORBIDDEN)


def test_supply_chain_api_writes_are_for_the_procurement_officer(supply_chain):
    from lantern.supply_chain.models import Contract
    from lantern.supply_chain.tests.factories_diligence import ContractFactory

    questionnaire, action = supply_chain["questionnaire"], supply_chain["action"]
    contract: Any = ContractFactory(title="Cleaning")
    assert_access(f"/api/v1/contracts/{contract.pk}/", allowed=SUPPLY_CHAIN, refused=FORBIDDEN)
    for method, url in (("post", f"/api/v1/supplier-questionnaires/{questionnaire.reference}/send/"),
                        ("post", f"/api/v1/corrective-actions/{action.pk}/status/"),
                        ("patch", f"/api/v1/contracts/{contract.pk}/"), ("put", f"/api/v1/contracts/{contract.pk}/")):
        assert_access(url, method=method, allowed=PROCUREMENT, ok=(200, 400, 415), refused=FORBIDDEN)
    assert Contract.objects.get(pk=contract.pk).title == "Cleaning"  # no body was accepted from anyone
    assert refused_roles_wrote_nothing("")
    assert_access(f"/api/v1/contracts/{contract.pk}/", method="delete", allowed=PROCUREMENT, ok=(204, 404),
                  refused=FORBIDDEN)
    assert refused_roles_wrote_nothing("")


# --- Governance ---------------------------------------------------------------------------------------------

GOV_READERS = roles_with(Capability.VIEW_GOVERNANCE)
GOV_MANAGERS = roles_with(Capability.MANAGE_GOVERNANCE)
GOV_API_READERS = GOV_READERS & roles_with(Capability.USE_API)
GOV_API_MANAGERS = GOV_MANAGERS & roles_with(Capability.USE_API)


@pytest.fixture
def shop():
    from lantern.governance.models import MeetingStatus
    from lantern.governance.tests.factories import board, meeting

    shop_board = board("SHOP")
    held = meeting(shop_board, days=-2, status=MeetingStatus.HELD)
    held.items.create(position=1, kind="trends", title="Car washes")
    return {"board": shop_board, "held": held, "member": lambda user: shop_board.members.add(user)}


def test_the_meeting_pack_print_and_calendar_entry(shop):
    held = shop["held"]
    for document, kind in (("print/", "text/html"), ("pack.pdf", "application/pdf"), ("meeting.ics", "text/calendar")):
        url = f"/governance/meetings/{held.pk}/{document}"
        # Every member of the board, whatever their role; off the board, only governance readers.
        assert_access(url, allowed=EVERYONE, setup=shop["member"])
        assert_access(url, allowed=GOV_READERS, refused=NOT_FOUND)
        response = verified_client(make_user(Role.BOARD_VIEWER)).get(url)
        assert response["Content-Type"].startswith(kind), url
        assert verified_client(make_user(Role.CASE_WORKER)).get(f"/governance/meetings/999999/{document}"
                                                               ).status_code == NOT_FOUND


@pytest.mark.parametrize("move", ["publish", "held", "cancel", "agenda/cases", "agenda/{item}/remove"])
def test_meeting_moves_for_members_and_for_those_off_the_board(shop, move):
    from lantern.audit.models import AuditEntry
    from lantern.governance.tests.factories import meeting

    upcoming = meeting(shop["board"], days=-1)
    item = upcoming.items.create(position=1, kind="trends", title="Car washes")
    url = f"/governance/meetings/{upcoming.pk}/{move.format(item=item.pk)}/"
    # Off the board: the meeting is not found, except for the board viewer who reads every meeting.
    assert_access(url, method="post", allowed=GOV_READERS, ok=(302, 400, 404, FORBIDDEN), refused=NOT_FOUND)
    assert verified_client(make_user(Role.BOARD_VIEWER)).post(url).status_code == FORBIDDEN
    changes = AuditEntry.objects.filter(action__startswith="meeting", target_id=str(upcoming.pk)).exclude(
        action__endswith="view").exclude(actor__role_assignments__role__in=GOV_MANAGERS)
    assert not changes.exists()


def test_approving_minutes_is_for_managers(shop):
    from lantern.audit.models import AuditEntry
    from lantern.governance.models import MeetingStatus
    from lantern.governance.tests.factories import meeting

    drafted = meeting(shop["board"], days=-30, status=MeetingStatus.MINUTES_DRAFTED)
    url = f"/governance/meetings/{shop['held'].pk}/minutes/approve/"
    assert_access(url, allowed=GOV_MANAGERS, refused=FORBIDDEN, setup=shop["member"])
    assert_access(url, allowed=GOV_READERS, ok=(200, FORBIDDEN), refused=NOT_FOUND)
    # Posted by every role (off the board): only a manager's approval goes through (the first one; after it,
    # nothing is waiting, so 404); the board viewer is refused; for everyone else the meeting is not there.
    assert_access(url, method="post", data={"meeting": drafted.pk}, allowed=GOV_READERS,
                  ok=(302, NOT_FOUND, FORBIDDEN), refused=NOT_FOUND)
    drafted.refresh_from_db()
    assert drafted.status == MeetingStatus.MINUTES_APPROVED
    assert verified_client(make_user(Role.BOARD_VIEWER)).post(url, {"meeting": drafted.pk}).status_code in (
        FORBIDDEN, NOT_FOUND)
    assert not AuditEntry.objects.filter(action__startswith="minutes").exclude(
        actor__role_assignments__role__in=GOV_MANAGERS).exists()


def test_a_progress_updates_document(plan_records):
    from lantern.governance.models import ProgressEvidence

    action, evidence = plan_records["action"], ProgressEvidence.objects.get()
    assert_access(f"/governance/plan/actions/{action.pk}/evidence/{evidence.pk}/", allowed=GOV_READERS,
                  refused=FORBIDDEN)
    other = plan_records["other_action"]
    manager = verified_client(make_user(Role.PROGRAMME_MANAGER))
    # A document is reached only through its own action.
    assert manager.get(f"/governance/plan/actions/{other.pk}/evidence/{evidence.pk}/").status_code == NOT_FOUND


@pytest.fixture
def plan_records():
    from lantern.governance import services_maturity, services_plan
    from lantern.governance.models import FrameworkCriterion
    from lantern.governance.tests.support_plan import manager, plan_action

    pm = manager()
    action = plan_action(pm)
    other_action = plan_action(pm, title="Another action")
    services_plan.progress_update_add(
        action=action, acting_user=pm, rag="green", narrative="Started.",
        uploads=[SimpleUploadedFile("minutes.png", png_bytes(), content_type="image/png")])
    assessment = services_maturity.assessment_create(acting_user=pm, title="2025", assessed_on=datetime.date(2025, 3, 1))
    criterion = FrameworkCriterion.objects.filter(section__framework=assessment.framework).first()
    assert criterion is not None
    return {"action": action, "other_action": other_action, "assessment": assessment, "criterion": criterion}


def test_maturity_pages_for_every_role(plan_records):
    assessment, criterion = plan_records["assessment"], plan_records["criterion"]
    for url in ("/governance/maturity/", f"/governance/maturity/assessments/{assessment.pk}/",
                "/governance/maturity/framework/", f"/governance/maturity/framework/versions/{assessment.framework.pk}/"):
        assert_access(url, allowed=GOV_READERS, refused=FORBIDDEN)
    for url in (f"/governance/maturity/framework/criteria/{criterion.pk}/edit/",
                f"/governance/maturity/framework/sections/{criterion.section.pk}/criteria/new/"):
        assert_access(url, allowed=GOV_MANAGERS, refused=FORBIDDEN)


def test_plan_and_maturity_writes_by_a_refused_role_change_nothing(plan_records):
    from lantern.governance.models import MaturityAssessment, MaturityFramework, MaturityScore, ProgressUpdate

    action, assessment, criterion = plan_records["action"], plan_records["assessment"], plan_records["criterion"]
    counts = (ProgressUpdate.objects.count(), MaturityAssessment.objects.count(), MaturityScore.objects.count(),
              MaturityFramework.objects.count())
    for url in (f"/governance/plan/actions/{action.pk}/updates/new/", "/governance/maturity/assessments/new/",
                f"/governance/maturity/assessments/{assessment.pk}/criteria/{criterion.pk}/",
                "/governance/maturity/framework/install/"):
        # Managers' empty forms are shown back with errors (the default framework is there already).
        assert_access(url, method="post", allowed=GOV_MANAGERS, ok=(200, 302, 400), refused=FORBIDDEN)
    assert counts == (ProgressUpdate.objects.count(), MaturityAssessment.objects.count(),
                      MaturityScore.objects.count(), MaturityFramework.objects.count())


def test_the_meetings_api_for_every_role(shop):
    held = shop["held"]
    upcoming_title = "SHOP meeting"
    from lantern.governance.tests.factories import meeting

    upcoming = meeting(shop["board"], days=5, title=upcoming_title)
    assert_access("/api/v1/governance/meetings/", allowed=EVERYONE)  # each sees only their boards' meetings
    assert_access(f"/api/v1/governance/meetings/{held.pk}/", allowed=GOV_READERS, refused=NOT_FOUND)
    assert_access(f"/api/v1/governance/meetings/{held.pk}/", allowed=EVERYONE, setup=shop["member"])
    url = f"/api/v1/governance/meetings/{upcoming.pk}/"
    # Changing a meeting: its managers; the board viewer reads it but may not (403); for the rest it is hidden.
    assert_access(url, method="patch", allowed=GOV_READERS, ok=(200, 400, 415, FORBIDDEN), refused=NOT_FOUND)
    # On the board, every role sees it: only its managers change it.
    for role in sorted(EVERYONE - GOV_MANAGERS):
        user = make_user(role)
        shop["member"](user)
        response = verified_client(user).patch(url, {"title": "Renamed"}, content_type="application/json")
        assert response.status_code == FORBIDDEN, role
    upcoming.refresh_from_db()
    assert upcoming.title == upcoming_title
    for method in ("put", "delete", "post"):
        assert verified_client(make_user(Role.PROGRAMME_MANAGER)).generic(method.upper(), url).status_code == 405


def test_the_plan_and_maturity_api_for_every_role(plan_records):
    from lantern.governance.models import PlanAction

    action, assessment = plan_records["action"], plan_records["assessment"]
    objective = action.objective
    base = "/api/v1/governance"
    for url in (f"{base}/plan/periods/", f"{base}/plan/periods/{objective.priority.period.pk}/",
                f"{base}/plan/priorities/", f"{base}/plan/priorities/{objective.priority.pk}/",
                f"{base}/plan/objectives/", f"{base}/plan/objectives/{objective.pk}/", f"{base}/plan/actions/",
                f"{base}/plan/actions/{action.pk}/", f"{base}/plan/actions/{action.pk}/updates/",
                f"{base}/maturity/frameworks/", f"{base}/maturity/frameworks/{assessment.framework.pk}/",
                f"{base}/maturity/assessments/", f"{base}/maturity/assessments/{assessment.pk}/"):
        assert_access(url, allowed=GOV_API_READERS, refused=FORBIDDEN)
    # Writes: governance managers with the API; the board viewer reads the pages and writes nothing.
    for method, url in (("post", f"{base}/plan/periods/"), ("post", f"{base}/plan/objectives/"),
                        ("post", f"{base}/plan/actions/"), ("post", f"{base}/plan/actions/{action.pk}/updates/"),
                        ("patch", f"{base}/plan/actions/{action.pk}/"),
                        ("post", f"{base}/maturity/assessments/"),
                        ("post", f"{base}/maturity/assessments/{assessment.pk}/scores/")):
        assert_access(url, method=method, allowed=GOV_API_MANAGERS, ok=(200, 201, 400, 415), refused=FORBIDDEN)
    assert Role.BOARD_VIEWER not in GOV_API_MANAGERS
    # The router offers PUT on an action; the endpoint takes PATCH only, and refuses those who may not write first.
    assert_access(f"{base}/plan/actions/{action.pk}/", method="put", allowed=GOV_API_MANAGERS, ok=(405,),
                  refused=FORBIDDEN)
    assert PlanAction.objects.get(pk=action.pk).title == action.title
    # No write at all on what is read-only.
    manager = verified_client(make_user(Role.PROGRAMME_MANAGER))
    for url in (f"{base}/plan/priorities/", f"{base}/maturity/frameworks/",
                f"{base}/plan/periods/{objective.priority.period.pk}/"):
        assert manager.post(url).status_code == 405, url


# --- Training -----------------------------------------------------------------------------------------------

TRAINING = roles_with(Capability.MANAGE_TRAINING)


def test_training_matrix_changes_are_for_those_who_manage_training(catalogue):
    from lantern.audit.models import AuditEntry
    from lantern.training.models import Course, MatrixRequirement

    line = MatrixRequirement.objects.filter(is_active=True).first()
    assert line is not None
    courses = Course.objects.count()
    assert_access("/training/matrix/defaults/", method="post", allowed=TRAINING, refused=FORBIDDEN)
    assert Course.objects.count() == courses  # the defaults were there: nothing added by anyone
    assert_access(f"/training/matrix/{line.pk}/change/", allowed=TRAINING, refused=FORBIDDEN)

    def restore(user):  # each role finds the line there to remove
        if not MatrixRequirement.objects.filter(pk=line.pk).exists():
            line.save(force_insert=True)
        MatrixRequirement.objects.filter(pk=line.pk).update(is_active=True)

    assert_access(f"/training/matrix/{line.pk}/remove/", method="post", allowed=TRAINING, refused=FORBIDDEN,
                  setup=restore)
    changes = AuditEntry.objects.filter(target_id=str(line.pk)).exclude(action__endswith="view")
    assert changes.exists() and not changes.exclude(actor__role_assignments__role__in=TRAINING).exists()


@pytest.fixture
def catalogue(db):
    from lantern.training.defaults import matrix_default_seed
    from lantern.training.models import Course

    matrix_default_seed()
    return {course.code: course for course in Course.objects.all()}


def test_training_uploads_are_hidden_from_those_who_do_not_run_training(catalogue):
    from lantern.core.models import BackgroundJob, ImportStatus
    from lantern.training.services import imports
    from lantern.training.services.sessions import session_create

    coordinator = make_user(Role.TRAINING_COORDINATOR)
    session = session_create(acting_user=coordinator, course=catalogue["first-responder"],
                             date=datetime.date(2026, 3, 12))
    upload = imports.attendance_upload(
        kind=imports.ATTENDANCE, session=session, source="Megan Doyle", acting_user=coordinator,
        upload=SimpleUploadedFile("sheet.csv", b"Name,Email,Organisation\nAisha Rahman,a@x.example,Housing\n"))
    for page in ("columns/", "", "report.csv"):
        assert_access(f"/training/uploads/{upload.pk}/{page}", allowed=TRAINING, refused=NOT_FOUND)
    jobs = BackgroundJob.objects.count()
    assert_access(f"/training/uploads/{upload.pk}/import/", method="post", allowed=TRAINING, ok=(302,),
                  refused=NOT_FOUND)
    upload.refresh_from_db()
    assert upload.status != ImportStatus.IMPORTED and BackgroundJob.objects.count() == jobs


def test_campaign_materials(db):
    from lantern.training.models import CampaignMaterial
    from lantern.training.tests.helpers_campaigns import a_campaign

    campaign, other = a_campaign(), a_campaign(title="Hotels")
    url = f"/training/campaigns/{campaign.reference}/materials/"
    assert_access(url, method="post", allowed=TRAINING, ok=(200, 302, 400), refused=FORBIDDEN,
                  data={"title": "Leaflet", "language": "English", "version": "1"})
    assert not CampaignMaterial.objects.exists()  # no file: nothing kept from anyone
    verified_client(make_user(Role.TRAINING_COORDINATOR)).post(url, {
        "file": SimpleUploadedFile("a.txt", b"hello\n"), "title": "A", "language": "English", "version": "1"})
    material = CampaignMaterial.objects.get()
    download = f"/training/campaigns/{campaign.reference}/materials/{material.pk}/"
    assert_access(download, allowed=TRAINING, refused=FORBIDDEN)
    # A material is reached only through its own campaign.
    coordinator = verified_client(make_user(Role.TRAINING_COORDINATOR))
    assert coordinator.get(f"/training/campaigns/{other.reference}/materials/{material.pk}/").status_code == NOT_FOUND


def test_the_training_api_for_every_role(catalogue):
    from lantern.training.models import Attendance, Course, Session
    from lantern.training.services.sessions import session_create

    course = catalogue["first-responder"]
    session = session_create(acting_user=make_user(Role.TRAINING_COORDINATOR), course=course,
                             date=datetime.date(2026, 3, 12))
    for url in ("/api/v1/training/courses/", f"/api/v1/training/courses/{course.pk}/", "/api/v1/training/sessions/",
                f"/api/v1/training/sessions/{session.pk}/", f"/api/v1/training/sessions/{session.pk}/attendance/"):
        assert_access(url, allowed=TRAINING, refused=FORBIDDEN)
    counts = (Course.objects.count(), Session.objects.count(), Attendance.objects.count())
    for url in ("/api/v1/training/courses/", "/api/v1/training/sessions/",
                f"/api/v1/training/sessions/{session.pk}/attendance/"):
        assert_access(url, method="post", allowed=TRAINING, ok=(400,), refused=FORBIDDEN)
    assert counts == (Course.objects.count(), Session.objects.count(), Attendance.objects.count())


def test_the_campaigns_api_for_every_role(db):
    from lantern.training.models import Campaign
    from lantern.training.tests.helpers_campaigns import a_campaign

    campaign = a_campaign()
    for url in ("/api/v1/training/campaigns/", f"/api/v1/training/campaigns/{campaign.reference}/"):
        assert_access(url, allowed=TRAINING, refused=FORBIDDEN)
    url = f"/api/v1/training/campaigns/{campaign.reference}/"
    assert_access("/api/v1/training/campaigns/", method="post", allowed=TRAINING, ok=(400,), refused=FORBIDDEN)
    for method in ("put", "patch"):
        assert_access(url, method=method, allowed=TRAINING, ok=(200, 400, 415), refused=FORBIDDEN)
    assert Campaign.objects.count() == 1 and Campaign.objects.get().title == campaign.title
