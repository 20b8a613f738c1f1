"""REST endpoint of evaluation: aggregated before-and-after results per course for a period.

Aggregates only, suppressed as on the results page: means and counts per question, never free
text, names, agencies, sessions or dates of a person.
"""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.core import periods
from lantern.core.suppression import Figure, protect_count
from lantern.training.evaluation_results import Line
from lantern.training.models import Course
from lantern.training.selectors import evaluation as selectors


class CanReadResults(IsTwoFactorVerified):
    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and selectors.may_read_results(request.user)


class ResultsQuerySerializer(serializers.Serializer[Any]):
    period = serializers.CharField(required=False, max_length=30)
    course = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def validate_period(self, value: str) -> periods.Period:
        try:
            return periods.parse_whole(value)
        except periods.PeriodError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class EvaluationFigureSerializer(serializers.Serializer[Any]):
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class LineSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=["knowledge", "confidence"])
    before = EvaluationFigureSerializer()
    after = EvaluationFigureSerializer()
    change = EvaluationFigureSerializer()
    answered_before = EvaluationFigureSerializer()
    answered_after = EvaluationFigureSerializer()


class VersionResultsSerializer(serializers.Serializer[Any]):
    question_set = serializers.CharField()
    version = serializers.IntegerField()
    responses_before = EvaluationFigureSerializer()
    responses_after = EvaluationFigureSerializer()
    questions = LineSerializer(many=True)
    kinds = LineSerializer(many=True)


class CourseResultsSerializer(serializers.Serializer[Any]):
    course_id = serializers.IntegerField()
    course = serializers.CharField()
    people = EvaluationFigureSerializer()
    versions = VersionResultsSerializer(many=True)


class EvaluationResultsSerializer(serializers.Serializer[Any]):
    period = serializers.CharField()
    rules = serializers.DictField()
    courses = CourseResultsSerializer(many=True)


def _figure(figure: Figure) -> dict[str, Any]:
    return {"value": figure.as_json(), "suppressed": figure.suppressed}


def _line(line: Line) -> dict[str, Any]:
    return {"key": line.key, "text": line.label, "kind": line.kind,
            **{name: _figure(getattr(line, name))
               for name in ("before", "after", "change", "answered_before", "answered_after")}}


class EvaluationResultsView(APIView):
    """Before-and-after evaluation results per course for a period (default: this financial year),
    by the date of the session or completion. Small numbers are suppressed; no free text."""

    permission_classes = [CanReadResults]

    @extend_schema(
        parameters=[OpenApiParameter("period", str, description="2026-Q3, 2026-07, FY2026-27 or 2026-07-01..2026-08-15"),
                    OpenApiParameter("course", int, description="One course's id (default: every course with answers)")],
        responses=EvaluationResultsSerializer,
    )
    def get(self, request: Request) -> Response:
        query = ResultsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data.get("period") or selectors.default_period()
        courses = selectors.courses_with_responses(period)
        if query.validated_data.get("course"):
            courses = Course.objects.filter(pk=query.validated_data["course"])
        the_rules = selectors.rules()
        out = []
        for course in courses:
            found = selectors.course_results(user=request.user, course=course, period=period)
            out.append({
                "course_id": course.pk, "course": course.title,
                "people": _figure(protect_count(found.people, the_rules)),
                "versions": [{"question_set": v.version.question_set.key, "version": v.version.number,
                              "responses_before": _figure(v.results.responses_before),
                              "responses_after": _figure(v.results.responses_after),
                              "questions": [_line(line) for line in v.results.questions],
                              "kinds": [_line(line) for line in v.results.kinds]} for v in found.versions]})
        return Response({"period": period.code, "rules": the_rules.as_dict(), "courses": out})
