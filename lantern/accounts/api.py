"""REST endpoints of accounts: who am I, and (for administrators) agencies."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lantern.accounts.api_auth import capability_permission
from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency, User


class AgencySerializer(serializers.ModelSerializer[Agency]):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "agency_type", "is_first_responder", "is_childrens_services", "is_active"]


class MeSerializer(serializers.Serializer[object]):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    agency = AgencySerializer(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    capabilities = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """The signed-in user, their agency, roles and capabilities."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - guaranteed by the permission class
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "agency": user.agency,
            "roles": sorted(user.role_set),
            "capabilities": sorted(str(c) for c in user.capabilities),
        }
        return Response(MeSerializer(data).data)


class AgencyViewSet(viewsets.ReadOnlyModelViewSet[Agency]):
    """The partnership's agencies (for everyone who may view the partnership)."""

    serializer_class = AgencySerializer
    permission_classes = [capability_permission(Capability.VIEW_PARTNERSHIP)]
    queryset = Agency.objects.order_by("name")
    ordering = "name"
    pagination_class = None
