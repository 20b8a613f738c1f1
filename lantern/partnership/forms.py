from django import forms

from lantern.core.forms import GovukFormMixin
from lantern.partnership.models import Area, Board, Partnership


class PartnershipForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save partnership details"

    class Meta:
        model = Partnership
        fields = ["name", "short_name", "local_authority", "strategy_title", "contact_email"]
        labels = {
            "name": "Name of the partnership",
            "short_name": "Short name (optional)",
            "local_authority": "Lead council (optional)",
            "strategy_title": "Title of the current strategy (optional)",
            "contact_email": "Contact email address (optional)",
        }
        error_messages = {"name": {"required": "Enter the partnership's name"}}


class AreaForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save area"

    class Meta:
        model = Area
        fields = ["name", "kind", "code", "is_active"]
        labels = {"name": "Name", "kind": "Kind of area", "code": "ONS code (optional)", "is_active": "In use"}
        error_messages = {"name": {"required": "Enter the area's name", "unique": "An area with this name already exists"}}
        widgets = {"kind": forms.RadioSelect}


class BoardForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save board"

    class Meta:
        model = Board
        fields = ["name", "short_name", "purpose", "meeting_frequency", "parent", "is_active"]
        labels = {
            "name": "Name",
            "short_name": "Short name (optional)",
            "purpose": "What it does (optional)",
            "meeting_frequency": "How often it meets (optional)",
            "parent": "Reports to (optional)",
            "is_active": "Active",
        }
        error_messages = {"name": {"required": "Enter the board's name", "unique": "A board with this name already exists"}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        parent_field = self.fields["parent"]
        parent_field.empty_label = "Reports to no other body"  # type: ignore[attr-defined]
        if self.instance.pk:
            parent_field.queryset = Board.objects.exclude(pk=self.instance.pk)  # type: ignore[attr-defined]
