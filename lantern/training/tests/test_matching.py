"""Matching people by name: plain unit tests of the normalisation and the review threshold."""

from lantern.training.importing import parse_date
from lantern.training.matching import closest, email_key, name_key, tidy_name


def test_name_keys_fold_case_accents_titles_and_punctuation():
    assert name_key("DR. Amira  O'Neil") == name_key("amira oneil") == "amira oneil"
    assert name_key("Zoë Brontë-Smith") == "zoe bronte smith"
    assert name_key("Mr") == ""


def test_tidy_names_and_emails():
    assert tidy_name("  AISHA   RAHMAN ") == "Aisha Rahman"
    assert tidy_name("Liam O'Connor") == "Liam O'Connor"
    assert email_key(" Aisha.Rahman@Sandwell.Example ") == "aisha.rahman@sandwell.example"
    assert email_key("not an email") == ""


def test_only_very_alike_names_are_sent_for_review():
    assert closest("benjamen carter", ["benjamin carter", "ben cartwright"]).key == "benjamin carter"
    assert closest("aisha rahman", ["amira khan", "ben carter"]) is None
    assert closest("rahman aisha", ["aisha rahman"]).score == 100.0  # the same words in another order


def test_dates_as_sign_in_sheets_write_them():
    assert str(parse_date("12/03/2026")) == "2026-03-12"
    assert str(parse_date("12.3.26")) == "2026-03-12"
    assert str(parse_date("2026-03-12T09:30:00")) == "2026-03-12"
    assert parse_date("31/02/2026") is None and parse_date("soon") is None
