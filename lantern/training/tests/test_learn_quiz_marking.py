"""The quiz's marking (plain Python) and its versioned data."""

from lantern.training import quiz as quizzes


def right_answers(quiz: quizzes.Quiz) -> dict[str, list[str]]:
    return {q.code: sorted(q.correct) for q in quiz.questions}


def test_all_right_passes_with_full_marks():
    quiz = quizzes.current_quiz()
    marked = quizzes.mark(quiz, right_answers(quiz))
    assert (marked.score, marked.out_of, marked.passed) == (len(quiz.questions), len(quiz.questions), True)


def test_the_pass_mark_is_the_boundary():
    quiz = quizzes.current_quiz()
    answers = right_answers(quiz)
    wrong = len(quiz.questions) - quiz.pass_mark
    for question in quiz.questions[:wrong]:
        answers[question.code] = []
    assert quizzes.mark(quiz, answers).passed  # exactly the pass mark
    answers[quiz.questions[wrong].code] = []
    marked = quizzes.mark(quiz, answers)
    assert marked.score == quiz.pass_mark - 1 and not marked.passed


def test_a_multiple_answer_question_needs_exactly_the_right_options():
    quiz = quizzes.current_quiz()
    multi = next(q for q in quiz.questions if q.multiple)
    wrong_option = next(iter(multi.option_codes() - multi.correct))
    some = sorted(multi.correct)[:-1]
    assert not quizzes.mark(quiz, {multi.code: some}).results[quiz.questions.index(multi)].right
    too_many = [*multi.correct, wrong_option]
    assert not quizzes.mark(quiz, {multi.code: too_many}).results[quiz.questions.index(multi)].right
    assert quizzes.mark(quiz, {multi.code: list(multi.correct)}).results[quiz.questions.index(multi)].right


def test_missing_and_unknown_answers_are_wrong_not_errors():
    quiz = quizzes.current_quiz()
    marked = quizzes.mark(quiz, {"what": ["made-up"], "nonsense": ["x"]})
    assert marked.score == 0 and not marked.passed


def test_every_version_is_well_formed():
    for version, quiz in quizzes.QUIZZES.items():
        assert quiz.version == version
        assert 0 < quiz.pass_mark <= len(quiz.questions)
        codes = [q.code for q in quiz.questions]
        assert len(codes) == len(set(codes))
        for question in quiz.questions:
            assert question.correct and question.correct <= question.option_codes()
            assert question.explanation
    assert quizzes.CURRENT_VERSION in quizzes.QUIZZES
