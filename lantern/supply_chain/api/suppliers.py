"""JSON API for suppliers: the list (searchable) and one supplier with its names and spend totals.

For the procurement officer and the programme manager only (USE_API and VIEW_SUPPLY_CHAIN),
under the same selectors as the pages; reading a supplier is audited like opening its page.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.core.api import CursorPagination
from lantern.supply_chain.models import Supplier, SupplierName
from lantern.supply_chain.selectors import suppliers as selectors


class MayViewSupplyChain(IsTwoFactorVerified):
    """Signed in with two factors (or a token), allowed the API, and allowed to view supply chains."""

    message = "Suppliers are for the procurement team and the programme manager."

    def has_permission(self, request: Request, view: Any) -> bool:
        user: Any = request.user
        return (super().has_permission(request, view) and user.can(Capability.USE_API)
                and user.can(Capability.VIEW_SUPPLY_CHAIN))


class SupplierPagination(CursorPagination):
    ordering = ("-pk",)
    page_size = 100


class SupplierSummarySerializer(serializers.ModelSerializer[Supplier]):
    total_spend = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True,
                                           help_text="Pounds paid under all the supplier's names (credits subtract).")
    name_count = serializers.IntegerField(read_only=True, help_text="How many spellings the supplier is paid under.")
    has_review = serializers.BooleanField(read_only=True, help_text="Whether a name waits for a person's review.")

    class Meta:
        model = Supplier
        fields = ["reference", "name", "company_number", "charity_number", "vat_number", "total_spend", "name_count",
                  "has_review"]


class SupplierNameSerializer(serializers.ModelSerializer[SupplierName]):
    spend = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    line_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SupplierName
        fields = ["name", "company_number", "match_status", "match_confidence", "match_reason", "spend", "line_count"]


class SpendYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    count = serializers.IntegerField(help_text="Payments that year.")


class SpendServiceSerializer(serializers.Serializer[Any]):
    service = serializers.CharField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    count = serializers.IntegerField()


class SupplierDetailSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    name = serializers.CharField()
    company_number = serializers.CharField()
    charity_number = serializers.CharField()
    vat_number = serializers.CharField()
    total_spend = serializers.DecimalField(max_digits=16, decimal_places=2)
    payments = serializers.IntegerField()
    first_payment = serializers.DateField(allow_null=True)
    last_payment = serializers.DateField(allow_null=True)
    names = SupplierNameSerializer(many=True)
    spend_by_year = SpendYearSerializer(many=True)
    spend_by_service = SpendServiceSerializer(many=True)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Part of a name, a company number or a reference."),
        OpenApiParameter("state", OpenApiTypes.STR, enum=[v for v, _ in selectors.MatchState.CHOICES],
                         description="Only suppliers with names waiting for review, matched automatically, or all checked."),
    ]),
    retrieve=extend_schema(responses=SupplierDetailSerializer),
)
class SupplierViewSet(viewsets.GenericViewSet[Supplier], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Suppliers grouped from the council's spend, with their spend totals."""

    permission_classes = [MayViewSupplyChain]
    serializer_class = SupplierSummarySerializer
    pagination_class = SupplierPagination
    lookup_field = "reference"
    queryset = Supplier.objects.none()  # for the schema; get_queryset applies the access rules

    def get_queryset(self) -> Any:
        params = self.request.query_params
        state = params.get("state", "")
        return selectors.suppliers_for_list(
            user=self.request.user, query=params.get("q", "")[:200],
            state=state if state in dict(selectors.MatchState.CHOICES) else "")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        supplier = selectors.supplier_by_reference(str(kwargs["reference"]))
        if supplier is None:
            raise NotFound()
        audit_read(user=request.user, record=supplier, request=request._request)
        spend = selectors.supplier_spend(supplier)
        return Response(SupplierDetailSerializer({
            "reference": supplier.reference, "name": supplier.name, "company_number": supplier.company_number,
            "charity_number": supplier.charity_number, "vat_number": supplier.vat_number,
            "total_spend": spend.total, "payments": spend.lines, "first_payment": spend.first,
            "last_payment": spend.last, "names": selectors.supplier_names(supplier),
            "spend_by_year": spend.by_year,
            "spend_by_service": [{**row, "service": row["service"] or ""} for row in spend.by_service],
        }).data)
