"""JSON API for training: courses, sessions and their attendance, and compliance.

For training coordinators and programme managers (USE_API and MANAGE_TRAINING or
VIEW_TRAINING_COMPLIANCE), under the same selectors and services as the pages; writes need
MANAGE_TRAINING (the services check it) and are audited there.
"""

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency
from lantern.audit.services import audit_read
from lantern.core.api import CursorPagination, service_call
from lantern.training.compliance import Status
from lantern.training.models import Attendance, Course, CourseLevel, CourseVersion, Delivery, Outcome, Session
from lantern.training.selectors import compliance as compliance_selectors
from lantern.training.selectors import records
from lantern.training.services import catalogue, sessions


class MayReadTraining(IsTwoFactorVerified):
    message = "Training records are for training coordinators and programme managers."

    def has_permission(self, request: Request, view: Any) -> bool:
        user: Any = request.user
        return (super().has_permission(request, view) and user.can(Capability.USE_API)
                and records.may_read_records(user))


class VersionSerializer(serializers.ModelSerializer[CourseVersion]):
    class Meta:
        model = CourseVersion
        fields = ["number", "delivery", "duration_minutes", "learning_outcomes", "validity_months", "provider",
                  "change_summary", "effective_from"]


class CourseSerializer(serializers.ModelSerializer[Course]):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = ["id", "code", "title", "audience", "level", "is_active", "versions"]


class CourseCreateSerializer(serializers.Serializer[Any]):
    code = serializers.SlugField(max_length=60)
    title = serializers.CharField(max_length=200)
    audience = serializers.CharField(max_length=300)
    level = serializers.ChoiceField(choices=CourseLevel.choices)
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    duration_minutes = serializers.IntegerField(min_value=5, max_value=14400)
    learning_outcomes = serializers.CharField(max_length=4000)
    validity_months = serializers.IntegerField(min_value=1, max_value=120, allow_null=True, required=False)
    provider = serializers.CharField(max_length=200, required=False, default="")
    effective_from = serializers.DateField()


class TrainingPagination(CursorPagination):
    ordering = ("-pk",)
    page_size = 100


