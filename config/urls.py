from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from lantern.accounts import api as accounts_api
from lantern.cases import api as cases_api
from lantern.cases import api_referral as cases_api_referral
from lantern.core import views as core_views
from lantern.insights import api as insights_api
from lantern.supply_chain.api import due_diligence as due_diligence_api
from lantern.supply_chain.api import risk as supply_chain_risk_api
from lantern.supply_chain.api import suppliers as supplier_api
from lantern.training import api_evaluation as training_evaluation_api

router = DefaultRouter()
router.register("agencies", accounts_api.AgencyViewSet, basename="agency")
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("concerns", cases_api.ConcernViewSet, basename="concern")
router.register("my-tasks", cases_api.MyTaskViewSet, basename="my-task")
router.register("suppliers", supplier_api.SupplierViewSet, basename="supplier")
router.register("supply-chain/risk/suppliers", supply_chain_risk_api.SupplierRiskViewSet, basename="supplier-risk")
router.register("supply-chain/risk/models", supply_chain_risk_api.RiskModelViewSet, basename="risk-model")
router.register("supplier-questionnaires", due_diligence_api.QuestionnaireViewSet, basename="supplier-questionnaire")
router.register("corrective-actions", due_diligence_api.CorrectiveActionViewSet, basename="corrective-action")
router.register("contracts", due_diligence_api.ContractViewSet, basename="contract")

api_patterns: list[URLPattern | URLResolver] = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("", include(cases_api_referral.urlpatterns)),
    path("insights/kpis/", insights_api.KpiReadingsView.as_view(), name="insight-kpis"),
    path("training/evaluation/results/", training_evaluation_api.EvaluationResultsView.as_view(),
         name="training-evaluation-results"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", include("lantern.core.urls")),
    path("", include("lantern.accounts.urls")),
    path("partnership/", include("lantern.partnership.urls")),
    path("", include("lantern.guides.urls")),
    path("supply-chain/", include("lantern.supply_chain.urls")),
    path("supplier-questionnaire/", include("lantern.supply_chain.urls_public")),
    path("", include("lantern.audit.urls")),
    path("", include("lantern.cases.urls")),
    path("", include("lantern.confidential_reports.urls")),
    path("", include("lantern.insights.urls")),
    path("governance/", include("lantern.governance.urls")),
    path("pledge/", include("lantern.governance.urls_public")),
    path("training/", include("lantern.training.urls")),
    path("learn/", include("lantern.training.urls_public")),
    path("evaluate/", include("lantern.training.urls_evaluation_public")),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", core_views.healthz, name="healthz"),
]

handler400 = "lantern.core.views.bad_request"
handler403 = "lantern.core.views.permission_denied"
handler404 = "lantern.core.views.page_not_found"
handler500 = "lantern.core.views.server_error"
