"""Receipt codes, the plain-language signs and the anti-abuse puzzle, as pure functions (no database)."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from lantern.confidential_reports import abuse, receipts, signs
from lantern.confidential_reports.tests.helpers import solve
from lantern.core.reference import indicators

# --- Receipts -------------------------------------------------------------------------


def test_a_new_receipt_is_sixteen_digits_that_never_start_with_zero():
    drawn = {receipts.receipt_generate() for _ in range(300)}
    assert len(drawn) == 300  # no repeats in a few hundred
    for receipt in drawn:
        assert len(receipt) == 16 and receipt.isdigit() and receipt.isascii()
        assert receipt[0] != "0"
    # Every digit turns up in every later position: the code is not patterned.
    for position in range(1, 16):
        assert {r[position] for r in drawn} == set("0123456789")


def test_a_receipt_is_shown_in_groups_of_four():
    assert receipts.receipt_format("4821093755126604") == "4821 0937 5512 6604"


@pytest.mark.parametrize("typed", [
    "4821093755126604",
    "4821 0937 5512 6604",
    "4821-0937-5512-6604",
    "4821.0937.5512.6604",
    "  4821 0937\t5512 6604 ",
    "4821 - 0937 - 5512 - 6604",
    "4821\n0937\n5512\n6604",
])
def test_the_ways_people_copy_a_receipt_are_all_accepted(typed):
    assert receipts.receipt_normalise(typed) == "4821093755126604"


@pytest.mark.parametrize("typed", [
    "",
    None,
    "4821 0937 5512 660",  # 15 digits
    "4821 0937 5512 66045",  # 17 digits
    "4821 0937 5512 660A",  # a letter
    "ABCD EFGH IJKL MNOP",
    "4821/0937/5512/6604",  # a separator people do not use
    "٤٨٢١٠٩٣٧٥٥١٢٦٦٠٤",  # Arabic-Indic digits: isdigit() but not a receipt
    "４８２１０９３７５５１２６６０４",  # full-width digits
])
def test_anything_else_is_not_a_receipt(typed):
    assert receipts.receipt_normalise(typed) is None


def test_the_stored_hash_is_64_hex_characters_and_the_same_each_time():
    stored = receipts.receipt_hash("4821093755126604")
    assert len(stored) == 64 and all(c in "0123456789abcdef" for c in stored)
    assert receipts.receipt_hash("4821093755126604") == stored
    assert "4821093755126604" not in stored
    # One digit different: an unrelated hash.
    other = receipts.receipt_hash("4821093755126605")
    assert other != stored
    assert sum(a == b for a, b in zip(stored, other, strict=True)) < 16


def test_the_hash_depends_on_the_servers_secret_key(settings):
    with_test_key = receipts.receipt_hash("4821093755126604")
    settings.LANTERN_BLIND_INDEX_KEY = "another-deployment-key"  # noqa: S105
    assert receipts.receipt_hash("4821093755126604") != with_test_key


def test_no_hash_is_made_without_a_key(settings):
    settings.LANTERN_BLIND_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        receipts.receipt_hash("4821093755126604")


# --- Signs ----------------------------------------------------------------------------


def test_every_sign_points_to_indicators_the_triage_team_actually_use():
    current = indicators.indicator_set(indicators.CURRENT_VERSION).codes()
    for sign in signs.SIGNS:
        assert sign.indicators, sign.code
        missing = set(sign.indicators) - current
        assert not missing, f"{sign.code} maps to unknown indicators {missing}"
    assert len({s.code for s in signs.SIGNS}) == len(signs.SIGNS)


def test_ticked_signs_become_indicator_codes_in_order_without_repeats():
    assert signs.indicators_for(["documents", "not_paid", "documents"]) == ["ilo.documents", "ilo.wages", "ilo.debt"]
    # Two signs sharing an indicator list it once.
    assert signs.indicators_for(["not_free", "scared"]) == [
        "signs.restricted_movement", "ilo.movement", "signs.isolation", "ilo.intimidation"]
    assert signs.indicators_for(["no-such-sign"]) == []
    assert signs.indicators_for([]) == []


def test_a_sign_is_labelled_in_plain_language():
    assert signs.sign_label("documents") == "Someone else kept their passport or ID"
    assert signs.sign_label("retired-sign") == "retired-sign"  # an old code still shows something


# --- The anti-abuse puzzle ------------------------------------------------------------


def test_a_fresh_puzzle_is_ours_unsolved_until_answered_and_solved_by_the_right_number():
    issued = abuse.challenge_issue()
    challenge = json.loads(issued)
    assert challenge["algorithm"] == "SHA-256" and challenge["maxNumber"] == 50

    unanswered = abuse.challenge_check(issued, "")
    assert unanswered.valid and not unanswered.solved and not unanswered.expired
    assert unanswered.key == challenge["challenge"]

    number = solve(challenge)
    assert abuse.challenge_check(issued, str(number)).solved
    wrong = (number + 1) % 51
    assert not abuse.challenge_check(issued, str(wrong)).solved
    assert not abuse.challenge_check(issued, "not a number").solved
    assert not abuse.challenge_check(issued, "9" * 40).solved


@pytest.mark.parametrize("tamper", [
    lambda c: "",
    lambda c: "not json",
    lambda c: json.dumps({"algorithm": "SHA-256"}),
    lambda c: json.dumps({**c, "signature": "0" * 64}),
    lambda c: json.dumps({**c, "algorithm": "SHA-1"}),
    lambda c: json.dumps({**c, "challenge": "f" * 64}),
])
def test_a_forged_or_altered_puzzle_is_refused(tamper):
    challenge = json.loads(abuse.challenge_issue())
    assert not abuse.challenge_check(tamper(challenge), "1").valid


def test_a_puzzle_whose_lifetime_was_altered_can_no_longer_be_solved():
    """The lifetime is in the puzzle's salt: changing it changes the puzzle, so no answer counts as solving it."""
    challenge = json.loads(abuse.challenge_issue())
    number = solve(challenge)
    longer = {**challenge, "salt": challenge["salt"].replace("expires=", "expires=9")}
    assert not abuse.challenge_check(json.dumps(longer), str(number)).solved
    assert all(not abuse.challenge_check(json.dumps(longer), str(n)).solved for n in range(51))


def test_a_puzzle_past_its_lifetime_is_expired(settings):
    settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS = -60
    old = abuse.challenge_issue()
    settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS = 4 * 60 * 60
    check = abuse.challenge_check(old, str(solve(json.loads(old))))
    assert check.valid and check.expired and not check.solved


def test_a_form_sent_sooner_than_the_minimum_time_is_too_quick(settings):
    settings.LANTERN_REPORT_MIN_SECONDS = 60
    assert abuse.challenge_check(abuse.challenge_issue(), "").too_quick
    settings.LANTERN_REPORT_MIN_SECONDS = 0
    assert not abuse.challenge_check(abuse.challenge_issue(), "").too_quick


def test_a_puzzle_can_be_spent_once():
    key = json.loads(abuse.challenge_issue())["challenge"]
    assert not abuse.challenge_spent(key)
    assert abuse.challenge_spend(key) is True
    assert abuse.challenge_spent(key)
    assert abuse.challenge_spend(key) is False
