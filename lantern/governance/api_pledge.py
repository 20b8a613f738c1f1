"""JSON API for the Slavery Free Pledge's register.

Governance viewers (VIEW_GOVERNANCE) and the programme manager read the register; only the
programme manager (MANAGE_PLEDGE) approves, declines, withdraws and records follow-up (else 403). A
reference that does not exist is 404. The signatories' names and contact details are not in the API
(personal data): they show on the signatory's page, to the programme manager. Writes go through the
same services as the pages.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.core.api import CursorPagination, service_call
from lantern.governance import selectors_pledge, services_pledge
from lantern.governance.models import (
    FollowUpKind,
    PledgeCommitment,
    PledgeFollowUp,
    PledgeSector,
    PledgeSignatory,
    PledgeStatus,
)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class PledgePermission(IsTwoFactorVerified):
    """Reading needs the register (governance viewers, the programme manager); writing, MANAGE_PLEDGE."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return selectors_pledge.can_view_register(request.user) or selectors_pledge.can_manage_pledge(request.user)
        return selectors_pledge.can_manage_pledge(request.user)


class PledgeFollowUpSerializer(serializers.ModelSerializer[PledgeFollowUp]):
    class Meta:
        model = PledgeFollowUp
        fields = ["id", "kind", "happened_on", "link", "note", "created_at"]


class PledgeSignatorySerializer(serializers.ModelSerializer[PledgeSignatory]):
    commitments = serializers.ListField(child=serializers.ChoiceField(choices=PledgeCommitment.choices),
                                        help_text="The commitments adopted, in the pledge's order.")
    requested_at = serializers.DateTimeField(source="created_at", read_only=True)
    follow_ups = PledgeFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = PledgeSignatory
        fields = ["reference", "organisation", "sector", "status", "source", "requested_at", "signed_on",
                  "commitments", "listed_publicly", "decided_at", "withdrawn_on", "statement_url",
                  "statement_published_on", "training_done_on", "follow_ups"]


class PledgeApproveInputSerializer(serializers.Serializer[Any]):
    signed_on = serializers.DateField(required=False, help_text="The date signed (today when left out).")


class PledgeReasonInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class PledgeWithdrawInputSerializer(PledgeReasonInputSerializer):
    withdrawn_on = serializers.DateField(required=False, help_text="The date withdrawn (today when left out).")


class PledgeFollowUpInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FollowUpKind.choices)
    happened_on = serializers.DateField()
    link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PledgeSignatoryPagination(CursorPagination):
    ordering = ("-created_at", "-id")


class PledgeSignatoryViewSet(viewsets.GenericViewSet[PledgeSignatory], mixins.ListModelMixin,
                             mixins.RetrieveModelMixin):
    """The pledge register, newest request first; ``?status=`` and ``?sector=`` filter it."""

    permission_classes = [PledgePermission]
    serializer_class = PledgeSignatorySerializer
    pagination_class = PledgeSignatoryPagination
    lookup_field = "reference"
    queryset = PledgeSignatory.objects.none()  # for the schema; get_queryset applies the access rules

    def get_queryset(self) -> QuerySet[PledgeSignatory]:
        params = self.request.query_params
        status_, sector = params.get("status", ""), params.get("sector", "")
        return selectors_pledge.signatories_filtered(
            self.request.user, status=status_ if status_ in PledgeStatus.values else "",
            sector=sector if sector in PledgeSector.values else "",
        ).prefetch_related("follow_ups")

    @extend_schema(parameters=[
        OpenApiParameter("status", OpenApiTypes.STR, enum=PledgeStatus.values, description="Only this status."),
        OpenApiParameter("sector", OpenApiTypes.STR, enum=PledgeSector.values, description="Only this sector."),
    ])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> PledgeSignatory:
        return selectors_pledge.signatory_get_for_user(user=self.request.user, reference=str(self.kwargs["reference"]))

    def _answer(self, signatory: PledgeSignatory, code: int = status.HTTP_200_OK) -> Response:
        signatory = PledgeSignatory.objects.prefetch_related("follow_ups").get(pk=signatory.pk)
        return Response(PledgeSignatorySerializer(signatory).data, status=code)

    @extend_schema(request=PledgeApproveInputSerializer, responses={200: PledgeSignatorySerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, reference: str, **kwargs: Any) -> Response:
        """Accept a request: the organisation has signed (its contact is emailed)."""
        data = PledgeApproveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signatory = service_call(services_pledge.pledge_approve, signatory=self.get_object(), acting_user=request.user,
                                 signed_on=data.validated_data.get("signed_on"))
        return self._answer(signatory)

    @extend_schema(request=PledgeReasonInputSerializer, responses={200: PledgeSignatorySerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, reference: str, **kwargs: Any) -> Response:
        """Turn a request down, with the reason."""
        data = PledgeReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signatory = service_call(services_pledge.pledge_decline, signatory=self.get_object(), acting_user=request.user,
                                 reason=data.validated_data["reason"])
        return self._answer(signatory)

    @extend_schema(request=PledgeWithdrawInputSerializer, responses={200: PledgeSignatorySerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, reference: str, **kwargs: Any) -> Response:
        """A signatory leaves the pledge (and the public page)."""
        data = PledgeWithdrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signatory = service_call(services_pledge.pledge_withdraw, signatory=self.get_object(), acting_user=request.user,
                                 reason=data.validated_data["reason"],
                                 withdrawn_on=data.validated_data.get("withdrawn_on"))
        return self._answer(signatory)

    @extend_schema(request=PledgeFollowUpInputSerializer, responses={201: PledgeSignatorySerializer})
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request: Request, reference: str, **kwargs: Any) -> Response:
        """Record what a signatory did after signing (a statement with its link, training, a note)."""
        data = PledgeFollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signatory = self.get_object()
        service_call(services_pledge.pledge_follow_up_record, signatory=signatory, acting_user=request.user,
                     **data.validated_data)
        return self._answer(signatory, status.HTTP_201_CREATED)
