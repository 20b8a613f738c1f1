"""Shared steps of the module's tests: answering the quiz through the pages."""

import re

from django.test import Client

from lantern.training import quiz as quizzes

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(client: Client, url: str) -> str:
    match = TOKEN.search(client.get(url).content.decode())
    assert match, f"no form token on {url}"
    return match.group(1)


def answers(*, right: int | None = None) -> dict[str, list[str]]:
    """Post data answering the current quiz with the first ``right`` questions right (all by default)."""
    quiz = quizzes.current_quiz()
    right = len(quiz.questions) if right is None else right
    data: dict[str, list[str]] = {}
    for index, question in enumerate(quiz.questions):
        if index < right:
            data[question.code] = sorted(question.correct)
        else:
            data[question.code] = [next(iter(question.option_codes() - question.correct))]
    return data


def take_quiz(client: Client, *, right: int | None = None) -> str:
    """Answer the quiz; the result page's address."""
    data = {**answers(right=right), "form_token": form_token(client, "/learn/quiz/")}
    response = client.post("/learn/quiz/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]
