"""JSON API for due diligence: questionnaires (read; create and send), corrective actions (list;
update status) and contracts (create, read, update, delete).

Procurement officers may write; programme managers may read; every other role is refused (403). A
record that does not exist is 404. Writes go through the same services as the pages.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.core.api import CursorPagination, service_call
from lantern.supply_chain.models import ActionStatus, Contract, CorrectiveAction, Questionnaire, Supplier
from lantern.supply_chain.selectors import due_diligence as selectors
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.services import due_diligence as services

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SupplyChainPermission(IsTwoFactorVerified):
    """Reading needs the supply-chain view capability; writing, the manage capability (else 403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        user: Any = request.user
        needed = Capability.VIEW_SUPPLY_CHAIN if request.method in SAFE_METHODS else Capability.MANAGE_SUPPLY_CHAIN
        return bool(user.can(needed))


class SupplierRefField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="reference", queryset=Supplier.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(str(data).strip().upper())


# --- Questionnaires ------------------------------------------------------------------------------


class ThemeScoreSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    points = serializers.IntegerField()
    max_points = serializers.IntegerField()
    percent = serializers.IntegerField()
    band = serializers.CharField()
    band_label = serializers.CharField()


class RecommendationSerializer(serializers.Serializer[Any]):
    theme = serializers.CharField()
    theme_title = serializers.CharField()
    question = serializers.CharField()
    question_text = serializers.CharField()
    answer = serializers.CharField()
    text = serializers.CharField()


class QuestionnaireSerializer(serializers.ModelSerializer[Questionnaire]):
    supplier = serializers.SlugRelatedField(slug_field="reference", read_only=True)  # type: ignore[var-annotated]
    question_set = serializers.SlugRelatedField(slug_field="key", read_only=True)  # type: ignore[var-annotated]
    scores = ThemeScoreSerializer(many=True, read_only=True)
    recommendations = RecommendationSerializer(many=True, read_only=True)
    link_live = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = ["reference", "supplier", "round", "status", "question_set", "sent_at", "link_expires_at",
                  "link_live", "submitted_at", "acknowledged_at", "answers", "scores", "recommendations"]

    def get_link_live(self, questionnaire: Questionnaire) -> bool:
        return bool(questionnaire.token_hash and questionnaire.link_expires_at
                    and questionnaire.link_expires_at > timezone.now())


class QuestionnaireCreateSerializer(serializers.Serializer[Any]):
    supplier = SupplierRefField(help_text="The supplier's Lantern reference.")
    contact_name = serializers.CharField(max_length=200)
    contact_email = serializers.EmailField(max_length=254)
    send = serializers.BooleanField(default=True, help_text="Send at once (else it is saved as a draft).")


class QuestionnairePagination(CursorPagination):
    ordering = ("-created_at", "-id")


class QuestionnaireViewSet(viewsets.GenericViewSet[Questionnaire], mixins.ListModelMixin,
                           mixins.RetrieveModelMixin):
    """Questionnaires sent to suppliers, newest first. Contact details are not in the API (they are
    personal data): they show on the questionnaire's page. Reading one is audited."""

    permission_classes = [SupplyChainPermission]
    serializer_class = QuestionnaireSerializer
    pagination_class = QuestionnairePagination
    lookup_field = "reference"
    queryset = Questionnaire.objects.none()  # for the schema; get_queryset applies the access rules

    def get_queryset(self) -> QuerySet[Questionnaire]:
        qs = selectors.questionnaires_visible_to(self.request.user).select_related("question_set")
        supplier = self.request.query_params.get("supplier")
        return qs.filter(supplier__reference=supplier.upper()) if supplier else qs

    @extend_schema(parameters=[OpenApiParameter("supplier", OpenApiTypes.STR, description="A supplier's reference.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        questionnaire = selectors.questionnaire_get_for_user(user=request.user, reference=str(kwargs["reference"]))
        audit_read(user=request.user, record=questionnaire, label=questionnaire.reference, request=request._request)
        return Response(QuestionnaireSerializer(questionnaire).data)

    @extend_schema(request=QuestionnaireCreateSerializer, responses={201: QuestionnaireSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = QuestionnaireCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        send = fields.pop("send")
        questionnaire = service_call(services.questionnaire_create, acting_user=request.user, **fields)
        if send:
            questionnaire, _token = service_call(services.questionnaire_send, questionnaire=questionnaire,
                                                  acting_user=request.user)
        return Response(QuestionnaireSerializer(questionnaire).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: QuestionnaireSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request: Request, reference: str, **kwargs: Any) -> Response:
        """Send a draft (or an expired questionnaire again) to its contact, with a new link by email."""
        questionnaire = selectors.questionnaire_get_for_user(user=request.user, reference=reference)
        questionnaire, _token = service_call(services.questionnaire_send, questionnaire=questionnaire,
                                              acting_user=request.user)
        return Response(QuestionnaireSerializer(questionnaire).data)


# --- Corrective actions --------------------------------------------------------------------------


class CorrectiveActionSerializer(serializers.ModelSerializer[CorrectiveAction]):
    supplier = serializers.CharField(source="finding.audit.supplier.reference", read_only=True)
    audit = serializers.CharField(source="finding.audit.reference", read_only=True)
    severity = serializers.CharField(source="finding.severity", read_only=True)
    owner = serializers.CharField(source="owner.full_name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CorrectiveAction
        fields = ["id", "supplier", "audit", "severity", "action", "owner", "due_on", "status", "overdue",
                  "done_on", "verified_on"]

    def get_overdue(self, item: CorrectiveAction) -> bool:
        return item.is_overdue(timezone.localdate())


class ActionStatusInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CorrectiveActionPagination(CursorPagination):
    ordering = ("due_on", "id")


class CorrectiveActionViewSet(viewsets.GenericViewSet[CorrectiveAction], mixins.ListModelMixin,
                              mixins.RetrieveModelMixin):
    """Corrective actions from supplier audits, soonest due first; ``?overdue=true`` for the overdue ones."""

    permission_classes = [SupplyChainPermission]
    serializer_class = CorrectiveActionSerializer
    pagination_class = CorrectiveActionPagination
    queryset = CorrectiveAction.objects.none()

    def get_queryset(self) -> QuerySet[CorrectiveAction]:
        qs = selectors.actions_visible_to(self.request.user)
        if self.request.query_params.get("overdue") in ("true", "1"):
            qs = qs.filter(selectors.overdue_actions_q(timezone.localdate()))
        return qs

    @extend_schema(parameters=[OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only overdue actions.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> CorrectiveAction:
        return selectors.action_get_for_user(user=self.request.user, action_id=self.kwargs["pk"])

    @extend_schema(request=ActionStatusInputSerializer, responses={200: CorrectiveActionSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def update_status(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Move the action on (open → in progress → done → verified; done → in progress), with a note."""
        item = self.get_object()
        data = ActionStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = service_call(services.corrective_action_update, action=item, acting_user=request.user,
                             **data.validated_data)
        return Response(CorrectiveActionSerializer(selectors.action_get_for_user(user=request.user,
                                                                                 action_id=item.pk)).data)


# --- Contracts -----------------------------------------------------------------------------------


class ContractRiskSerializer(serializers.Serializer[Any]):
    band = serializers.CharField(help_text="The supplier's latest risk band (low, medium, high, very_high); "
                                           "empty when the supplier has not been screened.")
    band_label = serializers.CharField()
    score = serializers.IntegerField(allow_null=True, help_text="The supplier's latest risk score, 0 to 100.")
    summary = serializers.CharField(help_text="Why, in one line, from the supplier's latest screening.")
    category_reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the current risk model recognises in the contract's own category (high-risk industries, "
                  "the nature of the workforce), each with why it counts.")


class ContractSerializer(serializers.ModelSerializer[Contract]):
    supplier = SupplierRefField(help_text="The supplier's Lantern reference.")
    risk = serializers.SerializerMethodField(help_text="The contract's modern slavery risk (read only).")

    class Meta:
        model = Contract
        fields = ["id", "reference", "title", "supplier", "category", "value", "starts_on", "ends_on",
                  "modern_slavery_clauses", "risk"]

    @extend_schema_field(ContractRiskSerializer)
    def get_risk(self, contract: Contract) -> dict[str, Any]:
        risks = self.context.get("risks") or {}
        risk = risks.get(contract.pk) or risk_selectors.contract_risks([contract])[contract.pk]
        return dict(ContractRiskSerializer(risk).data)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends_on": "The end date must be the same as or after the start date"})
        return attrs


class ContractPagination(CursorPagination):
    ordering = ("-created_at", "-id")


class ContractViewSet(viewsets.ModelViewSet[Contract]):
    """The contract register: read by programme managers and procurement officers, kept by procurement officers."""

    permission_classes = [SupplyChainPermission]
    serializer_class = ContractSerializer
    pagination_class = ContractPagination
    queryset = Contract.objects.none()
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Contract]:
        return selectors.contracts_visible_to(self.request.user)

    def get_object(self) -> Contract:
        return selectors.contract_get_for_user(user=self.request.user, contract_id=self.kwargs["pk"])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of contracts, with the risk of all of them read at once."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        risks = risk_selectors.contract_risks(page)
        serializer = self.get_serializer(page, many=True, context={**self.get_serializer_context(), "risks": risks})
        return self.get_paginated_response(serializer.data)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = service_call(services.contract_create, acting_user=self.request.user,
                                            **serializer.validated_data)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = service_call(services.contract_update, contract=serializer.instance,
                                            acting_user=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance: Contract) -> None:
        service_call(services.contract_delete, contract=instance, acting_user=self.request.user)
