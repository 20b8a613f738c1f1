"""JSON API for boards' meetings and their actions, under the same rules as the pages.

Meetings: those the caller may see (governance roles, a board's members, invitees), each with its agenda
once published; a case item's detail only for those with a need to know (``detail`` false and no case
fields otherwise); a manager changes one (PATCH) until it is held. Actions: those the caller may read in
full (``?mine=true``: their own, overdue first); the owner or a manager moves one on with a note through
the same service as the page. Anything the caller may not see answers 404; a write they may not make, 403.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.accounts.api_auth import IsTwoFactorVerified
from lantern.audit.services import audit_read
from lantern.core.api import CursorPagination, service_call
from lantern.governance import selectors, services
from lantern.governance.models import ActionStatus, Meeting, MeetingAction


class MeetingActionSerializer(serializers.ModelSerializer[MeetingAction]):
    board: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField(source="meeting.board")
    owner: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField(source="owner.full_name")
    agency: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField()
    case = serializers.SerializerMethodField(help_text="The case's reference, for an action on a case item.")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = MeetingAction
        fields = ["id", "meeting", "board", "description", "owner", "agency", "due_on", "status", "overdue", "case"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_case(self, obj: MeetingAction) -> str | None:
        return obj.item.case.reference if obj.item is not None and obj.item.case is not None else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj: MeetingAction) -> bool:
        return selectors.is_overdue(obj)


class AgendaItemSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    kind = serializers.CharField()
    detail = serializers.BooleanField(help_text="False for a case item the caller has no need to know about.")
    title = serializers.CharField(allow_blank=True)
    case = serializers.CharField(allow_null=True, help_text="The case's reference (only with detail).")
    stage = serializers.CharField(allow_null=True)
    route = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True, help_text="Why the case was flagged for SHOP.")
    discussion = serializers.CharField(allow_null=True)
    decision = serializers.CharField(allow_null=True)


def _item_json(view: selectors.ItemView) -> dict[str, Any]:
    item = view.item
    hidden = not view.detail
    case = item.case if view.detail else None
    return {
        "position": item.position, "kind": item.kind, "detail": view.detail, "title": item.title,
        "case": case.reference if case else None, "stage": case.stage if case else None,
        "route": case.route if case else None, "reason": item.reason if case else None,
        "discussion": None if hidden else item.discussion, "decision": None if hidden else item.decision,
    }


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    board: "serializers.StringRelatedField[Any]" = serializers.StringRelatedField()

    class Meta:
        model = Meeting
        fields = ["id", "board", "title", "starts_at", "ends_at", "location", "link", "status", "reviews_cases"]


class MeetingDetailSerializer(MeetingSerializer):
    agenda = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField(help_text="The current version of the minutes, if any.")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda", "actions", "minutes"]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, obj: Meeting) -> list[dict[str, Any]]:
        user = self.context["request"].user
        if not selectors.agenda_visible(user, obj):
            return []
        return [_item_json(view) for view in selectors.agenda_for(user, obj)]

    @extend_schema_field(MeetingActionSerializer(many=True))
    def get_actions(self, obj: Meeting) -> Any:
        return MeetingActionSerializer(selectors.meeting_actions_for(self.context["request"].user, obj), many=True).data

    @extend_schema_field({"type": "object", "nullable": True, "properties": {
        "number": {"type": "integer"}, "body": {"type": "string"}, "approved": {"type": "boolean"}}})
    def get_minutes(self, obj: Meeting) -> dict[str, Any] | None:
        current, _, _ = selectors.minutes_for(self.context["request"].user, obj)
        if current is None:
            return None
        return {"number": current.number, "body": current.body, "approved": obj.minutes_locked}


class MeetingPagination(CursorPagination):
    ordering = ("-starts_at", "-id")


class MeetingUpdateInputSerializer(serializers.Serializer[Any]):
    """What PATCH may change; a field left out stays as it is."""

    title = serializers.CharField(required=False, max_length=200)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    link = serializers.URLField(required=False, allow_blank=True, max_length=200)


class MeetingViewSet(viewsets.GenericViewSet[Meeting], mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Boards' meetings the caller may see, latest first; managers change one (PATCH) until it is held."""

    permission_classes = [IsTwoFactorVerified]
    pagination_class = MeetingPagination
    lookup_value_regex = r"[0-9]{1,18}"
    queryset = Meeting.objects.none()

    def get_serializer_class(self) -> Any:
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings_visible_to(self.request.user).select_related("board")

    def get_object(self) -> Meeting:
        meeting = selectors.meeting_get_for_user(user=self.request.user, meeting_id=int(self.kwargs["pk"]))
        audit_read(user=self.request.user, record=meeting, action="meeting.view")
        return meeting

    @extend_schema(request=MeetingUpdateInputSerializer, responses={200: MeetingSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the title, time, place or link of a meeting not yet held or cancelled (the same service as the
        page: its calendar entry's SEQUENCE goes up, and members who had the agenda are told of a new time or
        place). 404 for a meeting the caller may not see, 403 for one they may not run, 400 once held."""
        meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=int(self.kwargs["pk"]))
        data = MeetingUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = service_call(services.meeting_update, meeting=meeting, acting_user=request.user,
                               **data.validated_data)
        return Response(MeetingSerializer(meeting).data)


class ActionUpdateInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ActionPagination(CursorPagination):
    ordering = ("due_on", "id")


class MeetingActionViewSet(viewsets.GenericViewSet[MeetingAction], mixins.ListModelMixin,
                           mixins.RetrieveModelMixin):
    """Meeting actions the caller may read in full, soonest due first; ``?mine=true`` for their own."""

    permission_classes = [IsTwoFactorVerified]
    serializer_class = MeetingActionSerializer
    pagination_class = ActionPagination
    lookup_value_regex = r"[0-9]{1,18}"
    queryset = MeetingAction.objects.none()

    def get_queryset(self) -> QuerySet[MeetingAction]:
        user = self.request.user
        if self.request.query_params.get("mine") in ("true", "1"):
            qs = selectors.actions_visible_to(user).filter(owner=user.pk)
        else:  # the need-to-know rule in the one query, so a page costs the same however many actions it holds
            qs = selectors.actions_readable_by(user)
        return qs.select_related("meeting__board", "owner", "agency", "item__case")

    @extend_schema(parameters=[OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only the caller's actions.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.query_params.get("mine") in ("true", "1"):
            actions = selectors.my_actions(request.user)
            return Response({"next": None, "previous": None,
                             "results": MeetingActionSerializer(actions, many=True).data})
        return super().list(request, *args, **kwargs)

    def get_object(self) -> MeetingAction:
        return selectors.action_get_for_user(user=self.request.user, action_id=int(self.kwargs["pk"]))

    @extend_schema(request=ActionUpdateInputSerializer, responses={200: MeetingActionSerializer})
    @action(detail=True, methods=["post"], url_path="update")
    def update_status(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Move the action on (open → in progress → done; cancelled; done → in progress), or add a note."""
        item = self.get_object()
        data = ActionUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = service_call(services.action_update, action=item, acting_user=request.user, **data.validated_data)
        return Response(MeetingActionSerializer(item).data)
