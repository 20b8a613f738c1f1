"""JSON API for concerns, cases and what is recorded on a case, under the same access rules as the pages.

Everything a worker records on a case through the pages can be read and recorded here:
screenings, consent, referrals (the NRM, the Duty to Notify and local services), Home
Office decisions, support, age assessments, the exploitation details, the move-on plan,
tasks, and documents (added as the upload page adds them; read as their metadata, never
their content). Records the caller may not see
answer 404; a case off the caller's caseload needs a reason given in the web page first
(403). Reading a case or its records is audited like opening its page; writes go through
the same services as the forms, so the same rules apply.
"""

from typing import Any

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
from lantern.accounts.selectors import agencies_active
from lantern.audit.purpose import access_purpose_given
from lantern.audit.services import audit_read
from lantern.cases import selectors, services
from lantern.cases.models import (
    AgeAssessment,
    Case,
    CaseAttachment,
    CompetentAuthority,
    Concern,
    ConsentRecord,
    Decision,
    DecisionKind,
    EarlyDecisionReason,
    Referral,
    ReferralKind,
    Screening,
    SupportKind,
    SupportService,
    Task,
    WhereExploited,
)
from lantern.cases.models.records import AGE_ASSESSMENT_OUTCOMES
from lantern.core.api import CursorPagination, service_call
from lantern.core.reference import ExploitationType, first_responder_organisations


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
        fields = ["id", "kind", "made_on", "made_by_agency", "to_organisation", "external_reference", "anonymous",
                  "first_responder_organisation"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["id", "kind", "decided_on", "positive", "competent_authority", "early_reason"]


class ScreeningSerializer(serializers.ModelSerializer[Screening]):
    indicators = serializers.ListField(child=serializers.CharField(), help_text="Codes of the indicators that apply.")
    indicator_evidence = serializers.SerializerMethodField(help_text="Indicator code → what was seen or said for it.")

    class Meta:
        model = Screening
        fields = ["id", "screened_on", "indicator_set_version", "indicators", "indicator_evidence", "evidence",
                  "judgement", "conclusion"]

    def get_indicator_evidence(self, screening: Screening) -> dict[str, str]:
        return screening.evidence_for()


class ConsentSerializer(serializers.ModelSerializer[ConsentRecord]):
    class Meta:
        model = ConsentRecord
        fields = ["id", "given", "explained_on", "language", "interpreter_used", "refusal_reason",
                  "share_details_for_dtn"]


class SupportSerializer(serializers.ModelSerializer[SupportService]):
    class Meta:
        model = SupportService
        fields = ["id", "kind", "provider", "started_on", "ended_on", "notes"]


class AgeAssessmentSerializer(serializers.ModelSerializer[AgeAssessment]):
    class Meta:
        model = AgeAssessment
        fields = ["id", "assessed_on", "assessed_by", "outcome"]


class DocumentSerializer(serializers.ModelSerializer[CaseAttachment]):
    """A document's metadata: never its content (download it from the case page)."""

    uploaded_by: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField(source="created_by")

    class Meta:
        model = CaseAttachment
        fields = ["id", "original_name", "description", "content_type", "size", "scan_result", "created_at",
                  "uploaded_by"]


class DocumentInputSerializer(serializers.Serializer[Any]):
    """A document to add to the case, sent as multipart/form-data, as the upload page takes it."""

    file = serializers.FileField(help_text="PDF, JPG, PNG, Word (.docx) or text, up to 10 MB. Photos have their "
                                           "location and device details removed.")
    description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                        help_text="What it is: the referral pack names the document by this.")


class ExploitationSerializer(serializers.Serializer[Any]):
    """The case's exploitation types (several may apply), where they were exploited and the county lines flag."""

    types = serializers.ListField(child=serializers.ChoiceField(choices=ExploitationType.choices), max_length=10,
                                  allow_empty=True)
    where_exploited = serializers.ChoiceField(choices=WhereExploited.choices)
    county_lines = serializers.BooleanField()


class MoveOnPlanSerializer(serializers.Serializer[Any]):
    planned_on = serializers.DateField(allow_null=True)
    plan = serializers.CharField(max_length=5000)


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
    interpreter_needed = serializers.BooleanField(allow_null=True, help_text="Empty until asked.")
    safe_contact = serializers.CharField(help_text="How and when it is safe to contact the person: check before any contact.")


