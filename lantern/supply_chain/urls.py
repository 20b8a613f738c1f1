from django.urls import URLPattern, URLResolver, path

from lantern.supply_chain.views import risk, statements

app_name = "supply_chain"

urlpatterns: list[URLPattern | URLResolver] = [
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
