"""JSON API for the action plan: strategy periods (list, read, start a new one carrying open actions
forward), priorities and objectives (list; add an objective), actions (list with the plan's filters,
read, add, change) and their progress updates (list, add).

Reading needs VIEW_GOVERNANCE, writing MANAGE_GOVERNANCE (else 403), both with the API capability and
two-factor authentication; a record that does not exist is 404. Writes go through the same services as
the pages (documents are uploaded on the pages; the API takes links).
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency, User
from lantern.core.api import CursorPagination, service_call
from lantern.core.reference import Objective
from lantern.governance import selectors_plan as selectors
from lantern.governance import services_plan
from lantern.governance.models import (
    PlanAction,
    PlanActionStatus,
    PlanObjective,
    Priority,
    ProgressUpdate,
    Rag,
    StrategyPeriod,
)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class GovernancePermission(IsTwoFactorVerified):
    """Reading needs the governance view capability; writing, the manage capability (else 403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        user: Any = request.user
        needed = Capability.VIEW_GOVERNANCE if request.method in SAFE_METHODS else Capability.MANAGE_GOVERNANCE
        return bool(user.can(Capability.USE_API) and user.can(needed))


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError as exc:
        raise ApiValidationError({name: "Enter a whole number."}) from exc
    if not 0 < number < 2**31:
        raise ApiValidationError({name: "Enter a whole number."})
    return number


class PeriodSerializer(serializers.ModelSerializer[StrategyPeriod]):
    class Meta:
        model = StrategyPeriod
        fields = ["id", "title", "starts_on", "ends_on", "is_current"]


class PeriodStartSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    carry_forward = serializers.BooleanField(default=True, help_text="Copy the current period's open actions into it.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError({"ends_on": "The end date must be the same as or after the start date"})
        return attrs


class PriorityOrderedPagination(CursorPagination):
    ordering = ("id",)


class PeriodViewSet(viewsets.GenericViewSet[StrategyPeriod], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Strategy periods, newest first; one is current."""

    permission_classes = [GovernancePermission]
    serializer_class = PeriodSerializer
    pagination_class = PriorityOrderedPagination
    queryset = StrategyPeriod.objects.none()

    def get_queryset(self) -> QuerySet[StrategyPeriod]:
        return selectors.periods_visible_to(self.request.user)

    def get_object(self) -> StrategyPeriod:
        return selectors.period_get_for_user(user=self.request.user, period_id=self.kwargs["pk"])

    @extend_schema(request=PeriodStartSerializer, responses={201: PeriodSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a new strategy period (made current); open actions are carried forward unless told not to."""
        data = PeriodStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = service_call(services_plan.period_start, acting_user=request.user, **data.validated_data)
        return Response(PeriodSerializer(period).data, status=status.HTTP_201_CREATED)


class PrioritySerializer(serializers.ModelSerializer[Priority]):
    area = serializers.ChoiceField(choices=Objective.choices, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "period", "area", "title", "description"]


class PriorityViewSet(viewsets.GenericViewSet[Priority], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The seven priorities of each period; ``?period=`` for one period's."""

    permission_classes = [GovernancePermission]
    serializer_class = PrioritySerializer
    pagination_class = PriorityOrderedPagination
    queryset = Priority.objects.none()

    def get_queryset(self) -> QuerySet[Priority]:
        qs = selectors.priorities_visible_to(self.request.user)
        period = _int_param(self.request, "period")
        return qs.filter(period_id=period) if period else qs

    def get_object(self) -> Priority:
        return selectors.priority_get_for_user(user=self.request.user, priority_id=self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("period", OpenApiTypes.INT, description="A strategy period's id.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class ObjectiveSerializer(serializers.ModelSerializer[PlanObjective]):
    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.all())

    class Meta:
        model = PlanObjective
        fields = ["id", "priority", "title", "description", "order"]
        read_only_fields = ["order"]


class ObjectiveViewSet(viewsets.GenericViewSet[PlanObjective], mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin):
    """Objectives under each priority; ``?priority=`` for one priority's."""

    permission_classes = [GovernancePermission]
    serializer_class = ObjectiveSerializer
    pagination_class = PriorityOrderedPagination
    queryset = PlanObjective.objects.none()

    def get_queryset(self) -> QuerySet[PlanObjective]:
        qs = selectors.objectives_visible_to(self.request.user)
        priority = _int_param(self.request, "priority")
        return qs.filter(priority_id=priority) if priority else qs

    def get_object(self) -> PlanObjective:
        return selectors.objective_get_for_user(user=self.request.user, objective_id=self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("priority", OpenApiTypes.INT, description="A priority's id.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = service_call(services_plan.objective_create, acting_user=self.request.user,
                                            **serializer.validated_data)


class LinkSerializer(serializers.Serializer[Any]):
    url = serializers.URLField(max_length=500)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class UpdateSerializer(serializers.ModelSerializer[ProgressUpdate]):
    links = LinkSerializer(many=True, read_only=True)
    evidence_count = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="created_by.full_name", read_only=True, default="")

    class Meta:
        model = ProgressUpdate
        fields = ["id", "on", "rag", "narrative", "status_from", "status_to", "kpi_slug", "links", "evidence_count",
                  "recorded_by", "created_at"]

    def get_evidence_count(self, update: ProgressUpdate) -> int:
        return update.evidence.count()


class UpdateInputSerializer(serializers.Serializer[Any]):
    rag = serializers.ChoiceField(choices=Rag.choices)
    narrative = serializers.CharField(max_length=1500)
    status = serializers.ChoiceField(choices=PlanActionStatus.choices, required=False, allow_blank=True, default="",
                                     help_text="The status the action moves to; empty to leave it.")
    on = serializers.DateField(required=False, allow_null=True, default=None)
    kpi_slug = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    links = LinkSerializer(many=True, required=False, default=list)


class ActionSerializer(serializers.ModelSerializer[PlanAction]):
    objective = serializers.PrimaryKeyRelatedField(queryset=PlanObjective.objects.all())
    lead_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    lead_person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    priority_area = serializers.CharField(source="objective.priority.area", read_only=True)
    period = serializers.IntegerField(source="objective.priority.period_id", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanAction
        fields = ["id", "period", "priority_area", "objective", "title", "description", "lead_agency", "lead_person",
                  "starts_on", "due_on", "success_measure", "rag", "status", "overdue", "completed_on",
                  "carried_from", "maturity_criterion", "created_at", "updated_at"]
        read_only_fields = ["status", "completed_on", "carried_from", "maturity_criterion", "created_at", "updated_at"]

    def get_overdue(self, item: PlanAction) -> bool:
        return item.is_overdue(timezone.localdate())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        due = attrs.get("due_on", getattr(self.instance, "due_on", None))
        if starts and due and due < starts:
            raise serializers.ValidationError({"due_on": "The due date must be the same as or after the start date"})
        return attrs


class ActionPagination(CursorPagination):
    ordering = ("id",)


class ActionViewSet(viewsets.GenericViewSet[PlanAction], mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Actions of the plan, filtered as on the plan's page: ``?period=`` (the current one when not given),
    ``?area=``, ``?agency=``, ``?overdue=true``, ``?changed_since=YYYY-MM-DD``."""

    permission_classes = [GovernancePermission]
    serializer_class = ActionSerializer
    pagination_class = ActionPagination
    queryset = PlanAction.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PlanAction]:
        user = self.request.user
        qs = selectors.actions_visible_to(user)
        params = self.request.query_params
        period_id = _int_param(self.request, "period")
        period = selectors.period_get_for_user(user=user, period_id=period_id) if period_id else None
        area = params.get("area", "")
        if area and area not in Objective.values:
            raise ApiValidationError({"area": "Choose one of the strategy's seven areas."})
        since = None
        if params.get("changed_since"):
            try:
                since = datetime.date.fromisoformat(str(params["changed_since"]))
            except ValueError as exc:
                raise ApiValidationError({"changed_since": "Enter a date as YYYY-MM-DD."}) from exc
        return selectors.actions_filtered(qs, period=period, area=area, agency_id=_int_param(self.request, "agency"),
                                          overdue=params.get("overdue") in ("true", "1"), changed_since=since)

    @extend_schema(parameters=[
        OpenApiParameter("period", OpenApiTypes.INT, description="A strategy period's id."),
        OpenApiParameter("area", OpenApiTypes.STR, enum=Objective.values, description="A priority area."),
        OpenApiParameter("agency", OpenApiTypes.INT, description="The lead agency's id."),
        OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only open actions past their due date."),
        OpenApiParameter("changed_since", OpenApiTypes.DATE, description="Added, changed or updated since the date.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> PlanAction:
        return selectors.action_get_for_user(user=self.request.user, action_id=self.kwargs["pk"])

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = service_call(services_plan.action_create, acting_user=self.request.user,
                                            **serializer.validated_data)

    def perform_update(self, serializer: Any) -> None:
        fields = {k: v for k, v in serializer.validated_data.items() if k in services_plan.ACTION_FIELDS}
        serializer.instance = service_call(services_plan.action_edit, action=serializer.instance,
                                            acting_user=self.request.user, **fields)

    @extend_schema(methods=["GET"], responses={200: UpdateSerializer(many=True)})
    @extend_schema(methods=["POST"], request=UpdateInputSerializer, responses={201: UpdateSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def updates(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """The action's progress updates, newest first; post one (a RAG and a short narrative are required)."""
        item = self.get_object()
        if request.method == "GET":
            updates = item.updates.select_related("created_by").prefetch_related("links")
            return Response(UpdateSerializer(updates, many=True).data)
        data = UpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["links"] = [(link["url"], link.get("title", "")) for link in fields["links"]]
        update = service_call(services_plan.progress_update_add, action=item, acting_user=request.user, **fields)
        return Response(UpdateSerializer(update).data, status=status.HTTP_201_CREATED)

