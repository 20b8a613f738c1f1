"""Supplier resolution on names as the councils published them (Leeds, Bradford, Manchester)."""

import csv
from pathlib import Path

import pytest

from lantern.supply_chain import resolution
from lantern.supply_chain.resolution import AUTOMATIC, NEW, REVIEW, Known, NameIn, reduce_name, resolve

SPEND = Path("/work/shared/data/spend")


def _resolve(*spellings: str, known: tuple[Known, ...] = ()) -> dict[str, resolution.Decision]:
    names = [NameIn(index, spelling) for index, spelling in enumerate(spellings)]
    result = resolve(names, known)
    return {spellings[decision.name_id]: decision for decision in result.decisions}  # type: ignore[index]


def _together(decisions: dict[str, resolution.Decision], a: str, b: str) -> bool:
    return (decisions[a].group, decisions[a].supplier) == (decisions[b].group, decisions[b].supplier)


def test_spellings_of_one_supplier_are_grouped_automatically() -> None:
    decisions = _resolve("NPOWER LTD", "Npower Limited", "Npower")
    assert _together(decisions, "NPOWER LTD", "Npower Limited")
    assert _together(decisions, "NPOWER LTD", "Npower")
    assert decisions["Npower Limited"].status == AUTOMATIC
    assert "after removing" in decisions["Npower Limited"].reason
    assert [d.status for d in decisions.values()].count(NEW) == 1


def test_a_longer_name_that_starts_with_a_supplier_waits_for_review() -> None:
    decisions = _resolve("Npower", "NPOWER (ELECTRIC) YPO CONTRACT")
    ypo = decisions["NPOWER (ELECTRIC) YPO CONTRACT"]
    assert ypo.status == REVIEW
    assert _together(decisions, "Npower", "NPOWER (ELECTRIC) YPO CONTRACT")
    assert "“Npower” is the start of" in ypo.reason
    assert resolution.REVIEW_AT <= ypo.confidence < resolution.AUTOMATIC_AT


def test_the_same_company_number_is_one_supplier_whatever_the_names() -> None:
    names = [NameIn(1, "Biffa Municipal Limited", "00946107"), NameIn(2, "BIFFA WM", "00946107"),
             NameIn(3, "Biffa Waste Services Ltd", "")]
    result = resolve(names)
    by_id = {d.name_id: d for d in result.decisions}
    assert by_id[1].group == by_id[2].group
    assert by_id[2].reason == "same company number 00946107"
    assert by_id[2].confidence == 1.0


def test_a_company_number_joins_the_existing_supplier_with_it() -> None:
    known = (Known("SU-1", "Siemens Financial Services Ltd", "01234567"),)
    result = resolve([NameIn(1, "SFS LEASING", "01234567")], known)
    assert result.decisions[0].supplier == "SU-1"
    assert result.decisions[0].status == AUTOMATIC


def test_different_company_numbers_are_never_merged_even_with_one_name() -> None:
    result = resolve([NameIn(1, "Kier Construction Ltd", "02099533"), NameIn(2, "KIER CONSTRUCTION LIMITED", "03150025")])
    first, second = result.decisions
    assert first.group != second.group
    assert second.status == NEW


@pytest.mark.parametrize(
    ("published", "fuller"),
    [
        ("Biffa Waste Services Limi", "BIFFA WASTE SERVICES LTD"),  # Leeds: cut inside LIMITED
        ("PEMBERTON TRANSITIONS SERVICE LIMIT", "Pemberton Transitions Service Limited"),  # Bradford at 35
        ("Bradford Independent Health Car", "BRADFORD INDEPENDENT HEALTH CARE OWLETT"),  # cut mid-word
    ],
)
def test_a_name_cut_short_by_the_export_joins_the_full_name(published: str, fuller: str) -> None:
    decisions = _resolve(fuller, published)
    assert _together(decisions, published, fuller)
    assert decisions[published].status == AUTOMATIC or decisions[fuller].status == AUTOMATIC


def test_a_cut_name_is_reported_as_cut() -> None:
    decisions = _resolve("Bradford Independent Health Car", "BRADFORD INDEPENDENT HEALTH CARE OWLETT")
    later = decisions["BRADFORD INDEPENDENT HEALTH CARE OWLETT"]
    assert "looks cut short at 31 characters" in later.reason
    assert later.confidence == resolution.TRUNCATED_CONFIDENCE


