"""Forms of the public module: the quiz (built from the quiz's versioned data) and the certificate's name.

Each carries a signed ``form_token`` from the page that served it, which stands in for the CSRF
cookie the public pages do not set (see ``views_learn``).
"""

from typing import Any

from django import forms
from django.core import signing

from lantern.training.quiz import Quiz

TOKEN_SALT = "lantern.training.learn"  # noqa: S105  (a signing salt, not a secret)
TOKEN_MAX_AGE = 6 * 60 * 60  # seconds: long enough to read the module, short enough to go stale


def form_token(purpose: str) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(purpose)


def token_is_valid(token: str, purpose: str) -> bool:
    try:
        return signing.TimestampSigner(salt=TOKEN_SALT).unsign(token or "", max_age=TOKEN_MAX_AGE) == purpose
    except signing.BadSignature:
        return False


class _TokenForm(forms.Form):
    purpose = ""
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        self.fields["form_token"].initial = form_token(purpose)

    @property
    def fresh_token(self) -> str:
        """A new token for the page showing this form (again, when it comes back with errors)."""
        return form_token(self.purpose)

    @property
    def token_ok(self) -> bool:
        return self.is_bound and token_is_valid(self.data.get("form_token", ""), self.purpose)


class QuizForm(_TokenForm):
    def __init__(self, *args: Any, quiz: Quiz, **kwargs: Any) -> None:
        super().__init__(*args, purpose=f"quiz:{quiz.version}", **kwargs)
        self.quiz = quiz
        for number, question in enumerate(quiz.questions, start=1):
            choices = [(o.code, o.text) for o in question.options]
            label = f"{number}. {question.text}"
            if question.multiple:
                self.fields[question.code] = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple, help_text=question.hint,
                    error_messages={"required": f"Answer question {number}: select all that apply"})
            else:
                self.fields[question.code] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, help_text=question.hint,
                    error_messages={"required": f"Answer question {number}: select one answer"})

    def questions(self) -> list[forms.BoundField]:
        return [self[q.code] for q in self.quiz.questions]

    def answers(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for question in self.quiz.questions:
            value = self.cleaned_data.get(question.code)
            out[question.code] = list(value) if isinstance(value, list) else [value] if value else []
        return out


class CertificateForm(_TokenForm):
    holder_name = forms.CharField(
        label="Name to put on your certificate", max_length=120,
        help_text="We keep this name only to show on your certificate and to check it is real. Leave the page if "
                  "you do not want a certificate.",
        error_messages={"required": "Enter the name to put on the certificate",
                        "max_length": "The name must be 120 characters or fewer"},
    )
