"""JSON API for risk screening: each supplier's latest screening (and its history), and the risk
model's versions. Access as on the pages: the supply-chain capability (403 otherwise); a supplier
outside it is not found."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import capability_permission
from lantern.accounts.capabilities import Capability
from lantern.core.api import CursorPagination
from lantern.supply_chain.models import RiskBand, RiskModel, SupplierScreening
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.selectors import suppliers as supplier_selectors
from lantern.supply_chain.services import risk as risk_services


class ReasonSerializer(serializers.Serializer[Any]):
    factor = serializers.ChoiceField(choices=["category", "workforce", "ilab", "spend"])
    text = serializers.CharField()
    points = serializers.IntegerField()


class SupplierScreeningSerializer(serializers.ModelSerializer[SupplierScreening]):
    supplier_id = serializers.IntegerField(read_only=True)
    supplier_reference = serializers.CharField(source="supplier.reference", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    model_version = serializers.IntegerField(source="model.version", read_only=True)
    reasons = ReasonSerializer(many=True, read_only=True)

    class Meta:
        model = SupplierScreening
        fields = ["id", "supplier_id", "supplier_reference", "supplier_name", "score", "band", "summary", "reasons",
                  "category", "spend_in_period", "period_start", "period_end", "model_version", "screened_at",
                  "is_latest"]


class RiskModelSerializer(serializers.ModelSerializer[RiskModel]):
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = RiskModel
        fields = ["version", "definition", "change_note", "source", "created_at", "created_by"]

    def get_created_by(self, obj: RiskModel) -> str | None:
        return obj.created_by.full_name if obj.created_by else None


class ScreeningPagination(CursorPagination):
    ordering = ("-score", "-id")
    page_size = 100


class RiskModelPagination(CursorPagination):
    ordering = ("-version",)
    page_size = 50


@extend_schema_view(
    list=extend_schema(summary="Each supplier's latest risk screening, highest score first", parameters=[
        OpenApiParameter("band", str, enum=RiskBand.values, description="Only this risk band."),
    ]),
    retrieve=extend_schema(summary="One supplier's latest screening, by the supplier's id"),
)
class SupplierRiskViewSet(viewsets.GenericViewSet[SupplierScreening], mixins.ListModelMixin,
                          mixins.RetrieveModelMixin):
    permission_classes = [capability_permission(Capability.VIEW_SUPPLY_CHAIN)]
    serializer_class = SupplierScreeningSerializer
    pagination_class = ScreeningPagination
    lookup_field = "supplier_id"
    lookup_value_regex = r"[0-9]{1,18}"
    queryset = SupplierScreening.objects.none()  # for the schema; get_queryset reads the latest

    def get_queryset(self) -> QuerySet[SupplierScreening]:
        screenings = risk_selectors.latest_screenings().select_related("supplier", "model")
        band = self.request.query_params.get("band") if self.action == "list" else None
        if band:
            if band not in RiskBand.values:
                raise NotFound("No such risk band.")
            screenings = screenings.filter(band=band)
        return screenings

    @extend_schema(summary="Every screening of one supplier, newest first", responses=SupplierScreeningSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, supplier_id: str) -> Response:
        supplier = supplier_selectors.supplier_get_for_user(user=request.user, supplier_id=int(supplier_id))
        screenings = risk_selectors.supplier_screenings(supplier).select_related("supplier")[:100]
        return Response(SupplierScreeningSerializer(screenings, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Every version of the risk model, newest (in use) first"),
    retrieve=extend_schema(summary="One version of the risk model"),
)
class RiskModelViewSet(viewsets.ReadOnlyModelViewSet[RiskModel]):
    permission_classes = [capability_permission(Capability.VIEW_SUPPLY_CHAIN)]
    serializer_class = RiskModelSerializer
    pagination_class = RiskModelPagination
    lookup_field = "version"
    lookup_value_regex = r"[0-9]{1,9}"
    queryset = RiskModel.objects.none()

    def get_queryset(self) -> QuerySet[RiskModel]:
        return risk_selectors.risk_models()

    @extend_schema(summary="The version of the risk model in use", responses=RiskModelSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def current(self, request: Request) -> Response:
        return Response(RiskModelSerializer(risk_services.risk_model_ensure_shipped()).data)
