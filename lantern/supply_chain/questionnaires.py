"""Question sets of the supplier questionnaire, and the scoring of answers. Plain Python, no Django.

A question set is versioned data (``data/questionnaires/<key>.json``): themes, each with questions,
each with answer options worth points; an option short of full marks carries the recommendation a
supplier who chose it is given. A questionnaire keeps the set it was sent with, so changing the
data later never changes the scores of questionnaires already answered.

Answers are ``{question key: option key}``. A theme's score is the points of its answers over its
maximum, as a whole percentage, in a band (strong, developing, weak) the set defines.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data" / "questionnaires"
CURRENT_KEY = "msat_v1"


class QuestionSetError(ValueError):
    """A question set file that does not have the shape this module reads."""


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    points: int
    recommendation: str


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    options: tuple[Option, ...]

    @property
    def max_points(self) -> int:
        return max(option.points for option in self.options)

    def option(self, key: str) -> Option | None:
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Band:
    min_percent: int
    key: str
    label: str


@dataclass(frozen=True)
class QuestionSet:
    key: str
    title: str
    version: str
    themes: tuple[Theme, ...]
    bands: tuple[Band, ...]

    @property
    def questions(self) -> list[Question]:
        return [question for theme in self.themes for question in theme.questions]

    def theme(self, key: str) -> Theme | None:
        return next((theme for theme in self.themes if theme.key == key), None)

    def band_for(self, percent: int) -> Band:
        return next(band for band in self.bands if percent >= band.min_percent)


def _text(data: dict[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise QuestionSetError(f"{where}: '{name}' must be a non-empty string")
    return value


def parse(data: dict[str, Any]) -> QuestionSet:
    """The question set in ``data`` (the JSON file's content), checked: unique keys, options with
    points, a recommendation on every option short of full marks, bands down to 0%."""
    key = _text(data, "key", "question set")
    themes = []
    seen: set[str] = set()
    for theme_data in data.get("themes") or []:
        theme_key = _text(theme_data, "key", "theme")
        questions = []
        for q in theme_data.get("questions") or []:
            q_key = _text(q, "key", f"theme {theme_key}")
            if q_key in seen:
                raise QuestionSetError(f"question {q_key} appears twice")
            seen.add(q_key)
            options = tuple(
                Option(key=_text(o, "key", f"question {q_key}"), label=_text(o, "label", f"question {q_key}"),
                       points=int(o["points"]), recommendation=str(o.get("recommendation", "")))
                for o in q.get("options") or []
            )
            if len(options) < 2 or len({o.key for o in options}) != len(options):
                raise QuestionSetError(f"question {q_key} needs two or more options with different keys")
            best = max(o.points for o in options)
            for option in options:
                if option.points < best and not option.recommendation.strip():
                    raise QuestionSetError(f"question {q_key}, option {option.key}: a weak answer needs a recommendation")
            questions.append(Question(key=q_key, text=_text(q, "text", f"question {q_key}"),
                                      hint=str(q.get("hint", "")), options=options))
        if not questions:
            raise QuestionSetError(f"theme {theme_key} has no questions")
        themes.append(Theme(key=theme_key, title=_text(theme_data, "title", f"theme {theme_key}"),
                            questions=tuple(questions)))
    if not themes:
        raise QuestionSetError("a question set needs themes")
    bands = tuple(sorted((Band(int(b["min_percent"]), str(b["key"]), str(b["label"])) for b in data.get("bands") or []),
                         key=lambda b: -b.min_percent))
    if not bands or bands[-1].min_percent != 0:
        raise QuestionSetError("the bands must reach down to 0%")
    return QuestionSet(key=key, title=_text(data, "title", "question set"), version=str(data.get("version", "")),
                       themes=tuple(themes), bands=bands)


def load_file(key: str = CURRENT_KEY) -> dict[str, Any]:
    """The raw content of a shipped question set file."""
    if not key.replace("_", "").isalnum():
        raise QuestionSetError(f"not a question set key: {key!r}")
    data: dict[str, Any] = json.loads((DATA_DIR / f"{key}.json").read_text(encoding="utf-8"))
    parse(data)  # refuse a file with a mistake before anything stores it
    return data


# --- Answers ----------------------------------------------------------------------------------


def clean_answers(question_set: QuestionSet, answers: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The answers that name a question and one of its options, and an error for each that does not
    (``{question key: message}``). Questions left blank are simply absent."""
    by_key = {question.key: question for question in question_set.questions}
    kept: dict[str, str] = {}
    errors: dict[str, str] = {}
    for q_key, o_key in answers.items():
        question = by_key.get(q_key)
        if question is None:
            continue  # not a question of this set (a stale form): ignored, never stored
        if not o_key:
            continue
        if question.option(o_key) is None:
            errors[q_key] = "Select one of the answers shown"
        else:
            kept[q_key] = o_key
    return kept, errors


def unanswered(question_set: QuestionSet, answers: dict[str, str]) -> list[Question]:
    return [question for question in question_set.questions if question.key not in answers]


@dataclass(frozen=True)
class ThemeScore:
    key: str
    title: str
    points: int
    max_points: int
    percent: int
    band: str
    band_label: str
    answered: int
    questions: int


@dataclass(frozen=True)
class Recommendation:
    theme: str
    theme_title: str
    question: str
    question_text: str
    answer: str
    text: str


def score(question_set: QuestionSet, answers: dict[str, str]) -> list[ThemeScore]:
    """Each theme's score from ``answers`` (unanswered questions count as no points)."""
    scores = []
    for theme in question_set.themes:
        points = 0
        answered = 0
        for question in theme.questions:
            option = question.option(answers.get(question.key, ""))
            if option is not None:
                points += option.points
                answered += 1
        maximum = sum(question.max_points for question in theme.questions)
        percent = round(100 * points / maximum) if maximum else 0
        band = question_set.band_for(percent)
        scores.append(ThemeScore(key=theme.key, title=theme.title, points=points, max_points=maximum,
                                 percent=percent, band=band.key, band_label=band.label, answered=answered,
                                 questions=len(theme.questions)))
    return scores


def overall_percent(scores: list[ThemeScore]) -> int:
    """The share of all points scored, over every theme."""
    maximum = sum(s.max_points for s in scores)
    return round(100 * sum(s.points for s in scores) / maximum) if maximum else 0


def recommendations(question_set: QuestionSet, answers: dict[str, str]) -> list[Recommendation]:
    """The recommendation of every answer short of full marks, in the order of the questions."""
    out = []
    for theme in question_set.themes:
        for question in theme.questions:
            option = question.option(answers.get(question.key, ""))
            if option is not None and option.points < question.max_points and option.recommendation:
                out.append(Recommendation(theme=theme.key, theme_title=theme.title, question=question.key,
                                          question_text=question.text, answer=option.label,
                                          text=option.recommendation))
    return out
