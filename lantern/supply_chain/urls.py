from django.urls import URLPattern, URLResolver, path

from lantern.supply_chain.views import due_diligence as dd

app_name = "supply_chain"

urlpatterns: list[URLPattern | URLResolver] = [
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