@extend_schema_view(create=extend_schema(request=CourseCreateSerializer, responses={201: CourseSerializer}))
class CourseViewSet(viewsets.GenericViewSet[Course], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The course catalogue, each course with its versions."""

    permission_classes = [MayReadTraining]
    serializer_class = CourseSerializer
    pagination_class = TrainingPagination
    queryset = Course.objects.none()

    def get_queryset(self) -> Any:
        return records.courses_visible_to(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CourseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {"validity_months": None, **data.validated_data}
        course = service_call(catalogue.course_create, acting_user=request.user, **fields)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)


class SessionSerializer(serializers.ModelSerializer[Session]):
    course: serializers.SlugRelatedField[Course] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    course_version = serializers.IntegerField(source="course_version.number", read_only=True)
    attended = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = ["id", "reference", "course", "course_version", "date", "start_time", "trainer_name", "venue", "link",
                  "capacity", "status", "attended"]


class SessionCreateSerializer(serializers.Serializer[Any]):
    course = serializers.SlugRelatedField(slug_field="code", queryset=Course.objects.filter(is_active=True))
    date = serializers.DateField()
    trainer_name = serializers.CharField(max_length=150, required=False, default="")
    venue = serializers.CharField(max_length=300, required=False, default="")
    link = serializers.URLField(required=False, default="")
    capacity = serializers.IntegerField(min_value=1, max_value=10000, required=False, allow_null=True, default=None)


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    full_name = serializers.CharField(source="trainee.full_name", read_only=True)
    organisation = serializers.CharField(source="trainee.organisation", read_only=True)
    trainee = serializers.IntegerField(source="trainee_id", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "trainee", "full_name", "organisation", "outcome", "completed_on", "valid_until", "source"]


class AttendeeInputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, default="")
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False, allow_null=True,
                                                default=None)
    organisation = serializers.CharField(max_length=200, required=False, default="",
                                         help_text="For someone not from a partner agency.")
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.ATTENDED)


@extend_schema_view(
    create=extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer}),
    attendance=extend_schema(methods=["GET"], responses=AttendanceSerializer(many=True)),
)
class SessionViewSet(viewsets.GenericViewSet[Session], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Sessions (newest first) and their attendance."""

    permission_classes = [MayReadTraining]
    serializer_class = SessionSerializer
    pagination_class = TrainingPagination
    queryset = Session.objects.none()

    def get_queryset(self) -> Any:
        return records.sessions_visible_to(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SessionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = service_call(sessions.session_create, acting_user=request.user, **data.validated_data)
        return Response(SessionSerializer(records.session_get(user=request.user, session_id=session.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(methods=["POST"], request=AttendeeInputSerializer, responses={201: AttendanceSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def attendance(self, request: Request, pk: str, **kwargs: Any) -> Response:
        session = self.get_object()
        if request.method == "POST":
            data = AttendeeInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
            made = service_call(sessions.attendance_add, session=session, acting_user=request.user,
                                full_name=values["full_name"], email=values["email"],
                                agency_id=values["agency"].pk if values["agency"] else None,
                                agency_name=values["organisation"], outcome=values["outcome"])
            return Response(AttendanceSerializer(made).data, status=status.HTTP_201_CREATED)
        audit_read(user=request.user, record=session, label=session.reference, request=request._request)
        rows = session.attendances.select_related("trainee__agency").order_by("pk")
        return Response(AttendanceSerializer(rows, many=True).data)


class CourseComplianceSerializer(serializers.Serializer[Any]):
    course = serializers.IntegerField(source="course_id")
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in Status])
    due_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)


class TraineeComplianceSerializer(serializers.Serializer[Any]):
    trainee = serializers.IntegerField(source="trainee_id", allow_null=True)
    name = serializers.CharField()
    organisation = serializers.CharField()
    status = serializers.CharField(allow_null=True)
    results = CourseComplianceSerializer(many=True)


class CompliancePagination(TrainingPagination):
    """Pages of people, in the order of ``person_key`` (ids, never names)."""


def person_key(person: compliance_selectors.Person) -> tuple[int, int]:
    """A person's place in the pages: those with a training record by its id, then Lantern users with none."""
    return (0, person.trainee_id) if person.trainee_id is not None else (1, person.user_id or 0)


class ComplianceViewSet(viewsets.GenericViewSet[Any]):
    """Compliance against the training matrix: each person's status per required course, in cursor pages
    (people with a training record by its id, then Lantern users with none)."""

    permission_classes = [MayReadTraining]
    serializer_class = TraineeComplianceSerializer
    pagination_class = CompliancePagination

    @extend_schema(parameters=[
        OpenApiParameter("agency", OpenApiTypes.INT, description="Only this agency's people."),
        OpenApiParameter("status", OpenApiTypes.STR, enum=[s.value for s in Status],
                         description="Only people whose worst status is this.")],
        responses=TraineeComplianceSerializer(many=True))
    def list(self, request: Request) -> Response:
        agency = request.query_params.get("agency", "")
        wanted = request.query_params.get("status", "")
        people = compliance_selectors.compliance_people_cached(
            agency_id=int(agency) if agency.isdigit() and len(agency) < 10 else None)
        if wanted in {s.value for s in Status}:
            people = [person for person in people if person.status == wanted]
        paginator = cast(CompliancePagination, self.paginator)
        page = paginator.paginate_list(people, request, key=person_key)
        audit_read(user=request.user, label="Training compliance", request=request._request,
                   action="training.compliance.view", details={"people": len(people), "listed": len(page), "api": True})
        return paginator.get_paginated_response(TraineeComplianceSerializer(page, many=True).data)
