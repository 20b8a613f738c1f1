"""JSON API for concerns, cases, referrals, decisions and tasks, under the same access rules as the pages.

Records the caller may not see answer 404. Reading a case is audited like
opening its page; writes go through the same services as the forms.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.accounts.capabilities import Capability
from lantern.audit.purpose import access_purpose_given
from lantern.audit.services import audit_read
from lantern.cases import selectors, services
from lantern.cases.models import (
    Case,
    CompetentAuthority,
    Concern,
    Decision,
    DecisionKind,
    Referral,
    Task,
)
from lantern.core.api import CursorPagination


class CasePagination(CursorPagination):  # the project's cursor pages (lantern.core.api), newest case first
    ordering = ("-opened_on", "-id")
    page_size = 50


class ConcernPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 50


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    made_by_agency: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField()

    class Meta:
        model = Referral
        fields = ["id", "kind", "made_on", "made_by_agency", "to_organisation", "external_reference", "anonymous"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["id", "kind", "decided_on", "positive", "competent_authority"]


class TaskSerializer(serializers.ModelSerializer[Task]):
    case: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    owner: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField()

    class Meta:
        model = Task
        fields = ["id", "case", "title", "owner", "due_on", "status"]


class CaseSummarySerializer(serializers.ModelSerializer[Case]):
    lead_agency: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField()
    area: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Case
        fields = ["reference", "route", "status", "stage", "opened_on", "lead_agency", "area", "nrm_referred_on",
                  "rg_expected_by", "rg_decided_on", "recovery_ends_on", "cg_decided_on", "move_on_ends_on",
                  "closed_on", "outcome", "shop_flagged"]


class PersonSerializer(serializers.Serializer[Any]):
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    known_as = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    approximate_age = serializers.IntegerField(allow_null=True)
    gender = serializers.CharField()
    nationality = serializers.CharField()
    language = serializers.CharField()
    interpreter_needed = serializers.BooleanField()
    safe_contact = serializers.CharField(help_text="How and when it is safe to contact the person: check before any contact.")


class CaseDetailSerializer(CaseSummarySerializer):
    person = PersonSerializer()
    exploitation_types = serializers.SerializerMethodField()
    referrals = ReferralSerializer(many=True)
    decisions = DecisionSerializer(many=True)
    open_tasks = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [*CaseSummarySerializer.Meta.fields, "person", "exploitation_types", "referrals", "decisions",
                  "open_tasks"]

    def get_exploitation_types(self, case: Case) -> list[str]:
        return [row.type for row in case.exploitation.all()]

    @extend_schema_field(TaskSerializer(many=True))
    def get_open_tasks(self, case: Case) -> list[dict[str, Any]]:
        return TaskSerializer(case.tasks.open().select_related("owner"), many=True).data  # type: ignore[return-value]


class DecisionInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    decided_on = serializers.DateField()
    positive = serializers.BooleanField()
    competent_authority = serializers.ChoiceField(choices=CompetentAuthority.choices)


class TaskInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    owner_email = serializers.EmailField()
    due_on = serializers.DateField()


def _service_call(func: Any, **kwargs: Any) -> Any:
    try:
        return func(**kwargs)
    except ValidationError as exc:
        raise ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from exc
    except PermissionDenied as exc:
        raise ApiPermissionDenied() from exc


class MayListCases(IsTwoFactorVerified):
    """The case list, as on the /cases/ page: refused (403) to roles that neither work nor oversee cases.
    A single case stays 'not found' to anyone who may not see it."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return getattr(view, "action", None) != "list" or selectors.may_list_cases(request.user)


