"""The question set and its scoring: plain Python, no database."""

import copy

import pytest

from lantern.supply_chain import questionnaires
from lantern.supply_chain.questionnaires import QuestionSetError

SHIPPED = questionnaires.load_file()
QS = questionnaires.parse(SHIPPED)


def answers_where(pick) -> dict[str, str]:
    return {q.key: pick(q).key for q in QS.questions}


def best(q):
    return max(q.options, key=lambda o: o.points)


def worst(q):
    return min(q.options, key=lambda o: o.points)


def test_the_shipped_set_covers_the_msat_themes_with_15_to_30_questions():
    assert [t.title for t in QS.themes] == [
        "Policies and governance", "Supply-chain mapping", "Risk assessment", "Due diligence",
        "Recruitment practices", "Subcontracting", "Training", "Grievance mechanisms and remedy", "Monitoring and KPIs",
    ]
    assert 15 <= len(QS.questions) <= 30
    recruitment = {q.key for q in QS.theme("recruitment").questions}
    assert {"recruitment_fees", "documents", "agency_labour"} <= recruitment


def test_every_weak_answer_carries_a_recommendation():
    for question in QS.questions:
        for option in question.options:
            if option.points < question.max_points:
                assert len(option.recommendation) > 40, (question.key, option.key)


def test_full_marks_score_100_in_every_theme_and_give_no_recommendations():
    answers = answers_where(best)
    scores = questionnaires.score(QS, answers)
    assert {s.percent for s in scores} == {100}
    assert {s.band_label for s in scores} == {"Strong"}
    assert questionnaires.overall_percent(scores) == 100
    assert questionnaires.recommendations(QS, answers) == []


def test_weakest_answers_score_0_and_give_one_recommendation_per_question():
    answers = answers_where(worst)
    scores = questionnaires.score(QS, answers)
    assert {s.percent for s in scores} == {0}
    assert {s.band for s in scores} == {"weak"}
    recs = questionnaires.recommendations(QS, answers)
    assert len(recs) == len(QS.questions)
    fees = next(r for r in recs if r.question == "recruitment_fees")
    assert "Employer Pays" in fees.text and fees.theme_title == "Recruitment practices"


def test_a_theme_score_is_its_points_over_its_maximum_with_its_band():
    answers = answers_where(best)
    answers["policy_statement"] = "in_other_policy"  # 1 of 3
    answers["statement"] = "website"  # 2 of 3
    policies = next(s for s in questionnaires.score(QS, answers) if s.key == "policies")
    assert (policies.points, policies.max_points, policies.percent) == (6, 9, 67)
    assert policies.band_label == "Developing"
    recs = questionnaires.recommendations(QS, answers)
    assert [r.question for r in recs] == ["policy_statement", "statement"]


def test_unanswered_questions_score_nothing_and_are_listed():
    scores = questionnaires.score(QS, {"policy_statement": "board_approved"})
    policies = scores[0]
    assert (policies.answered, policies.questions, policies.points) == (1, 3, 3)
    assert len(questionnaires.unanswered(QS, {"policy_statement": "board_approved"})) == len(QS.questions) - 1


def test_clean_answers_refuses_options_that_do_not_exist_and_ignores_unknown_questions():
    kept, errors = questionnaires.clean_answers(QS, {"documents": "yes_policy", "audits": "sometimes",
                                                     "not_a_question": "x", "kpis": ""})
    assert kept == {"documents": "yes_policy"}
    assert errors == {"audits": "Select one of the answers shown"}


def test_a_set_whose_weak_answer_lacks_a_recommendation_is_refused():
    broken = copy.deepcopy(SHIPPED)
    broken["themes"][0]["questions"][0]["options"][1]["recommendation"] = ""
    with pytest.raises(QuestionSetError, match="needs a recommendation"):
        questionnaires.parse(broken)


def test_a_set_with_a_question_twice_is_refused():
    broken = copy.deepcopy(SHIPPED)
    broken["themes"][1]["questions"].append(broken["themes"][0]["questions"][0])
    with pytest.raises(QuestionSetError, match="appears twice"):
        questionnaires.parse(broken)


def test_a_key_that_is_not_a_file_name_is_refused():
    with pytest.raises(QuestionSetError):
        questionnaires.load_file("../secrets")
