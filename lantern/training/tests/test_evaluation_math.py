"""The evaluation's pure modules: question sets (shape, substance, answers) and the aggregation
(means, change, counts, suppression, when free text may be shown)."""

import pytest

from lantern.core.suppression import Rules
from lantern.training import evaluation_sets as sets
from lantern.training.evaluation_results import AFTER, BEFORE, aggregate, free_text_allowed

SPEC = sets.definition([{"key": "know", "kind": "knowledge", "text": "How well do you know the signs?"},
                        {"key": "sure", "kind": "confidence", "text": "How confident are you to act?"}],
                       "Anything else?")
RULES = Rules(threshold=3, rounding_base=1)


def test_the_default_set_ships_as_data_and_reads_back():
    default = sets.load_default()
    assert default["key"] == "standard"
    kinds = {q.kind for q in default["definition"].questions}
    assert kinds == {"knowledge", "confidence"}
    assert default["definition"].free_text


def test_a_change_in_substance_changes_the_fingerprint_and_a_title_is_not_part_of_it():
    same = sets.definition([{"key": "know", "kind": "knowledge", "text": "How  well do you know the signs?"},
                            {"key": "sure", "kind": "confidence", "text": "How confident are you to act?"}],
                           "Anything else?")
    assert same.fingerprint == SPEC.fingerprint  # spacing is tidied, not substance
    reworded = sets.definition([{"key": "know", "kind": "knowledge", "text": "How well do you know the indicators?"},
                                {"key": "sure", "kind": "confidence", "text": "How confident are you to act?"}],
                               "Anything else?")
    reordered = sets.definition(list(reversed(SPEC.as_json())), "Anything else?")
    new_free_text = sets.definition(SPEC.as_json(), "What would you change?")
    assert len({SPEC.fingerprint, reworded.fingerprint, reordered.fingerprint, new_free_text.fingerprint}) == 4


@pytest.mark.parametrize(("questions", "message"), [
    ([], "at least one question"),
    ([{"key": "a", "kind": "knowledge", "text": "x"}, {"key": "a", "kind": "knowledge", "text": "y"}], "used twice"),
    ([{"key": "a", "kind": "mood", "text": "x"}], "knowledge or confidence"),
    ([{"key": "A b", "kind": "knowledge", "text": "x"}], "lower-case"),
    ([{"key": "a", "kind": "knowledge", "text": "  "}], "Enter the text"),
])
def test_a_set_of_the_wrong_shape_is_refused_with_a_plain_message(questions, message):
    with pytest.raises(sets.QuestionSetError, match=message):
        sets.definition(questions, "Anything else?")


def test_questions_written_one_a_line_read_back():
    lines = "know | knowledge | How well?\nsure | Confidence | How sure?"
    assert sets.parse_lines(lines) == [{"key": "know", "kind": "knowledge", "text": "How well?"},
                                       {"key": "sure", "kind": "confidence", "text": "How sure?"}]
    assert sets.parse_lines(sets.as_lines(sets.parse_lines(lines))) == sets.parse_lines(lines)
    with pytest.raises(sets.QuestionSetError, match="Line 1"):
        sets.parse_lines("just a question")


def test_answers_must_be_whole_numbers_from_one_to_five_for_every_question():
    kept, errors = sets.clean_answers(SPEC, {"know": "4", "sure": "6"})
    assert kept == {"know": 4} and set(errors) == {"sure"}
    kept, errors = sets.clean_answers(SPEC, {"know": "2.5"})
    assert kept == {} and set(errors) == {"know", "sure"}


