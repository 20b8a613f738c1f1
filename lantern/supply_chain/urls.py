from django.urls import URLPattern, URLResolver, path

from lantern.supply_chain.views import risk, spend_files, statements, suppliers

app_name = "supply_chain"

urlpatterns: list[URLPattern | URLResolver] = [
    path("spend-files/", spend_files.spend_file_list, name="spend-file-list"),
    path("spend-files/upload/", spend_files.spend_upload, name="spend-upload"),
    path("spend-files/<int:spend_file_id>/", spend_files.spend_file_detail, name="spend-file-detail"),
    path("spend-files/uploads/<uuid:upload_id>/columns/", spend_files.upload_mapping, name="upload-mapping"),
    path("spend-files/uploads/<uuid:upload_id>/", spend_files.upload_report, name="upload-report"),
    path("spend-files/uploads/<uuid:upload_id>/import/", spend_files.upload_import, name="upload-import"),
    path("spend-files/uploads/<uuid:upload_id>/report.csv", spend_files.upload_report_csv, name="upload-report-csv"),
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
    path("statements/imports/<int:import_id>/", statements.statement_import, name="statement-import"),
]
