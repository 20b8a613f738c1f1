"""People-facing references: format, self-check, look-alike normalisation (pure unit tests)."""

import re
from itertools import permutations

import pytest

from lantern.core.references import (
    ALPHABET,
    check_character,
    reference_generate,
    reference_is_valid,
    reference_normalise,
)

REFERENCE = re.compile(rf"^MS-[{ALPHABET}]{{4}}-[{ALPHABET}]{{3}}$")
# Fixed references, so every test below is deterministic.
SAMPLES = ["MS-7K3Q-9X" + check_character("7K3Q9X"), "MS-ABCD-EF" + check_character("ABCDEF"),
           "MS-2345-67" + check_character("234567")]


def chars_of(reference: str) -> str:
    return reference.replace("-", "")[2:]


def rebuild(prefix: str, chars: str) -> str:
    return f"{prefix}-{chars[:4]}-{chars[4:]}"


def test_alphabet_has_no_ambiguous_characters():
    for ambiguous in "01OILUV":
        assert ambiguous not in ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET) == 29


def test_generated_references_have_the_documented_format():
    for _ in range(200):
        reference = reference_generate("MS")
        assert REFERENCE.match(reference), reference
        assert reference_is_valid(reference, prefix="MS")


def test_generated_references_are_not_sequential_or_repeated():
    references = {reference_generate("MS") for _ in range(500)}
    assert len(references) == 500


def test_length_option_changes_the_random_part():
    reference = reference_generate("CR", length=8)
    assert re.match(rf"^CR-[{ALPHABET}]{{4}}-[{ALPHABET}]{{5}}$", reference)
    assert reference_is_valid(reference, prefix="CR")


def test_wrong_prefix_or_shape_is_invalid():
    reference = SAMPLES[0]
    assert not reference_is_valid(reference, prefix="CR")
    assert not reference_is_valid(reference.replace("-", ""), prefix="MS")
    assert not reference_is_valid("MS--", prefix="MS")
    assert not reference_is_valid("MS-7K3Q-9X!", prefix="MS")
    assert not reference_is_valid("", prefix="MS")


@pytest.mark.parametrize("reference", SAMPLES)
def test_a_mistyped_check_character_is_caught(reference):
    for replacement in ALPHABET:
        if replacement != reference[-1]:
            assert not reference_is_valid(reference[:-1] + replacement, prefix="MS"), replacement


@pytest.mark.parametrize("reference", SAMPLES)
def test_check_character_catches_every_single_changed_character(reference):
    assert reference_is_valid(reference, prefix="MS")
    chars = chars_of(reference)
    for position in range(len(chars)):
        for replacement in ALPHABET:
            if replacement == chars[position]:
                continue
            changed = chars[:position] + replacement + chars[position + 1:]
            assert not reference_is_valid(rebuild("MS", changed), prefix="MS"), (reference, position, replacement)


@pytest.mark.parametrize("reference", SAMPLES)
def test_check_character_catches_swapped_neighbours_in_typical_references(reference):
    chars = chars_of(reference)
    for i in range(len(chars) - 1):
        if chars[i] == chars[i + 1]:
            continue
        swapped = chars[:i] + chars[i + 1] + chars[i] + chars[i + 2:]
        assert not reference_is_valid(rebuild("MS", swapped), prefix="MS"), (reference, i)


def test_check_character_catches_every_possible_swap_of_neighbours():
    missed = []
    for a, b in permutations(ALPHABET, 2):
        body = f"M{a}{b}K3Q"
        reference = rebuild("MS", body + check_character(body))
        swapped = rebuild("MS", f"M{b}{a}K3Q" + check_character(body))
        assert reference_is_valid(reference, prefix="MS")
        if reference_is_valid(swapped, prefix="MS"):
            missed.append(a + b)
    assert missed == []


def test_normalise_tidies_what_people_type():
    assert reference_normalise("  ms-7k3q-9xc ") == "MS-7K3Q-9XC"
    assert reference_normalise("MS-7K3Q 9XC") == "MS-7K3Q9XC"
    # Look-alikes map to one canonical character.
    assert reference_normalise("o") == "0"
    assert reference_normalise("i") == reference_normalise("l") == "1"
    assert reference_normalise("u") == reference_normalise("v") == "W"


def test_reference_typed_carelessly_is_still_recognised():
    reference = SAMPLES[0]
    assert reference_is_valid(f"  {reference.lower()}  ", prefix="MS")
    body = "W" + "K3Q9X"
    with_w = rebuild("MS", body + check_character(body))
    assert reference_is_valid(with_w.replace("W", "V"), prefix="MS")  # V typed for W
    assert reference_is_valid(with_w.replace("W", "u").lower(), prefix="MS")


def test_look_alikes_of_excluded_characters_are_never_valid():
    reference = SAMPLES[0]
    for typed in "0O1IL":
        assert not reference_is_valid(reference[:-1] + typed, prefix="MS")


@pytest.mark.parametrize("prefix", ["SL", "SUP", "VOL"])
def test_references_with_any_prefix_validate_against_it(prefix):
    assert reference_is_valid(reference_generate(prefix), prefix=prefix)
