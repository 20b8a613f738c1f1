"""Staff pages of the governance app (signed in, two-factor verified)."""

from django.urls import URLPattern, URLResolver, path

from lantern.governance.views import actions, documents, meetings, minutes, overview

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    # Meetings of the boards, and their actions.
    path("", overview.overview, name="overview"),
    path("my-actions/", actions.my_actions, name="my-actions"),
    path("boards/<int:board_id>/", overview.board_detail, name="board-detail"),
    path("boards/<int:board_id>/meetings/new/", overview.meeting_schedule, name="meeting-schedule"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/publish/", meetings.meeting_publish, name="meeting-publish"),
    path("meetings/<int:meeting_id>/held/", meetings.meeting_held, name="meeting-held"),
    path("meetings/<int:meeting_id>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/agenda/cases/", meetings.agenda_add_cases, name="agenda-add-cases"),
    path("meetings/<int:meeting_id>/agenda/new/", meetings.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:meeting_id>/agenda/<int:item_id>/", meetings.agenda_item_record, name="agenda-item-record"),
    path("meetings/<int:meeting_id>/attendance/", meetings.attendance, name="meeting-attendance"),
    path("meetings/<int:meeting_id>/guests/new/", meetings.guest_add, name="meeting-guest-add"),
    path("meetings/<int:meeting_id>/minutes/", minutes.minutes_draft, name="minutes-draft"),
    path("meetings/<int:meeting_id>/minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("meetings/<int:meeting_id>/minutes/correct/", minutes.minutes_correct, name="minutes-correct"),
    path("meetings/<int:meeting_id>/actions/new/", actions.action_add, name="action-add"),
    path("meetings/<int:meeting_id>/print/", documents.meeting_print, name="meeting-print"),
    path("meetings/<int:meeting_id>/pack.pdf", documents.meeting_pdf, name="meeting-pdf"),
    path("meetings/<int:meeting_id>/meeting.ics", documents.meeting_ics, name="meeting-ics"),
    path("actions/<int:action_id>/", actions.action_detail, name="action-detail"),
]
