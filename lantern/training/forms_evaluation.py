"""Forms of evaluation: the questionnaire (1 to 5 radios and free text, no JavaScript), question sets,
a course's set, and the results' period."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from lantern.core import periods
from lantern.core.forms import GovukFormMixin, limit_characters
from lantern.training import evaluation_sets
from lantern.training.models import QuestionSet
from lantern.training.services.evaluation import COMMENTS_MAX


class AnswerForm(forms.Form):
    """One phase's questions as 1 to 5 radios, every one needed, then the free-text question.
    Bound to what was sent, so a page with an error keeps every answer given."""

    def __init__(self, *args: Any, spec: evaluation_sets.Definition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in spec.questions:
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.text, coerce=int, widget=forms.RadioSelect, choices=question.choices(),
                help_text=question.kind_label,
                error_messages={"required": "Select a number from 1 to 5",
                                "invalid_choice": "Select a number from 1 to 5"})
        self.fields["comments"] = forms.CharField(
            label=spec.free_text, required=False, max_length=COMMENTS_MAX,
            help_text="Optional. Do not write anyone's name or anything that would identify a person.",
            widget=forms.Textarea(attrs={"rows": 4}))
        limit_characters(self.fields["comments"])
        self.helper = FormHelper(self)
        self.helper.form_tag = False  # the page gives the form its button
        self.helper.layout = Layout(
            *[Field.radios(q.key, legend_size=Size.SMALL, small=True) for q in spec.questions],
            Field.textarea("comments", label_size=Size.SMALL))


class QuestionSetForm(GovukFormMixin, forms.Form):
    submit_label = "Save question set"
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the title"})
    description = forms.CharField(label="Description", max_length=500, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    questions = forms.CharField(
        label="Questions", widget=forms.Textarea(attrs={"rows": 10}), max_length=8000,
        help_text="One question a line, as: key | knowledge or confidence | text. Each is answered from 1 to 5. "
                  "Keep a question's key when you only reword it slightly; changing any question makes a new version.",
        error_messages={"required": "Enter at least one question"})
    free_text = forms.CharField(label="Free-text question", max_length=300,
                                error_messages={"required": "Enter the free-text question"})
    change_summary = forms.CharField(label="What changed", max_length=500, required=False,
                                     help_text="Needed when the questions change (a new version).")

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["change_summary"]
            self.fields = {"key": forms.SlugField(
                label="Short name", max_length=60, help_text="Lower case and hyphens, e.g. licensing-evaluation. "
                                                             "It cannot be changed later.",
                error_messages={"required": "Enter a short name", "invalid": "Use lower-case letters, digits and "
                                                                             "hyphens only"}), **self.fields}
            limit_characters(self.fields["key"])

    def clean_questions(self) -> list[dict[str, str]]:
        try:
            questions = evaluation_sets.parse_lines(self.cleaned_data["questions"])
            evaluation_sets.definition(questions, "placeholder")
        except evaluation_sets.QuestionSetError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return questions


class CourseSetForm(GovukFormMixin, forms.Form):
    submit_label = "Save"
    question_set = forms.ModelChoiceField(
        label="Question set", queryset=QuestionSet.objects.none(), required=False,
        empty_label="The default question set", help_text="Asked before and after every session of the course.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = QuestionSet.objects.order_by("title")  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    """The results' period, from the address's query (GET): a month, quarter or financial year (never a range
    of days, which could single out one session's answers)."""

    period = forms.CharField(label="Period", max_length=30, required=False, help_text=periods.HOW_TO_WRITE_WHOLE)

    def clean_period(self) -> periods.Period | None:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return periods.parse_whole(text)
        except periods.PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
