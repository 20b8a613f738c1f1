"""What the case forms share: yes/no radios, the choice of a case worker, the step form."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from lantern.accounts.models import User
from lantern.core.forms import GovukFormMixin

YES_NO = [("yes", "Yes"), ("no", "No")]
TRI_STATE = YES_NO  # a nullable yes/no: nothing chosen until someone asks


def tri_state(value: bool | None) -> str:
    """A nullable yes/no as a radio's value: "" when not asked."""
    return "" if value is None else ("yes" if value else "no")


def from_tri_state(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CaseWorkerChoiceField(forms.ModelChoiceField):
    """A choice among ``users`` (who may be chosen), each shown with their agency: 'Name – Agency'."""

    def __init__(self, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(queryset=users.select_related("agency"), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} – {obj.agency}"


class StepForm(GovukFormMixin, forms.Form):
    submit_label = "Save and continue"


def yes(value: str) -> bool:
    return value == "yes"


NATIONALITY_CHOICES = [("", "Not known")]
