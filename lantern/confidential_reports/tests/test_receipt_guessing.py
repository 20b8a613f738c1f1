"""Guessing receipt codes costs the guesser: each try needs a fresh puzzle of its own, used once, and
tries that do not solve it have their own small budget, so a flood of cheap guesses can never keep a
reporter whose browser solved the puzzle away from their report."""

import json
from types import SimpleNamespace

import pytest
from django.test import Client

from lantern.confidential_reports import abuse, receipts
from lantern.confidential_reports.tests.helpers import (
    form_fields,
    open_follow_up,
    receipt_from,
    send_report,
    solve,
    try_receipt,
)

pytestmark = pytest.mark.django_db

OLD_SHARED_LIMIT = 60  # receipt tries a minute that everyone once shared
BUSY = "A lot of receipt codes are being tried right now"
EXPIRED = "This page had expired. Enter your receipt code again."


@pytest.fixture
def fixed_clock(monkeypatch):
    """Hold the rate limiter's clock still, so a test never straddles two of its windows."""
    from django_ratelimit import core

    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


def near_misses(receipt: str, count: int) -> list[str]:
    """Wrong codes aimed at a real receipt: a guesser does not know it, but try the worst case."""
    return [receipt[:-4] + f"{(int(receipt[-4:]) + n) % 10_000:04d}" for n in range(1, count + 1)]


def test_a_flood_of_unpaid_guesses_never_keeps_a_holder_whose_browser_solved_the_puzzle_out(fixed_clock):
    receipt = receipt_from(send_report(Client()))
    answers = [try_receipt(Client(), guess, solve_puzzle=False).status_code
               for guess in near_misses(receipt, OLD_SHARED_LIMIT + 5)]
    assert set(answers) == {400, 429} and answers[-1] == 429  # the flood used up its own budget
    page = open_follow_up(Client(), receipt)
    assert page.status_code == 200 and "Your report" in page.content.decode()


def test_without_javascript_a_holder_gets_in_while_that_budget_lasts_and_is_told_to_wait_when_it_does_not(
        settings, fixed_clock):
    settings.LANTERN_RECEIPT_RATE_UNVERIFIED = "3/m"
    receipt = receipt_from(send_report(Client()))
    first = try_receipt(Client(), receipt, solve_puzzle=False)
    assert first.status_code == 302 and first["Location"] == "/report/follow-up/messages/"
    for guess in near_misses(receipt, 2):
        assert try_receipt(Client(), guess, solve_puzzle=False).status_code == 400
    waiting = try_receipt(Client(), receipt, solve_puzzle=False)
    assert waiting.status_code == 429 and BUSY in waiting.content.decode()
    # With the puzzle solved, the same code opens the report at once.
    assert try_receipt(Client(), receipt).status_code == 302


def test_a_try_without_a_puzzle_we_served_is_refused_without_looking_the_code_up(monkeypatch):
    receipt = receipt_from(send_report(Client()))
    hashed: list[str] = []
    real_hash = receipts.receipt_hash
    monkeypatch.setattr(receipts, "receipt_hash", lambda code: hashed.append(code) or real_hash(code))
    client = Client()
    client.get("/report/follow-up/")
    report_puzzle = form_fields(client.get("/report/new/").content.decode())["challenge"]
    forged = json.loads(form_fields(client.get("/report/follow-up/").content.decode())["challenge"])
    forged["signature"] = "0" * 64
    for challenge in ("", "not json", json.dumps(forged), report_puzzle):
        number = str(solve(json.loads(challenge))) if challenge.startswith("{") else ""
        response = client.post("/report/follow-up/", {"receipt": receipt, "challenge": challenge,
                                                      "pow_number": number})
        assert response.status_code == 400
        assert EXPIRED in response.content.decode()
    assert hashed == []
    assert client.get("/report/follow-up/messages/")["Location"] == "/report/follow-up/"


def test_a_puzzle_opens_one_try_only(monkeypatch):
    receipt = receipt_from(send_report(Client()))
    page = Client().get("/report/follow-up/")
    challenge = form_fields(page.content.decode())["challenge"]
    data = {"challenge": challenge, "pow_number": str(solve(json.loads(challenge)))}
    assert Client().post("/report/follow-up/", {**data, "receipt": "1234 5678 9012 3456"}).status_code == 400
    replayed = Client().post("/report/follow-up/", {**data, "receipt": receipt})
    assert replayed.status_code == 400 and EXPIRED in replayed.content.decode()
    # The refusal carries a fresh puzzle, so a person just presses Continue again.
    assert try_receipt(Client(), receipt, page=replayed).status_code == 302


