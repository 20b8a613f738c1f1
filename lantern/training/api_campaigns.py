"""JSON API for the campaign register: campaigns (list, read, create, update) and their reach figures.

Only MANAGE_TRAINING may use it (others 403); a campaign that does not exist is 404. Writes go
through the same services as the pages. Materials are listed (their details, never the file: files
are downloaded from the campaign's page).
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import capability_permission
from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import agencies_active
from lantern.core.api import CursorPagination, service_call
from lantern.training import selectors_campaigns as selectors
from lantern.training import services_campaigns as services
from lantern.training.models import Campaign, CampaignMaterial, CampaignReach, Channel, ReachMeasure


class ReachSerializer(serializers.ModelSerializer[CampaignReach]):
    class Meta:
        model = CampaignReach
        fields = ["id", "channel", "measure", "count", "recorded_on", "note"]


class ReachInputSerializer(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=Channel.choices)
    measure = serializers.ChoiceField(choices=ReachMeasure.choices)
    count = serializers.IntegerField(min_value=0, max_value=100_000_000)
    recorded_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MaterialSerializer(serializers.ModelSerializer[CampaignMaterial]):
    class Meta:
        model = CampaignMaterial
        fields = ["id", "title", "language", "version", "content_type", "size", "created_at"]


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), min_length=1,
                                     max_length=len(Channel.values))
    partner_agencies = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=agencies_active(), help_text="Agency ids.")
    reach = ReachSerializer(many=True, read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    reach_total = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["reference", "title", "aim", "audience", "channels", "starts_on", "ends_on", "partner_agencies",
                  "reach", "reach_total", "materials", "created_at", "updated_at"]
        read_only_fields = ["reference", "created_at", "updated_at"]

    def get_reach_total(self, campaign: Campaign) -> int:
        return sum(r.count for r in campaign.reach.all())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends_on": "The end date must be the same as or after the start date"})
        return attrs


class CampaignPagination(CursorPagination):
    ordering = ("-starts_on", "-id")


class CampaignViewSet(viewsets.GenericViewSet[Campaign], mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Awareness campaigns, latest first, with their reach figures and materials."""

    permission_classes = [capability_permission(Capability.MANAGE_TRAINING)]
    serializer_class = CampaignSerializer
    pagination_class = CampaignPagination
    lookup_field = "reference"
    queryset = Campaign.objects.none()  # for the schema; get_queryset applies the access rules
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Campaign]:
        return selectors.campaigns_visible_to(self.request.user).prefetch_related("reach", "materials")

    def get_object(self) -> Campaign:
        return selectors.campaign_get_for_user(user=self.request.user, reference=str(self.kwargs["reference"]))

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = service_call(services.campaign_create, acting_user=self.request.user,
                                            **serializer.validated_data)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = service_call(services.campaign_update, campaign=serializer.instance,
                                            acting_user=self.request.user, **serializer.validated_data)

    @extend_schema(request=ReachInputSerializer, responses={201: ReachSerializer})
    @action(detail=True, methods=["post"])
    def reach(self, request: Request, reference: str, **kwargs: Any) -> Response:
        """Add a reach figure: how many were reached on one channel, by one measure."""
        campaign = self.get_object()
        data = ReachInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reach = service_call(services.campaign_reach_add, campaign=campaign, acting_user=request.user,
                             **data.validated_data)
        return Response(ReachSerializer(reach).data, status=status.HTTP_201_CREATED)
