"""Evaluation question sets: their shape, their scales, and what makes a change one "in substance".

Plain Python, no Django. A set is versioned data: a list of questions (a key, a kind, knowledge
or confidence, and the text), each answered on a 1 to 5 scale, and one free-text question. The
default set is ``data/evaluation_questions.json``, written for this project. A version's
``fingerprint`` covers everything a person answers (the questions' keys, kinds and texts, in order,
and the free-text question), so a change to any of them is a change in substance and makes a new
version; a set's title is not part of it. Responses keep the version they answered.
"""

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SET_PATH = Path(__file__).resolve().parent / "data" / "evaluation_questions.json"

KNOWLEDGE = "knowledge"
CONFIDENCE = "confidence"
KINDS = {KNOWLEDGE: "Knowledge", CONFIDENCE: "Confidence"}
SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {
    KNOWLEDGE: {1: "1 – Not at all", 2: "2 – A little", 3: "3 – Somewhat", 4: "4 – Well", 5: "5 – Very well"},
    CONFIDENCE: {1: "1 – Not at all confident", 2: "2 – Slightly confident", 3: "3 – Somewhat confident",
                 4: "4 – Confident", 5: "5 – Very confident"},
}
MAX_QUESTIONS = 20
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class QuestionSetError(ValueError):
    """A question set that does not have the shape this module reads (the message says what is wrong)."""


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    text: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def choices(self) -> list[tuple[int, str]]:
        return [(value, SCALE_LABELS[self.kind][value]) for value in SCALE]


@dataclass(frozen=True)
class Definition:
    """What a version of a set asks: its questions and its free-text question."""

    questions: tuple[Question, ...]
    free_text: str

    @property
    def keys(self) -> list[str]:
        return [q.key for q in self.questions]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def as_json(self) -> list[dict[str, str]]:
        return [{"key": q.key, "kind": q.kind, "text": q.text} for q in self.questions]

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps({"questions": self.as_json(), "free_text": self.free_text},
                               sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def _clean_text(value: Any, what: str, limit: int) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise QuestionSetError(f"Enter the {what}.")
    if len(text) > limit:
        raise QuestionSetError(f"The {what} must be {limit} characters or fewer.")
    return text


def definition(questions: Sequence[Mapping[str, Any]], free_text: str) -> Definition:
    """A checked definition: at least one question, keys unique and short, a known kind, a text."""
    if not questions:
        raise QuestionSetError("A question set needs at least one question.")
    if len(questions) > MAX_QUESTIONS:
        raise QuestionSetError(f"A question set has at most {MAX_QUESTIONS} questions: keep it short.")
    seen: set[str] = set()
    out = []
    for number, raw in enumerate(questions, start=1):
        key = str(raw.get("key", "")).strip()
        if not _KEY.match(key):
            raise QuestionSetError(f"Question {number}: the key must be lower-case letters, digits and "
                                   f"underscores, starting with a letter.")
        if key in seen:
            raise QuestionSetError(f"Question {number}: the key {key} is used twice.")
        seen.add(key)
        kind = str(raw.get("kind", "")).strip()
        if kind not in KINDS:
            raise QuestionSetError(f"Question {number}: the kind must be knowledge or confidence.")
        out.append(Question(key=key, kind=kind, text=_clean_text(raw.get("text"), f"text of question {number}", 300)))
    return Definition(questions=tuple(out), free_text=_clean_text(free_text, "free-text question", 300))


def parse_lines(text: str) -> list[dict[str, str]]:
    """Questions written one a line as ``key | kind | text`` (how the page edits a set)."""
    questions = []
    for number, line in enumerate((ln.strip() for ln in text.splitlines() if ln.strip()), start=1):
        parts = [p.strip() for p in line.split("|", 2)]
        if len(parts) != 3:
            raise QuestionSetError(f"Line {number}: write each question as key | knowledge or confidence | text.")
        questions.append({"key": parts[0], "kind": parts[1].lower(), "text": parts[2]})
    return questions


def as_lines(questions: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join(f"{q['key']} | {q['kind']} | {q['text']}" for q in questions)


def load_default() -> dict[str, Any]:
    """The default set's file, checked: ``{key, title, description, definition}``."""
    data = json.loads(DEFAULT_SET_PATH.read_text(encoding="utf-8"))
    return {"key": data["key"], "title": data["title"], "description": data.get("description", ""),
            "definition": definition(data["questions"], data["free_text"])}


def clean_answers(spec: Definition, raw: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
    """The answers kept (every question answered, each a whole number 1 to 5) and a message per question
    that is not."""
    answers: dict[str, int] = {}
    errors: dict[str, str] = {}
    for q in spec.questions:
        value = raw.get(q.key)
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            number = 0
        if number in SCALE:
            answers[q.key] = number
        else:
            errors[q.key] = "Select a number from 1 to 5"
    return answers, errors