def test_each_follow_up_page_carries_a_fresh_puzzle_for_its_script_to_solve():
    client = Client()
    first = client.get("/report/follow-up/").content.decode()
    answer = try_receipt(client, "1111 2222 3333 4444").content.decode()
    assert form_fields(first)["challenge"] != form_fields(answer)["challenge"]
    assert "data-pow-form" in first and 'src="/report/' in first


def test_a_puzzle_is_bound_to_the_kind_of_form_it_was_served_with():
    receipt_puzzle = abuse.challenge_issue(abuse.RECEIPT_TRY)
    number = str(solve(json.loads(receipt_puzzle)))
    assert abuse.challenge_check(receipt_puzzle, number, purpose=abuse.RECEIPT_TRY).solved
    assert not abuse.challenge_check(receipt_puzzle, number).valid  # cannot send a report
    report_puzzle = abuse.challenge_issue()
    assert not abuse.challenge_check(report_puzzle, "", purpose=abuse.RECEIPT_TRY).valid
    # The purpose cannot be changed: it is sealed with the puzzle.
    altered = json.loads(receipt_puzzle)
    altered["salt"] = altered["salt"].replace("use=receipt", "use=report")
    assert not abuse.challenge_check(json.dumps(altered), number).valid


# --- Drill: the follow-up flood ----------------------------------------------------------------


def test_drill_the_follow_up_flood(monkeypatch, fixed_clock):
    """A script floods the follow-up page with guesses that do not pay, replays a solved puzzle and
    sends forged ones. The server hashes only what the small no-JavaScript budget lets through, and a
    holder with a solved puzzle gets straight in, however long the flood goes on."""
    receipt = receipt_from(send_report(Client()))
    hashed: list[str] = []
    real_hash = receipts.receipt_hash
    monkeypatch.setattr(receipts, "receipt_hash", lambda code: hashed.append(code) or real_hash(code))
    budget = int(abuse.settings.LANTERN_RECEIPT_RATE_UNVERIFIED.split("/")[0])

    script = Client()
    for guess in near_misses(receipt, 3 * OLD_SHARED_LIMIT):
        assert try_receipt(Client(), guess, solve_puzzle=False).status_code in (400, 429)
    page = script.get("/report/follow-up/")
    challenge = form_fields(page.content.decode())["challenge"]
    solved = {"challenge": challenge, "pow_number": str(solve(json.loads(challenge)))}
    for guess in near_misses(receipt, 10):  # one solved puzzle, replayed
        script.post("/report/follow-up/", {**solved, "receipt": guess})
    for _ in range(10):
        assert script.post("/report/follow-up/", {"receipt": receipt, "challenge": "{}"}).status_code in (400, 429)

    assert len(hashed) <= budget + 1  # the unpaid tries let through, and the one solved puzzle
    holder = open_follow_up(Client(), receipt)
    assert holder.status_code == 200


def test_a_receipt_trys_puzzle_is_remembered_only_until_it_expires(monkeypatch, settings):
    assert "LocMemCache" in settings.CACHES["default"]["BACKEND"]
    """Every try stores its puzzle as spent in the shared cache: kept for days (as report forms are), a
    flood of tries would fill it. An expired puzzle is refused anyway, so it is forgotten then."""
    from django.core.cache.backends import base, locmem

    now = [1_800_000_000.0]
    clock = SimpleNamespace(time=lambda: now[0])
    monkeypatch.setattr(base, "time", clock)  # where an entry's expiry is set
    monkeypatch.setattr(locmem, "time", clock)  # where it is checked
    receipt_puzzle = json.loads(abuse.challenge_issue(abuse.RECEIPT_TRY))["challenge"]
    report_puzzle = json.loads(abuse.challenge_issue())["challenge"]
    assert abuse.challenge_spend(receipt_puzzle, remember_after_expiry=False)
    assert abuse.challenge_spend(report_puzzle)
    now[0] += settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS + 1  # both puzzles have expired
    assert not abuse.challenge_spent(receipt_puzzle)
    assert abuse.challenge_spent(report_puzzle)  # "already sent" for an old confirmation page


@pytest.mark.django_db
def test_a_try_remembers_its_puzzle_only_until_it_expires(monkeypatch):
    spent: list[dict[str, object]] = []
    real_spend = abuse.challenge_spend

    def recording_spend(key: str, **kwargs: object) -> bool:
        spent.append(kwargs)
        return real_spend(key, **kwargs)

    monkeypatch.setattr(abuse, "challenge_spend", recording_spend)
    try_receipt(Client(), "1111 2222 3333 4444")
    assert spent == [{"remember_after_expiry": False}]