def test_means_before_and_after_and_the_change_are_taken_from_the_unrounded_means():
    responses = [(BEFORE, {"know": 1, "sure": 2}), (BEFORE, {"know": 2, "sure": 2}), (BEFORE, {"know": 2, "sure": 3}),
                 (AFTER, {"know": 4, "sure": 4}), (AFTER, {"know": 5, "sure": 4}), (AFTER, {"know": 4, "sure": 5})]
    results = aggregate(SPEC, responses, rules=RULES)
    know, sure = results.questions
    assert (know.before.value, know.after.value, know.change.value) == (1.7, 4.3, 2.7)  # 5/3 → 13/3: +2.67
    assert (sure.before.value, sure.after.value, sure.change.value) == (2.3, 4.3, 2.0)
    assert know.answered_before.value == 3 and know.answered_after.value == 3
    assert results.responses_before.value == 3 and results.responses_after.value == 3
    knowledge, confidence = results.kinds
    assert knowledge.label.startswith("Knowledge") and knowledge.change.value == 2.7
    assert confidence.before.value == 2.3


def test_a_kind_counts_each_person_once_however_many_questions_they_answered():
    spec = sets.definition([{"key": "a", "kind": "knowledge", "text": "A?"},
                            {"key": "b", "kind": "knowledge", "text": "B?"}], "Else?")
    responses = [(BEFORE, {"a": 1, "b": 3})] * 3
    knowledge = aggregate(spec, responses, rules=RULES).kinds[0]
    assert knowledge.before.value == 2.0 and knowledge.answered_before.value == 3


def test_a_mean_from_fewer_answers_than_the_threshold_is_suppressed_and_so_is_its_change():
    responses = [(BEFORE, {"know": 1, "sure": 1})] * 3 + [(AFTER, {"know": 5, "sure": 5})] * 2
    know = aggregate(SPEC, responses, rules=RULES).questions[0]
    assert know.before.value == 1.0 and not know.before.suppressed
    assert know.after.suppressed and know.after.as_json() is None
    assert know.change.suppressed and know.change.display() == "[c]"
    assert know.answered_after.suppressed and know.answered_before.value == 3


def test_no_answers_is_no_figure_not_a_suppressed_one():
    know = aggregate(SPEC, [], rules=RULES).questions[0]
    assert know.before.value is None and not know.before.suppressed and know.change.display() == "–"
    assert know.answered_before.value == 0


def test_answers_out_of_range_or_to_other_questions_are_ignored():
    responses = [(BEFORE, {"know": 9, "other": 3, "sure": True}), (BEFORE, {"know": 2}), (BEFORE, {"know": 4}),
                 (BEFORE, {"know": 3}), ("during", {"know": 1})]
    results = aggregate(SPEC, responses, rules=RULES)
    assert results.questions[0].before.value == 3.0 and results.questions[0].answered_before.value == 3
    assert results.responses_before.value == 4


def test_free_text_is_allowed_only_for_a_group_of_at_least_the_threshold():
    assert not free_text_allowed(2, RULES) and free_text_allowed(3, RULES)
    assert not aggregate(SPEC, [(BEFORE, {"know": 1})] * 2, rules=RULES).free_text_shown
    assert aggregate(SPEC, [(BEFORE, {"know": 1})] * 2, people=3, rules=RULES).free_text_shown


def test_the_grouped_bar_chart_draws_a_bar_per_series_for_each_label_and_tabulates_them():
    from lantern.core import charts

    chart = charts.grouped_bar_chart(title="Before and after", description="Means", labels=["Signs", "Acting"],
                                     series=[("Before", [2.0, 1.5]), ("After", [4.0, 4.5])], top_value=5,
                                     fmt=lambda v: f"{v:.1f}")
    assert len(chart.marks) == 4 and [m["title"] for m in chart.marks][:2] == ["Signs, Before: 2.0", "Signs, After: 4.0"]
    assert chart.marks[1]["width"] == 2 * chart.marks[0]["width"]  # to scale: 4 is twice 2
    assert chart.table.headers == ["Category", "Before", "After"]
    assert chart.table.rows == [["Signs", "2.0", "4.0"], ["Acting", "1.5", "4.5"]]
    assert [entry["text"] for entry in chart.legend] == ["Before", "After"]
    assert len({m["fill"] for m in chart.marks}) == 2  # told apart by pattern as well as colour
    with pytest.raises(ValueError, match="one value per label"):
        charts.grouped_bar_chart(title="t", description="d", labels=["a"], series=[("x", [1.0, 2.0])])
