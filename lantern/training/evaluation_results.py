"""Before-and-after evaluation results from answers: means, the change, counts, suppressed.

Plain Python, no Django: the selectors pass each response's phase and answers, and the rules of
``lantern.core.suppression`` (the one module for small numbers). For each question: the mean
answer before the course and after it (over everyone who answered that phase), the change (after
minus before, from the unrounded means), and how many answered each phase. A mean computed from
fewer responses than the threshold is suppressed, and so is a change that uses one; a count from 1
to the threshold minus one is suppressed. Free text is shown only for a group whose number of
people is at least the threshold.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lantern.core.suppression import DEFAULT_RULES, Figure, Rules, protect_count, protect_measure
from lantern.training.evaluation_sets import Definition

BEFORE = "before"
AFTER = "after"
PHASES = (BEFORE, AFTER)


@dataclass(frozen=True)
class Mean:
    """A mean answer and the number of answers it is taken from."""

    total: float = 0.0
    count: int = 0

    @property
    def value(self) -> float | None:
        return self.total / self.count if self.count else None

    def add(self, value: float) -> "Mean":
        return Mean(self.total + value, self.count + 1)


@dataclass(frozen=True)
class Line:
    """One question's (or one kind's) results, as published."""

    key: str
    label: str
    kind: str
    before: Figure
    after: Figure
    change: Figure
    answered_before: Figure
    answered_after: Figure


@dataclass(frozen=True)
class Results:
    questions: tuple[Line, ...]
    kinds: tuple[Line, ...]  # knowledge and confidence, each over all its questions' answers
    responses_before: Figure
    responses_after: Figure
    people: int  # how many people answered at all (not published; decides whether free text is shown)
    free_text_shown: bool

    @property
    def any_published(self) -> bool:
        return any(not line.before.suppressed or not line.after.suppressed for line in self.questions)


def change_of(before: Mean, after: Mean, rules: Rules) -> Figure:
    """After minus before, suppressed when either mean is (or is missing)."""
    if before.value is None or after.value is None:
        return Figure(None)
    if before.count < rules.threshold or after.count < rules.threshold:
        return Figure(None, True, "base")
    return Figure(round(after.value - before.value, 1))


def _line(key: str, label: str, kind: str, before: Mean, after: Mean, rules: Rules) -> Line:
    return Line(key=key, label=label, kind=kind,
                before=protect_measure(before.value, base=before.count, rules=rules),
                after=protect_measure(after.value, base=after.count, rules=rules),
                change=change_of(before, after, rules),
                answered_before=protect_count(before.count, rules),
                answered_after=protect_count(after.count, rules))


def aggregate(spec: Definition, responses: Iterable[tuple[str, Mapping[str, int]]], *,
              people: int | None = None, rules: Rules = DEFAULT_RULES) -> Results:
    """Results of ``responses`` (each its phase and answers) to the questions of ``spec``.

    An answer outside 1 to 5, or to a question not in ``spec``, is ignored. ``people`` is the number of
    different people behind the responses (default: the larger of the two phases' counts)."""
    by_question: dict[tuple[str, str], Mean] = {}
    by_kind: dict[tuple[str, str], Mean] = {}
    responses_count = {BEFORE: 0, AFTER: 0}
    kind_of = {q.key: q.kind for q in spec.questions}
    for phase, answers in responses:
        if phase not in responses_count:
            continue
        responses_count[phase] += 1
        kinds_answered: dict[str, list[int]] = {}
        for key, value in answers.items():
            if key not in kind_of or not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                continue
            by_question[(key, phase)] = by_question.get((key, phase), Mean()).add(value)
            kinds_answered.setdefault(kind_of[key], []).append(value)
        for kind, values in kinds_answered.items():
            # Each person's own mean over the kind's questions counts once: the base is people, not answers.
            by_kind[(kind, phase)] = by_kind.get((kind, phase), Mean()).add(sum(values) / len(values))
    questions = tuple(
        _line(q.key, q.text, q.kind, by_question.get((q.key, BEFORE), Mean()), by_question.get((q.key, AFTER), Mean()),
              rules)
        for q in spec.questions)
    kinds = tuple(
        _line(kind, label, kind, by_kind.get((kind, BEFORE), Mean()), by_kind.get((kind, AFTER), Mean()), rules)
        for kind, label in (("knowledge", "Knowledge (all questions)"), ("confidence", "Confidence (all questions)"))
        if any(q.kind == kind for q in spec.questions))
    counted = people if people is not None else max(responses_count.values())
    return Results(questions=questions, kinds=kinds,
                   responses_before=protect_count(responses_count[BEFORE], rules),
                   responses_after=protect_count(responses_count[AFTER], rules),
                   people=counted, free_text_shown=free_text_allowed(counted, rules))


def free_text_allowed(people: int, rules: Rules = DEFAULT_RULES) -> bool:
    """Free text is shown only for a group of at least ``threshold`` people."""
    return people >= rules.threshold
