"""REST endpoint of insight: the KPIs for a period, as the dashboard shows them (small numbers suppressed)."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lantern.accounts.api_auth import capability_permission
from lantern.accounts.capabilities import Capability
from lantern.core import periods
from lantern.core.reference import Objective
from lantern.insights import selectors
from lantern.insights.figures import dashboard_rules, figure_json, published_json


class KpiQuerySerializer(serializers.Serializer[Any]):
    period = serializers.CharField(required=False, max_length=30)
    objective = serializers.ChoiceField(required=False, choices=Objective.choices)

    def validate_period(self, value: str) -> periods.Period:
        try:
            return periods.parse(value)
        except periods.PeriodError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class FigureSerializer(serializers.Serializer[Any]):
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class KpiReadingSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    objective = serializers.CharField()
    unit = serializers.CharField()
    value = FigureSerializer()
    previous = FigureSerializer()
    change = serializers.FloatField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    tables = serializers.ListField(child=serializers.DictField())


class KpiReadingsSerializer(serializers.Serializer[Any]):
    period = serializers.CharField()
    previous_period = serializers.CharField()
    rules = serializers.DictField()
    kpis = KpiReadingSerializer(many=True)


class KpiReadingsView(APIView):
    """Every registered KPI for a period (default: the last complete quarter) and the period before,
    with small numbers suppressed as on the dashboard. Aggregates only: no personal data."""

    permission_classes = [capability_permission(Capability.VIEW_AGGREGATES)]

    @extend_schema(
        parameters=[OpenApiParameter("period", str, description="2026-Q3, 2026-07, FY2026-27 or 2026-07-01..2026-08-15"),
                    OpenApiParameter("objective", str, enum=Objective.values)],
        responses=KpiReadingsSerializer,
    )
    def get(self, request: Request) -> Response:
        query = KpiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data.get("period") or periods.latest_complete_quarter(timezone.localdate())
        readings = selectors.dashboard_readings(user=request.user, period=period,
                                                objective=query.validated_data.get("objective"))
        kpis = []
        for reading in readings:
            data = published_json(reading.current)
            kpis.append({**data, "previous": figure_json(reading.previous.value), "change": reading.change,
                         "status": reading.status})
        return Response({"period": period.code, "previous_period": period.previous().code,
                         "rules": dashboard_rules().as_dict(), "kpis": kpis})
