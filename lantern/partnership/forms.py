from django import forms

from lantern.accounts.selectors import users_active
from lantern.core.forms import GovukFormMixin
from lantern.partnership.models import Area, Board, Partnership
from lantern.partnership.selectors import childrens_services_lead_candidates


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return f"{obj.full_name} – {obj.agency}"  # type: ignore[attr-defined]


class _PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return f"{obj.full_name} – {obj.agency}"  # type: ignore[attr-defined]


class PartnershipForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save partnership details"

    class Meta:
        model = Partnership
        fields = ["name", "short_name", "local_authority", "country", "strategy_title", "contact_email",
                  "childrens_services_lead", "ictg_available"]
        labels = {
            "name": "Name of the partnership",
            "short_name": "Short name (optional)",
            "local_authority": "Lead council (optional)",
            "country": "Which UK country is the partnership in?",
            "strategy_title": "Title of the current strategy (optional)",
            "contact_email": "Contact email address (optional)",
            "childrens_services_lead": "Children's services lead (optional)",
            "ictg_available": "The area has an Independent Child Trafficking Guardian (ICTG) service",
        }
        field_classes = {"childrens_services_lead": _PersonChoiceField}
        error_messages = {"name": {"required": "Enter the partnership's name"}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["childrens_services_lead"]
        lead.queryset = childrens_services_lead_candidates().select_related("agency")  # type: ignore[attr-defined]
        lead.empty_label = "No lead: every children's services case worker joins"  # type: ignore[attr-defined]


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
    purpose = forms.CharField(label="What it does (optional)", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Board
        fields = ["name", "short_name", "purpose", "meeting_frequency", "parent", "is_active",
                  "sees_childrens_cases", "members"]
        labels = {
            "name": "Name",
            "short_name": "Short name (optional)",
            "purpose": "What it does (optional)",
            "meeting_frequency": "How often it meets (optional)",
            "parent": "Reports to (optional)",
            "is_active": "Active",
            "sees_childrens_cases": "Its members see children's cases (for example, the Child Exploitation Board)",
            "members": "Members who use Lantern (optional)",
        }
        field_classes = {"members": _PeopleChoiceField}
        widgets = {"members": forms.CheckboxSelectMultiple}
        error_messages = {"name": {"required": "Enter the board's name", "unique": "A board with this name already exists"}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        parent_field = self.fields["parent"]
        parent_field.empty_label = "Reports to no other body"  # type: ignore[attr-defined]
        if self.instance.pk:
            parent_field.queryset = Board.objects.exclude(pk=self.instance.pk)  # type: ignore[attr-defined]
        self.fields["members"].queryset = users_active().select_related("agency")  # type: ignore[attr-defined]