class CaseDetailSerializer(CaseSummarySerializer):
    person = PersonSerializer()
    exploitation_types = serializers.SerializerMethodField()
    referrals = ReferralSerializer(many=True)
    decisions = DecisionSerializer(many=True)
    open_tasks = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [*CaseSummarySerializer.Meta.fields, "person", "where_exploited", "county_lines", "exploitation_types",
                  "move_on_planned_on", "referrals", "decisions", "open_tasks"]

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
    early_reason = serializers.ChoiceField(
        choices=EarlyDecisionReason.choices, required=False, allow_blank=True, default="",
        help_text="Needed for a conclusive grounds decision dated before the recovery period ends: why the "
                  "competent authority decided early ('other' needs the notes).")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ScreeningInputSerializer(serializers.Serializer[Any]):
    indicators = serializers.ListField(child=serializers.CharField(max_length=60), max_length=100, allow_empty=True,
                                       help_text="Codes of the current indicator set's indicators that apply.")
    indicator_evidence = serializers.DictField(child=serializers.CharField(max_length=10000, allow_blank=True),
                                               required=False, default=dict,
                                               help_text="Indicator code → what was seen or said for it.")
    evidence = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    judgement = serializers.CharField(max_length=10000)
    conclusion = serializers.ChoiceField(choices=Screening.Conclusion.choices)
    screened_on = serializers.DateField()


class ConsentInputSerializer(serializers.Serializer[Any]):
    given = serializers.BooleanField()
    explained_on = serializers.DateField()
    language = serializers.CharField(max_length=80)
    interpreter_used = serializers.BooleanField()
    refusal_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    share_details_for_dtn = serializers.BooleanField(required=False, default=False)


class ReferralInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReferralKind.choices)
    made_on = serializers.DateField()
    made_by_agency = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1,
        help_text="The referring organisation's id (GET /api/v1/agencies/); by default the caller's own.")
    to_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    external_reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    first_responder_organisation = serializers.ChoiceField(
        choices=first_responder_organisations(), required=False, allow_blank=True, default="",
        help_text="For an NRM referral or a Duty to Notify: the first responder organisation as the Home Office "
                  "form lists it; by default the referring organisation's own entry.")


class SupportInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    provider = serializers.CharField(max_length=200)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AgeAssessmentInputSerializer(serializers.Serializer[Any]):
    assessed_on = serializers.DateField()
    assessed_by = serializers.CharField(max_length=200)
    outcome = serializers.ChoiceField(choices=AGE_ASSESSMENT_OUTCOMES)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class TaskInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    owner_email = serializers.EmailField()
    due_on = serializers.DateField()


