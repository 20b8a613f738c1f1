import pytest

from lantern.supply_chain.names import normalise_company_number, normalise_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NPOWER LTD", "NPOWER"),
        ("Npower Limited", "NPOWER"),
        ("Npower Ltd.", "NPOWER"),
        ("A & V", "A AND V"),
        ("  Biffa  Waste Services Ltd ", "BIFFA WASTE SERVICES"),
        ("Café Nero Group PLC", "CAFE NERO"),
        ("The Limited Company", "THE LIMITED COMPANY"),  # nothing else left: keep the words
        ("", ""),
    ],
)
def test_spellings_of_one_name_normalise_alike(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1234567", "01234567"), ("sc123456", "SC123456"), ("01234567.0", "01234567"), ("0", ""), ("n/a", ""), ("", "")],
)
def test_company_numbers_are_eight_characters_or_nothing(raw: str, expected: str) -> None:
    assert normalise_company_number(raw) == expected
