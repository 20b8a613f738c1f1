"""Who may see which meetings and actions: the one place these rules live.

- Governance roles (VIEW_GOVERNANCE: programme manager, SHOP coordinator, board viewer) see every
  board's meetings; MANAGE_GOVERNANCE runs them (schedules, agendas, minutes, actions).
- A board's members see that board's meetings whatever their role, and anyone invited to a meeting
  sees that meeting: a case worker who sits on SHOP reaches its meetings and their actions.
- A meeting's agenda is shown to non-managers once it is published.
- A case item's detail (reason flagged, discussion, decision, its actions) is shown only to those with
  a need to know: who may see the case under the cases app's rules (its team, oversight roles; children's
  cases only to children's services and members of a board that sees them). Everyone else sees that
  the item exists.
- "My actions": the actions a user owns, across every board.
A record a user may not see is reported as missing (404).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.cases import selectors as case_selectors
from lantern.core.access import not_found
from lantern.governance.models import (
    OPEN_ACTION_STATUSES,
    AgendaItem,
    Attendee,
    Meeting,
    MeetingAction,
    MeetingStatus,
    MinutesVersion,
)
from lantern.partnership.models import Board


def has_governance_role(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)
                and (user.can(Capability.VIEW_GOVERNANCE) or user.can(Capability.MANAGE_GOVERNANCE)))


def may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_GOVERNANCE))


def sits_on_a_board(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and Board.objects.filter(members=user).exists())


def may_use_governance(user: Any) -> bool:
    """Whether the governance pages (overview, my actions) are for this user: a governance role, a board
    member, or the owner of an action."""
    if has_governance_role(user):
        return True
    return bool(getattr(user, "is_authenticated", False)
                and (sits_on_a_board(user) or MeetingAction.objects.filter(owner=user).exists()))


def boards_visible_to(user: Any) -> QuerySet[Board]:
    if has_governance_role(user):
        return Board.objects.filter(is_active=True)
    if not getattr(user, "is_authenticated", False):
        return Board.objects.none()
    return Board.objects.filter(is_active=True, members=user)


def board_get_for_user(*, user: Any, board_id: int) -> Board:
    board = boards_visible_to(user).filter(pk=board_id).first()
    if board is None:
        raise not_found()
    return board


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    if has_governance_role(user):
        return Meeting.objects.all()
    invited = Exists(Attendee.objects.filter(meeting=OuterRef("pk"), user=user))
    return Meeting.objects.filter(Q(board__members=user) | Q(invited)).distinct()


def meeting_get_for_user(*, user: Any, meeting_id: int) -> Meeting:
    meeting = meetings_visible_to(user).select_related("board", "minutes_approved_at").filter(pk=meeting_id).first()
    if meeting is None:
        raise not_found()
    return meeting


def agenda_visible(user: Any, meeting: Meeting) -> bool:
    """Managers see the agenda while it is drafted; members once it is published."""
    return may_manage(user) or meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED)


def case_ids_known_to(user: Any, case_ids: list[int]) -> set[int]:
    """Of ``case_ids``, those whose detail ``user`` may see (the cases app's rules, children's included)."""
    if not case_ids:
        return set()
    return set(case_selectors.cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))


@dataclass
class ItemView:
    """An agenda item as one user may see it: ``detail`` False for a case item they have no need to know."""

    item: AgendaItem
    detail: bool
    actions: list[MeetingAction] = field(default_factory=list)


def agenda_for(user: Any, meeting: Meeting) -> list[ItemView]:
    items = list(meeting.items.select_related("case", "case__lead_agency", "case__area").order_by("position", "id"))
    known = case_ids_known_to(user, [i.case_id for i in items if i.case_id])
    actions = list(meeting.actions.select_related("owner", "agency", "item").order_by("due_on", "id"))
    views = []
    for item in items:
        detail = item.case_id is None or item.case_id in known
        views.append(ItemView(item=item, detail=detail,
                              actions=[a for a in actions if a.item_id == item.pk] if detail else []))
    return views


def meeting_actions_for(user: Any, meeting: Meeting) -> list[MeetingAction]:
    """The meeting's actions the user may read in full: those not on a case item, those on a case they may see,
    and their own."""
    actions = list(meeting.actions.select_related("owner", "agency", "item").order_by("due_on", "id"))
    known = case_ids_known_to(user, [a.item.case_id for a in actions if a.item and a.item.case_id])
    return [a for a in actions
            if a.owner_id == user.pk or a.item is None or a.item.case_id is None or a.item.case_id in known]


def minutes_readable(user: Any, meeting: Meeting, agenda: list[ItemView] | None = None) -> bool:
    """Whether ``user`` may read the meeting's minutes. A board's minutes are for whoever may see the meeting,
    except a meeting that reviews cases (SHOP): its minutes speak of the cases, so they are for those who run
    the meeting and for members who may see every case on its agenda; others see that minutes exist."""
    if not meeting.reviews_cases or may_manage(user):
        return True
    views = agenda if agenda is not None else agenda_for(user, meeting)
    return all(view.detail for view in views)


def minutes_for(user: Any, meeting: Meeting, agenda: list[ItemView] | None = None
                ) -> tuple[MinutesVersion | None, list[MinutesVersion], bool]:
    """The current minutes and the earlier versions ``user`` may read, and whether minutes exist that they may
    not. A draft, and a corrected version, of a meeting that reviews cases is for those who run it only."""
    current = minutes_current(meeting)
    if current is None:
        return None, [], False
    if not minutes_readable(user, meeting, agenda):
        return None, [], True
    if meeting.reviews_cases and not may_manage(user):
        if not meeting.minutes_locked:
            return None, [], True
        return current, [current], False
    return current, minutes_history(meeting), False


def minutes_current(meeting: Meeting) -> MinutesVersion | None:
    return meeting.minutes_versions.select_related("created_by").order_by("-number").first()


def minutes_history(meeting: Meeting) -> list[MinutesVersion]:
    return list(meeting.minutes_versions.select_related("created_by").order_by("-number"))


def next_meeting_of(meeting: Meeting) -> Meeting | None:
    """The board's next meeting after ``meeting`` (not cancelled): where its minutes are approved."""
    return (Meeting.objects.filter(board_id=meeting.board_id, starts_at__gt=meeting.starts_at)
            .exclude(status=MeetingStatus.CANCELLED).order_by("starts_at", "id").first())