class CaseViewSet(viewsets.GenericViewSet[Case], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Cases the caller may see. Reading one is audited. Records outside the caller's caseload
    need a reason given in the web page first (the API refuses them with 403 until then)."""

    permission_classes = [MayListCases]
    lookup_field = "reference"
    pagination_class = CasePagination
    queryset = Case.objects.none()  # for the schema; get_queryset applies the access rules

    def get_queryset(self) -> Any:
        # The list shows no person fields, so the person (decrypted on load) is not fetched.
        return selectors.cases_visible_to(self.request.user).select_related("lead_agency", "area")

    def get_serializer_class(self) -> Any:
        return CaseDetailSerializer if self.action == "retrieve" else CaseSummarySerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self._case_with_purpose(request, str(kwargs["reference"]))
        audit_read(user=request.user, record=case, label=case.reference, request=request._request)
        prefetch_related_objects(
            [case], "exploitation", "decisions",
            Prefetch("referrals", queryset=Referral.objects.select_related("made_by_agency")),
        )
        return Response(CaseDetailSerializer(case).data)

    def _case_with_purpose(self, request: Request, reference: str) -> Case:
        """The case (404 if hidden), if it is on the caller's caseload or a reason was given in the web page."""
        case = selectors.case_get_for_user(user=request.user, reference=reference)
        if not selectors.is_on_caseload(request.user, case) and access_purpose_given(request._request, case) is None:
            raise ApiPermissionDenied("This case is not on your caseload: open it in Lantern and give a reason first.")
        return case

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, reference: str, **kwargs: Any) -> Response:  # kwargs: format suffix
        case = self._case_with_purpose(request, reference)
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = _service_call(services.decision_record, case=case, acting_user=request.user, **data.validated_data)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskInputSerializer, responses={201: TaskSerializer})
    @action(detail=True, methods=["post"])
    def tasks(self, request: Request, reference: str, **kwargs: Any) -> Response:  # kwargs: format suffix
        case = self._case_with_purpose(request, reference)
        data = TaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        owner = selectors.case_team_user_by_email(case=case, email=data.validated_data["owner_email"])
        if owner is None:  # one answer whether or not the address exists: no account discovery
            raise ApiValidationError({"owner_email": ["The owner must be on the case team."]})
        task = _service_call(services.task_create, case=case, acting_user=request.user, title=data.validated_data["title"],
                             owner=owner, due_on=data.validated_data["due_on"])
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class ConcernSerializer(serializers.ModelSerializer[Concern]):
    case: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True)
    area: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Concern
        fields = ["reference", "status", "immediate_danger", "submitted_at", "triaged_at", "area", "case"]


class MayListConcerns(IsTwoFactorVerified):
    """The concern list: for roles that raise or triage concerns; refused (403) to the others, whose list
    would always be empty. A single concern stays 'not found' to anyone who may not see it."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        user = request.user
        return getattr(view, "action", None) != "list" or any(
            user.can(capability) for capability in (Capability.RAISE_CONCERN, Capability.TRIAGE_CONCERN)  # type: ignore[union-attr]
        )


class ConcernViewSet(viewsets.ReadOnlyModelViewSet[Concern]):
    """Concerns the caller raised, and (for triage roles) every submitted concern. Status only: no narrative."""

    permission_classes = [MayListConcerns]
    serializer_class = ConcernSerializer
    lookup_field = "reference"
    pagination_class = ConcernPagination
    queryset = Concern.objects.none()  # for the schema; get_queryset applies the access rules

    def get_queryset(self) -> Any:
        qs = selectors.concerns_visible_to(self.request.user).select_related("area", "case")
        if not self.request.user.can(Capability.TRIAGE_CONCERN):  # type: ignore[union-attr]
            qs = qs.filter(raised_by=self.request.user.pk)
        return qs.order_by("-created_at", "-id")

    def get_object(self) -> Concern:
        concern = self.get_queryset().filter(reference=str(self.kwargs["reference"]).upper()).first()
        if concern is None:
            raise NotFound()
        if concern.case_id and not self.request.user.can(Capability.TRIAGE_CONCERN):  # type: ignore[union-attr]
            concern.case = None  # a raiser sees the status, not the case
        return concern


class MyTaskViewSet(viewsets.GenericViewSet[Task], mixins.ListModelMixin):
    """The caller's open tasks, soonest first."""

    permission_classes = [IsTwoFactorVerified]
    serializer_class = TaskSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.tasks_open_for(self.request.user)


