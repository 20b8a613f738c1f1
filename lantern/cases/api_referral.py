"""JSON API for what the Home Office NRM form asks: the referral questions, the form's lists, the person's
details the form needs, and how much of the form a case answers.

The same access rules as the pages: a case the caller may not see is 404; one outside their caseload
needs a reason given in the web page first (403 until then); writes need someone who may work the case
and go through the same services (and so the same checks and audit entries) as the forms. Reading the
answers is audited like opening the referral pack.
"""

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.audit.services import audit_read
from lantern.cases import nrm_form, selectors, services
from lantern.cases.api import case_for_api
from lantern.cases.models import (
    ContactMethod,
    FormExploitation,
    Gender,
    ListKind,
    NrmListEntry,
    ReferralQuestions,
    YesNoNotSure,
)
from lantern.cases.services.nrm import QUESTION_FIELDS
from lantern.core.api import service_call
from lantern.core.reference import countries, local_authorities, nationalities, police_forces, uk_regions

# One choice set for both nationalities, named once in the schema (ENUM_NAME_OVERRIDES).
NATIONALITY_CHOICES = [("", "Not known"), *nationalities()]


def _list_choice(choices: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=[("", "Not answered"), *choices()], required=False, allow_blank=True)


class ReferralQuestionsSerializer(serializers.ModelSerializer[ReferralQuestions]):
    """The referral questions step: every field optional; a PATCH changes only what it sends."""

    under_18_during_exploitation = serializers.ChoiceField(
        choices=[("", "Not answered"), *YesNoNotSure.choices], required=False, allow_blank=True,
        help_text="Under 18 at any time during the exploitation (kept on the case).")
    reported_to_police = serializers.BooleanField(required=False, allow_null=True, help_text="null: not asked.")
    police_force = _list_choice(police_forces)
    crime_reference = serializers.CharField(required=False, allow_blank=True, max_length=60)
    local_authority = _list_choice(local_authorities)
    current_region = _list_choice(uk_regions)
    exploitation_checks = serializers.ListField(
        child=serializers.ChoiceField(choices=FormExploitation.choices), required=False, allow_null=True,
        help_text="The form's what-happened checkboxes ticked; null: not asked.")
    someone_else_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=ContactMethod.choices), required=False, allow_null=True)

    class Meta:
        model = ReferralQuestions
        fields = ["under_18_during_exploitation", "reported_to_police", "police_force", "crime_reference",
                  *QUESTION_FIELDS]
        extra_kwargs = {name: {"required": False} for name in QUESTION_FIELDS}

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        case = instance.case
        data.update({"under_18_during_exploitation": case.under_18_during_exploitation,
                     "reported_to_police": case.reported_to_police, "police_force": case.police_force,
                     "crime_reference": case.crime_reference})
        return data


class NrmListEntrySerializer(serializers.ModelSerializer[NrmListEntry]):
    kind = serializers.ChoiceField(choices=ListKind.choices)
    country = serializers.ChoiceField(choices=[("", "None"), *countries()], required=False, allow_blank=True,
                                      help_text="Overseas places only: the ISO 3166-1 alpha-2 code.")

    class Meta:
        model = NrmListEntry
        fields = ["id", "kind", "country", "town", "details", "location_known", "in_uk", "location"]
        read_only_fields = ["id"]


class PersonNrmSerializer(serializers.Serializer[Any]):
    """The person's details the form asks, as on the person page (every field optional; null: not asked)."""

    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    known_as = serializers.CharField(required=False, allow_blank=True, max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    nationality = serializers.ChoiceField(choices=NATIONALITY_CHOICES, required=False,
                                          allow_blank=True)
    second_nationality = serializers.ChoiceField(choices=NATIONALITY_CHOICES, required=False,
                                                 allow_blank=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=80)
    interpreter_needed = serializers.BooleanField(required=False, allow_null=True)
    communication_aid_needed = serializers.BooleanField(required=False, allow_null=True)
    communication_aid = serializers.CharField(required=False, allow_blank=True, max_length=200)
    ho_reference_held = serializers.BooleanField(required=False, allow_null=True)
    ho_references = serializers.CharField(required=False, allow_blank=True, max_length=500)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=200)
    address_street = serializers.CharField(required=False, allow_blank=True, max_length=500)
    address_town = serializers.CharField(required=False, allow_blank=True, max_length=100)
    address_county = serializers.CharField(required=False, allow_blank=True, max_length=100)
    address_postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    contact_methods = serializers.ListField(child=serializers.ChoiceField(choices=ContactMethod.choices),
                                           required=False, allow_null=True)
    email_safe = serializers.BooleanField(required=False, allow_null=True)
    post_safe = serializers.BooleanField(required=False, allow_null=True)
    safe_contact = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class FormAnswerSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The form's own field name (nrm_form_fields.csv).")
    question = serializers.CharField()
    answer = serializers.CharField(help_text="Empty when not answered.")
    answered = serializers.BooleanField()
    held_in = serializers.CharField(help_text="Where Lantern holds the answer.")
    step = serializers.CharField(help_text="The page of the case where it is captured.")


class FormSectionSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    questions = FormAnswerSerializer(many=True)


class FormCompletenessSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[("nrm", "NRM referral"), ("dtn", "Duty to Notify")])
    answered = serializers.IntegerField()
    asked = serializers.IntegerField()
    sections = FormSectionSerializer(many=True)


class ReferralQuestionsView(APIView):
    """A case's referral questions: read them, or answer some (PATCH)."""

    permission_classes = [IsTwoFactorVerified]

    @extend_schema(responses={200: ReferralQuestionsSerializer})
    def get(self, request: Request, reference: str) -> Response:
        case = case_for_api(request, reference)
        audit_read(user=request.user, record=case, label=case.reference, request=request._request)
        questions = selectors.referral_questions_of(case) or ReferralQuestions(case=case)
        return Response(ReferralQuestionsSerializer(questions).data)

    @extend_schema(request=ReferralQuestionsSerializer, responses={200: ReferralQuestionsSerializer})
    def patch(self, request: Request, reference: str) -> Response:
        case = case_for_api(request, reference)
        data = ReferralQuestionsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        questions = service_call(services.referral_questions_save, case=case, acting_user=request.user,
                                 **data.validated_data)
        return Response(ReferralQuestionsSerializer(questions).data)


class NrmListView(APIView):
    """The form's lists on a case (places, journey, exploiters, other potential victims, children)."""

    permission_classes = [IsTwoFactorVerified]

    @extend_schema(responses={200: NrmListEntrySerializer(many=True)})
    def get(self, request: Request, reference: str) -> Response:
        case = case_for_api(request, reference)
        audit_read(user=request.user, record=case, label=case.reference, request=request._request)
        return Response(NrmListEntrySerializer(selectors.nrm_entries_of(case), many=True).data)

    @extend_schema(request=NrmListEntrySerializer, responses={201: NrmListEntrySerializer})
    def post(self, request: Request, reference: str) -> Response:
        case = case_for_api(request, reference)
        data = NrmListEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "kind" and v not in ("", None)}
        entry = service_call(services.nrm_entry_add, case=case, acting_user=request.user,
                             kind=data.validated_data["kind"], **fields)
        return Response(NrmListEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class NrmListEntryView(APIView):
    permission_classes = [IsTwoFactorVerified]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, reference: str, entry_id: int) -> Response:
        case = case_for_api(request, reference)
        entry = selectors.nrm_entry_get_on_case(case=case, entry_id=entry_id)
        service_call(services.nrm_entry_remove, entry=entry, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PersonNrmView(APIView):
    """The person's details the form asks (PATCH changes only what it sends)."""

    permission_classes = [IsTwoFactorVerified]

    @extend_schema(responses={200: PersonNrmSerializer})
    def get(self, request: Request, reference: str) -> Response:
        case = case_for_api(request, reference)
        audit_read(user=request.user, record=case, label=case.reference, request=request._request)
        return Response(PersonNrmSerializer(case.person).data)

    @extend_schema(request=PersonNrmSerializer, responses={200: PersonNrmSerializer})
    def patch(self, request: Request, reference: str) -> Response:
        case = case_for_api(request, reference)
        data = PersonNrmSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        person = service_call(services.person_update, case=case, acting_user=request.user, **data.validated_data)
        return Response(PersonNrmSerializer(person).data)


class NrmFormView(APIView):
    """The form's questions that apply to a case, section by section, with Lantern's answers (as the pack)."""

    permission_classes = [IsTwoFactorVerified]

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=["nrm", "dtn"], required=False,
                                                description="The form: NRM referral or Duty to Notify "
                                                            "(by default, the one the case is heading for).")],
                   responses={200: FormCompletenessSerializer})
    def get(self, request: Request, reference: str) -> Response:
        case = case_for_api(request, reference)
        kind = request.query_params.get("kind") or None
        if kind not in (None, "nrm", "dtn") or (kind == "dtn" and case.is_child):
            raise ApiValidationError({"kind": ["Choose nrm or dtn (a child's case has no Duty to Notify)."]})
        facts = selectors.nrm_facts(case=case, user=request.user, kind=kind)
        audit_read(user=request.user, record=case, label=case.reference, action="case.referral_pack", export=True,
                   details={"form": facts.kind})
        sections = nrm_form.form_sections(facts)
        answered, asked = nrm_form.totals(sections)
        return Response(FormCompletenessSerializer({
            "kind": facts.kind, "answered": answered, "asked": asked,
            "sections": [{"title": s.title, "answered": s.answered, "total": s.total, "questions": [
                {"field": a.row.field, "question": a.question, "answer": a.answer, "answered": a.answered,
                 "held_in": nrm_form.SOURCES[a.row.field].held_in, "step": a.url} for a in s.answers]}
                for s in sections],
        }).data)


# Registered under /api/v1/ by config/urls.py.
urlpatterns = [
    path("cases/<str:reference>/referral-questions/", ReferralQuestionsView.as_view(), name="case-referral-questions"),
    path("cases/<str:reference>/nrm-lists/", NrmListView.as_view(), name="case-nrm-lists"),
    path("cases/<str:reference>/nrm-lists/<int:entry_id>/", NrmListEntryView.as_view(), name="case-nrm-list-entry"),
    path("cases/<str:reference>/person/", PersonNrmView.as_view(), name="case-person"),
    path("cases/<str:reference>/nrm-form/", NrmFormView.as_view(), name="case-nrm-form"),
]