def test_initials_with_and_without_spaces_are_one_supplier() -> None:
    decisions = _resolve("A J H  Pump Supply & Repair Ltd", "AJH PUMP SUPPLY & REPAIR LTD")
    assert _together(decisions, "A J H  Pump Supply & Repair Ltd", "AJH PUMP SUPPLY & REPAIR LTD")
    assert reduce_name("A J H  Pump Supply & Repair Ltd") == "AJH PUMP SUPPLY AND REPAIR"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("A J H  Pump Supply & Repair Ltd", "A J Fishing Tackle"),
        ("ENGIE POWER LIMITED", "ENGIE REGENERATION LIMITED"),
        ("CAPITA BUSINESS SERVICES LTD", "CAPITA Resourcing Ltd"),
        ("Kier Business Services Limited", "Kier Services Maintenance East"),
        ("ABC Taxis", "ABD Taxis"),
    ],
)
def test_different_companies_with_similar_names_are_not_merged(one: str, other: str) -> None:
    decisions = _resolve(one, other)
    assert not _together(decisions, one, other)
    assert decisions[other].status == NEW


def test_a_misspelling_is_matched_with_its_score_in_the_reason() -> None:
    decisions = _resolve("ENGIE REGENERATION LIMITED", "Engie Regeneneration Limited")
    typo = decisions["Engie Regeneneration Limited"]
    assert typo.status == AUTOMATIC
    assert typo.reason.startswith("names 94% alike after removing LIMITED")


def test_names_alike_but_for_a_number_go_to_review() -> None:
    decisions = _resolve("Tesco Pay At Pump 4042", "Tesco Pay At Pump 4043")
    assert decisions["Tesco Pay At Pump 4043"].status == REVIEW
    assert "numbers differ" in decisions["Tesco Pay At Pump 4043"].reason


def test_new_names_join_existing_suppliers() -> None:
    known = (Known(7, "Biffa Waste Services Ltd"), Known(8, "Npower"))
    decisions = _resolve("BIFFA WASTE SERVICES LIMITED", "Virgin Media Ltd", known=known)
    assert decisions["BIFFA WASTE SERVICES LIMITED"].supplier == 7
    assert decisions["Virgin Media Ltd"].supplier is None
    assert decisions["Virgin Media Ltd"].status == NEW


def test_the_fullest_spelling_names_a_new_supplier() -> None:
    assert resolution.display_name(["Biffa Waste Services Limi", "BIFFA WASTE SERVICES LTD", "BIFFA WASTE SERVICES LTD"]) \
        == "BIFFA WASTE SERVICES LTD"


def _published_names() -> list[NameIn]:
    names: list[NameIn] = []
    seen: set[str] = set()
    for file, column in [("leeds_raw_2020-06.csv", "Beneficiary Name"), ("bradford_2019-08_clean.csv", "Supplier Name"),
                         ("manchester_processed_2022-05.csv", "Beneficiary Name")]:
        with (SPEND / file).open(encoding="cp1252", newline="") as handle:
            for row in csv.DictReader(handle):
                name = (row.get(column) or "").replace("\xa0", " ").strip()
                if name and name not in seen and "REDACTED" not in name.upper():
                    seen.add(name)
                    names.append(NameIn(len(names), name))
    return names


@pytest.mark.skipif(not SPEND.exists(), reason="the published spend files are not on this machine")
def test_the_three_published_files_resolve_with_every_name_placed_once() -> None:
    names = _published_names()
    result = resolve(names)
    assert len(result.decisions) == len(names)
    by_name = {names[d.name_id].name: d for d in result.decisions}  # type: ignore[index]
    assert by_name["Npower"].group == by_name["NPOWER"].group
    assert by_name["NPOWER (ELECTRIC) YPO CONTRACT"].status == REVIEW
    assert by_name["A J Fishing Tackle"].group != by_name["A J H  Pump Supply & Repair Ltd"].group
    assert by_name["AJH PUMP SUPPLY & REPAIR LTD"].group == by_name["A J H  Pump Supply & Repair Ltd"].group
    # Most names are suppliers of their own; a minority need a person.
    statuses = [d.status for d in result.decisions]
    assert statuses.count(REVIEW) < len(names) * 0.1
