"""Proposing which column holds which field, from the headings and the values under them."""

import pytest

from lantern.core.imports.mapping import ImportSpec, TargetField, apply_mapping, header_words, propose_mapping


def is_number(value) -> bool:
    try:
        float(str(value).replace(",", ""))
    except ValueError:
        return False
    return True


def is_date(value) -> bool:
    text = str(value)
    return len(text) == 10 and text[2] == "/" and text[5] == "/"


SPEC = ImportSpec(name="test", fields=(
    TargetField("when", "Date", ("date", "payment date"), recogniser=is_date, required=True),
    TargetField("amount", "Amount", ("amount", "net amount", "value"), recogniser=is_number, required=True),
    TargetField("who", "Supplier name", ("supplier", "supplier name", "payee"), required=True, personal=True),
    TargetField("ref", "Reference", ("reference", "transaction number")),
))
ROWS = [["01/04/2024", "100.00", "Acme", "T1"], ["02/04/2024", "5", "Beta", "T2"]]


def proposal_of(headers, rows=ROWS, **kwargs):
    proposal = propose_mapping(SPEC, headers, rows, **kwargs)
    return proposal, {item.field: item for item in proposal.fields}


def test_header_words_write_out_abbreviations():
    assert header_words("Company No.") == ("company", "number")
    assert header_words("Trans Ref") == ("transaction", "reference")


def test_headings_in_unseen_wordings_are_recognised_and_sure():
    proposal, items = proposal_of(["Payment Date", "Net Amount", "Payee", "Transaction No"])
    assert proposal.certain
    assert proposal.columns() == {"when": "Payment Date", "amount": "Net Amount", "who": "Payee",
                                  "ref": "Transaction No"}
    assert items["amount"].reason == "the heading, and 100% of the values look like amount"


def test_a_misspelt_heading_is_still_found():
    _, items = proposal_of(["Date", "Amount", "Suppplier Name", "Ref"])
    assert items["who"].column == 2


def test_values_alone_propose_a_column_but_lantern_asks():
    proposal, items = proposal_of(["Col1", "Col2", "Supplier", "Col4"])
    assert items["when"].column == 0 and not items["when"].sure
    assert items["when"].reason.startswith("the values only")
    assert not proposal.certain


def test_two_columns_that_both_fit_make_lantern_ask():
    rows = [["01/04/2024", "02/04/2024", "1", "Acme"]]
    proposal, items = proposal_of(["Payment Date", "Date", "Amount", "Supplier"], rows)
    assert not proposal.certain
    assert items["when"].alternatives


def test_a_heading_whose_values_are_the_wrong_shape_is_not_sure():
    rows = [["Acme", "01/04/2024", "Beta"]]
    proposal, items = proposal_of(["Amount", "Date", "Supplier"], rows)
    assert not items["amount"].sure
    assert not proposal.certain


def test_a_missing_required_field_makes_the_proposal_uncertain():
    proposal, _ = proposal_of(["Date", "Amount", "Notes"], [["01/04/2024", "1", "x"]])
    assert proposal.missing_required == ["who"]
    assert not proposal.certain


def test_a_remembered_mapping_is_used_when_its_headings_are_all_there():
    remembered = {"when": "Posted", "amount": "Gross", "who": "Name"}
    proposal, items = proposal_of(["Posted", "Gross", "Name", "Other"], remembered=remembered)
    assert proposal.remembered and proposal.certain
    assert proposal.columns() == remembered
    proposal, _ = proposal_of(["Posted", "Gross", "Who"], remembered=remembered)
    assert not proposal.remembered


@pytest.mark.parametrize(("columns", "message"), [
    ({"when": "Nope", "amount": "Amount", "who": "Supplier"}, "no column headed 'Nope'"),
    ({"when": "Date", "amount": "Date", "who": "Supplier"}, "chosen for two fields"),
    ({"when": "Date", "amount": "Amount"}, "Choose a column for Supplier name"),
    ({"when": "Date", "amount": "Amount", "who": "Supplier", "colour": "Ref"}, "no field called 'colour'"),
])
def test_a_confirmed_mapping_is_checked(columns, message):
    with pytest.raises(ValueError, match=message):
        apply_mapping(SPEC, ["Date", "Amount", "Supplier", "Ref"], columns)
