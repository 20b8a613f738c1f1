"""The "spot the signs" module's quiz: its questions as versioned data, and its marking.

Plain Python (no Django), unit-tested in ``tests/test_learn_quiz_marking.py``. Add a new version
rather than editing a published one: an attempt records the version it answered, so an old
result keeps its meaning. ``CURRENT_VERSION`` says which version new learners get.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    code: str
    text: str


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    options: tuple[Option, ...]
    correct: frozenset[str]
    explanation: str
    hint: str = ""

    @property
    def multiple(self) -> bool:
        """Whether more than one option is right (shown as checkboxes, else radios)."""
        return len(self.correct) > 1

    def option_codes(self) -> set[str]:
        return {o.code for o in self.options}


@dataclass(frozen=True)
class Quiz:
    version: str
    questions: tuple[Question, ...]
    pass_mark: int  # questions right, out of len(questions)

    def question(self, code: str) -> Question:
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(code)


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: tuple[str, ...]
    right: bool


@dataclass(frozen=True)
class Marked:
    score: int
    out_of: int
    passed: bool
    results: tuple[QuestionResult, ...]


def _q(code: str, text: str, options: Sequence[tuple[str, str]], correct: Sequence[str], explanation: str,
       hint: str = "") -> Question:
    return Question(code, text, tuple(Option(c, t) for c, t in options), frozenset(correct), explanation, hint)


QUIZZES: dict[str, Quiz] = {
    "2026.1": Quiz(
        version="2026.1",
        pass_mark=4,
        questions=(
            _q("what", "What is modern slavery?", (
                ("moving", "Only people being moved across borders"),
                ("control", "Someone being controlled and exploited for someone else's gain, by force, threats or deception"),
                ("low_pay", "Any job that pays less than the minimum wage"),
            ), ("control",), "Modern slavery is about control and exploitation. People can be exploited without ever "
               "crossing a border, including British people in their own town."),
            _q("signs", "Which of these can be signs that someone is being exploited?", (
                ("documents", "Someone else keeps their passport or ID"),
                ("spoken_for", "Someone else speaks for them and they seem scared"),
                ("groups", "They are dropped off and picked up in groups, early or late"),
                ("holiday", "They are going on holiday abroad"),
            ), ("documents", "spoken_for", "groups"), "Held documents, fear, someone speaking for them and group "
               "transport at odd hours are all signs. Going on holiday is not.", hint="Select all that apply."),
            _q("sure", "You have noticed some signs but you are not sure. What should you do?", (
                ("wait", "Wait until you are certain"),
                ("confront", "Confront the person you think is in control"),
                ("report", "Report what you have seen: you do not need to be sure"),
            ), ("report",), "You do not need to be sure. Report it, and leave it to the people whose job it is to "
               "look into it. Never confront anyone, which could put you and the victim at risk."),
            _q("danger", "Someone is in immediate danger. What do you do?", (
                ("call_999", "Call 999"),
                ("form", "Fill in the online report form"),
                ("email", "Email the council"),
            ), ("call_999",), "If someone is in immediate danger, call 999."),
            _q("children", "A child seems to be controlled, groomed or made to carry things. Is this modern slavery?", (
                ("yes", "It can be: children are exploited too, including in criminal exploitation"),
                ("no", "No: modern slavery only affects adults"),
            ), ("yes",), "Children can be victims, for example in child criminal exploitation ('county lines'). "
               "A child cannot consent to their own exploitation."),
        ),
    ),
}

CURRENT_VERSION = "2026.1"


def current_quiz() -> Quiz:
    return QUIZZES[CURRENT_VERSION]


def quiz(version: str) -> Quiz:
    return QUIZZES[version]


def mark(quiz: Quiz, answers: Mapping[str, Sequence[str]]) -> Marked:
    """Mark ``answers`` ({question code: chosen option codes}). A question is right when exactly
    its correct options are chosen; a missing answer, or an option the question does not have,
    is wrong. The learner passes with at least ``quiz.pass_mark`` right."""
    results = []
    for question in quiz.questions:
        chosen = tuple(sorted(set(answers.get(question.code, ()))))
        right = bool(chosen) and set(chosen) == question.correct
        results.append(QuestionResult(question, chosen, right))
    score = sum(1 for r in results if r.right)
    return Marked(score=score, out_of=len(quiz.questions), passed=score >= quiz.pass_mark, results=tuple(results))
