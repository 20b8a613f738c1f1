"""JSON API for the maturity self-assessment: framework versions (read), assessments (list, read with
their scores, start one) and scoring a criterion. The same access as the plan's API."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.core.api import CursorPagination, service_call
from lantern.governance import selectors_maturity as selectors
from lantern.governance import services_maturity
from lantern.governance.api_plan import GovernancePermission
from lantern.governance.models import (
    FrameworkCriterion,
    FrameworkSection,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
)


class CriterionSerializer(serializers.ModelSerializer[FrameworkCriterion]):
    class Meta:
        model = FrameworkCriterion
        fields = ["id", "key", "title", "order", "level_1", "level_2", "level_3", "level_4"]


class SectionSerializer(serializers.ModelSerializer[FrameworkSection]):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = FrameworkSection
        fields = ["id", "key", "title", "order", "priority_area", "criteria"]


class FrameworkSerializer(serializers.ModelSerializer[MaturityFramework]):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = MaturityFramework
        fields = ["id", "version", "title", "is_current", "change_note", "sections"]


class Pagination(CursorPagination):
    ordering = ("-id",)


class FrameworkViewSet(viewsets.GenericViewSet[MaturityFramework], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Every version of the maturity framework, newest first, with its sections, criteria and levels."""

    permission_classes = [GovernancePermission]
    serializer_class = FrameworkSerializer
    pagination_class = Pagination
    queryset = MaturityFramework.objects.none()

    def get_queryset(self) -> QuerySet[MaturityFramework]:
        return selectors.frameworks_visible_to(self.request.user).prefetch_related("sections__criteria")

    def get_object(self) -> MaturityFramework:
        return selectors.framework_get_for_user(user=self.request.user, framework_id=self.kwargs["pk"])


class ScoreSerializer(serializers.ModelSerializer[MaturityScore]):
    section = serializers.CharField(source="criterion.section.key", read_only=True)
    criterion_key = serializers.CharField(source="criterion.key", read_only=True)

    class Meta:
        model = MaturityScore
        fields = ["id", "criterion", "section", "criterion_key", "level", "evidence", "agreed_by", "updated_at"]


class AssessmentSerializer(serializers.ModelSerializer[MaturityAssessment]):
    framework_version = serializers.IntegerField(source="framework.version", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = MaturityAssessment
        fields = ["id", "title", "assessed_on", "framework", "framework_version", "scores"]
        read_only_fields = ["framework"]


class ScoreInputSerializer(serializers.Serializer[Any]):
    criterion = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="A criterion of the assessment's framework.")
    level = serializers.ChoiceField(choices=MaturityLevel.choices)
    evidence = serializers.CharField(max_length=2000)
    agreed_by = serializers.CharField(max_length=200)


class AssessmentViewSet(viewsets.GenericViewSet[MaturityAssessment], mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Self-assessments, newest first, each with its agreed scores; start one against the current framework."""

    permission_classes = [GovernancePermission]
    serializer_class = AssessmentSerializer
    pagination_class = Pagination
    queryset = MaturityAssessment.objects.none()

    def get_queryset(self) -> QuerySet[MaturityAssessment]:
        return selectors.assessments_visible_to(self.request.user).prefetch_related("scores__criterion__section")

    def get_object(self) -> MaturityAssessment:
        return selectors.assessment_get_for_user(user=self.request.user, assessment_id=self.kwargs["pk"])

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = service_call(services_maturity.assessment_create, acting_user=self.request.user,
                                            **serializer.validated_data)

    @extend_schema(request=ScoreInputSerializer, responses={201: ScoreSerializer})
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Record (or change) the agreed level of one criterion, with its evidence and who agreed it."""
        assessment = self.get_object()
        data = ScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        criterion = selectors.criterion_get_for_user(user=request.user, criterion_id=fields.pop("criterion"))
        score = service_call(services_maturity.assessment_score, assessment=assessment, criterion=criterion,
                             acting_user=request.user, **fields)
        return Response(ScoreSerializer(score).data, status=status.HTTP_201_CREATED)