def meetings_waiting_for_approval_at(meeting: Meeting) -> list[Meeting]:
    """The board's meetings whose drafted minutes this meeting approves (its previous meeting)."""
    previous = (Meeting.objects.filter(board_id=meeting.board_id, starts_at__lt=meeting.starts_at)
                .exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at", "-id").first())
    return [previous] if previous is not None and previous.status == MeetingStatus.MINUTES_DRAFTED else []


def actions_visible_to(user: Any) -> QuerySet[MeetingAction]:
    """Actions whose meeting the user may see, or that they own. A case action's detail is further limited
    by ``actions_readable_by``."""
    if not getattr(user, "is_authenticated", False):
        return MeetingAction.objects.none()
    return MeetingAction.objects.filter(Q(meeting__in=meetings_visible_to(user)) | Q(owner=user)).distinct()


def actions_readable_by(user: Any) -> QuerySet[MeetingAction]:
    """The actions ``user`` may read in full, as one query: their own, those not on a case item, and those on a
    case they may see. The cases app's rules are asked once, as a subquery, however many actions there are."""
    if not getattr(user, "is_authenticated", False):
        return MeetingAction.objects.none()
    known_cases = case_selectors.cases_visible_to(user).values("pk")
    return actions_visible_to(user).filter(Q(owner=user) | Q(item__case__isnull=True) | Q(item__case__in=known_cases))


def action_get_for_user(*, user: Any, action_id: int) -> MeetingAction:
    """The action, if the user may read it in full (404 otherwise, a case action they have no need to know too)."""
    action = (actions_readable_by(user).select_related("meeting", "meeting__board", "owner", "agency", "item",
                                                       "item__case", "task")
              .filter(pk=action_id).first())
    if action is None:
        raise not_found()
    return action


def my_actions(user: Any, *, today: datetime.date | None = None, include_closed: bool = False) -> list[MeetingAction]:
    """The user's actions across every board: overdue first (most overdue first), then by due date."""
    today = today or timezone.localdate()
    qs = MeetingAction.objects.filter(owner=user).select_related("meeting", "meeting__board", "agency", "item",
                                                                 "item__case")
    if not include_closed:
        qs = qs.filter(status__in=OPEN_ACTION_STATUSES)
    actions = list(qs.order_by("due_on", "id"))
    return sorted(actions, key=lambda a: (not (a.is_open and a.due_on < today), a.due_on, a.pk))


def is_overdue(action: MeetingAction, today: datetime.date | None = None) -> bool:
    return action.is_open and action.due_on < (today or timezone.localdate())


@dataclass
class BoardSummary:
    board: Board
    next_meeting: Meeting | None
    open_actions: int
    overdue_actions: int


def overview_for(user: Any, *, now: datetime.datetime | None = None) -> list[BoardSummary]:
    """Each board the user may see, with its next meeting and its open (and overdue) actions."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    boards = list(boards_visible_to(user).order_by("name").annotate(
        open_actions=Count("meetings__actions", filter=Q(meetings__actions__status__in=OPEN_ACTION_STATUSES)),
        overdue_actions=Count("meetings__actions", filter=Q(meetings__actions__status__in=OPEN_ACTION_STATUSES,
                                                             meetings__actions__due_on__lt=today)),
    ))
    upcoming: dict[int, Meeting] = {}
    for meeting in (Meeting.objects.filter(board__in=[b.pk for b in boards], starts_at__gte=now)
                    .exclude(status=MeetingStatus.CANCELLED).order_by("starts_at", "id")):
        upcoming.setdefault(meeting.board_id, meeting)
    return [BoardSummary(board=b, next_meeting=upcoming.get(b.pk), open_actions=b.open_actions,
                         overdue_actions=b.overdue_actions) for b in boards]


def board_meetings(board: Board) -> list[Meeting]:
    return list(board.meetings.order_by("-starts_at", "-id"))


def members_for_attendance(meeting: Meeting) -> QuerySet[Attendee]:
    return meeting.attendees.select_related("user", "user__agency").order_by("id")
