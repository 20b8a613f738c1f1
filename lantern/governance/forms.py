"""Forms of the meeting pages (GOV.UK components). Thin: the services check and refuse."""

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from lantern.accounts.models import User
from lantern.accounts.selectors import agencies_active, users_active
from lantern.core.forms import GovukFormMixin, govuk_date_field, limit_characters
from lantern.governance import meeting_workflow
from lantern.governance.models import ActionStatus, AgendaItem, AttendanceStatus, ItemKind, Meeting

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _text(label: str, max_length: int = 200, *, required: bool = True, help_text: str = "",
          textarea: bool = False, missing: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}) if textarea else forms.TextInput,
        error_messages={"required": missing or f"Enter the {label[0].lower()}{label[1:]}"})


class TimeField(forms.CharField):
    """A time of day written as 14:30 (24-hour clock)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=5, help_text="Use the 24-hour clock, for example 14:30", **kwargs)
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"})

    def clean(self, value: Any) -> datetime.time:
        text = super().clean(value)
        match = _TIME.match(str(text).strip())
        if not match:
            raise forms.ValidationError("Enter a time like 14:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))


class MeetingForm(GovukFormMixin, forms.Form):
    submit_label = "Schedule meeting"
    title = _text("Title", help_text="For example, SHOP monthly meeting.")
    day = govuk_date_field("Date")
    starts = TimeField(label="Start time", error_messages={"required": "Enter the start time"})
    ends = TimeField(label="End time", error_messages={"required": "Enter the end time"})
    location = _text("Location", required=False, help_text="A room and building, or leave empty for an online meeting.")
    link = forms.URLField(label="Link to join online", required=False, max_length=200, assume_scheme="https",
                          error_messages={"invalid": "Enter a link starting with https://"})
    reviews_cases = forms.BooleanField(label="Build the agenda from the cases flagged for SHOP", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(day, starts, tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(day, ends, tzinfo=zone)
        return data


class MeetingChangeForm(MeetingForm):
    """The schedule form for a meeting that exists: whether it reviews cases is settled when it is scheduled."""

    submit_label = "Save changes"
    reviews_cases = None  # type: ignore[assignment]

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {"title": meeting.title, "day": starts.date(), "starts": f"{starts:%H:%M}", "ends": f"{ends:%H:%M}",
                "location": meeting.location, "link": meeting.link}


class ItemForm(GovukFormMixin, forms.Form):
    submit_label = "Add item"
    kind = forms.ChoiceField(label="What is the item about?", widget=forms.RadioSelect,
                             choices=[c for c in ItemKind.choices if c[0] != ItemKind.CASE],
                             error_messages={"required": "Select what the item is about"})
    title = _text("Title", help_text="Refer to cases by reference, never by name.")


class ItemChangeForm(ItemForm):
    submit_label = "Save changes"


class ItemRecordForm(GovukFormMixin, forms.Form):
    submit_label = "Save"
    discussion = _text("What was discussed", 5000, textarea=True, missing="Enter what was discussed")
    decision = _text("Decision (optional)", 2000, textarea=True, required=False)


class AttendanceForm(GovukFormMixin, forms.Form):
    submit_label = "Save attendance"

    def __init__(self, *args: Any, attendees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(AttendanceStatus.ATTENDED, "Attended"), (AttendanceStatus.APOLOGIES, "Sent apologies"),
                   (AttendanceStatus.INVITED, "Did not attend")]
        for attendee in attendees:
            self.fields[f"attendee_{attendee.pk}"] = forms.ChoiceField(
                label=f"{attendee.name} ({attendee.agency_name})" if attendee.agency_name else attendee.name,
                choices=choices, initial=attendee.status, widget=forms.RadioSelect)

    def chosen(self, status: str) -> list[int]:
        return [int(name.split("_", 1)[1]) for name, value in self.cleaned_data.items() if value == status]


class GuestForm(GovukFormMixin, forms.Form):
    submit_label = "Add guest"
    guest_name = _text("Guest's name", missing="Enter the guest's name")
    guest_agency = _text("Their agency or organisation", missing="Enter the guest's agency or organisation")
    status = forms.ChoiceField(label="Attendance", widget=forms.RadioSelect, initial=AttendanceStatus.ATTENDED,
                               choices=[(AttendanceStatus.ATTENDED, "Attended"),
                                        (AttendanceStatus.APOLOGIES, "Sent apologies"),
                                        (AttendanceStatus.INVITED, "Invited")])


class MinutesForm(GovukFormMixin, forms.Form):
    submit_label = "Save draft minutes"
    body = _text("Minutes", 50000, textarea=True, missing="Enter the minutes",
                 help_text="Refer to cases by reference, never by name.")


class CorrectionForm(GovukFormMixin, forms.Form):
    submit_label = "Save corrected minutes"
    body = _text("Corrected minutes", 50000, textarea=True, missing="Enter the minutes")
    reason = _text("Why are they being corrected?", 1000, textarea=True,
                   missing="Enter why the minutes are being corrected")


class ApproveForm(GovukFormMixin, forms.Form):
    submit_label = "Approve minutes"

    def __init__(self, *args: Any, choices: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"] = forms.TypedChoiceField(
            label="Which draft minutes does this meeting approve?", widget=forms.RadioSelect, coerce=int,
            choices=[(m.pk, f"{m.title}, {timezone.localtime(m.starts_at):%-d %B %Y}") for m in choices],
            error_messages={"required": "Select the minutes to approve"})


class ActionForm(GovukFormMixin, forms.Form):
    submit_label = "Add action"
    description = _text("Action", 1000, textarea=True, missing="Enter what is to be done",
                        help_text="Refer to cases by reference, never by name.")
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(),
                                   error_messages={"required": "Choose who owns the action"})
    agency = forms.ModelChoiceField(label="Agency (optional)", queryset=agencies_active(), required=False,
                                    help_text="Leave empty for the owner's agency.")
    due_on = govuk_date_field("Due date")
    item = forms.ModelChoiceField(label="Agenda item (optional)", queryset=AgendaItem.objects.none(), required=False,
                                  help_text="An action on a case item is also a task on the case for its owner, "
                                            "who must be on the case team.")

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # noqa: S101
        owner.queryset = users_active().order_by("full_name")
        owner.label_from_instance = lambda u: f"{u.full_name} ({u.agency})" if u.agency_id else u.full_name  # type: ignore[method-assign,assignment]
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)  # noqa: S101
        item.queryset = AgendaItem.objects.filter(pk__in=[i.pk for i in items]).order_by("position")
        labels = {i.pk: _item_label(i) for i in items}
        item.label_from_instance = lambda i: labels[i.pk]  # type: ignore[method-assign,assignment]


def _item_label(item: AgendaItem) -> str:
    if item.case_id:
        return f"Item {item.position}: case {item.case.reference}"  # type: ignore[union-attr]
    return f"Item {item.position}: {item.title}"


class ActionUpdateForm(GovukFormMixin, forms.Form):
    submit_label = "Save update"

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = meeting_workflow.action_targets_from(current)
        self.fields["status"] = forms.ChoiceField(
            label="Status", widget=forms.RadioSelect, initial=current,
            choices=[(current, f"{ActionStatus(current).label} (no change)")] + [(t.value, t.label) for t in targets])
        self.fields["note"] = _text("Update", 2000, textarea=True, required=False)
        limit_characters(self.fields["note"])
        self.order_fields(["status", "note"])
