from django.urls import URLPattern, URLResolver, path

from lantern.supply_chain.services import spend_imports
from lantern.supply_chain.services import statements as statement_services
from lantern.supply_chain.views import due_diligence as dd
from lantern.supply_chain.views import risk, spend_files, statements, suppliers, uploads

app_name = "supply_chain"

urlpatterns: list[URLPattern | URLResolver] = [
    path("spend-files/", spend_files.spend_file_list, name="spend-file-list"),
    path("spend-files/upload/", spend_files.spend_upload, name="spend-upload"),
    path("spend-files/<int:spend_file_id>/", spend_files.spend_file_detail, name="spend-file-detail"),
    *uploads.upload_paths("spend-files/uploads/", spend_imports.KIND, ""),
    path("suppliers/", suppliers.supplier_list, name="supplier-list"),
    path("suppliers/review/", suppliers.review_queue, name="review-queue"),
    path("suppliers/resolve/", suppliers.resolve_start, name="resolve-start"),
    path("suppliers/names/<int:name_id>/", suppliers.name_decide, name="name-decide"),
    path("suppliers/changes/<int:change_id>/undo/", suppliers.change_undo, name="change-undo"),
    path("suppliers/<str:reference>/", suppliers.supplier_detail, name="supplier-detail"),
    path("suppliers/<str:reference>/merge/", suppliers.supplier_merge, name="supplier-merge"),
    path("suppliers/<str:reference>/split/", suppliers.supplier_split, name="supplier-split"),
    path("", risk.overview, name="overview"),
    path("risk/model/", risk.risk_model, name="risk-model"),
    path("risk/model/change/", risk.risk_model_change, name="risk-model-change"),
    path("risk/model/points/", risk.risk_weights_change, name="risk-weights-change"),
    path("risk/model/versions/<int:version>/", risk.risk_model_version, name="risk-model-version"),
    path("risk/rescore/", risk.rescore, name="rescore"),
    path("risk/suppliers/<int:supplier_id>/", risk.supplier_risk, name="supplier-risk"),
    path("risk/suppliers/<int:supplier_id>/known/", risk.supplier_risk_context_edit, name="supplier-risk-context"),
    path("statements/", statements.statement_list, name="statements"),
    *uploads.upload_paths("statements/uploads/", statement_services.KIND, "statement-"),
    # Due diligence
    path("suppliers/<int:supplier_id>/due-diligence/", dd.supplier_due_diligence, name="supplier-due-diligence"),
    path("suppliers/<int:supplier_id>/questionnaires/new/", dd.questionnaire_create, name="questionnaire-create"),
    path("suppliers/<int:supplier_id>/code-of-conduct/", dd.code_acknowledgement_record, name="code-acknowledge"),
    path("suppliers/<int:supplier_id>/audits/new/", dd.audit_create, name="audit-create"),
    path("questionnaires/<str:reference>/", dd.questionnaire_detail, name="questionnaire-detail"),
    path("questionnaires/<str:reference>/send/", dd.questionnaire_send, name="questionnaire-send"),
    path("questionnaires/<str:reference>/renew-link/", dd.questionnaire_renew_link, name="questionnaire-renew-link"),
    path("questionnaires/<str:reference>/revoke-link/", dd.questionnaire_revoke_link, name="questionnaire-revoke-link"),
    path("questionnaires/<str:reference>/withdraw/", dd.questionnaire_withdraw, name="questionnaire-withdraw"),
    path("questionnaires/<str:reference>/new-round/", dd.questionnaire_new_round, name="questionnaire-new-round"),
    path("audits/<str:reference>/", dd.audit_detail, name="audit-detail"),
    path("audits/<str:reference>/findings/new/", dd.finding_add, name="finding-add"),
    path("findings/<int:finding_id>/actions/new/", dd.action_add, name="action-add"),
    path("corrective-actions/overdue/", dd.actions_overdue, name="actions-overdue"),
    path("corrective-actions/<int:action_id>/", dd.action_detail, name="action-detail"),
    path("corrective-actions/<int:action_id>/evidence/", dd.evidence_add, name="evidence-add"),
    path("corrective-actions/<int:action_id>/evidence/<int:evidence_id>/", dd.evidence_download,
         name="evidence-download"),
    path("contracts/", dd.contract_list, name="contract-list"),
    path("contracts/new/", dd.contract_create, name="contract-create"),
    path("contracts/<int:contract_id>/", dd.contract_edit, name="contract-edit"),
    path("contracts/<int:contract_id>/delete/", dd.contract_delete, name="contract-delete"),
]