def case_for_api(request: Request, reference: str) -> Case:
    """The case (404 if hidden), if it is on the caller's caseload or a reason was given in the web page (403).

    Writes go through the services, which refuse (403) anyone who may not work the case.
    """
    case = selectors.case_get_for_user(user=request.user, reference=reference)
    if not selectors.is_on_caseload(request.user, case) and access_purpose_given(request._request, case) is None:
        raise ApiPermissionDenied("This case is not on your caseload: open it in Lantern and give a reason first.")
    return case


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
        case = case_for_api(request, str(kwargs["reference"]))
        audit_read(user=request.user, record=case, label=case.reference, request=request._request)
        prefetch_related_objects(
            [case], "exploitation", "decisions",
            Prefetch("referrals", queryset=Referral.objects.select_related("made_by_agency")),
        )
        return Response(CaseDetailSerializer(case).data)

    def _records(self, request: Request, case: Case, part: str, serializer: Any, records: Any) -> Response:
        """A list of the case's records of one kind: the read is audited as opening the case page is."""
        audit_read(user=request.user, record=case, label=case.reference, request=request._request,
                   details={"api": part})
        return Response(serializer(records, many=True).data)

    def _record(self, request: Request, reference: str, input_serializer: Any, service: Any,
                output: Any, **extra: Any) -> Response:
        """Record something on the case through its service (the same checks as the page)."""
        case = case_for_api(request, reference)
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = service_call(service, case=case, acting_user=request.user, **data.validated_data, **extra)
        return Response(output(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: DecisionSerializer(many=True)},
                   description="The Home Office decisions recorded on the case, newest first.")
    @extend_schema(methods=["POST"], request=DecisionInputSerializer, responses={201: DecisionSerializer},
                   description="Record a Home Office decision. A conclusive grounds decision before the recovery "
                               "period has ended needs early_reason.")
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def decisions(self, request: Request, reference: str, **kwargs: Any) -> Response:  # kwargs: format suffix
        if request.method == "POST":
            return self._record(request, reference, DecisionInputSerializer, services.decision_record,
                                DecisionSerializer)
        case = case_for_api(request, reference)
        return self._records(request, case, "decisions", DecisionSerializer, case.decisions.all())

    @extend_schema(methods=["GET"], responses={200: ScreeningSerializer(many=True)},
                   description="The screenings against the indicators, newest first.")
    @extend_schema(methods=["POST"], request=ScreeningInputSerializer, responses={201: ScreeningSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def screenings(self, request: Request, reference: str, **kwargs: Any) -> Response:
        if request.method == "POST":
            case = case_for_api(request, reference)
            data = ScreeningInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            d = data.validated_data
            screening = service_call(
                services.screening_record, case=case, acting_user=request.user, indicators_found=d["indicators"],
                evidence=d["evidence"], judgement=d["judgement"], conclusion=d["conclusion"],
                screened_on=d["screened_on"], indicator_evidence=d["indicator_evidence"])
            return Response(ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)
        case = case_for_api(request, reference)
        return self._records(request, case, "screenings", ScreeningSerializer, case.screenings.all())

    @extend_schema(methods=["GET"], responses={200: ConsentSerializer(many=True)},
                   description="An adult's decisions about an NRM referral, latest first (the first counts).")
    @extend_schema(methods=["POST"], request=ConsentInputSerializer, responses={201: ConsentSerializer},
                   description="Record an adult's decision about an NRM referral (children are never asked).")
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def consents(self, request: Request, reference: str, **kwargs: Any) -> Response:
        if request.method == "POST":
            return self._record(request, reference, ConsentInputSerializer, services.consent_record, ConsentSerializer)
        case = case_for_api(request, reference)
        return self._records(request, case, "consents", ConsentSerializer, case.consents.all())

    @extend_schema(methods=["GET"], responses={200: ReferralSerializer(many=True)},
                   description="Every referral on the case: the NRM, the Duty to Notify and local services.")
    @extend_schema(methods=["POST"], request=ReferralInputSerializer, responses={201: ReferralSerializer},
                   description="Record a referral, with the same checks as the page: an adult's NRM referral "
                               "needs their consent; the Duty to Notify is for adults who refused.")
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def referrals(self, request: Request, reference: str, **kwargs: Any) -> Response:
        if request.method == "POST":
            case = case_for_api(request, reference)
            data = ReferralInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            d = dict(data.validated_data)
            agency_id = d.pop("made_by_agency")
            agency = None
            if agency_id is not None:
                agency = agencies_active().filter(pk=agency_id).first()
                if agency is None:
                    raise ApiValidationError({"made_by_agency": ["Choose an organisation of the partnership."]})
            referral = service_call(services.referral_record, case=case, acting_user=request.user,
                                    made_by_agency=agency, **d)
            return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
        case = case_for_api(request, reference)
        return self._records(request, case, "referrals", ReferralSerializer,
                             case.referrals.select_related("made_by_agency"))

    @extend_schema(methods=["GET"], responses={200: SupportSerializer(many=True)},
                   description="The support given to the person, newest first.")
    @extend_schema(methods=["POST"], request=SupportInputSerializer, responses={201: SupportSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def support(self, request: Request, reference: str, **kwargs: Any) -> Response:
        if request.method == "POST":
            return self._record(request, reference, SupportInputSerializer, services.support_add, SupportSerializer)
        case = case_for_api(request, reference)
        return self._records(request, case, "support", SupportSerializer, case.support.all())

    @extend_schema(methods=["GET"], responses={200: AgeAssessmentSerializer(many=True)},
                   description="The age assessments, newest first.")
    @extend_schema(methods=["POST"], request=AgeAssessmentInputSerializer, responses={201: AgeAssessmentSerializer},
                   description="Record an age assessment (on any route): the case moves to the route it finds.")
    @action(detail=True, methods=["get", "post"], url_path="age-assessments", pagination_class=None)
    def age_assessments(self, request: Request, reference: str, **kwargs: Any) -> Response:
        if request.method == "POST":
            return self._record(request, reference, AgeAssessmentInputSerializer, services.age_assessment_record,
                                AgeAssessmentSerializer)
        case = case_for_api(request, reference)
        return self._records(request, case, "age_assessments", AgeAssessmentSerializer, case.age_assessments.all())

    @extend_schema(methods=["GET"], responses={200: DocumentSerializer(many=True)},
                   description="The documents on the case: their metadata only, never their content.")
    @extend_schema(methods=["POST"], request={"multipart/form-data": DocumentInputSerializer},
                   responses={201: DocumentSerializer},
                   description="Add a document, with the same checks as the upload page (type, size, the virus "
                               "scanner); the answer is its metadata.")
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def documents(self, request: Request, reference: str, **kwargs: Any) -> Response:
        if request.method == "POST":
            case = case_for_api(request, reference)
            data = DocumentInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            document = service_call(services.attachment_add, case=case, acting_user=request.user,
                                    upload=data.validated_data["file"], description=data.validated_data["description"])
            return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
        case = case_for_api(request, reference)
        return self._records(request, case, "documents", DocumentSerializer,
                             case.attachments.select_related("created_by"))

    @extend_schema(methods=["GET"], responses={200: ExploitationSerializer})
    @extend_schema(methods=["PUT"], request=ExploitationSerializer, responses={200: ExploitationSerializer},
                   description="Set the exploitation types, where they were exploited and the county lines flag "
                               "(the whole set: types not sent are removed).")
    @action(detail=True, methods=["get", "put"])
    def exploitation(self, request: Request, reference: str, **kwargs: Any) -> Response:
        case = case_for_api(request, reference)
        if request.method == "PUT":
            data = ExploitationSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            service_call(services.case_set_exploitation, case=case, acting_user=request.user, **data.validated_data)
        else:
            audit_read(user=request.user, record=case, label=case.reference, request=request._request,
                       details={"api": "exploitation"})
        return Response(ExploitationSerializer({
            "types": selectors.exploitation_type_codes(case),
            "where_exploited": case.where_exploited, "county_lines": case.county_lines}).data)

    @extend_schema(methods=["GET"], responses={200: MoveOnPlanSerializer})
    @extend_schema(methods=["PUT"], request=MoveOnPlanSerializer, responses={200: MoveOnPlanSerializer},
                   description="Record the plan for when move-on support ends (after a positive conclusive "
                               "grounds decision).")
    @action(detail=True, methods=["get", "put"], url_path="move-on-plan")
    def move_on_plan(self, request: Request, reference: str, **kwargs: Any) -> Response:
        case = case_for_api(request, reference)
        if request.method == "PUT":
            data = MoveOnPlanSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            service_call(services.case_record_move_on_plan, case=case, acting_user=request.user,
                         **data.validated_data)
        else:
            audit_read(user=request.user, record=case, label=case.reference, request=request._request,
                       details={"api": "move_on_plan"})
        return Response(MoveOnPlanSerializer({"planned_on": case.move_on_planned_on, "plan": case.move_on_plan}).data)

    @extend_schema(request=TaskInputSerializer, responses={201: TaskSerializer})
    @action(detail=True, methods=["post"])
    def tasks(self, request: Request, reference: str, **kwargs: Any) -> Response:  # kwargs: format suffix
        case = case_for_api(request, reference)
        data = TaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        owner = selectors.case_team_user_by_email(case=case, email=data.validated_data["owner_email"])
        if owner is None:  # one answer whether or not the address exists: no account discovery
            raise ApiValidationError({"owner_email": ["The owner must be on the case team."]})
        task = service_call(services.task_create, case=case, acting_user=request.user, title=data.validated_data["title"],
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


