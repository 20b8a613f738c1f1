from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from lantern.accounts import api as accounts_api
from lantern.cases import api as cases_api
from lantern.cases import api_referral as cases_api_referral
from lantern.core import views as core_views
from lantern.governance import api as governance_api
from lantern.governance import api_maturity as governance_maturity_api
from lantern.governance import api_plan as governance_plan_api
from lantern.governance import api_pledge as governance_pledge_api
from lantern.insights import api as insights_api
from lantern.supply_chain.api import due_diligence as due_diligence_api
from lantern.supply_chain.api import risk as supply_chain_risk_api
from lantern.supply_chain.api import suppliers as supplier_api
from lantern.training import api as training_api
from lantern.training import api_campaigns as training_campaigns_api
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
router.register("governance/meetings", governance_api.MeetingViewSet, basename="meeting")
router.register("governance/meeting-actions", governance_api.MeetingActionViewSet, basename="meeting-action")
router.register("governance/plan/periods", governance_plan_api.PeriodViewSet, basename="plan-period")
router.register("governance/plan/priorities", governance_plan_api.PriorityViewSet, basename="plan-priority")
router.register("governance/plan/objectives", governance_plan_api.ObjectiveViewSet, basename="plan-objective")
router.register("governance/plan/actions", governance_plan_api.ActionViewSet, basename="plan-action")
router.register("governance/maturity/frameworks", governance_maturity_api.FrameworkViewSet,
                basename="maturity-framework")
router.register("governance/maturity/assessments", governance_maturity_api.AssessmentViewSet,
                basename="maturity-assessment")
router.register("governance/pledge-signatories", governance_pledge_api.PledgeSignatoryViewSet, basename="pledge-signatory")
router.register("training/courses", training_api.CourseViewSet, basename="training-course")
router.register("training/sessions", training_api.SessionViewSet, basename="training-session")
router.register("training/compliance", training_api.ComplianceViewSet, basename="training-compliance")
router.register("training/campaigns", training_campaigns_api.CampaignViewSet, basename="training-campaign")

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
